import AdvisorCEL
import AdvisorEngine
import Testing

/// Rule tests can pin what rules do, not only who wins: a model's fit, the margin, the points one
/// rule gave one model, and the reasons a report quotes.
@Suite struct RuleTestNumbersTests {
    let book: RuleBook
    init() throws { book = try SmallBook.book(SmallBook.soundRules) }

    func results(_ facts: [String: CELValue], _ claims: [RuleExpectation.Claim]) throws -> [ExpectationResult] {
        let testCase = RuleTestCase(name: "case", facts: try SmallBook.facts(book, facts), expectations: claims.map { RuleExpectation($0) })
        #expect(book.problems(in: testCase).isEmpty)
        return try #require(book.runTests([testCase]).results.first).results
    }

    /// tier high, budget 2000: b gets 10 + 5 (rich), a and c 0.
    let rich: [String: CELValue] = ["tier": .string("high"), "budget": .int(2000), "online": .bool(false)]

    @Test func fitMarginPointsAndReasonsThatHoldPass() throws {
        let checked = try results(
            rich,
            [
                .fit(model: "b", NumberExpectation(.equal, 15)), .fit(model: "a", NumberExpectation(.lessOrEqual, 0)),
                .margin(NumberExpectation(.greaterOrEqual, 15)), .points(rule: "high-tier-suits-b", model: "b", NumberExpectation(.equal, 10)),
                .points(rule: "online-suits-c", model: "c", NumberExpectation(.equal, 0)), .reasons(["high-tier-suits-b", "rich-suits-b"]),
            ])
        let failures = checked.filter { !$0.passed }.map { "\($0.expected) / \($0.actual)" }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func failuresSayWhatCameOut() throws {
        let checked = try results(
            rich,
            [
                .fit(model: "b", NumberExpectation(.greater, 20)), .margin(NumberExpectation(.equal, 5)),
                .points(rule: "high-tier-suits-b", model: "b", NumberExpectation(.equal, -10)),
                .points(rule: "online-suits-c", model: "c", NumberExpectation(.equal, 30)),
                .reasons(["rich-suits-b", "high-tier-suits-b"]),
            ])
        #expect(checked.filter(\.passed).isEmpty)
        #expect(checked.map(\.expected) == [
            "b fit > 20", "margin 5", "rule high-tier-suits-b gives b -10", "rule online-suits-c gives c 30",
            "reasons quoted for the recommendation, in this order: rich-suits-b, high-tier-suits-b",
        ])
        #expect(checked.map(\.actual) == [
            "b 1st, fit 15", "margin 15 (b fit 15, a fit 0)", "rule high-tier-suits-b gives b +10",
            "rule online-suits-c not fired (false: `online`, `budget < 100.0`), so it gives c 0",
            "reasons quoted for b: high-tier-suits-b (+10), rich-suits-b (+5)",
        ])
    }

    @Test func pointsForAModelTheRuleNeverScoresAreAProblemNotAVacuousPass() throws {
        let testCase = RuleTestCase(
            name: "vacuous", facts: try SmallBook.facts(book, [:]),
            expectations: [RuleExpectation(.points(rule: "high-tier-suits-b", model: "a", NumberExpectation(.equal, 0)))])
        #expect(book.problems(in: testCase).map(\.message) == ["test 'vacuous' expects points for 'a' from rule 'high-tier-suits-b', which never scores it"])
    }

    @Test func numbersAreWrittenExactlyOrAsAComparison() {
        #expect(NumberExpectation(text: "121") == NumberExpectation(.equal, 121))
        #expect(NumberExpectation(text: ">= 60") == NumberExpectation(.greaterOrEqual, 60))
        #expect(NumberExpectation(text: "<-5") == NumberExpectation(.less, -5))
        #expect(NumberExpectation(text: "== 1,000") == NumberExpectation(.equal, 1000))
        #expect(NumberExpectation(text: "about 5") == nil)
        #expect(NumberExpectation(text: "=> 5") == nil)
        #expect(NumberExpectation(.lessOrEqual, 2.5).description == "<= 2.5")
    }
}
