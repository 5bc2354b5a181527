@testable import advisor
import AdvisorEngine
import Testing
import AdvisorInterview

/// Keys and typed answers as the interview reads them.
@Suite struct AskInputTests {
    @Test func severalKeysArrivingInOneReadAreAllKept() {
        let bytes: [UInt8] = [0x1B, 0x5B, 0x42, 0x1B, 0x5B, 0x42, 0x0D, 0x3F, 0x20, 0x62, 0x7F, 0x1B, 0x4F, 0x41, 0x03, 0x1B]
        #expect(Key.parse(bytes) == [.down, .down, .enter, .character("?"), .space, .character("b"), .backspace, .up, .interrupt, .escape])
        #expect(Key.parse(Array("é\r\n".utf8)) == [.character("é"), .enter])
    }

    @Test func typedAnswersAreUnderstoodAndBadOnesExplained() {
        let capital = FactDeclaration(id: "capital", kind: .number(min: 0, max: nil), unit: "USD", question: "Capital?")
        #expect(AnswerParser.parse("30,000", for: capital) == .answer(.double(30000)))
        #expect(AnswerParser.parse("30k", for: capital) == .answer(.double(30000)))
        #expect(AnswerParser.parse("1.2m", for: capital) == .answer(.double(1_200_000)))
        #expect(AnswerParser.parse("-5", for: capital) == .invalid("'capital' is -5, below its minimum 0 USD: give a number of at least 0, in USD"))
        #expect(AnswerParser.parse("lots", for: capital) == .invalid("'lots' is not a number: a number of at least 0, in USD"))
        #expect(AnswerParser.parse(" BACK ", for: capital) == .command(.back))
        #expect(AnswerParser.parse("?", for: capital) == .command(.help))

        let years = FactDeclaration(id: "years", kind: .integer(min: 0, max: nil))
        #expect(AnswerParser.parse("3", for: years) == .answer(.int(3)))
        #expect(AnswerParser.parse("2.5", for: years) == .invalid("'years' must be a whole number, not 2.5: give a whole number of at least 0"))

        let breadth = FactDeclaration(id: "breadth", kind: .enumeration(["single", "focused", "broad"]))
        #expect(AnswerParser.parse("2", for: breadth) == .answer(.string("focused")))
        #expect(AnswerParser.parse("Sin", for: breadth) == .answer(.string("single")))
        #expect(AnswerParser.parse("b", for: breadth) == .answer(.string("broad")))
        #expect(AnswerParser.parse("brod", for: breadth) == .invalid("'brod' is not a choice (did you mean 'broad'?): pick one of single, focused, broad (or 1 to 3)"))

        let services = FactDeclaration(id: "services", kind: .list(["payment", "logistics", "marketing"]))
        #expect(AnswerParser.parse("marketing, 1", for: services) == .answer(.list([.string("payment"), .string("marketing")])))
        #expect(AnswerParser.parse("none", for: services) == .answer(.list([])))
        #expect(AnswerParser.parse("", for: services) != .answer(.list([])), "an empty line is not taken as an empty list")

        let brand = FactDeclaration(id: "brand", kind: .bool)
        #expect(AnswerParser.parse("Y", for: brand) == .answer(.bool(true)))
        #expect(AnswerParser.parse("no", for: brand) == .answer(.bool(false)))
    }
}
