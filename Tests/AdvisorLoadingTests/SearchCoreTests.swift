import AdvisorCEL
import AdvisorDiagnostics
@testable import AdvisorEngine
import AdvisorLoading
import PropertyBased
import Testing

/// The search core against brute force: every answer the searches give (the interview's stop
/// decision, the unknown facts that could change the recommendation in `explain` and `score`,
/// `check`'s reachability, the fewest facts a counterfactual changes) is compared with
/// enumerating every completion over the facts' representative values, on the shipped rule book
/// (partial profiles with a few unknown facts) and on random small rule books (every profile).
@Suite struct SearchCoreTests {
    static let shipped: RuleBook = {
        guard case .success(let book) = RuleBookLoader.load(files: ShippedRuleBook.files) else { fatalError("the shipped rule book does not load") }
        return book
    }()

    // MARK: - Brute force

    /// Every completion of `facts` over the representative values of its unknown facts.
    static func completions(_ book: RuleBook, _ facts: FactSet, of slots: [Int]) -> [FactSet] {
        var result = [facts]
        for slot in slots {
            result = result.flatMap { partial in
                book.domains[slot].candidates.map { value in
                    var next = partial
                    next.bindings[slot] = .value(value)
                    return next
                }
            }
        }
        return result
    }

    static func unknownSlots(_ facts: FactSet) -> [Int] {
        facts.bindings.indices.filter { if case .unknown = facts.bindings[$0] { return true } else { return false } }
    }

    /// What brute force says of a partial profile: whether every completion keeps its
    /// recommendation, and which unknown facts have two values giving different recommendations
    /// for some values of the other unknown facts.
    static func bruteForce(_ book: RuleBook, _ facts: FactSet) -> (settled: Bool, couldChange: [String]) {
        let scorer = Scorer(book)
        func recommendation(_ facts: FactSet) -> Int? {
            scorer.score(facts)
            return scorer.recommendation
        }
        let unknown = unknownSlots(facts)
        let current = recommendation(facts)
        let settled = completions(book, facts, of: unknown).allSatisfy { recommendation($0) == current }
        let couldChange = unknown.filter { slot in
            completions(book, facts, of: unknown.filter { $0 != slot }).contains { rest in
                var outcomes: Set<Int> = []
                for value in book.domains[slot].candidates {
                    var completed = rest
                    completed.bindings[slot] = .value(value)
                    outcomes.insert(recommendation(completed) ?? -1)
                }
                return outcomes.count > 1
            }
        }
        return (settled, couldChange.map { book.facts[$0].id })
    }

