import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Testing

/// The one syntax of typed values that the interview and the batch readers share: what a
/// founder types at a prompt and what a spreadsheet cell holds mean the same.
@Suite struct AnswerSyntaxTests {
    func number(_ text: String, unit: String? = "USD") -> Double? { try? AnswerSyntax.number(text, unit: unit).get() }

    @Test func numbersAsPeopleWriteThem() {
        #expect(number("30000") == 30_000)
        #expect(number("30,000") == 30_000)
        #expect(number("30 000") == 30_000)
        #expect(number("30k") == 30_000)
        #expect(number("1.5m") == 1_500_000)
        #expect(number("1.5M") == 1_500_000)
        #expect(number("$30,000") == 30_000)
        #expect(number("USD 30k") == 30_000)
        #expect(number("-2.5", unit: nil) == -2.5)
    }

    @Test func aSignOrGroupingThatDoesNotFitIsRefusedWithAReason() throws {
        #expect(number("€30,000") == nil, "a euro amount for a fact in USD is not silently taken as dollars")
        #expect(number("30,00") == nil, "a decimal comma is not guessed to be thousands")
        #expect(number("lots") == nil)
        guard case .failure(let problem) = AnswerSyntax.number("30,00", unit: "USD") else {
            Issue.record("30,00 was read")
            return
        }
        #expect(problem.hint?.contains("30,000") == true)
    }

    @Test func choicesMatchInAnyCaseOnlyWhenThatIsUnambiguous() {
        #expect(AnswerSyntax.option("Focused", among: ["single", "focused", "broad"]) == 1)
        #expect(AnswerSyntax.option("focused", among: ["single", "focused", "broad"]) == 1)
        #expect(AnswerSyntax.option("LOW", among: ["low", "Low"]) == nil, "two values match in other case: no guess")
        #expect(AnswerSyntax.option("Low", among: ["low", "Low"]) == 1, "an exact match wins")
    }

    @Test func aSpreadsheetCellBecomesTheFactsValue() throws {
        let capital = FactDeclaration(id: "capital", kind: .number(min: 0, max: nil), unit: "USD")
        #expect(try AnswerSyntax.cell("30,000", for: capital).get() == .double(30_000))
        #expect(try AnswerSyntax.cell("  ", for: capital).get() == nil, "an empty cell is unknown")
        let flag = FactDeclaration(id: "after_sales", kind: .bool)
        #expect(try AnswerSyntax.cell("Yes", for: flag).get() == .bool(true))
        let services = FactDeclaration(id: "service_capabilities", kind: .list(["logistics", "marketing"]))
        #expect(try AnswerSyntax.cell("Logistics; marketing", for: services).get() == .list([.string("logistics"), .string("marketing")]))
        #expect(try AnswerSyntax.cell("[]", for: services).get() == .list([]))
        #expect(throws: AnswerSyntax.Problem.self) { try AnswerSyntax.cell("logistics;;marketing", for: services).get() }
    }
}

/// Chinese founders write money in myriads: 万 (ten thousand) and 亿 (a hundred million).
@Suite struct MyriadAnswerTests {
    func number(_ text: String, unit: String? = "USD") -> Double? { try? AnswerSyntax.number(text, unit: unit).get() }

    @Test func myriadsAreExactMultiplesOfTenThousand() {
        #expect(number("5万") == 50_000)
        #expect(number("1.5万") == 15_000)
        #expect(number("1.1万") == 11_000, "exactly, not 11000.000000000002")
        #expect(number("2亿") == 200_000_000)
        #expect(number("USD 3万") == 30_000)
        #expect(number("5 万") == 50_000)
        #expect(number("万") == nil)
        #expect(number("5万万") == nil)
    }

    @Test func theTranslatedUnitMayFollowTheNumber() throws {
        let fact = FactDeclaration(id: "capital", kind: .number(min: 0, max: nil), unit: "美元")
        var translated = fact
        translated.sourceUnit = "USD"
        #expect(try AnswerSyntax.number("5万美元", for: translated).get() == 50_000)
        #expect(try AnswerSyntax.number("$5万", for: translated).get() == 50_000)
        #expect(try AnswerSyntax.number("30,000 USD", for: translated).get() == 30_000)
        #expect((try? AnswerSyntax.number("美元", for: translated).get()) == nil)
        #expect(try AnswerSyntax.cell("1.5万", for: translated).get() == .double(15_000))
    }
}
