import AdvisorCEL

/// The one partial evaluation every search runs on: a profile's state with some facts unknown,
/// changed one fact at a time and undone from a trail.
///
/// `RuleBook.score` evaluates every rule and builds a full `Evaluation`; a search tries thousands
/// of partial profiles, each differing from its parent by one fact. A partial run keeps each
/// rule's status, re-evaluates only the rules that read a slot whose value changed, and records
/// every change on a trail so the search can undo an answer instead of copying the state. It
/// reads the same compiled tables as `RuleBook.run` (`RuleTable`: effects, derivers, the derived
/// facts settled after each rule) and settles derived facts and the unknown facts that could
/// change the answer with the same code (`RuleTable.derivedValue`, `RuleTable.couldChange`), so
/// its winner and its bound are exactly those of scoring (the tests compare the two).
struct PartialRun: Sendable {
    let book: RuleBook
    let askedCount: Int
    let factCount: Int
    let modelCount: Int
    /// Conditions, by rule evaluation position.
    let programs: [Condition]
    /// For each rule, the slots it reads.
    let ruleReads: [SlotSet]
    /// For each rule, whether it derives a fact (its outcome can change a derived slot).
    let derives: [Bool]
    /// The positions of the rules that score or exclude (the others only derive facts).
    let effective: [Int]
    /// The packed form of facts and conditions (`FactEncoding`, `FastProgram`), when the rule
    /// book has one: conditions then run as bit tests on words, as in batch scoring, and CEL only
    /// for the conditions of other shapes.
    let encoding: FactEncoding?
    let fast: FastProgram.Storage?
    /// For each slot, the positions of the rules that read it, as bits (64 positions a word).
    let readers: [[UInt64]]
    /// For each rule, the positions where the derived facts it derives are settled (after
    /// their last deriving rule): to visit when its outcome changes.
    let settledAt: [[Int]]
    /// Whether every sum of points is exact in any order (whole points, far below 2^53): each
    /// model's sums are then kept up to date at every change of a rule's status, not re-added
    /// from every rule for each standing, and still equal scoring's sums in rule order to the bit.
    let exactSums: Bool

    init(book: RuleBook) {
        self.book = book
        askedCount = book.askedFactCount
        factCount = book.facts.count
        modelCount = book.models.count
        programs = book.rules.map { Condition($0.program) }
        ruleReads = book.rules.map { SlotSet($0.reads) }
        derives = book.rules.map { !$0.derives.isEmpty }
        effective = book.rules.indices.filter { !book.rules[$0].scores.isEmpty || !book.rules[$0].excludes.isEmpty }
        encoding = book.encoding
        fast = book.fastStorage
        let words = (book.rules.count + 63) / 64
        var readers = Array(repeating: Array(repeating: UInt64(0), count: words), count: book.facts.count)
        for (position, rule) in book.rules.enumerated() {
            for slot in rule.reads where slot < book.facts.count { readers[slot][position / 64] |= 1 << UInt64(position % 64) }
        }
        self.readers = readers
        var finalizedAt = Array(repeating: -1, count: book.facts.count)
        for (position, slots) in book.finalizeAfter.enumerated() { for slot in slots { finalizedAt[slot] = position } }
        settledAt = book.rules.map { rule in rule.derives.map { finalizedAt[$0.slot] }.filter { $0 >= 0 } }
        let points = [book.header.neutral] + book.rules.flatMap { $0.scores.map(\.points) }
        exactSums = points.allSatisfy { $0 == $0.rounded() } && points.reduce(0) { $0 + abs($1) } < 0x1p52
    }

    /// What the run knows about one partial profile, with the trail of changes to undo.
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
        /// Each model's fit, bounds and exclusions, as `standing` last read them.
        var tallies: [ModelTally]
        /// Each model's sums as the rules' statuses stand, when `exactSums` (see `count`).
        var sums: [ModelSums]
        /// The slots packed (`FactEncoding`): one word per slot and the known ones as bits.
        /// `packed` is false when the rule book has no encoding or a value does not pack; the
        /// conditions then all run as CEL.
        var words: [UInt64]
        var known: UInt64 = 0
        var packed: Bool
        /// Work space of `propagate`: the rule positions still to visit, as bits.
        var visit: [UInt64] = []

