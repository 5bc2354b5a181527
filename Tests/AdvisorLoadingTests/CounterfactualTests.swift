import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The counterfactuals a report suggests: each one true when re-scored, and none smaller missed.
@Suite struct CounterfactualTests {
    static let book: RuleBook? = try? RuleBookLoader.load(files: ShippedRuleBook.files).get()

    static let examplesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/profiles")

    static func examples() throws -> [(name: String, profile: Profile)] {
        let book = try #require(Self.book)
        let names = try FileManager.default.contentsOfDirectory(atPath: examplesFolder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in (name, try ProfileLoader.load(path: examplesFolder.appendingPathComponent(name).path, ruleBook: book).get()) }
    }

    /// The facts with a change applied.
    static func applying(_ changes: [(fact: String, value: CELValue)], to facts: FactSet, in book: RuleBook) throws -> FactSet {
        var bindings = facts.bindings
        for change in changes { bindings[try #require(book.slot(ofFact: change.fact))] = .value(change.value) }
        return FactSet(bindings: bindings)
    }

    static func number(_ value: Double, like fact: String, in book: RuleBook) -> CELValue {
        if case .integer = book.fact(fact)?.kind { return .int(Int64(value)) }
        return .double(value)
    }

    @Test func everySuggestedChangeOfEveryExampleGivesTheStatedRecommendationWhenScoredAgain() throws {
        let book = try #require(Self.book)
        var checked = 0
        for (name, profile) in try Self.examples() {
            let explanation = book.explain(profile.facts)
            #expect(explanation.counterfactuals.count == 2, "\(name)")
            for counterfactual in explanation.counterfactuals where counterfactual.found {
                guard case .model(let target) = counterfactual.target else {
                    Issue.record("\(name): a profile with a recommendation got an 'any model' counterfactual")
                    continue
                }
                #expect(counterfactual.recommendation == target, "\(name)")
                let changed = try Self.applying(counterfactual.changes.map { ($0.fact, $0.to) }, to: profile.facts, in: book)
                let evaluation = book.score(changed)
                #expect(evaluation.recommendation == target, "\(name): changing \(counterfactual.changes.map(\.fact)) should make \(target) win")
                #expect(evaluation.standing(of: target)?.fit == counterfactual.fit, "\(name)")
                #expect(evaluation.runnerUp?.model == counterfactual.runnerUp, "\(name)")
                // A number's whole stated range works, not just the value tried: both ends it
                // includes, and the middle.
                for change in counterfactual.changes {
                    guard let range = change.range else { continue }
                    var points: [Double] = []
                    if let lower = range.lower, range.lowerIncluded { points.append(lower) }
                    if let upper = range.upper, range.upperIncluded { points.append(upper) }
                    if let lower = range.lower, let upper = range.upper { points.append((lower + upper) / 2) }
                    if range.upper == nil, let lower = range.lower { points.append(lower * 10 + 1) }
                    for raw in points {
                        let isWhole: Bool
                        if case .integer = book.fact(change.fact)?.kind { isWhole = true } else { isWhole = false }
                        let point = isWhole ? raw.rounded(.down) : raw
                        guard range.contains(point) else { continue }
                        let others = counterfactual.changes.filter { $0.fact != change.fact }.map { ($0.fact, $0.to) }
                        let facts = try Self.applying(others + [(change.fact, Self.number(point, like: change.fact, in: book))], to: profile.facts, in: book)
                        #expect(book.score(facts).recommendation == target, "\(name): \(change.fact) = \(point) is in the stated range")
                    }
                }
                checked += 1
            }
        }
        #expect(checked >= 40, "most examples should have two counterfactuals found")
    }

    /// Exactness, checked independently of the fact domains: for every counterfactual that changes
    /// two facts or more, no single fact changed to any value of a dense grid (every enum and
    /// bool value, every list, numbers every few units and around every constant) does it; and
    /// for one that changes one fact, no single change on the grid does it with a smaller step.
    @Test func noExampleHasASmallerChangeThanTheOneSuggested() throws {
        let book = try #require(Self.book)
        var grid: [Int: [CELValue]] = [:]
        for slot in 0..<book.askedFactCount {
            let fact = book.facts[slot]
            switch fact.kind {
            case .bool: grid[slot] = [.bool(false), .bool(true)]
            case .enumeration(let values): grid[slot] = values.map { .string($0) }
            case .list: grid[slot] = book.domains[slot].candidates
            case .number, .integer:
                var values: Set<Double> = []
                for exponent in 0...7 {
                    let base = pow(10, Double(exponent))
                    for multiple in stride(from: 1.0, through: 9.5, by: 0.5) { values.insert(multiple * base) }
                }
                for cut in book.domains[slot].cuts { values.formUnion([cut - 1, cut - 0.5, cut, cut + 0.5, cut + 1]) }
                values.insert(0)
                grid[slot] = values.filter { $0 >= 0 }.sorted().map { Self.number($0, like: fact.id, in: book) }
            }
        }
        var checked = 0
        for (name, profile) in try Self.examples() {
            let evaluation = book.score(profile.facts)
            for counterfactual in book.counterfactuals(for: profile.facts, evaluation: evaluation) where counterfactual.found {
                guard case .model(let target) = counterfactual.target else { continue }
                for slot in 0..<book.askedFactCount {
                    for value in grid[slot] ?? [] {
                        var bindings = profile.facts.bindings
                        let current: CELValue? = if case .value(let known) = bindings[slot] { known } else { nil }
                        // Only changes a founder can make count (the fact's declared `change`), each step at its effort.
                        let change = book.facts[slot].change ?? .undeclared
                        if let current, !change.allows(from: current, to: value, kind: book.facts[slot].kind) { continue }
                        bindings[slot] = .value(value)
                        guard book.score(FactSet(bindings: bindings), traced: false).recommendation == target else { continue }
                        let step = CounterfactualSearch.stepCost(from: current, to: value, kind: book.facts[slot].kind) * (current == nil ? 1 : change.effort)
                        guard step > 0 else { continue }  // no change at all
                        let description = "\(name): \(book.facts[slot].id) = \(FactValues.render(value)) alone makes \(target) win"
                        #expect(counterfactual.changes.count == 1, "\(description), yet the search changed \(counterfactual.changes.count) facts")
                        #expect(step >= counterfactual.cost - 1e-9, "\(description) with a step of \(step), smaller than the suggested \(counterfactual.cost)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func theCheapestSingleChangeIsChosenAndANumberIsGivenAsItsBoundary() throws {
        let book = try Fixture.book()
        // gamma needs payment and an audience over 100; alpha leads through asset_light.
        let profile = try Fixture.profile("capital: 5000\naudience: 40\nbrand: true\nbreadth: single\nservices: [payment]\n", book: book)
        let evaluation = book.score(profile.facts)
        #expect(evaluation.recommendation == "alpha")
        let counterfactual = CounterfactualSearch(ruleBook: book, facts: profile.facts).smallestChange(to: .model("gamma"), maximumFactsChanged: 3)
        #expect(counterfactual.changes.map(\.fact) == ["audience"])
        let change = try #require(counterfactual.changes.first)
        #expect(change.to == .int(101), "the smallest audience that works is the boundary, 101")
        #expect(change.range == NumberRange(lower: 101, lowerIncluded: true, upper: nil, upperIncluded: false))
        #expect(counterfactual.recommendation == "gamma")
    }

    @Test func aKnockedOutModelNeedsItsKnockOutLiftedAndSaysSo() throws {
        let book = try Fixture.book()
        // beta is excluded without a brand; broad range would lift it above alpha.
        let profile = try Fixture.profile("capital: 50000\naudience: 0\nbrand: false\nbreadth: single\nservices: []\n", book: book)
        let counterfactual = CounterfactualSearch(ruleBook: book, facts: profile.facts).smallestChange(to: .model("beta"), maximumFactsChanged: 3)
        #expect(Set(counterfactual.changes.map(\.fact)) == ["brand", "breadth"])
        #expect(counterfactual.recommendation == "beta")
    }

    @Test func noChangeWithinTheLimitIsReportedAsNotFound() throws {
        let book = try Fixture.book()
        let profile = try Fixture.profile("capital: 50000\naudience: 0\nbrand: false\nbreadth: single\nservices: []\n", book: book)
        let counterfactual = CounterfactualSearch(ruleBook: book, facts: profile.facts).smallestChange(to: .model("beta"), maximumFactsChanged: 1)
        #expect(!counterfactual.found)
        #expect(counterfactual.recommendation == nil)
        #expect(counterfactual.maximumFactsChanged == 1)
    }

    @Test func whenEveryModelIsExcludedTheSmallestRelaxationReAdmitsOne() throws {
        let rules = Fixture.rules + """
              - id: small-excludes-alpha-and-gamma
                when: capital < 1000
                because: Too small.
                encodes: [alpha/light]
                exclude: [alpha, gamma]

            """
        let book = try Fixture.book(rules: rules)
        let profile = try Fixture.profile("capital: 500\naudience: 0\nbrand: false\nbreadth: single\nservices: []\n", book: book)
        let explanation = book.explain(profile.facts)
        #expect(explanation.recommendation == nil)
        #expect(explanation.counterfactuals.map(\.target) == [.anyModel])
        let relaxation = try #require(explanation.counterfactuals.first)
        #expect(relaxation.changes.count == 1)
        let changed = try Self.applying(relaxation.changes.map { ($0.fact, $0.to) }, to: profile.facts, in: book)
        let recommendation = book.score(changed).recommendation
        #expect(recommendation != nil)
        #expect(recommendation == relaxation.recommendation)
    }

    @Test func anUnknownFactCanBeAnsweredByACounterfactual() throws {
        let book = try Fixture.book()
        // audience unknown: gamma needs it over 100.
        let profile = try Fixture.profile("capital: 5000\nbrand: true\nbreadth: single\nservices: [payment]\n", book: book)
        let counterfactual = CounterfactualSearch(ruleBook: book, facts: profile.facts).smallestChange(to: .model("gamma"), maximumFactsChanged: 2)
        let change = try #require(counterfactual.changes.first)
        #expect(change.fact == "audience")
        #expect(change.from == nil)
        #expect(change.step == 1, "answering an unknown fact is one step")
        #expect(counterfactual.recommendation == "gamma")
    }

    @Test func theStepMetricFollowsEachKindOfFact() {
        #expect(CounterfactualSearch.stepCost(from: .string("single"), to: .string("broad"), kind: .enumeration(["single", "focused", "broad"])) == 2)
        #expect(CounterfactualSearch.stepCost(from: .bool(true), to: .bool(false), kind: .bool) == 1)
        #expect(CounterfactualSearch.stepCost(from: .list([.string("a")]), to: .list([.string("b")]), kind: .list(["a", "b"])) == 2)
        #expect(CounterfactualSearch.stepCost(from: .list([.string("a"), .string("b")]), to: .list([.string("b"), .string("a")]), kind: .list(["a", "b"])) == 0)
        #expect(CounterfactualSearch.stepCost(from: .double(25000), to: .double(100000), kind: .number(min: 0, max: nil)) == 0.75)
        #expect(CounterfactualSearch.stepCost(from: nil, to: .string("broad"), kind: .enumeration(["single", "broad"])) == 1)
    }

    @Test func explanationsAreTheSameEveryTime() throws {
        let book = try #require(Self.book)
        for (name, profile) in try Self.examples().prefix(6) {
            #expect(book.explain(profile.facts) == book.explain(profile.facts), "\(name)")
        }
    }
}
