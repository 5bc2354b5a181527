import AdvisorDiagnostics
@testable import AdvisorEngine
import AdvisorLoading
import Testing

/// `advisor check` findings point into the rule-book files, like load errors do.
@Suite struct CheckFindingsTests {
    static let extraRules = """
          - id: never
            when: capital < 100.0 && capital > 200.0
            because: Cannot happen.
            encodes: [alpha/light]
            score: {alpha: 1}
          - id: light-suits-alpha-again
            when: asset_light
            because: The same rule, pasted twice.
            encodes: [alpha/light]
            score: {beta: -10, alpha: 20}

        """

    @Test func findingsNameTheFileLineAndColumnOfWhatIsWrong() throws {
        let book = try Fixture.book(rules: Fixture.rules + Self.extraRules)
        let findings = book.analyse().findings
        let lines = Fixture.rules.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(findings.map(\.message) == [
            "rule 'never' can never fire: no profile satisfies its condition",
            "rule 'light-suits-alpha-again' has the same condition and effects as rule 'light-suits-alpha'",
        ])
        #expect(findings.map { $0.location?.description ?? "" } == ["book/b-rules.yaml:\(lines + 2):11", "book/b-rules.yaml:\(lines + 6):5"])
        #expect(findings.allSatisfy { $0.severity == .warning })
        // The CLI adds the source line, so the finding prints with a caret.
        let files = [SourceFile(path: "book/b-rules.yaml", text: Fixture.rules + Self.extraRules)]
        #expect(SourceLines.attach(findings, from: files).first?.sourceLine == "    when: capital < 100.0 && capital > 200.0")
    }

    @Test func anEmptyReasonIsALoadErrorBecauseReportsQuoteIt() {
        let problems = Fixture.problems(
            rules: """
                rules:
                  - id: silent
                    when: brand
                    because: "  "
                    encodes: [alpha/light]
                    score: {alpha: 1}
                """)
        #expect(problems.map(\.message) == ["rule 'silent' has no reason"])
        #expect(problems.first?.location == SourceLocation(file: "book/b-rules.yaml", line: 2, column: 5))
        #expect(problems.first?.severity == .error)
    }

    /// The planner reorders questions, so a question that leans on another answer ("that
    /// money") reads wrong when asked first: `advisor check` says so, at the fact.
    @Test func aQuestionReferringToAnotherAnswerIsAWarning() throws {
        let facts = Fixture.facts.replacingOccurrences(
            of: "  - id: brand\n    type: bool\n",
            with: "  - id: brand\n    type: bool\n    question: Could that money buy a brand?\n")
        let findings = try Fixture.book(facts: facts).analyse().findings
        #expect(findings.map(\.message) == ["the question of fact 'brand' refers to another answer ('that money'): the interview may ask it first"])
        #expect(findings.first?.location?.line == 15)
        // A relative "that" ("a platform that closes") and the fixture's own questions are fine.
        #expect(QuestionWording.backReference(in: "Think of a platform that closes your shop.") == nil)
        #expect(QuestionWording.backReference(in: "刚才说的预算里，你能承受多少损失？") == "刚才")
    }
}