        /// How many answers have been tried on this state (a measure of the search's work).
        var assignments = 0

        /// A position in the trail to come back to.
        var mark: Int { trail.count }

        /// Whether an asked fact is unknown.
        func isUnknown(_ slot: Int) -> Bool {
            if case .unknown = slots[slot] { return true }
            return false
        }
    }

    /// One undoable change: what a rule or a slot held before.
    enum Change: Sendable {
        case rule(position: Int, status: RuleStatus, causes: SlotSet)
        case slot(slot: Int, binding: CELBinding, causes: SlotSet, word: UInt64)
    }

    /// Where the models stand for one partial profile (the fits are in the state's tallies).
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
        let table = book.table
        for slot in askedCount..<factCount {
            slots.append(!table.isDerived(slot) ? table.defaultValue[slot].map(CELBinding.value) ?? .unknown : .unknown)
        }
        let rules = programs.count
        var state = State(
            slots: slots, statuses: Array(repeating: .notFired, count: rules), causes: Array(repeating: SlotSet(), count: rules),
            slotCauses: Array(repeating: SlotSet(), count: factCount),
            tallies: Array(repeating: ModelTally(fit: book.header.neutral), count: modelCount),
            sums: Array(repeating: ModelSums(fit: book.header.neutral), count: modelCount),
            words: Array(repeating: 0, count: factCount), packed: encoding != nil && fast != nil)
        for slot in 0..<factCount { pack(slot, &state) }
        propagate(&state, changed: nil)
        state.trail.removeAll()
        return state
    }

    /// The state of a profile a scoring run (`RuleBook.run`) has just scored, from what it
    /// recorded: every slot's binding, derived ones included, and each rule's status and cause.
    /// No rule is evaluated again, so a batch scorer can decide its unknown facts cheaply.
    func state(slots: [CELBinding], statuses: [RuleStatus], causes: [SlotSet], slotCauses: [SlotSet]) -> State {
        var state = State(
            slots: slots, statuses: statuses, causes: causes, slotCauses: slotCauses,
            tallies: Array(repeating: ModelTally(fit: book.header.neutral), count: modelCount),
            sums: Array(repeating: ModelSums(fit: book.header.neutral), count: modelCount),
            words: Array(repeating: 0, count: factCount), packed: encoding != nil && fast != nil)
        for slot in 0..<factCount { pack(slot, &state) }
        for position in effective { count(position, statuses[position], 1, &state) }
        return state
    }

    /// Packs a slot's binding into the state's words (or gives up packing when it does not pack).
    @inline(__always)
    private func pack(_ slot: Int, _ state: inout State) {
        guard state.packed, let encoding else { return }
        guard case .value(let value) = state.slots[slot] else {
            state.known &= ~(1 << UInt64(slot))
            return
        }
        guard let word = encoding.word(for: value, slot: slot) else {
            state.packed = false
            return
        }
        state.words[slot] = word
        state.known |= 1 << UInt64(slot)
    }

    /// Sets a slot's binding, recording what it held on the trail.
    @inline(__always)
    private func replace(_ slot: Int, with binding: CELBinding, causes: SlotSet, _ state: inout State) {
        state.trail.append(.slot(slot: slot, binding: state.slots[slot], causes: state.slotCauses[slot], word: state.words[slot]))
        state.slots[slot] = binding
        state.slotCauses[slot] = causes
        pack(slot, &state)
    }

    /// Gives an asked fact a value and re-evaluates what reads it; `rollback` undoes it.
    func assign(_ slot: Int, _ value: CELValue, in state: inout State) {
        set(slot, .value(value), in: &state)
    }

    /// Gives an asked fact a binding (a value, or `.unknown` to forget it) and re-evaluates what
    /// reads it; `rollback` undoes it.
    func set(_ slot: Int, _ binding: CELBinding, in state: inout State) {
        state.assignments += 1
        guard state.slots[slot] != binding else { return }
        replace(slot, with: binding, causes: state.slotCauses[slot], &state)
        var changed = SlotSet()
        changed.insert(slot)
        propagate(&state, changed: changed)
    }

    /// Undoes every change made since `mark`.
    func rollback(_ state: inout State, to mark: Int) {
        while state.trail.count > mark, let change = state.trail.popLast() {
            switch change {
            case .rule(let position, let status, let causes):
                count(position, state.statuses[position], -1, &state)
                count(position, status, 1, &state)
                state.statuses[position] = status
                state.causes[position] = causes
            case .slot(let slot, let binding, let causes, let word):
                state.slots[slot] = binding
                state.slotCauses[slot] = causes
                state.words[slot] = word
                if case .value = binding { state.known |= 1 << UInt64(slot) } else { state.known &= ~(1 << UInt64(slot)) }
            }
        }
    }

    /// Re-evaluates the rules reading a changed slot (every rule when `changed` is nil), in
    /// evaluation order, settling derived facts after their last deriving rule as `RuleBook.run` does.
    private func propagate(_ state: inout State, changed initial: SlotSet?) {
        guard let initial else {
            for position in programs.indices { visitRule(position, &state, changed: nil, visit: nil) }
            return
        }
        // Only the rules that read a changed slot, and the positions where a derived fact one of
        // them derives is settled, in evaluation order: the others keep their outcome. A rule
        // reading a derived fact comes after the position that settles it, so positions to visit
        // are only ever added ahead of the one visited.
        var visit = state.visit
        state.visit = []
        if visit.count != readers.first?.count ?? 0 { visit = Array(repeating: 0, count: readers.first?.count ?? 0) }
        var changed = initial
        for slot in initial.elements where slot < readers.count {
            for word in visit.indices { visit[word] |= readers[slot][word] }
        }
        var word = 0
        while word < visit.count {
            let bits = visit[word]
            if bits == 0 {
                word += 1
                continue
            }
            let bit = bits.trailingZeroBitCount
            visit[word] &= ~(1 << UInt64(bit))
            visitRule(word * 64 + bit, &state, changed: &changed, visit: &visit)
        }
        state.visit = visit
    }

    /// Re-evaluates the rule at `position` when it reads a changed slot (always when `changed`
    /// is nil), then settles the derived facts settled after it whose derivers changed, adding
    /// what that changes to `changed` and the positions to visit for it to `visit`.
    @inline(__always)
    private func visitRule(_ position: Int, _ state: inout State, changed: UnsafeMutablePointer<SlotSet>?, visit: UnsafeMutablePointer<[UInt64]>?) {
        let table = book.table
        let everything = changed == nil
        if everything || ruleReads[position].intersects(changed!.pointee) {
            let (status, causes) = evaluate(position, state)
            if status != state.statuses[position] || causes != state.causes[position] {
                state.trail.append(.rule(position: position, status: state.statuses[position], causes: state.causes[position]))
                count(position, state.statuses[position], -1, &state)
                count(position, status, 1, &state)
                state.statuses[position] = status
                state.causes[position] = causes
                if let visit, derives[position] {
                    for settled in settledAt[position] where settled > position { visit.pointee[settled / 64] |= 1 << UInt64(settled % 64) }
                }
            }
        }
        for index in Int(table.finalizeStart[position])..<Int(table.finalizeStart[position + 1]) {
            let slot = Int(table.finalizeSlot[index])
            let (value, causes) = table.derivedValue(slot, status: { state.statuses[$0] }, cause: { state.causes[$0] })
            let binding = value.map(CELBinding.value) ?? .unknown
            if binding != state.slots[slot] || causes != state.slotCauses[slot] {
                replace(slot, with: binding, causes: causes, &state)
                changed?.pointee.insert(slot)
                if let visit { for word in visit.pointee.indices { visit.pointee[word] |= readers[slot][word] } }
            }
        }
    }

    /// A rule's status and, when undecided, the asked facts behind it: as a bit test on the
    /// packed words when the condition has that form, else through CEL.
    @inline(__always)
    private func evaluate(_ position: Int, _ state: State) -> (RuleStatus, SlotSet) {
        var causes = SlotSet()
        func cause(_ slot: Int) {
            if slot < askedCount { causes.insert(slot) } else if slot < factCount { causes.formUnion(state.slotCauses[slot]) }
        }
        if state.packed, let fast, fast.roots[position] >= 0 {
            let truth = state.words.withUnsafeBufferPointer { words in
                FastProgram.evaluate(Int(fast.roots[position]), fast.nodes, fast.children, words, state.known)
            }
            switch truth {
            case .yes: return (.fired, causes)
            case .no: return (.notFired, causes)
            case .open(var slots):
                while slots != 0 {
                    cause(slots.trailingZeroBitCount)
                    slots &= slots - 1
                }
                return (.undecided, causes)
            }
        }
        switch programs[position].evaluate(CELSlotActivation(state.slots)) {
        case .value(.bool(true)): return (.fired, causes)
        case .value(.bool(false)): return (.notFired, causes)
        case .unknown(let unknownSlots):
            for slot in unknownSlots { cause(slot) }
            return (.undecided, causes)
        case .error, .value:
            return (.failed, causes)
        }
    }

    // MARK: - Reading the standing

    /// The winner and the open facts, as `RuleBook.score` computes them (fits summed in rule
    /// order, so rounding is the same); the fits and bounds are left in the state's tallies.
    func standing(_ state: inout State) -> Standing {
        tally(&state)
        let table = book.table
        let standings = TallyStandings(tallies: state.tallies)
        let statuses = state.statuses, causes = state.causes
        let open = table.couldChange(standings.relevance, ruleCount: statuses.count, status: { statuses[$0] }, cause: { causes[$0] })
        return Standing(winner: standings.winner, open: open)
    }

    /// The winner alone (`standing` without the open facts): for complete profiles.
    func winner(_ state: inout State) -> Int? {
        tally(&state)
        return TallyStandings(tallies: state.tallies).winner
    }

    /// Adds (`sign` 1) or takes back (-1) the effects of the rule at `position` with `status` to
    /// the state's sums, when they are kept (`exactSums`).
    @inline(__always)
    private func count(_ position: Int, _ status: RuleStatus, _ sign: Double, _ state: inout State) {
        guard exactSums else { return }
        let table = book.table
        switch status {
        case .fired:
            for effect in Int(table.scoreStart[position])..<Int(table.scoreStart[position + 1]) {
                state.sums[Int(table.scoreModel[effect])].fit += sign * table.scorePoints[effect]
            }
            for effect in Int(table.excludeStart[position])..<Int(table.excludeStart[position + 1]) {
                state.sums[Int(table.excludeModel[effect])].excluding += Int32(sign)
            }
        case .undecided:
            for effect in Int(table.scoreStart[position])..<Int(table.scoreStart[position + 1]) {
                let points = table.scorePoints[effect], model = Int(table.scoreModel[effect])
                if points < 0 { state.sums[model].against += sign * points } else { state.sums[model].for += sign * points }
            }
            for effect in Int(table.excludeStart[position])..<Int(table.excludeStart[position + 1]) {
                state.sums[Int(table.excludeModel[effect])].mayExclude += Int32(sign)
            }
        case .notFired, .failed:
            break
        }
    }

    /// Fills the state's tallies: each model's fit, bounds and exclusions (from the sums when
    /// they are kept, else adding every rule's points in rule order, as scoring does).
    private func tally(_ state: inout State) {
        if exactSums {
            for (model, sums) in state.sums.enumerated() {
                state.tallies[model] = ModelTally(
                    fit: sums.fit, lowest: sums.fit + sums.against, highest: sums.fit + sums.for,
                    excluded: sums.excluding > 0, mayBeExcluded: sums.mayExclude > 0)
            }
            return
        }
        let table = book.table
        let neutral = book.header.neutral
        let statuses = state.statuses
        state.tallies.withUnsafeMutableBufferPointer { tallies in
            for model in tallies.indices { tallies[model] = ModelTally(fit: neutral) }
            for position in effective {
                let scores = Int(table.scoreStart[position])..<Int(table.scoreStart[position + 1])
                let excludes = Int(table.excludeStart[position])..<Int(table.excludeStart[position + 1])
                switch statuses[position] {
                case .fired:
                    for effect in scores { tallies[Int(table.scoreModel[effect])].fit += table.scorePoints[effect] }
                    for effect in excludes { tallies[Int(table.excludeModel[effect])].excluded = true }
                case .undecided:
                    for effect in scores {
                        let points = table.scorePoints[effect], model = Int(table.scoreModel[effect])
                        if points < 0 { tallies[model].lowest += points } else { tallies[model].highest += points }
                    }
                    for effect in excludes { tallies[Int(table.excludeModel[effect])].mayBeExcluded = true }
                case .notFired, .failed:
                    break
                }
            }
            for model in tallies.indices {
                tallies[model].lowest = tallies[model].fit + tallies[model].lowest
                tallies[model].highest = tallies[model].fit + tallies[model].highest
            }
        }
    }

    /// The tallies `standing` last read, as `ModelStandings`.
    func standings(_ state: State) -> TallyStandings { TallyStandings(tallies: state.tallies) }

    /// The most `model` can still end above `rival`: its lead now plus, for every undecided rule,
    /// what the rule would add to that lead if it fired (a rule giving both the same points adds
    /// nothing). Tighter than `highestFit(model) - lowestFit(rival)`, which it never exceeds, and
    /// sound: `model` ends strictly above `rival` only if this is positive. Reads the tallies
    /// `standing` filled.
    func lead(of model: Int, over rival: Int, _ state: State) -> Double {
        lead(of: model, over: rival, state, undecided: state.statuses.indices.lazy.filter { state.statuses[$0] == .undecided })
    }

    /// `lead`, over the undecided rules at `undecided` (the caller's list, to read it once for many pairs).
    private func lead<Positions: Sequence<Int>>(of model: Int, over rival: Int, _ state: State, undecided: Positions) -> Double {
        let table = book.table
        var lead = state.tallies[model].fit - state.tallies[rival].fit
        for position in undecided {
            var gain = 0.0
            for effect in Int(table.scoreStart[position])..<Int(table.scoreStart[position + 1]) {
                let target = Int(table.scoreModel[effect])
                if target == model { gain += table.scorePoints[effect] } else if target == rival { gain -= table.scorePoints[effect] }
            }
            if gain > 0 { lead += gain }
        }
        return lead
    }

    /// The models that may still end on top, alone or tied, for some answers to the unknown facts:
    /// those no rule knocked out that some rival no rule can knock out does not always stay above
    /// (`lead` below zero). With a margin for rounding, so the set is never too small. Reads the
    /// tallies `standing` or `winner` filled.
    func contenders(_ state: State) -> ModelMask {
        let undecided = effective.filter { state.statuses[$0] == .undecided }
        var scale = 1.0
        for tally in state.tallies { scale += abs(tally.lowest) + abs(tally.highest) }
        let margin = scale * 1e-9
        var contenders = ModelMask()
        for model in 0..<modelCount where !state.tallies[model].excluded {
            let tally = state.tallies[model]
            let alwaysBelow = state.tallies.indices.contains { rival in
                let other = state.tallies[rival]
                guard rival != model && !other.excluded && !other.mayBeExcluded else { return false }
                // The lead lies between the two fits' difference and the highest minus the lowest.
                if tally.highest - other.lowest < -margin { return true }
                if tally.fit - other.fit >= -margin { return false }
                return lead(of: model, over: rival, state, undecided: undecided) < -margin
            }
            if !alwaysBelow { contenders.insert(model) }
        }
        return contenders
    }

    /// The winner's lead over the best other model not excluded, from the tallies `standing`
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
    let tallies: [ModelTally]
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

/// One model's points and knock-outs as a partial run's rules stand: points of fired rules (with
/// the neutral fit), of undecided rules against and for it, and the fired and undecided rules
/// that knock it out.
struct ModelSums: Sendable {
    var fit: Double
    var against = 0.0
    var `for` = 0.0
    var excluding: Int32 = 0
    var mayExclude: Int32 = 0
}

/// A rule's condition behind one reference: copying a `CELProgram` out of an array retains each
/// of its references, which was most of the search's time; a box costs one retain.
final class Condition: Sendable {
    let program: CELProgram

    init(_ program: CELProgram) { self.program = program }

    func evaluate(_ activation: CELSlotActivation) -> CELResult { program.evaluate(activation) }
}
