import AdvisorCEL
@testable import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The adaptive interview on the shipped rule book and the example founders: it must stop only
/// when the answers left out cannot change the recommendation, and it must stop early.
@Suite struct InterviewPlanningTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedBook() throws -> RuleBook { try RuleBookLoader.load(files: ShippedRuleBook.files).get() }

    /// One example founder interviewed by the adaptive interview.
    struct Run: Sendable {
        var name: String
        var profile: Profile
        var asked: [String]
        var outcome: InterviewOutcome
    }

    /// Interviews a founder, answering each question from the profile, or skipping it when the
    /// profile leaves the fact out (a founder who does not know).
    static func interview(_ profile: Profile, planner: QuestionPlanner) throws -> (asked: [String], outcome: InterviewOutcome) {
        var interview = try Interview(planner: planner)
        var asked: [String] = []
        while true {
            switch interview.nextStep() {
            case .finished(let outcome): return (asked, outcome)
            case .ask(let question):
                let fact = question.fact.id
                guard !asked.contains(fact) else { throw InterviewError(problems: [.init(message: "\(fact) asked twice", hint: nil)]) }
                asked.append(fact)
                if let value = profile.values[fact] {
                    try interview.answer(fact, with: value).get()
                } else {
                    interview.skip(fact)
                }
            }
        }
    }

    /// Every example founder, interviewed once and shared by the tests below.
    static let exampleRuns: [Run] = {
        guard let book = try? shippedBook() else { return [] }
        let planner = QuestionPlanner(ruleBook: book)
        let folder = packageRoot.appendingPathComponent("Examples/profiles")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            guard let profile = try? ProfileLoader.load(path: folder.appendingPathComponent(name).path, ruleBook: book).get(),
                let (asked, outcome) = try? interview(profile, planner: planner)
            else { return nil }
            return Run(name: name, profile: profile, asked: asked, outcome: outcome)
        }
    }()

    // MARK: - The partial run is the scoring run

    @Test func thePartialRunAgreesWithScoringOnRandomPartialProfilesAndUndoesExactly() throws {
        let book = try Self.shippedBook()
        let scorer = PartialRun(book: book)
        var generator = SplitMix(seed: 20_250_601)
        let empty = FactSet(bindings: Array(repeating: .unknown, count: book.askedFactCount))
        var state = scorer.state(for: empty)
        let emptyStanding = scorer.standing(&state)
        for _ in 0..<300 {
            let facts = RandomFounder.facts(book, &generator, unknownShare: 0.4)
            let evaluation = book.score(facts, traced: false)
            // Built at once...
            var direct = scorer.state(for: facts)
            let standing = scorer.standing(&direct)
            #expect(standing.winner.map { book.models[$0].id } == evaluation.recommendation)
            #expect(standing.open.elements.map { book.facts[$0].id } == evaluation.couldChange)
            // ...and one answer at a time from the empty profile, then undone.
            let mark = state.mark
            for slot in 0..<book.askedFactCount {
                if case .value(let value) = facts.bindings[slot] { scorer.assign(slot, value, in: &state) }
            }
            let stepwise = scorer.standing(&state)
            #expect(stepwise.winner == standing.winner)
            #expect(stepwise.open == standing.open)
            scorer.rollback(&state, to: mark)
            let undone = scorer.standing(&state)
            #expect(undone.winner == emptyStanding.winner && undone.open == emptyStanding.open)
        }
    }

    // MARK: - Soundness

    @Test func everyExampleInterviewEndsOnTheRecommendationOfItsFullProfile() throws {
        let book = try Self.shippedBook()
        #expect(Self.exampleRuns.count >= 27, "every example profile is interviewed")
        for run in Self.exampleRuns {
            let full = book.score(run.profile.facts, traced: false)
            #expect(run.outcome.evaluation.recommendation == full.recommendation, "\(run.name): asked \(run.asked)")
        }
    }

    @Test func stoppingEarlyIsSafeWhateverTheUnaskedAnswersWouldHaveBeen() throws {
        let book = try Self.shippedBook()
        var generator = SplitMix(seed: 7)
        for run in Self.exampleRuns where run.outcome.reason == .settled {
            let known = run.outcome.evaluation
            // The interview's own answers: the asked facts the profile gave; the rest still open.
            var values: [String: CELValue] = [:]
            for fact in run.asked { if let value = run.profile.values[fact] { values[fact] = value } }
            for _ in 0..<60 {
                var completed = values
                let random = RandomFounder.values(book, &generator, unknownShare: 0)
                for fact in run.outcome.remaining { completed[fact] = random[fact] }
                let completion = try book.factSet(completed).get()
                #expect(
                    book.score(completion, traced: false).recommendation == known.recommendation,
                    "\(run.name): the unasked answers \(run.outcome.remaining.map { "\($0)=\(random[$0].map(FactValues.render) ?? "?")" }) change the recommendation")
            }
        }
    }

    @Test func randomFoundersInterviewsAgreeWithScoringTheirWholeProfile() throws {
        let book = try Self.shippedBook()
        // When to stop is decided by the settle search alone, whatever order the questions come
        // in: a planner that spends nothing on rating questions checks the same rule, faster.
        let planner = QuestionPlanner(
            ruleBook: book,
            budget: SearchBudget(settle: SearchBudget.standard.settle, influence: 300, perQuestion: 60, lookahead: 0, perAnswer: 0, samples: 0))
        var generator = SplitMix(seed: 42)
        for index in 0..<25 {
            let values = RandomFounder.values(book, &generator, unknownShare: 0.15)
            let facts = try book.factSet(values).get()
            let profile = Profile(source: "random-\(index)", name: nil, notes: nil, facts: facts, factIds: book.askedFacts.map(\.id))
            let (asked, outcome) = try Self.interview(profile, planner: planner)
            #expect(
                outcome.evaluation.recommendation == book.score(facts, traced: false).recommendation,
                "founder \(index) \(values.sorted { $0.key < $1.key }.map { "\($0.key)=\(FactValues.render($0.value))" }) asked \(asked)")
        }
    }

    // MARK: - Economy

    @Test func theInterviewAsksAtMostSixtyPercentOfTheQuestionsOnAverage() throws {
        let book = try Self.shippedBook()
        let runs = Self.exampleRuns
        try #require(!runs.isEmpty)
        let declared = Double(book.askedFactCount)
        let fractions = runs.map { Double($0.asked.count) / declared }
        let average = fractions.reduce(0, +) / Double(fractions.count)
        print(
            "advisor ask economy: on average \(String(format: "%.1f", average * 100))% of the \(book.askedFactCount) declared questions asked "
                + "(\(String(format: "%.2f", average * declared)) questions) over \(runs.count) example profiles; "
                + "fewest \(runs.map(\.asked.count).min() ?? 0), most \(runs.map(\.asked.count).max() ?? 0)")
        #expect(average <= 0.60)
    }
}

