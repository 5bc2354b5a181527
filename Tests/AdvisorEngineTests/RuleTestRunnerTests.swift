import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Testing

/// The rule-test runner checks each expectation and says what was expected and what came out.
@Suite struct RuleTestRunnerTests {
    let book: RuleBook
    init() throws { book = try SmallBook.book(SmallBook.soundRules) }

    func run(_ facts: [String: CELValue], _ claims: [RuleExpectation.Claim]) throws -> RuleTestResult {
        let testCase = RuleTestCase(
            name: "case", facts: try SmallBook.facts(book, facts),
            expectations: claims.enumerated().map { RuleExpectation($1, location: SourceLocation(file: "t.yaml", line: $0 + 1, column: 7)) })
        #expect(book.problems(in: testCase).isEmpty)
        return try #require(book.runTests([testCase]).results.first)
    }

    @Test func expectationsThatHoldPass() throws {
        let result = try run(
            ["tier": .string("high"), "budget": .int(2000), "online": .bool(false)],
            [
                .recommendation("b"), .ranksAbove("b", "a"), .ranksAbove("a", "c"), .notExcluded("c"), .fired("rich-suits-b"),
                .notFired("online-suits-c"), .derived(fact: "rich", value: .bool(true)), .settled(true),
            ])
        #expect(result.passed, "\(result.failures.map { "\($0.expected) / \($0.actual)" })")
        #expect(result.evaluation.recommendation == "b")
    }

    @Test func aFailedExpectationSaysWhatWasExpectedAndWhatCameOutAndWhere() throws {
        let result = try run(["tier": .string("low"), "budget": .int(50), "online": .bool(true)], [.recommendation("a"), .fired("rich-suits-b")])
        #expect(!result.passed)
        #expect(result.failures.count == 2)
        let wrongWinner = result.failures[0]
        #expect(wrongWinner.expectation.location == SourceLocation(file: "t.yaml", line: 1, column: 7))
        #expect(wrongWinner.expected == "recommendation a")
        #expect(wrongWinner.actual == "recommendation c (fit 30); a 2nd, fit 10")
        #expect(result.failures[1].actual == "rule rich-suits-b not fired (false: `rich`)")
    }

    @Test func unknownFactsAreCheckedAsUnknown() throws {
        let result = try run(
            ["tier": .string("low")],
            [.undecided("online-suits-c"), .couldChange("online"), .derived(fact: "rich", value: nil), .settled(false), .cannotChange("tier")])
        // `tier` is given, so it is neither able nor unable to change anything: that expectation fails.
        #expect(result.failures.map(\.actual) == ["tier is given"])
    }

    @Test func namesTheRuleBookDoesNotDeclareAreProblemsNotFailures() throws {
        let testCase = RuleTestCase(
            name: "typos", facts: try SmallBook.facts(book, [:]),
            expectations: [
                RuleExpectation(.recommendation("d")), RuleExpectation(.fired("rich-suit-b")), RuleExpectation(.derived(fact: "budget", value: .bool(true))),
                RuleExpectation(.derived(fact: "rich", value: .string("yes"))), RuleExpectation(.couldChange("rich")),
            ])
        let problems = book.problems(in: testCase).map(\.message)
        #expect(problems.count == 5)
        #expect(problems.contains("test 'typos' names unknown rule 'rich-suit-b'"))
        #expect(book.problems(in: testCase).contains { $0.hint == "did you mean 'rich-suits-b'?" })
    }

    @Test func coverageCountsTheRulesTestsFireAndTheTradeOffsRulesEncode() throws {
        let tests = [
            RuleTestCase(name: "low", facts: try SmallBook.facts(book, ["tier": .string("low")]), expectations: [RuleExpectation(.recommendation("a"))]),
            RuleTestCase(name: "rich", facts: try SmallBook.facts(book, ["budget": .int(5000)]), expectations: [RuleExpectation(.settled(false))]),
        ]
        let coverage = book.coverage(of: book.runTests(tests))
        #expect(coverage.rules.map(\.ruleId) == ["low-tier-suits-a", "high-tier-suits-b", "online-suits-c", "rich-founder", "rich-suits-b"])
        #expect(coverage.rules.map(\.firedIn) == [["low"], [], [], ["rich"], ["rich"]])
        #expect(coverage.coveredRuleCount == 3)
        #expect(coverage.rulePercent == 60)
        // Every rule of the small book encodes a/t; b/t and c/t are encoded by none.
        #expect(coverage.tradeOffs.map(\.encodedBy.count) == [5, 0, 0])
        #expect(!coverage.isComplete)
    }
}
