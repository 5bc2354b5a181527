
/// What the interview should do next, for the answers so far.
public struct QuestionPlan: Sendable, Hashable {
    /// The recommendation from the answers so far (what `RuleBook.score` says: nil when every model is
    /// excluded, and when the answers are `undecided`).
    public var recommendation: String?
    /// True when the search proved that no answers to the unanswered questions can give another
    /// recommendation: the interview may stop. Never true on a budget that ran out.
    public var isSettled: Bool
    /// The facts not answered yet (neither given nor skipped), in declaration order.
    public var unanswered: [String]
    /// Of the unanswered facts, those whose answer can change the recommendation: for each there
    /// are answers to the other unanswered questions under which two answers to this one give
    /// different winners. Includes the facts the budget did not let the search decide.
    public var couldChange: [String]
    /// Facts in `couldChange` only because the search ran out of budget before deciding them.
    public var undecided: [String]
    /// The question to ask next (nil when settled): the best-rated of `ratings`.
    public var next: String?
    /// How each candidate question rated, best first.
    public var ratings: [QuestionRating]
    /// How many answers the search tried on partial profiles for this plan (a measure of its work).
    public var answersTried: Int

    /// Unanswered facts that cannot change the recommendation, in declaration order.
    public var cannotChange: [String] { unanswered.filter { !couldChange.contains($0) } }
}

/// How much the answer to one question can move the ranking.
///
/// Questions are compared by, in turn: whether some answer would settle the recommendation at
/// once (the interview could stop right after it); how decisive the question is (in how many
/// sampled completions of the unanswered facts changing this answer alone changes the winner);
/// the share of its representative answers that make another model the leader; how few
/// questions could still matter after it, on average; how far its answers swing the leader's
/// margin; and finally declaration order.
public struct QuestionRating: Sendable, Hashable {
    public var fact: String
    /// How many representative answers were tried (`RuleBook.domains`).
    public var answers: Int
    /// How many of them were proved to settle the recommendation at once.
    public var settlingAnswers: Int
    /// The share (0 to 1) of sampled completions of the unanswered facts in which changing this
    /// answer alone changes the winner.
    public var decisiveness: Double
    /// How many representative answers make a model other than the current leader the leader.
    public var leaderChanges: Int
    /// On average over the answers, how many other unanswered facts could still change the
    /// recommendation afterwards (the sound bound of `Evaluation.couldChange`).
    public var remainingOpen: Double
    /// The largest difference, between two answers, of the leader's lead over the next model.
    public var marginSwing: Double
}

/// Chooses questions for an adaptive interview and decides when to stop.
///
/// `Evaluation.couldChange` is a sound but conservative bound: it treats each undecided rule on its
/// own, so it can keep a fact open that no combination of answers would let change the winner.
/// The planner refines it by searching the representative values of the unanswered facts
/// (`RuleBook.domains`), scoring partial profiles and pruning a branch as soon as the bound says
/// its winner is settled. Build one per rule book and reuse it.
public struct QuestionPlanner: Sendable {
    public let ruleBook: RuleBook
    public let budget: SearchBudget
    let scorer: PartialRun

    public init(ruleBook: RuleBook, budget: SearchBudget = .standard) {
        self.ruleBook = ruleBook
        self.budget = budget
        scorer = PartialRun(book: ruleBook)
    }

