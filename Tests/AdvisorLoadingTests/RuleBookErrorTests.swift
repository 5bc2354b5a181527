import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Testing

/// A rule-book author's mistakes are load errors that say where and how to fix them.
@Suite struct RuleBookErrorTests {
    func rule(_ when: String, extra: String = "") -> String {
        """
        rules:
          - id: r
            when: \(when)
            because: Reason.
            encodes: [alpha/light]
            score: {alpha: 1}
        \(extra)
        """
    }

    @Test func aTypeErrorPointsIntoTheYAMLFile() {
        let problems = Fixture.problems(rules: rule("capital < 'lots'"))
        let problem = problems.first
        #expect(problem?.location?.file == "book/b-rules.yaml")
        #expect(problem?.location?.line == 3)
        #expect((problem?.location?.column ?? 0) >= 11)
        #expect(problem?.sourceLine == "    when: capital < 'lots'")
    }

    @Test func aMisspelledFactIsNamedWithTheNearestDeclaredOne() throws {
        let problems = Fixture.problems(rules: rule("capitl < 100"))
        #expect(problems.count == 1)
        #expect(problems.first?.location == SourceLocation(file: "book/b-rules.yaml", line: 3, column: 11))
        let problem = try #require(problems.first)
        #expect((problem.message + (problem.hint ?? "")).contains("did you mean 'capital'"))
    }

    @Test func aQuotedConditionIsPlacedAfterTheQuote() {
        let problems = Fixture.problems(rules: rule("\"capitl < 100\""))
        #expect(problems.first?.location == SourceLocation(file: "book/b-rules.yaml", line: 3, column: 12))
    }

    @Test func aBlockConditionIsPlacedOnItsOwnLine() {
        let rules = """
            rules:
              - id: r
                when: |
                  capital < 100 &&
                    capitl > 5
                because: Reason.
                encodes: [alpha/light]
                score: {alpha: 1}

            """
        let problems = Fixture.problems(rules: rules)
        #expect(problems.first?.location == SourceLocation(file: "book/b-rules.yaml", line: 5, column: 9))
    }

    @Test func aSyntaxErrorInAConditionIsALoadError() {
        let problems = Fixture.problems(rules: rule("capital < "))
        #expect(problems.count == 1)
        #expect(problems.first?.location?.line == 3)
    }

    @Test func comparingAnEnumWithAnUndeclaredValueIsALoadError() {
        let problems = Fixture.problems(rules: rule("breadth == 'brod'"))
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("brod") == true)
        #expect(problems.first?.hint?.contains("broad") == true)
    }

    @Test func aConditionThatIsNotBoolIsALoadError() {
        let problems = Fixture.problems(rules: rule("capital + 1.0"))
        #expect(problems.first?.message.contains("not a bool") == true)
    }

    @Test func anUnknownKeyInARuleSuggestsTheNearest() {
        let rules = """
            rules:
              - id: r
                when: brand
                because: Reason.
                encodes: [alpha/light]
                excludes: [beta]

            """
        let problems = Fixture.problems(rules: rules)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("unknown key 'excludes'") == true)
        #expect(problems.first?.hint == "did you mean 'exclude'?")
        #expect(problems.first?.location == SourceLocation(file: "book/b-rules.yaml", line: 6, column: 5))
    }

    @Test func unknownModelsAndTradeOffsAreNamed() {
        let rules = """
            rules:
              - id: r
                when: brand
                because: Reason.
                encodes: [alpha/lite]
                score: {alpah: 1}

            """
        let problems = Fixture.problems(rules: rules)
        let messages = problems.map(\.message)
        #expect(messages.contains { $0.contains("'alpha/lite'") })
        #expect(messages.contains { $0.contains("unknown model 'alpah'") })
        // Sorted by position.
        #expect(problems == problems.sorted())
    }

    @Test func aCycleOfDerivedFactsNamesItsRules() {
        let facts = Fixture.facts.replacingOccurrences(
            of: "models:",
            with: """
                  - id: other
                    type: bool
                    default: false
                models:
                """)
        let rules = """
            rules:
              - id: first
                when: other
                because: A.
                encodes: [alpha/light]
                derive: {asset_light: true}
              - id: second
                when: asset_light
                because: B.
                encodes: [alpha/light]
                derive: {other: true}

            """
        let problems = Fixture.problems(rules: rules, facts: facts)
        #expect(problems.count == 1)
        let message = problems.first?.message ?? ""
        #expect(message.contains("cycle"))
        #expect(message.contains("'first'") && message.contains("'second'"))
    }

    @Test func yamlSyntaxErrorsCarryLineAndColumn() {
        let problems = Fixture.problems(rules: "rules:\n  - id: r\n    when: [unclosed\n")
        #expect(problems.count == 1)
        #expect(problems.first?.location?.file == "book/b-rules.yaml")
        #expect((problems.first?.location?.line ?? 0) >= 3)
    }

    @Test func duplicateRuleIdsAreRefused() {
        let one = rule("brand")
        let problems = Fixture.problems(rules: one + one.replacingOccurrences(of: "rules:\n", with: ""))
        #expect(problems.contains { $0.message.contains("declared twice") })
    }

    // MARK: - The engine's limits

    /// The fixture's facts with `extra` more boolean facts, and its models with `extraModels` more.
    func oversized(facts extra: Int = 0, models extraModels: Int = 0) -> String {
        let facts = (0..<extra).map { "  - {id: flag_\($0), type: bool}\n" }.joined()
        let models = (0..<extraModels).map { "  - {id: model_\($0), name: Model \($0)}\n" }.joined()
        return Fixture.facts
            .replacingOccurrences(of: "derived:\n", with: facts + "derived:\n")
            .appending(models.isEmpty ? "" : models)
    }

    /// The line of `text` (1-based) holding `needle`.
    func line(of needle: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    @Test func aRuleBookWithMoreFactsThanTheEngineHoldsIsRefusedAtTheFirstFactTooMany() throws {
        // The fixture declares 5 asked facts and 1 derived one; 252 more make 258, two above the
        // limit, and the first fact too many is the 257th declared, flag_251.
        let facts = oversized(facts: 252)
        let problems = Fixture.problems(rules: Fixture.rules, facts: facts)
        let problem = try #require(problems.first { $0.message.contains("more than the 256") }, "\(problems.map(\.description))")
        #expect(problem.message.contains("declares 258 facts"))
        #expect(problem.location?.file == "book/a-facts.yaml")
        #expect(problem.location?.line == line(of: "id: flag_251,", in: facts))
        #expect(problem.description.hasPrefix("book/a-facts.yaml:"))
        #expect(problem.hint?.contains("split the decision into smaller rule books") == true)
    }

    @Test func aRuleBookWithMoreModelsThanTheEngineComparesIsRefusedAtTheFirstModelTooMany() throws {
        // 3 models in the fixture and 62 more: 65, and the 65th, model_61, is the first too many.
        let facts = oversized(models: 62)
        let problems = Fixture.problems(rules: Fixture.rules, facts: facts)
        let problem = try #require(problems.first { $0.message.contains("more than the 64") }, "\(problems.map(\.description))")
        #expect(problem.message.contains("declares 65 models"))
        #expect(problem.location?.file == "book/a-facts.yaml")
        #expect(problem.location?.line == line(of: "id: model_61,", in: facts))
        #expect(problem.hint?.contains("split the decision into smaller rule books") == true)
    }

    @Test func aRuleBookAtTheLimitsLoads() throws {
        // 256 facts and 64 models: the most the engine takes.
        _ = try Fixture.book(facts: oversized(facts: 250, models: 61))
    }
}
