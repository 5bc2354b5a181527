import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Testing

/// `advisor check` warns about what compiles but cannot be right.
@Suite struct RuleBookAnalysisTests {
    func messages(_ analysis: RuleBookAnalysis) -> [String] { analysis.findings.map(\.message) }

    @Test func aSoundRuleBookHasNoFindingsAndEveryModelCanWin() throws {
        let book = try SmallBook.book(SmallBook.soundRules)
        let analysis = book.analyse()
        #expect(analysis.findings.isEmpty, "\(messages(analysis))")
        #expect(analysis.everyModelReachable)
        #expect(analysis.isComplete)
        #expect(analysis.isExhaustive)
    }

    @Test func eachWitnessMakesItsModelTheRecommendationWhateverTheFactsItLeavesOut() throws {
        let book = try SmallBook.book(SmallBook.soundRules)
        for model in book.analyse().models {
            #expect(model.verdict == .reachable)
            let given = Dictionary(uniqueKeysWithValues: model.witness.compactMap { reading in reading.value.map { (reading.fact, $0) } })
            // Every completion of the witness over the representative values.
            var completions: [[String: CELValue]] = [given]
            for domain in book.domains where given[domain.fact] == nil {
                completions = completions.flatMap { partial in domain.candidates.map { partial.merging([domain.fact: $0]) { old, _ in old } } }
            }
            for completion in completions {
                let evaluation = book.score(try SmallBook.facts(book, completion))
                #expect(evaluation.recommendation == model.model, "\(completion)")
            }
        }
    }

    @Test func aRuleThatContradictsItselfCanNeverFire() throws {
        let book = try SmallBook.book(
            SmallBook.soundRules + [SmallBook.rule("never", "budget < 100.0 && budget > 200.0", score: [("a", 1)])])
        let analysis = book.analyse()
        #expect(messages(analysis) == ["rule 'never' can never fire: no profile satisfies its condition"])
        #expect(analysis.findings.first?.hint?.contains("budget") == true)
        #expect(analysis.findings.first?.severity == .warning)
    }

    @Test func aRuleThatContradictsTheRuleDerivingWhatItReadsCanNeverFire() throws {
        // `rich` is only true from 1,000 up: rich and under 500 cannot happen.
        let never = SmallBook.rule("rich-and-poor", "rich && budget < 500.0", score: [("a", 1)])
        let possible = SmallBook.rule("rich-and-modest", "rich && budget < 5000.0", score: [("a", 1)])
        let analysis = try SmallBook.book(SmallBook.soundRules + [never, possible]).analyse()
        #expect(messages(analysis) == ["rule 'rich-and-poor' can never fire: no profile satisfies its condition"])
    }

    @Test func aModelThatAlwaysTrailsAnotherCanNeverBeRecommended() throws {
        // Whatever the tier, a or b gets 10 and c only 5; on a tie c would lose to a or b by id.
        let rules = [
            SmallBook.rule("low", "tier == 'low'", score: [("a", 10), ("c", 5)]),
            SmallBook.rule("high", "tier == 'high'", score: [("b", 10), ("c", 5)]),
            SmallBook.rule("online-or-budget", "online || budget > 50.0", score: [("c", 4), ("a", 4), ("b", 4)]),
            SmallBook.rule("rich", "budget >= 1000.0", derive: [("rich", .bool(true))]),
            SmallBook.rule("rich-b", "rich", score: [("b", 1), ("a", 1), ("c", 1)]),
        ]
        let analysis = try SmallBook.book(rules).analyse()
        #expect(analysis.models.map(\.verdict) == [.reachable, .reachable, .unreachable])
        #expect(messages(analysis) == ["model 'c' can never be recommended: no profile puts it on top"])
        #expect(analysis.isComplete, "the search must have been exhaustive to say so")
        #expect(!analysis.everyModelReachable)
    }

    @Test func aModelEveryProfileExcludesCanNeverBeRecommended() throws {
        let rules = SmallBook.soundRules + [
            SmallBook.rule("c-needs-online", "!online", exclude: ["c"]),
            SmallBook.rule("c-needs-offline", "online", exclude: ["c"]),
        ]
        let analysis = try SmallBook.book(rules).analyse()
        #expect(analysis.models.first { $0.model == "c" }?.verdict == .unreachable)
    }

    @Test func aSearchThatHitsItsBudgetSaysItCouldNotDecide() throws {
        let analysis = try SmallBook.book(SmallBook.soundRules).analyse(budget: 1)
        #expect(!analysis.isComplete)
        #expect(analysis.models.allSatisfy { $0.verdict == .undetermined })
        #expect(messages(analysis).contains("could not decide whether model 'a' can be recommended: the search stopped after 1 partial profiles"))
        #expect(analysis.findings.allSatisfy { !$0.message.contains("can never") }, "an unfinished search must not claim a model is unreachable")
    }

    @Test func aFactNoRuleReadsIsReported() throws {
        let facts = SmallBook.facts + [FactDeclaration(id: "team_size", kind: .integer(min: 0, max: nil), location: SourceLocation(file: "f.yaml", line: 9, column: 5))]
        let analysis = try SmallBook.book(SmallBook.soundRules, facts: facts).analyse()
        #expect(messages(analysis) == ["fact 'team_size' is asked but no rule reads it"])
        #expect(analysis.findings.first?.location == SourceLocation(file: "f.yaml", line: 9, column: 5))
    }

    @Test func aDerivedFactNoRuleDerivesIsReported() throws {
        let facts = SmallBook.facts + [FactDeclaration(id: "premium", kind: .bool, isDerived: true, defaultValue: .bool(false))]
        let analysis = try SmallBook.book(SmallBook.soundRules, facts: facts).analyse()
        #expect(messages(analysis) == ["derived fact 'premium' is never derived: it is always its default"])
    }

    @Test func twoRulesWithTheSameConditionWrittenDifferentlyAndTheSameEffectsAreReported() throws {
        let rules = SmallBook.soundRules + [
            SmallBook.rule("first", "budget >= 10.0 && tier == 'low'", score: [("a", 3), ("b", -1)]),
            SmallBook.rule("second", "('low' == tier) &&   budget >= 10.0", score: [("b", -1), ("a", 3)]),
            SmallBook.rule("same-condition-other-effect", "budget >= 10.0 && tier == 'low'", score: [("a", 4)]),
        ]
        let analysis = try SmallBook.book(rules).analyse()
        #expect(messages(analysis) == ["rule 'second' has the same condition and effects as rule 'first'"])
    }
}
