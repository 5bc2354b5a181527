import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// "What would change the answer" suggests only what a founder can do: each fact of the rule
/// book declares whether and how it can change (`change:`), and the search keeps to it.
@Suite struct ActionableChangeTests {
    static let book = """
        facts:
          - {id: budget, type: number, min: 0, change: {direction: increase, effort: 2}, question: Budget?}
          - {id: licensed, type: bool, change: fixed, question: Licensed?}
          - {id: price, type: enum, values: [low, high], change: any, question: Price?}
        models:
          - {id: alpha, name: Alpha, tradeoffs: [{id: big, kind: requirement, seed: domain, text: Needs money.}]}
          - {id: beta, name: Beta, tradeoffs: [{id: small, kind: scope, seed: domain, text: Small.}]}
        thresholds:
          - {fact: budget, value: 100, basis: Enough., source: judgement}
        rules:
          - {id: rich, when: budget >= 100.0, because: Money., encodes: [alpha/big], score: {alpha: 30}}
          - {id: licensed-beta, when: licensed, because: Licence., encodes: [beta/small], score: {beta: 20}}
          - {id: cheap, when: price == 'low', because: Cheap., encodes: [beta/small], score: {beta: 5}}
        """

    static func load(_ text: String) -> Result<RuleBook, [Diagnostic]> {
        RuleBookLoader.load(files: [SourceFile(path: "book.yaml", text: text)])
    }

    @Test func theSearchMovesOnlyChangeableFactsTheDeclaredWay() throws {
        let book = try Self.load(Self.book).get()
        // Beta leads on its licence and low price; alpha wins only with a budget of 100 or more.
        let facts = try book.factSet(["budget": .double(150), "licensed": .bool(true), "price": .string("low")]).get()
        #expect(book.score(facts).recommendation == "alpha")
        let poor = try book.factSet(["budget": .double(50), "licensed": .bool(true), "price": .string("low")]).get()
        #expect(book.score(poor).recommendation == "beta")
        let toAlpha = book.counterfactuals(for: poor).first
        #expect(toAlpha?.changes.map(\.fact) == ["budget"])
        #expect(toAlpha?.changes.first?.range?.lower == 100)
        // The other way, alpha to beta, would need a smaller budget (not allowed) or dropping the
        // licence (fixed): the price is the one lever, and it is not enough (25 < 30).
        let rich = try book.factSet(["budget": .double(150), "licensed": .bool(false), "price": .string("high")]).get()
        let toBeta = book.counterfactuals(for: rich).first
        #expect(toBeta?.found == false)
        // With nothing declared, the same book would have suggested lowering the budget and
        // acquiring a licence the founder has said is fixed.
        let undeclared = try Self.load(
            Self.book.replacingOccurrences(of: "change: {direction: increase, effort: 2}, ", with: "")
                .replacingOccurrences(of: "change: fixed, ", with: "").replacingOccurrences(of: "change: any, ", with: "")
        ).get()
        #expect(undeclared.counterfactuals(for: rich).first?.changes.map(\.fact) == ["budget", "licensed"])
    }

    @Test func effortWeighsEachStep() throws {
        let book = try Self.load(Self.book).get()
        let poor = try book.factSet(["budget": .double(50), "licensed": .bool(true), "price": .string("low")]).get()
        // From 50 to 100 is a relative step of 0.5, at effort 2 per step.
        #expect(book.counterfactuals(for: poor).first?.cost == 1)
    }

    @Test func aBadChangeIsAnErrorAtItsPlace() {
        let wrong = Self.book.replacingOccurrences(of: "change: fixed", with: "change: drop")
        guard case .failure(let problems) = Self.load(wrong) else {
            Issue.record("an unknown direction must not load")
            return
        }
        #expect(problems.map(\.message) == ["fact 'licensed' has an unknown change direction 'drop'"])
        #expect(problems.first?.location?.line == 3)
        let zero = Self.book.replacingOccurrences(of: "effort: 2", with: "effort: 0")
        guard case .failure(let zeroProblems) = Self.load(zero) else {
            Issue.record("a zero effort must not load")
            return
        }
        #expect(zeroProblems.map(\.message) == ["the effort of changing fact 'budget' must be more than 0, not 0"])
    }

    @Test func checkWarnsAboutAFactThatDeclaresNothingOnceOthersDo() throws {
        let partial = try Self.load(Self.book.replacingOccurrences(of: "change: any, ", with: "")).get()
        #expect(partial.knowledgeFindings().map(\.message) == ["fact 'price' does not say whether a founder can change it, so suggestions may move it either way"])
        #expect(try Self.load(Self.book).get().knowledgeFindings().isEmpty)
    }

    /// For every example founder: no suggestion moves a fixed fact or a fact against its declared
    /// direction, and each, re-scored, gives the recommendation it states (the JSON of
    /// `advisor score --format json --explain`, checked against the shipped rule book).
    @Test func everyExampleSuggestionIsActionableAndReScores() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        #expect(book.facts.filter { !$0.isDerived }.allSatisfy { $0.change != nil }, "every asked fact declares how it can change")
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/profiles")
        let examples = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(examples.count >= 27)
        var suggestions = 0
        for name in examples {
            let profile = try ProfileLoader.load(path: folder.appendingPathComponent(name).path, ruleBook: book).get()
            for counterfactual in book.counterfactuals(for: profile.facts) where counterfactual.found {
                var bindings = profile.facts.bindings
                for change in counterfactual.changes {
                    let declaration = try #require(book.fact(change.fact))
                    let rule = try #require(declaration.change)
                    if let from = change.from {
                        #expect(rule.allows(from: from, to: change.to, kind: declaration.kind), "\(name): \(change.fact) \(from) -> \(change.to)")
                    }
                    bindings[try #require(book.slot(ofFact: change.fact))] = .value(change.to)
                }
                let again = book.score(FactSet(bindings: bindings))
                #expect(again.recommendation == counterfactual.recommendation, "\(name)")
                if case .model(let target) = counterfactual.target { #expect(again.recommendation == target, "\(name)") }
                suggestions += 1
            }
        }
        #expect(suggestions > 0)
    }
}
