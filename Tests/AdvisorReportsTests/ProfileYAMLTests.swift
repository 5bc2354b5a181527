import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Testing

/// Profiles written by `advisor ask` read back exactly: the contract format, with skipped facts
/// kept as empty values.
@Suite struct ProfileYAMLTests {
    @Test func aWrittenProfileReadsBackWithTheSameValuesLabelsAndSkippedFacts() throws {
        let book = try Shipped.ruleBook()
        let answers: [String: CELValue] = [
            "capital": .double(1e20), "experience_years": .double(1.5), "audience_size": .int(2500),
            "category_breadth": .string("focused"), "brand_authorization": .bool(false),
            "service_capabilities": .list([.string("payment"), .string("it_systems")]),
        ]
        let name = "Skincare \"first\" store: 100% #1 | yes"
        let notes = "Line one\nline two\ttabbed \\ and \u{7F} done"
        let text = ProfileYAML.text(
            ruleBook: book, answers: answers, skipped: ["price_positioning", "after_sales"], name: name, notes: notes,
            comment: ["written by a test"])
        let file = SourceFile(path: "written.yaml", text: text)
        let profile = try ProfileLoader.parse(file, ruleBook: book).get()
        #expect(profile.values == answers)
        #expect(profile.name == name)
        #expect(profile.notes == notes)
        #expect(Set(ProfileLoader.emptyAnswers(in: file, ruleBook: book) ?? []) == ["price_positioning", "after_sales"])
        #expect(text.hasPrefix("# written by a test\n"))
        #expect(text.contains("after_sales:  # skipped: unknown\n"))
        // Declaration order, so the same answers give the same bytes.
        let order = book.askedFacts.map(\.id).filter { answers[$0] != nil || $0 == "price_positioning" || $0 == "after_sales" }
        let written = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("name") && !$0.hasPrefix("notes") }
            .map { String($0.prefix { $0 != ":" }) }
        #expect(written == order)
    }

    @Test func wordsYAMLWouldReadAsSomethingElseAreQuoted() {
        #expect(ProfileYAML.render(.string("broad")) == "broad")
        #expect(ProfileYAML.render(.string("yes")) == "\"yes\"")
        #expect(ProfileYAML.render(.string("null")) == "\"null\"")
        #expect(ProfileYAML.render(.string("12")) == "\"12\"")
        #expect(ProfileYAML.render(.list([])) == "[]")
    }
}
