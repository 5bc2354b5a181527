import AdvisorCEL

/// Scores partial profiles one answer at a time, for the question search.
///
/// `RuleBook.score` evaluates every rule and builds a full `Evaluation` (about 30 µs on the
/// shipped book); the search behind `QuestionPlanner` tries thousands of partial profiles, each
/// differing from its parent by one fact. This scorer keeps each rule's outcome, re-evaluates
/// only the rules that read a slot whose value changed, and records every change on a trail so
/// the search can undo an answer instead of copying the state. It reads off the winner and the
/// sound bound on the facts that could still change it exactly as `RuleBook.score` computes them
/// (the tests compare the two on many partial profiles). The rule book's effects are copied into
/// flat tables of plain numbers so the hot loops never touch reference-counted values.
struct PartialScorer: Sendable {
    let askedCount: Int
    let factCount: Int
    let modelCount: Int
    let neutral: Double
    /// Conditions, by rule evaluation position.
    let programs: [Condition]
    /// For each rule, the slots it reads.
    let ruleReads: [SlotSet]
    /// For each rule, its score effects: `scoreModel[range]`, `scorePoints[range]`, in written order.
    let scoreRange: [Range<Int>]
    let scoreModel: [Int]
    let scorePoints: [Double]
    /// For each rule, the models it excludes: `excludeModel[range]`.
    let excludeRange: [Range<Int>]
    let excludeModel: [Int]
    /// The positions of the rules that score or exclude (the others only derive facts).
    let effective: [Int]
    /// For each rule, whether it derives a fact (its outcome can change a derived slot).
    let derives: [Bool]
    /// For each rule, the derived slots settled once it has run: `finalizeSlot[range]`.
    let finalizeRange: [Range<Int>]
    let finalizeSlot: [Int]
    /// For each slot, its deriving rules in source order: `deriverPosition[range]` with the value each gives.
    let deriverRange: [Range<Int>]
    let deriverPosition: [Int]
    let deriverValue: [CELValue]
    /// For each slot, its default (derived facts) and whether it has one.
    let defaults: [CELBinding]
    /// For each derived slot no rule derives, its constant value.
    let constant: [Bool]

    init(book: RuleBook) {
        askedCount = book.askedFactCount
        factCount = book.facts.count
        modelCount = book.models.count
        neutral = book.header.neutral
        programs = book.rules.map { Condition($0.program) }
        ruleReads = book.rules.map { SlotSet($0.reads) }

        var scoreRange: [Range<Int>] = [], scoreModel: [Int] = [], scorePoints: [Double] = []
        var excludeRange: [Range<Int>] = [], excludeModel: [Int] = []
        var finalizeRange: [Range<Int>] = [], finalizeSlot: [Int] = []
        for (position, rule) in book.rules.enumerated() {
            let start = scoreModel.count
            for (model, points) in rule.scores {
                scoreModel.append(model)
                scorePoints.append(points)
            }
            scoreRange.append(start..<scoreModel.count)
            let excludeStart = excludeModel.count
            excludeModel += rule.excludes
            excludeRange.append(excludeStart..<excludeModel.count)
            let finalizeStart = finalizeSlot.count
            finalizeSlot += book.finalizeAfter[position]
            finalizeRange.append(finalizeStart..<finalizeSlot.count)
        }
        self.scoreRange = scoreRange
        self.scoreModel = scoreModel
        self.scorePoints = scorePoints
        self.excludeRange = excludeRange
        self.excludeModel = excludeModel
        self.finalizeRange = finalizeRange
        self.finalizeSlot = finalizeSlot
        derives = book.rules.map { !$0.derives.isEmpty }
        effective = book.rules.indices.filter { !book.rules[$0].scores.isEmpty || !book.rules[$0].excludes.isEmpty }

        var deriverRange: [Range<Int>] = [], deriverPosition: [Int] = [], deriverValue: [CELValue] = []
        for slot in 0..<book.facts.count {
            let start = deriverPosition.count
            for position in book.derivers[slot] ?? [] {
                guard let value = book.rules[position].derives.first(where: { $0.slot == slot })?.value else { continue }
                deriverPosition.append(position)
                deriverValue.append(value)
            }
            deriverRange.append(start..<deriverPosition.count)
        }
        self.deriverRange = deriverRange
        self.deriverPosition = deriverPosition
        self.deriverValue = deriverValue
        defaults = book.facts.map { $0.defaultValue.map(CELBinding.value) ?? .unknown }
        constant = book.facts.indices.map { $0 >= book.askedFactCount && book.derivers[$0] == nil }
    }