    /// The plan for the answers so far: whether the recommendation is settled, which questions
    /// can still change it, and which to ask next. `closed` names facts the founder chose to
    /// leave unknown (skipped): they stay unknown, so the search does not try values for them.
    public func plan(_ facts: FactSet, closed: Set<String> = []) -> QuestionPlan {
        guard facts.bindings.count == ruleBook.askedFactCount else {
            return boundOnlyPlan(facts, closed: closed)
        }
        var state = scorer.state(for: facts)
        let standing = scorer.standing(&state)
        let askable = askableSlots(facts, closed: closed)
        let unanswered = askable.elements.map { ruleBook.facts[$0].id }
        // Without any fact there is no recommendation (`Undecided.noFacts`), whatever the fits say.
        let givesFacts = facts.bindings.contains { if case .value = $0 { return true } else { return false } }
        let target = givesFacts ? standing.winner : nil
        let recommendation = target.map { ruleBook.models[$0].id }

        let decision = scorer.decide(&state, askable: askable, target: target, budget: budget)
        if decision.settled {
            return QuestionPlan(
                recommendation: recommendation, isSettled: true, unanswered: unanswered, couldChange: [], undecided: [], next: nil,
                ratings: [], answersTried: state.assignments)
        }
        let couldChange = decision.couldChange.elements
        // Not settled, yet no single question shown to matter (a condition that holds whatever
        // the answers): every unanswered question remains a candidate.
        let candidates = couldChange.isEmpty ? askable.elements : couldChange
        let ratings = rate(candidates, state: &state, winner: target, askable: askable)
        return QuestionPlan(
            recommendation: recommendation, isSettled: false, unanswered: unanswered,
            couldChange: couldChange.map { ruleBook.facts[$0].id }, undecided: decision.undecided.elements.map { ruleBook.facts[$0].id },
            next: ratings.first?.fact, ratings: ratings, answersTried: state.assignments)
    }

    /// The evaluation with its unknown facts sorted by search rather than by the bound: the one
    /// list of the unknown facts that could change the recommendation, which `advisor ask`,
    /// `advisor explain` and `advisor score` all state (`PartialRun.decide`): those of which two
    /// answers give different recommendations for some answers to the other unknown facts,
    /// skipped ones included. A fact the search cannot decide within its budget could change it.
    ///
    /// The bound of scoring is only the first filter: when it keeps no fact open the
    /// recommendation is settled; otherwise the search decides every unknown fact, for a fact
    /// outside the bound may still matter once other unknown facts have values (one that lowers
    /// the runner-up, once a third fact has brought the leader down).
    public func withUnknownFactsDecided(_ evaluation: Evaluation, facts: FactSet) -> Evaluation {
        guard !evaluation.couldChange.isEmpty, facts.bindings.count == ruleBook.askedFactCount else { return evaluation }
        var state = scorer.state(for: facts)
        let askable = askableSlots(facts, closed: [])
        let target = evaluation.recommendation.flatMap { ruleBook.index(ofModel: $0) }
        let couldChange = scorer.decide(&state, askable: askable, target: target, budget: budget).couldChange
        var decided = evaluation
        decided.couldChange = askable.elements.filter { couldChange.contains($0) }.map { ruleBook.facts[$0].id }
        decided.cannotChange = askable.elements.filter { !couldChange.contains($0) }.map { ruleBook.facts[$0].id }
        return decided
    }

    /// For a fact set of another rule book's size: the sound bound alone, asking the open facts
    /// in declaration order.
    private func boundOnlyPlan(_ facts: FactSet, closed: Set<String>) -> QuestionPlan {
        let evaluation = ruleBook.score(facts, traced: false)
        let unanswered = ruleBook.askedFacts.indices.filter { slot in
            guard slot < facts.bindings.count, !closed.contains(ruleBook.facts[slot].id) else { return false }
            if case .unknown = facts.bindings[slot] { return true }
            return false
        }.map { ruleBook.facts[$0].id }
        let open = unanswered.filter { evaluation.couldChange.contains($0) }
        return QuestionPlan(
            recommendation: evaluation.recommendation, isSettled: open.isEmpty, unanswered: unanswered, couldChange: open,
            undecided: open, next: open.first, ratings: [], answersTried: 0)
    }

    /// The asked facts still unknown and not closed.
    func askableSlots(_ facts: FactSet, closed: Set<String>) -> SlotSet {
        var slots = SlotSet()
        for slot in 0..<ruleBook.askedFactCount where !closed.contains(ruleBook.facts[slot].id) {
            if case .unknown = facts.bindings[slot] { slots.insert(slot) }
        }
        return slots
    }

    // MARK: - Rating questions

