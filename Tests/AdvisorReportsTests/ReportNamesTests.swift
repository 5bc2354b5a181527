import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Testing

/// The names a report calls facts and models by come from the rule book, with readable defaults.
@Suite struct ReportNamesTests {
    static let book = """
        facts:
          - id: capital
            name: first-year budget
            type: number
          - id: audience_size
            type: integer
        models:
          - id: flash
            name: Flash sale (limited-time discount purchases)
            short: Flash sale
            tradeoffs: [{id: a, kind: advantage, seed: "000", text: Fast.}]
          - id: b2c
            name: Self-operated store
            tradeoffs: [{id: b, kind: advantage, seed: "000", text: Steady.}]
        rules:
          - id: r
            when: capital > 0.0
            because: Money.
            encodes: [flash/a]
            score: {flash: 1}
        """

    @Test func aFactsNameAndAModelsShortNameAreReadAndDefaultSensibly() throws {
        let book = try RuleBookLoader.load(files: [SourceFile(path: "book.yaml", text: Self.book)]).get()
        #expect(book.fact("capital")?.displayName == "first-year budget")
        #expect(book.fact("audience_size")?.displayName == "audience size", "no name: the id, underscores read as spaces")
        #expect(book.models.map(\.shortName) == ["Flash sale", "Self-operated store"], "no short name: the name")
    }

    @Test func aNameThatIsNotTextIsAnErrorAtItsLine() {
        let text = Self.book.replacingOccurrences(of: "name: first-year budget", with: "name: [first, year]")
        guard case .failure(let problems) = RuleBookLoader.load(files: [SourceFile(path: "book.yaml", text: text)]) else {
            Issue.record("a list as a fact's name was accepted")
            return
        }
        #expect(problems.map(\.description).contains { $0.hasPrefix("book.yaml:3:11: error: `name` must be text") }, "\(problems.map(\.description))")
    }
}