    /// What the scorer knows about one partial profile, with the trail of changes to undo.
    struct State: Sendable {
        /// Asked facts, then derived facts, as in `RuleBook.facts`.
        var slots: [CELBinding]
        var statuses: [RuleStatus]
        /// For an undecided rule, the asked facts whose being unknown kept it undecided.
        var causes: [SlotSet]
        /// For an unknown derived slot, the asked facts that made it unknown (indexed by slot).
        var slotCauses: [SlotSet]
        /// Changes made since the state was built, newest last: undone by `rollback`.
        var trail: [Change] = []
        /// Work space for `standing`, one entry per model, so reading the standing does not allocate.
        var tallies: [ModelTally]

        /// How many answers have been tried on this state (a measure of the search's work).
        var assignments = 0

        /// A position in the trail to come back to.
        var mark: Int { trail.count }
    }

    /// One undoable change: what a rule or a slot held before.
    enum Change: Sendable {
        case rule(position: Int, status: RuleStatus, causes: SlotSet)
        case slot(slot: Int, binding: CELBinding, causes: SlotSet)
    }

    /// Where the models stand for one partial profile (the fits are in the state's work space).
    struct Standing: Sendable {
        /// The model no rule excluded that is above every other such model (nil when every model
        /// is excluded or the best are tied).
        var winner: Int?
        /// Asked facts whose being unknown could still change the winner (`Evaluation.couldChange`).
        var open: SlotSet
    }

    // MARK: - Evaluating

    /// The state of a profile, every rule evaluated.
    func state(for facts: FactSet) -> State {
        var slots = facts.bindings
        for slot in askedCount..<factCount {
            slots.append(constant[slot] ? defaults[slot] : .unknown)
        }
        let rules = programs.count
        var state = State(
            slots: slots, statuses: Array(repeating: .notFired, count: rules), causes: Array(repeating: SlotSet(), count: rules),
            slotCauses: Array(repeating: SlotSet(), count: factCount),
            tallies: Array(repeating: ModelTally(fit: neutral), count: modelCount))
        propagate(&state, changed: nil)
        state.trail.removeAll()
        return state
    }

    /// Gives an asked fact a value and re-evaluates what reads it; `rollback` undoes it.
    func assign(_ slot: Int, _ value: CELValue, in state: inout State) {
        let binding = CELBinding.value(value)
        state.assignments += 1
        guard state.slots[slot] != binding else { return }
        state.trail.append(.slot(slot: slot, binding: state.slots[slot], causes: state.slotCauses[slot]))
        state.slots[slot] = binding
        var changed = SlotSet()
        changed.insert(slot)
        propagate(&state, changed: changed)
    }

    /// Undoes every change made since `mark`.
    func rollback(_ state: inout State, to mark: Int) {
        while state.trail.count > mark, let change = state.trail.popLast() {
            switch change {
            case .rule(let position, let status, let causes):
                state.statuses[position] = status
                state.causes[position] = causes
            case .slot(let slot, let binding, let causes):
                state.slots[slot] = binding
                state.slotCauses[slot] = causes
            }
        }
    }

    /// Re-evaluates the rules reading a changed slot (every rule when `changed` is nil), in
    /// evaluation order, settling derived facts after their last deriving rule as `score` does.
    private func propagate(_ state: inout State, changed initial: SlotSet?) {
        var changed = initial ?? SlotSet()
        let everything = initial == nil
        var changedRules = SlotSet()  // positions of deriving rules whose outcome changed (bounded below)
        var changedRuleList: [Int] = []
        for position in programs.indices {
            if everything || ruleReads[position].intersects(changed) {
                let status: RuleStatus
                var causes = SlotSet()
                let result = programs[position].evaluate(CELSlotActivation(state.slots))
                switch result {
                case .value(.bool(true)): status = .fired
                case .value(.bool(false)): status = .notFired
                case .unknown(let unknownSlots):
                    status = .undecided
                    for slot in unknownSlots {
                        if slot < askedCount { causes.insert(slot) } else if slot < factCount { causes.formUnion(state.slotCauses[slot]) }
                    }
                case .error, .value:
                    status = .failed
                }
                if status != state.statuses[position] || causes != state.causes[position] {
                    state.trail.append(.rule(position: position, status: state.statuses[position], causes: state.causes[position]))
                    state.statuses[position] = status
                    state.causes[position] = causes
                    if derives[position] {
                        if position < SlotSet.capacity { changedRules.insert(position) } else { changedRuleList.append(position) }
                    }
                }
            }
            for index in finalizeRange[position] {
                let slot = finalizeSlot[index]
                if !everything {
                    var touched = false
                    for deriver in deriverRange[slot] {
                        let rule = deriverPosition[deriver]
                        if changedRules.contains(rule) || changedRuleList.contains(rule) {
                            touched = true
                            break
                        }
                    }
                    if !touched { continue }
                }
                let (binding, causes) = derivedValue(slot, state)
                if binding != state.slots[slot] || causes != state.slotCauses[slot] {
                    state.trail.append(.slot(slot: slot, binding: state.slots[slot], causes: state.slotCauses[slot]))
                    state.slots[slot] = binding
                    state.slotCauses[slot] = causes
                    changed.insert(slot)
                }
            }
        }
    }