    /// Rates the candidate questions and sorts them best first (see `QuestionRating`).
    func rate(_ candidates: [Int], state: inout PartialRun.State, winner: Int?, askable: SlotSet) -> [QuestionRating] {
        let decisiveness = sampledDecisiveness(candidates, state: &state, askable: askable)
        // The look-ahead budget is shared evenly between the candidates' answers.
        let answerCount = candidates.reduce(0) { $0 + ruleBook.domains[$1].candidates.count }
        let perAnswer = min(budget.perAnswer, budget.lookahead / max(answerCount, 1))
        var rated: [(slot: Int, rating: QuestionRating)] = []
        for (index, slot) in candidates.enumerated() {
            var others = askable
            others.remove(slot)
            let values = ruleBook.domains[slot].candidates
            var settling = 0
            var leaderChanges = 0
            var openTotal = 0
            var lowestMargin = Double.infinity
            var highestMargin = -Double.infinity
            let mark = state.mark
            for value in values {
                scorer.assign(slot, value, in: &state)
                let answered = scorer.standing(&state)
                if answered.winner != winner { leaderChanges += 1 }
                openTotal += answered.open.intersection(others).count
                let lead = scorer.margin(state, winner: answered.winner)
                let margin = answered.winner == winner ? lead : -lead
                lowestMargin = min(lowestMargin, margin)
                highestMargin = max(highestMargin, margin)
                var allowance = perAnswer
                if scorer.settles(&state, askable: others, target: answered.winner, budget: &allowance) { settling += 1 }
                scorer.rollback(&state, to: mark)
            }
            let count = Double(max(values.count, 1))
            let rating = QuestionRating(
                fact: ruleBook.facts[slot].id, answers: values.count, settlingAnswers: settling, decisiveness: decisiveness[index],
                leaderChanges: leaderChanges, remainingOpen: Double(openTotal) / count,
                marginSwing: values.isEmpty ? 0 : highestMargin - lowestMargin)
            rated.append((slot, rating))
        }
        rated.sort { Self.ratesBefore($0.rating, $1.rating) || (!Self.ratesBefore($1.rating, $0.rating) && $0.slot < $1.slot) }
        return rated.map(\.rating)
    }

    /// For each candidate, the share of sampled completions of the askable facts in which
    /// changing its answer alone changes the winner. The samples come from a fixed-seed
    /// generator, so a plan is the same on every run.
    func sampledDecisiveness(_ candidates: [Int], state: inout PartialRun.State, askable: SlotSet) -> [Double] {
        guard budget.samples > 0 else { return Array(repeating: 0, count: candidates.count) }
        var generator = SplitMix(seed: 0x5EED_A5C0)
        var decisive = Array(repeating: 0, count: candidates.count)
        let open = askable.elements
        var chosen = Array(repeating: -1, count: ruleBook.askedFactCount)
        let base = state.mark
        for _ in 0..<budget.samples {
            for slot in open {
                let values = ruleBook.domains[slot].candidates
                guard !values.isEmpty else { continue }
                let pick = Int(generator.next() % UInt64(values.count))
                chosen[slot] = pick
                scorer.assign(slot, values[pick], in: &state)
            }
            let winner = scorer.standing(&state).winner
            for (index, slot) in candidates.enumerated() {
                let values = ruleBook.domains[slot].candidates
                // Large domains (a list's subsets) are tried at a dozen evenly spread answers.
                let step = max(1, values.count / 12)
                let mark = state.mark
                for alternative in stride(from: 0, to: values.count, by: step) where alternative != chosen[slot] {
                    scorer.assign(slot, values[alternative], in: &state)
                    let other = scorer.standing(&state).winner
                    scorer.rollback(&state, to: mark)
                    if other != winner {
                        decisive[index] += 1
                        break
                    }
                }
            }
            scorer.rollback(&state, to: base)
        }
        return decisive.map { Double($0) / Double(budget.samples) }
    }

    /// Rating order: see `QuestionRating` (the caller breaks ties by declaration order).
    static func ratesBefore(_ a: QuestionRating, _ b: QuestionRating) -> Bool {
        if (a.settlingAnswers > 0) != (b.settlingAnswers > 0) { return a.settlingAnswers > 0 }
        if a.decisiveness != b.decisiveness { return a.decisiveness > b.decisiveness }
        let aShare = Double(a.leaderChanges) / Double(max(a.answers, 1))
        let bShare = Double(b.leaderChanges) / Double(max(b.answers, 1))
        if aShare != bShare { return aShare > bShare }
        if a.remainingOpen != b.remainingOpen { return a.remainingOpen < b.remainingOpen }
        if a.marginSwing != b.marginSwing { return a.marginSwing > b.marginSwing }
        return false
    }
}

/// A small deterministic generator (SplitMix64): sampled plans are the same on every run.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
