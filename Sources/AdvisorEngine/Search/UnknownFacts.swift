import AdvisorCEL

/// How much searching one plan may do, counted in answers tried on partial profiles (not in
/// time, so the same answers always give the same plan). When a budget runs out the planner errs
/// towards asking: it never stops an interview it has not proved settled.
public struct SearchBudget: Sendable, Hashable {
    /// Answers the proof that the recommendation is settled may try.
    public var settle: Int
    /// Answers the search for the questions that can still change the winner may try, over all
    /// questions together.
    public var influence: Int
    /// Of `influence`, the most one question may use, so one hard question cannot starve the others.
    public var perQuestion: Int
    /// Answers the look-ahead (would this answer settle the recommendation?) may try, over all
    /// candidate answers together.
    public var lookahead: Int
    /// Of `lookahead`, the most one candidate answer may use.
    public var perAnswer: Int
    /// Completions of the unanswered facts sampled to measure how decisive each question is.
    public var samples: Int

    public init(settle: Int, influence: Int, perQuestion: Int, lookahead: Int, perAnswer: Int, samples: Int) {
        self.settle = settle
        self.influence = influence
        self.perQuestion = perQuestion
        self.lookahead = lookahead
        self.perAnswer = perAnswer
        self.samples = samples
    }

    /// The budget `advisor ask` uses: a plan takes a few milliseconds on the shipped rule book in
    /// a release build (see the benchmark).
    public static let standard = SearchBudget(
        settle: 6000, influence: 1500, perQuestion: 250, lookahead: 1500, perAnswer: 40, samples: 32)
}

/// What the searches decided about the unknown facts of a partial profile.
struct UnknownFactsDecision {
    /// Every completion of the askable facts is proved to keep the target.
    var settled: Bool
    /// The askable facts of which two answers give different recommendations for some answers to
    /// the others, and those the budget did not let the search decide (also in `undecided`).
    var couldChange: SlotSet
    var undecided: SlotSet
}

extension PartialRun {
    /// Which askable facts could change the recommendation `target`: the one answer `advisor
    /// ask`, `advisor explain` and `advisor score` state. First a proof that the recommendation is
    /// settled (`SettleGoal`); failing that, for each fact, a search for two of its answers that
    /// give different winners (`FlipGoal`). A fact the budget leaves undecided could change it.
    /// Leaves `state` as it found it.
    func decide(_ state: inout State, askable: SlotSet, target: Int?, budget: SearchBudget) -> UnknownFactsDecision {
        var settleBudget = budget.settle
        if askable.isEmpty || settles(&state, askable: askable, target: target, budget: &settleBudget) {
            return UnknownFactsDecision(settled: true, couldChange: SlotSet(), undecided: SlotSet())
        }
        var influenceBudget = budget.influence
        var decision = UnknownFactsDecision(settled: false, couldChange: SlotSet(), undecided: SlotSet())
        for slot in askable.elements {
            var allowance = min(budget.perQuestion, influenceBudget)
            let start = allowance
            var others = askable
            others.remove(slot)
            switch canFlip(slot, &state, others: others, budget: &allowance) {
            case .yes: decision.couldChange.insert(slot)
            case .unknown:
                decision.couldChange.insert(slot)
                decision.undecided.insert(slot)
            case .no: break
            }
            influenceBudget -= start - allowance
        }
        return decision
    }

    /// Whether every completion of the askable facts is proved to give `target` as the winner: a
    /// depth-first search (`SettleGoal`) for a completion with another winner, which must end
    /// without one over exact domains. Leaves `state` as it found it.
    func settles(_ state: inout State, askable: SlotSet, target: Int?, budget: inout Int) -> Bool {
        var goal = SettleGoal(askable: askable, target: target)
        var search = BranchAndBound(run: self, budget: budget)
        let mark = state.mark
        let outcome = search.depthFirst(&goal, &state)
        rollback(&state, to: mark)
        budget = search.budget
        return outcome.answer == .no
    }

    /// Whether two answers to `fact` give different winners under some answers to `others`: a
    /// depth-first search (`FlipGoal`). Leaves `state` as it found it.
    func canFlip(_ fact: Int, _ state: inout State, others: SlotSet, budget: inout Int) -> SearchAnswer {
        var goal = FlipGoal(fact: fact, others: others)
        var search = BranchAndBound(run: self, budget: budget)
        let mark = state.mark
        let outcome = search.depthFirst(&goal, &state)
        rollback(&state, to: mark)
        budget = search.budget
        return outcome.answer
    }

    /// The fact to split a search on: one whose representatives are exact, then the one with the
    /// fewest, then the first declared.
    func branchSlot(_ open: SlotSet) -> Int {
        let slots = open.elements
        return slots.min { a, b in
            let (da, db) = (book.domains[a], book.domains[b])
            if da.isExact != db.isExact { return da.isExact }
            if da.candidates.count != db.candidates.count { return da.candidates.count < db.candidates.count }
            return a < b
        } ?? slots[0]
    }
}

/// "Some completion of the askable facts gives another winner than `target`": met by a partial
/// profile whose bound leaves no askable fact open and whose winner differs. Its failure over
/// exact domains proves the recommendation settled.
struct SettleGoal: SearchGoal {
    let askable: SlotSet
    let target: Int?

    func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement {
        let standing = search.run.standing(&state)
        let open = standing.open.intersection(askable)
        if open.isEmpty { return standing.winner == target ? .impossible : .met }
        return .branch(slot: search.run.branchSlot(open), priority: 0)
    }
}

/// "Two answers to `fact` give different winners under some answers to `others`": branches on
/// the other facts the bound keeps open, and once only `fact` is left open, compares its answers.
struct FlipGoal: SearchGoal {
    let fact: Int
    let others: SlotSet

    func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement {
        let run = search.run
        let standing = run.standing(&state)
        var considered = others
        considered.insert(fact)
        let open = standing.open.intersection(considered)
        if open.isEmpty { return .impossible }
        var branchOn = open
        branchOn.remove(fact)
        if !branchOn.isEmpty { return .branch(slot: run.branchSlot(branchOn), priority: 0) }
        // Only this fact can still move the winner here: compare its answers.
        let domain = run.book.domains[fact]
        var winners: [Int?] = []
        var unsettled = SlotSet()
        let others = self.others
        let completed = search.tryEach(fact, domain.candidates, &state) { state in
            let answered = run.standing(&state)
            let stillOpen = answered.open.intersection(others)
            guard stillOpen.isEmpty else {
                unsettled.formUnion(stillOpen)
                return true
            }
            if !winners.contains(answered.winner) { winners.append(answered.winner) }
            return winners.count < 2
        }
        if winners.count > 1 { return .met }
        guard completed else { return .unproven }
        if unsettled.isEmpty { return domain.isExact ? .impossible : .unproven }
        return .branch(slot: run.branchSlot(unsettled), priority: 0)
    }
}
