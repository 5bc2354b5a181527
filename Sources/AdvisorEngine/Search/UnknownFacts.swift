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
    /// ask`, `advisor explain` and `advisor score` state. First the facts proved unable to change
    /// the winner without search (`idleFacts`) are set aside; then, over the others, every
    /// completion's winner is read when they are few (`enumerate`), else a proof that the
    /// recommendation is settled (`SettleGoal`) and, failing that, for each fact, a search for two
    /// of its answers that give different winners (`FlipGoal`). A fact the budget leaves
    /// undecided could change it. Leaves `state` as it found it.
    func decide(_ state: inout State, askable allAskable: SlotSet, target: Int?, budget: SearchBudget) -> UnknownFactsDecision {
        if allAskable.isEmpty { return UnknownFactsDecision(settled: true, couldChange: SlotSet(), undecided: SlotSet()) }
        // An idle fact's answer changes no winner, whatever the others: left unknown, it leaves
        // the winner of every completion of the others as any answer to it would.
        let askable = allAskable.subtracting(idleFacts(&state, askable: allAskable))
        if askable.isEmpty { return UnknownFactsDecision(settled: winner(&state) == target, couldChange: SlotSet(), undecided: SlotSet()) }
        // Reading every completion spends about as many answers as there are completions, from the settle budget.
        if let completions = completionCount(askable), completions <= min(Self.enumerationLimit, budget.settle) {
            return enumerate(&state, askable: askable, target: target)
        }
        var settleBudget = budget.settle
        if settles(&state, askable: askable, target: target, budget: &settleBudget) {
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

    /// The askable facts proved, without search, unable to change the winner whatever the other
    /// unknown facts are: every undecided rule they leave open scores and knocks out only models
    /// that always stay below some rival (not `contenders`). Two completions that differ in such a
    /// fact alone then give every contender the same fit and exclusions, and every other model
    /// stays below a rival, so they have the same winner. Facts without representative values,
    /// and any fact when a condition failed (a failure is not bounded), are left to the search.
    func idleFacts(_ state: inout State, askable: SlotSet) -> SlotSet {
        _ = winner(&state)
        guard !state.statuses.contains(.failed) else { return SlotSet() }
        let contenders = contenders(state)
        var moving = SlotSet()
        for position in effective where state.statuses[position] == .undecided && book.table.touches(position, contenders) {
            moving.formUnion(state.causes[position])
        }
        var idle = askable.subtracting(moving)
        for slot in idle.elements where book.domains[slot].candidates.isEmpty { idle.remove(slot) }
        return idle
    }

    /// Up to this many completions of the askable facts, `decide` reads every completion's winner
    /// (`enumerate`) rather than searching: a batch profile with a few facts unknown costs a
    /// few dozen answers that way, where the searches' bounds would cost more than they save.
    static let enumerationLimit = 256

    /// How many completions the askable facts have over their representative values (nil: too
    /// many to count, or a fact without representatives).
    func completionCount(_ askable: SlotSet) -> Int? {
        var count = 1
        for slot in askable.elements {
            guard !book.domains[slot].candidates.isEmpty else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: book.domains[slot].candidates.count)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// `decide` by reading the winner of every completion: settled when every one gives
    /// `target`; a fact could change the recommendation when two completions that differ in it
    /// alone give different winners. Where a domain is only representative, "settled" and
    /// "cannot change" are not proved: such a fact counts as undecided (could change).
    private func enumerate(_ state: inout State, askable: SlotSet, target: Int?) -> UnknownFactsDecision {
        var table = WinnerTable(slots: askable.elements, sizes: askable.elements.map { book.domains[$0].candidates.count })
        fill(&table, &state, level: 0, offset: 0, idle: SlotSet())
        let exact = table.slots.allSatisfy { book.domains[$0].isExact }
        let settled = exact && table.winners.allSatisfy { $0 == target }
        var decision = UnknownFactsDecision(settled: settled, couldChange: SlotSet(), undecided: SlotSet())
        guard !settled else { return decision }
        for (level, slot) in table.slots.enumerated() {
            let (size, stride) = (table.sizes[level], table.strides[level])
            var flips = false
            search: for index in table.winners.indices where (index / stride) % size == 0 {
                for value in 1..<size where table.winners[index + value * stride] != table.winners[index] {
                    flips = true
                    break search
                }
            }
            if flips {
                decision.couldChange.insert(slot)
            } else if !exact {
                decision.couldChange.insert(slot)
                decision.undecided.insert(slot)
            }
        }
        return decision
    }

    /// Fills the winners of the completions below `level` (the slots before it set), at `offset`.
    /// Facts idle here (`idleFacts`) are not tried: the winners of their first value stand for
    /// all of theirs. Leaves `state` as it found it.
    private func fill(_ table: inout WinnerTable, _ state: inout State, level: Int, offset: Int, idle: SlotSet) {
        guard level < table.slots.count else {
            table.winners[offset] = winner(&state)
            return
        }
        let slot = table.slots[level], size = table.sizes[level], stride = table.strides[level]
        var idle = idle
        // Worth a look only above a few completions; `decide` has looked at the top.
        if level > 0 && stride * size >= Self.idleCheckSize { idle.formUnion(idleFacts(&state, askable: SlotSet(table.slots[level...]))) }
        if idle.contains(slot) {
            fill(&table, &state, level: level + 1, offset: offset, idle: idle)
            for value in 1..<size {
                for index in 0..<stride { table.winners[offset + value * stride + index] = table.winners[offset + index] }
            }
            return
        }
        let mark = state.mark
        for (value, candidate) in book.domains[slot].candidates.enumerated() {
            assign(slot, candidate, in: &state)
            fill(&table, &state, level: level + 1, offset: offset + value * stride, idle: idle)
            rollback(&state, to: mark)
        }
    }

    /// Below this many completions, `enumerate` reads them all rather than look for idle facts.
    static let idleCheckSize = 4

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

/// The winner of every completion of `slots` (nil: none), numbered by their values' positions
/// with the first slot most significant.
struct WinnerTable {
    let slots: [Int]
    let sizes: [Int]
    /// For each slot, how far apart in `winners` two completions that differ in it alone are.
    let strides: [Int]
    var winners: [Int?]

    init(slots: [Int], sizes: [Int]) {
        self.slots = slots
        self.sizes = sizes
        var strides = sizes
        var stride = 1
        for level in sizes.indices.reversed() {
            strides[level] = stride
            stride *= sizes[level]
        }
        self.strides = strides
        winners = Array(repeating: nil, count: stride)
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
