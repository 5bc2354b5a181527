import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The shipped rule book's own tests (Rules/tests) pass, cover every rule and trade-off and every
/// example founder, and `advisor check` finds nothing wrong with it.
@Suite struct ShippedRuleTestsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = root.appendingPathComponent("Rules").path

    /// The rule book and its tests, loaded from disk as `advisor test --rules Rules` does.
    static func load() throws -> (RuleBook, [RuleTestCase]) {
        let book = try RuleBookLoader.load(directory: rules).get()
        switch RuleTestLoader.load(directory: rules, ruleBook: book) {
        case .success(let tests): return (book, tests)
        case .failure(let problems):
            Issue.record("the rule tests do not load:\n\(problems.map(\.description).joined(separator: "\n"))")
            throw problems
        }
    }

    @Test func everyRuleTestPasses() throws {
        let (book, tests) = try Self.load()
        #expect(tests.count >= 27)
        let run = book.runTests(tests)
        for result in run.results where !result.passed {
            for failure in result.failures {
                Issue.record(
                    "\(failure.expectation.location?.description ?? "?"): FAIL \(result.testCase.name): expected \(failure.expected), got \(failure.actual)")
            }
        }
        #expect(run.allPassed)
    }

    @Test func theTestsFireEveryRuleAndEveryTradeOffIsEncoded() throws {
        let (book, tests) = try Self.load()
        let coverage = book.coverage(of: book.runTests(tests))
        #expect(coverage.rules.filter { !$0.isCovered }.map(\.ruleId) == [])
        #expect(coverage.tradeOffs.filter { !$0.isCovered }.map(\.tradeOff.id) == [])
        #expect(coverage.rulePercent == 100)
        #expect(coverage.tradeOffPercent == 100)
        #expect(coverage.rules.count == book.rules.count)
    }

    @Test func everyExampleProfileIsCoveredByARuleTestThatChecksItsExpectedModel() throws {
        let (_, tests) = try Self.load()
        let folder = Self.root.appendingPathComponent("Examples/profiles")
        let examples = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(examples.count >= 27)
        for name in examples {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let expected = text.split(separator: "\n").first.map { $0.replacingOccurrences(of: "# expect:", with: "").trimmingCharacters(in: .whitespaces) }
            let covering = tests.filter { $0.profile.map { URL(fileURLWithPath: $0).lastPathComponent } == name }
            #expect(!covering.isEmpty, "no rule test uses Examples/profiles/\(name)")
            let checksModel = covering.contains { test in
                test.expectations.contains { $0.claim == .recommendation(expected) }
            }
            #expect(checksModel, "no rule test checks that \(name) is recommended \(expected ?? "?")")
        }
    }

    /// The shipped rule book passes its own knowledge checks: no rule raises a model citing only
    /// its disadvantages or lowers it citing only its advantages, no rule gives points resting
    /// only on a claim about the platform, no claim is counted twice, every number has a basis.
    @Test func theShippedBookPassesItsOwnKnowledgeChecks() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        #expect(book.knowledgeFindings().map(\.description) == [])
    }

    @Test func checkFindsNothingWrongAndEveryModelCanBeRecommended() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        let analysis = book.analyse()
        #expect(analysis.findings.map(\.description) == [])
        #expect(analysis.everyModelReachable)
        #expect(analysis.isExhaustive)
        // Each witness really makes its model the recommendation, with the facts it leaves out unknown.
        for model in analysis.models {
            let values = Dictionary(uniqueKeysWithValues: model.witness.compactMap { reading in reading.value.map { (reading.fact, $0) } })
            let evaluation = book.score(try book.factSet(values).get())
            #expect(evaluation.recommendation == model.model)
            #expect(evaluation.isSettled, "\(model.model): the facts the witness leaves out must not matter")
        }
    }
}