/// Random founders for property tests: every value the rule book allows, not only the
/// representatives the planner tries, so the tests also check that the representatives are exact.
enum RandomFounder {
    static func values(_ book: RuleBook, _ generator: inout SplitMix, unknownShare: Double) -> [String: CELValue] {
        var values: [String: CELValue] = [:]
        for (slot, fact) in book.askedFacts.enumerated() {
            if unit(&generator) < unknownShare { continue }
            let domain = book.domains[slot]
            switch fact.kind {
            case .bool: values[fact.id] = .bool(generator.next() % 2 == 0)
            case .enumeration(let options):
                values[fact.id] = .string(options[Int(generator.next() % UInt64(options.count))])
            case .list(let options):
                values[fact.id] = .list(options.filter { _ in generator.next() % 2 == 0 }.map(CELValue.string))
            case .number(let low, _):
                values[fact.id] = .double(randomNumber(domain, low: low ?? 0, &generator))
            case .integer(let low, _):
                values[fact.id] = .int(Int64(randomNumber(domain, low: Double(low ?? 0), &generator).rounded(.down)))
            }
        }
        return values
    }

    static func facts(_ book: RuleBook, _ generator: inout SplitMix, unknownShare: Double) -> FactSet {
        let values = values(book, &generator, unknownShare: unknownShare)
        var bindings = Array(repeating: CELBinding.unknown, count: book.askedFactCount)
        for (id, value) in values {
            if let slot = book.slot(ofFact: id), let normalised = FactValues.conform(value, to: book.facts[slot].kind) {
                bindings[slot] = .value(normalised)
            }
        }
        return FactSet(bindings: bindings)
    }

    /// A number anywhere from the lower bound to twice the largest representative; a third of the
    /// time exactly a representative (the cut points are where mistakes would hide).
    static func randomNumber(_ domain: FactDomain, low: Double, _ generator: inout SplitMix) -> Double {
        let points = domain.candidates.compactMap { value -> Double? in
            switch value {
            case .double(let number): return number
            case .int(let number): return Double(number)
            default: return nil
            }
        }
        if !points.isEmpty, generator.next() % 3 == 0 { return points[Int(generator.next() % UInt64(points.count))] }
        let high = max((points.max() ?? 100) * 2, low + 1)
        return (low + unit(&generator) * (high - low)).rounded()
    }

    static func unit(_ generator: inout SplitMix) -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
}