    /// Checks one partial profile: the searches against brute force. Where a domain is only
    /// representative (not exact) or a budget ran out, the searches must still be sound: never
    /// settled when a completion changes the answer, never leaving out a fact that can change it.
    static func checkAgainstBruteForce(_ book: RuleBook, _ facts: FactSet, planner: QuestionPlanner) {
        let brute = bruteForce(book, facts)
        let unknown = unknownSlots(facts)
        let exact = unknown.allSatisfy { book.domains[$0].isExact }
        let plan = planner.plan(facts)
        let explained = planner.withUnknownFactsDecided(book.score(facts), facts: facts)
        let scorer = Scorer(book)
        scorer.score(facts)
        let scored = scorer.unknownFacts().couldChange.map { book.facts[$0].id }
        let shown = "\(facts.bindings.enumerated().map { "\(book.facts[$0.offset].id)=\($0.element)" })"
        if plan.isSettled { #expect(brute.settled, "the interview stops although a completion changes the answer: \(shown)") }
        #expect(Set(brute.couldChange).isSubset(of: Set(explained.couldChange)), "explain leaves out a fact that can change the answer: \(shown)")
        #expect(scored == explained.couldChange, "score and explain state different facts: \(shown)")
        #expect(plan.couldChange == explained.couldChange, "ask and explain state different facts: \(shown)")
        // The searches themselves, whatever `decide` chooses for so few unknown facts (it reads
        // every completion when there are few): the settle goal and the flip goal.
        let run = PartialRun(book: book)
        var state = run.state(for: facts)
        let target = plan.recommendation.flatMap { book.index(ofModel: $0) }
        var budget = SearchBudget.standard.settle
        let settles = run.settles(&state, askable: SlotSet(unknown), target: target, budget: &budget)
        if settles { #expect(brute.settled, "the settle search proves a settled answer brute force changes: \(shown)") }
        var flips: [String] = []
        for slot in unknown {
            var allowance = 10_000
            switch run.canFlip(slot, &state, others: SlotSet(unknown.filter { $0 != slot }), budget: &allowance) {
            case .yes: flips.append(book.facts[slot].id)
            case .no: #expect(!brute.couldChange.contains(book.facts[slot].id), "the flip search rules out \(book.facts[slot].id): \(shown)")
            case .unknown: if exact { Issue.record("the flip search could not decide \(book.facts[slot].id) in 10,000 answers: \(shown)") }
            }
        }
        #expect(Set(flips).isSubset(of: Set(brute.couldChange)), "the flip search finds \(flips), brute force \(brute.couldChange): \(shown)")
        guard exact, plan.undecided.isEmpty else { return }
        #expect(settles == brute.settled, "settle search \(settles), brute force \(brute.settled): \(shown)")
        #expect(flips == brute.couldChange, "flip search \(flips), brute force \(brute.couldChange): \(shown)")
        #expect(plan.isSettled == brute.settled, "stop decision \(plan.isSettled), brute force \(brute.settled): \(shown)")
        #expect(explained.couldChange == brute.couldChange, "explain \(explained.couldChange), brute force \(brute.couldChange): \(shown)")
    }

    // MARK: - The shipped rule book

    /// Profiles of the shipped book with one to three facts unknown (among those with at most a
    /// dozen representative values, so that brute force stays small).
    static let shippedProfiles = Gen.int(in: 0...9999).array(of: shipped.askedFactCount + 3).map { choices -> FactSet in
        let book = shipped
        let small = book.domains.filter { $0.candidates.count <= 12 && !$0.candidates.isEmpty }.map(\.slot)
        var unknown: Set<Int> = []
        for choice in choices.prefix(1 + choices[0] % 3) { unknown.insert(small[choice % small.count]) }
        return FactSet(
            bindings: book.domains.enumerated().map { slot, domain in
                unknown.contains(slot) || domain.candidates.isEmpty
                    ? .unknown : .value(domain.candidates[choices[3 + slot] % domain.candidates.count])
            })
    }

    @Test func onTheShippedBookTheSearchesAgreeWithBruteForce() async {
        let planner = QuestionPlanner(ruleBook: Self.shipped)
        await propertyCheck(count: 40, input: Self.shippedProfiles) { facts in
            Self.checkAgainstBruteForce(Self.shipped, facts, planner: planner)
        }
    }

    @Test func everyWitnessTheCheckFindsOnTheShippedBookMakesItsModelTheRecommendation() throws {
        let book = Self.shipped
        let analysis = book.analyse()
        for model in analysis.models where model.verdict == .reachable {
            var values: [String: CELValue] = [:]
            for reading in model.witness { values[reading.fact] = reading.value }
            let witness = try book.factSet(values).get()
            #expect(book.score(witness, traced: false).recommendation == model.model, "\(model.model): \(model.witness)")
            // Facts the witness leaves out can take any value: sampled completions keep the model on top.
            let unknown = Self.unknownSlots(witness)
            for completion in Self.completions(book, witness, of: Array(unknown.prefix(3))) {
                var filled = completion
                for slot in unknown.dropFirst(3) { filled.bindings[slot] = book.domains[slot].candidates.first.map(CELBinding.value) ?? .unknown }
                #expect(book.score(filled, traced: false).recommendation == model.model, "\(model.model): completion \(filled.bindings)")
            }
        }
    }

    // MARK: - Random small rule books

    /// A random rule book of three or four asked facts (a bool, an enum of three values, numbers
    /// compared with constants, a list), one derived fact, three models and four to eight rules,
    /// and a random partial profile of it; all from the choices, so a failure shrinks.
    static func randomBook(_ choices: [Int]) -> (book: RuleBook, facts: FactSet)? {
        var next = choices.makeIterator()
        func pick(_ count: Int) -> Int { (next.next() ?? 0) % count }
        let facts = [
            FactDeclaration(id: "online", kind: .bool),
            FactDeclaration(id: "tier", kind: .enumeration(["low", "mid", "high"])),
            FactDeclaration(id: "budget", kind: .number(min: 0, max: nil)),
            FactDeclaration(id: "channels", kind: .list(["web", "shop"])),
            FactDeclaration(id: "strong", kind: .bool, isDerived: true, defaultValue: .bool(false)),
        ]
        let atoms = [
            "online", "!online", "tier == 'low'", "tier == 'high'", "tier != 'mid'", "budget >= 100.0", "budget < 50.0",
            "budget > 500.0", "'web' in channels", "size(channels) == 2", "strong", "!strong",
        ]
        func condition() -> String {
            let first = atoms[pick(atoms.count)]
            switch pick(3) {
            case 0: return first
            case 1: return "\(first) && \(atoms[pick(atoms.count)])"
            default: return "\(first) || \(atoms[pick(atoms.count)])"
            }
        }
        let models = ["a", "b", "c"]
        let points: [Double] = [-10, -5, 5, 10, 20, 10]
        var rules: [RuleSource] = []
        for index in 0..<(4 + pick(5)) {
            var scores: [RuleSource.ScoreSource] = []
            var excludes: [RuleSource.Reference] = []
            var derives: [RuleSource.DeriveSource] = []
            switch pick(6) {
            case 0: excludes = [.init(id: models[pick(3)], location: nil)]
            case 1: derives = [.init(fact: "strong", value: .bool(pick(2) == 0), location: nil)]
            default:
                scores = [.init(model: models[pick(3)], points: points[pick(points.count)], location: nil)]
                if pick(2) == 0 { scores.append(.init(model: models[pick(3)], points: points[pick(points.count)], location: nil)) }
            }
            var when = condition()
            // A rule deriving `strong` may not read it (that would be a cycle).
            if !derives.isEmpty { when = when.replacingOccurrences(of: "!strong", with: "online").replacingOccurrences(of: "strong", with: "online") }
            rules.append(
                RuleSource(
                    id: "r\(index)", location: SourceLocation(file: "book.yaml", line: index + 1, column: 1),
                    condition: PlacedText(unplaced: when), because: "Because.", encodes: [.init(id: "a/t", location: nil)],
                    scores: scores, excludes: excludes, derives: derives))
        }
        let source = RuleBookSource(
            header: RuleBookHeader(neutral: 0), facts: facts,
            models: models.map { Model(id: $0, name: $0, summary: "", tradeOffs: [TradeOff(id: "\($0)/t", kind: .trait, seed: "000", text: "T.")]) },
            rules: rules)
        guard case .success(let book) = RuleBook.compile(source) else { return nil }
        let bindings = book.domains.map { domain -> CELBinding in
            let choice = pick(domain.candidates.count + 2)
            return choice >= domain.candidates.count ? .unknown : .value(domain.candidates[choice])
        }
        return (book, FactSet(bindings: bindings))
    }

    static let randomBooks = Gen.int(in: 0...9999).array(of: 60)

    @Test func onRandomSmallBooksTheSearchesAgreeWithBruteForce() async {
        await propertyCheck(count: 150, input: Self.randomBooks) { choices in
            guard let (book, facts) = Self.randomBook(choices) else {
                Issue.record("a random rule book did not compile")
                return
            }
            Self.checkAgainstBruteForce(book, facts, planner: QuestionPlanner(ruleBook: book))
        }
    }

    @Test func onRandomSmallBooksTheCheckFindsExactlyTheModelsAndRulesSomeProfileReaches() async {
        await propertyCheck(count: 100, input: Self.randomBooks) { choices in
            guard let (book, _) = Self.randomBook(choices) else {
                Issue.record("a random rule book did not compile")
                return
            }
            let empty = FactSet(bindings: Array(repeating: .unknown, count: book.askedFactCount))
            let profiles = Self.completions(book, empty, of: Array(0..<book.askedFactCount))
            let evaluations = profiles.map { book.score($0, traced: true) }
            let analysis = book.analyse()
            #expect(analysis.isComplete)
            for model in analysis.models {
                let reached = evaluations.contains { $0.recommendation == model.model }
                #expect((model.verdict == .reachable) == reached, "\(model.model): check says \(model.verdict), brute force \(reached)")
            }
            for (position, rule) in book.rules.enumerated() {
                let fires = evaluations.contains { $0.trace[position].status == .fired }
                let neverFires = analysis.findings.contains { $0.message.contains("rule '\(rule.id)' can never fire") }
                #expect(neverFires == !fires, "rule \(rule.id): check says never fires \(neverFires), brute force fires \(fires)")
            }
        }
    }

    @Test func onRandomSmallBooksACounterfactualChangesTheFewestFactsBruteForceNeeds() async {
        await propertyCheck(count: 100, input: Self.randomBooks) { choices in
            guard let (book, partial) = Self.randomBook(choices) else {
                Issue.record("a random rule book did not compile")
                return
            }
            // A complete profile: counterfactuals change given facts.
            var facts = partial
            for slot in facts.bindings.indices where Self.unknownSlots(facts).contains(slot) {
                facts.bindings[slot] = book.domains[slot].candidates.first.map(CELBinding.value) ?? .unknown
            }
            let scorer = Scorer(book)
            for counterfactual in book.counterfactuals(for: facts, options: CounterfactualOptions(maximumFactsChanged: 2, targets: 3)) {
                guard case .model(let id) = counterfactual.target, let target = book.index(ofModel: id) else { continue }
                // Brute force: the fewest facts changed (to any representative) that make the target the recommendation.
                var fewest: Int?
                search: for size in 1...2 {
                    for slots in combinations(of: size, from: book.askedFactCount) {
                        for completion in Self.completions(book, facts, of: slots) {
                            scorer.score(completion)
                            if scorer.recommendation == target {
                                fewest = size
                                break search
                            }
                        }
                    }
                }
                #expect(counterfactual.found == (fewest != nil), "\(id): search found \(counterfactual.changes), brute force \(fewest.map(String.init) ?? "none")")
                if let fewest, counterfactual.found { #expect(counterfactual.changes.count == fewest, "\(id): \(counterfactual.changes)") }
            }
        }
    }
}

/// Every combination of `size` indices out of `0..<count`.
private func combinations(of size: Int, from count: Int) -> [[Int]] {
    guard size > 0 else { return [[]] }
    guard size <= count else { return [] }
    return (0..<count).flatMap { first in combinations(of: size - 1, from: count).filter { ($0.first ?? count) > first }.map { [first] + $0 } }
}