    /// A derived fact's value once its deriving rules have run: as `RuleBook.score` decides it.
    private func derivedValue(_ slot: Int, _ state: State) -> (CELBinding, SlotSet) {
        var firstUndecided: CELValue?
        var undecidedAgree = true
        var causes = SlotSet()
        for index in deriverRange[slot] {
            let value = deriverValue[index]
            let position = deriverPosition[index]
            switch state.statuses[position] {
            case .fired:
                if undecidedAgree && (firstUndecided == nil || firstUndecided == value) { return (.value(value), SlotSet()) }
                return (.unknown, causes)
            case .undecided:
                if let first = firstUndecided {
                    if first != value { undecidedAgree = false }
                } else {
                    firstUndecided = value
                }
                causes.formUnion(state.causes[position])
            case .notFired, .failed:
                continue
            }
        }
        if case .value(let fallback) = defaults[slot], undecidedAgree, firstUndecided == nil || firstUndecided == fallback {
            return (.value(fallback), SlotSet())
        }
        return (.unknown, causes)
    }

    // MARK: - Reading the standing

    /// The winner and the open facts, as `RuleBook.score` computes them (fits summed in rule
    /// order, so rounding is the same); the fits and bounds are left in the state's work space.
    func standing(_ state: inout State) -> Standing {
        let statuses = state.statuses
        let causes = state.causes
        return state.tallies.withUnsafeMutableBufferPointer { tallies in
            for model in tallies.indices { tallies[model] = ModelTally(fit: neutral) }
            for position in effective {
                switch statuses[position] {
                case .fired:
                    for index in scoreRange[position] { tallies[scoreModel[index]].fit += scorePoints[index] }
                    for index in excludeRange[position] { tallies[excludeModel[index]].excluded = true }
                case .undecided:
                    for index in scoreRange[position] {
                        let points = scorePoints[index]
                        if points < 0 { tallies[scoreModel[index]].lowest += points } else { tallies[scoreModel[index]].highest += points }
                    }
                    for index in excludeRange[position] { tallies[excludeModel[index]].mayBeExcluded = true }
                case .notFired, .failed:
                    break
                }
            }
            for model in tallies.indices {
                tallies[model].lowest = tallies[model].fit + tallies[model].lowest
                tallies[model].highest = tallies[model].fit + tallies[model].highest
            }
            let standings = TallyStandings(tallies: UnsafeBufferPointer(tallies))
            let winner = standings.winner
            var open = SlotSet()
            let relevance = standings.relevance
            guard !relevance.isEmpty else { return Standing(winner: winner, open: open) }
            for position in effective where statuses[position] == .undecided {
                var relevant = false
                for index in excludeRange[position] where relevance.matters(excluding: excludeModel[index]) { relevant = true }
                if !relevant {
                    for index in scoreRange[position] where relevance.matters(points: scorePoints[index], model: scoreModel[index]) {
                        relevant = true
                        break
                    }
                }
                if relevant { open.formUnion(causes[position]) }
            }
            return Standing(winner: winner, open: open)
        }
    }

    /// The winner's lead over the best other model not excluded, from the work space `standing`
    /// filled (0 when there is no other).
    func margin(_ state: State, winner: Int?) -> Double {
        guard let winner else { return 0 }
        var best: Double?
        for (model, tally) in state.tallies.enumerated() where model != winner && !tally.excluded {
            best = max(best ?? -.infinity, tally.fit)
        }
        return best.map { state.tallies[winner].fit - $0 } ?? 0
    }
}

/// The tallies of a standing, read the one way (`ModelStandings`).
struct TallyStandings: ModelStandings {
    let tallies: UnsafeBufferPointer<ModelTally>
    var modelCount: Int { tallies.count }
    func fit(_ model: Int) -> Double { tallies[model].fit }
    func lowestFit(_ model: Int) -> Double { tallies[model].lowest }
    func highestFit(_ model: Int) -> Double { tallies[model].highest }
    func isExcluded(_ model: Int) -> Bool { tallies[model].excluded }
    func mayBeExcluded(_ model: Int) -> Bool { tallies[model].mayBeExcluded }
}

/// One model's fit, bounds and exclusions while reading a standing.
struct ModelTally: Sendable {
    var fit: Double
    /// Points of undecided rules that could lower it, then (after summing) the lowest reachable fit.
    var lowest = 0.0
    /// Points of undecided rules that could raise it, then the highest reachable fit.
    var highest = 0.0
    var excluded = false
    var mayBeExcluded = false
}

/// A rule's condition behind one reference: copying a `CELProgram` out of an array retains each
/// of its references, which was most of the search's time; a box costs one retain.
final class Condition: Sendable {
    let program: CELProgram

    init(_ program: CELProgram) { self.program = program }

    func evaluate(_ activation: CELSlotActivation) -> CELResult { program.evaluate(activation) }
}
