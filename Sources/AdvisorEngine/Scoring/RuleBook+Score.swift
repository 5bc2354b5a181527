import AdvisorCEL
import AdvisorDiagnostics

extension RuleBook {
    /// Turns fact values by id into a fact set, checking each against its declaration.
    /// Ids the rule book does not declare, derived facts, and values that do not fit are errors.
    public func factSet(_ values: [String: CELValue]) -> Result<FactSet, [FactValues.Mismatch]> {
        var bindings = Array(repeating: CELBinding.unknown, count: askedFactCount)
        var problems: [FactValues.Mismatch] = []
        for (id, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let slot = factSlots[id], slot < askedFactCount else {
                let isDerived = factSlots[id] != nil
                problems.append(
                    FactValues.Mismatch(
                        message: isDerived ? "'\(id)' is concluded by the rules, not given in a profile" : "unknown fact '\(id)'",
                        hint: isDerived ? "remove it from the profile" : NameSuggestion.hint(for: id, among: askedFacts.map(\.id))))
                continue
            }
            switch FactValues.validate(value, as: facts[slot].kind, factId: id) {
            case .success(let normalised): bindings[slot] = .value(normalised)
            case .failure(let mismatch): problems.append(mismatch)
            }
        }
        return problems.isEmpty ? .success(FactSet(bindings: bindings)) : .failure(problems)
    }

    /// Scores a profile. Pure: the same rule book and facts always give the same evaluation.
    ///
    /// - Parameter traced: record, for every rule, the facts it read and which parts of its
    ///   condition held (for explanations); off for plain ranking.
    public func score(_ facts: FactSet, traced: Bool = true) -> Evaluation {
        score(facts, trace: traced ? .full : .none)
    }

    /// How much of the trace to record.
    public enum TraceDetail: Sendable {
        /// No trace: ranking and unknown facts only.
        case none
        /// Each rule's status and, when undecided, the unknown facts that left it so (for searches).
        case outcomes
        /// Also the facts each rule read and which parts of its condition held (for explanations).
        case full
    }

    /// Scores a profile, recording the trace to the detail asked for.
    public func score(_ facts: FactSet, trace detail: TraceDetail) -> Evaluation {
        var state = ScoreState(self)
        var conditions = CELConditions(self, facts)
        run(&conditions, &state)
        var evaluation = state.evaluation(self, askedKnown: { slot in
            if case .unknown = facts.bindings[slot] { return false } else { return true }
        })
        evaluation.derived = (askedFactCount..<self.facts.count).map { slot in
            FactReading(fact: self.facts[slot].id, value: conditions.slots[slot].knownValue)
        }
        if detail != .none { evaluation.trace = trace(conditions.slots, state, full: detail == .full) }
        return evaluation
    }

    /// The ranking order: models not excluded first, then higher fit, then model id.
    static func ranksBefore(_ a: ModelStanding, _ b: ModelStanding) -> Bool {
        if a.excluded != b.excluded { return !a.excluded }
        if a.fit != b.fit { return a.fit > b.fit }
        return a.model < b.model
    }

    // MARK: - The scoring run, shared by every path

    /// Runs every rule in order against the condition evaluator, applying effects and settling
    /// derived facts as soon as the last rule that can derive them has run.
    func run<E: ConditionEvaluator>(_ conditions: inout E, _ state: inout ScoreState) {
        let table = self.table
        for position in 0..<rules.count {
            let status = conditions.evaluate(position)
            state.statuses[position] = status
            let scores = Int(table.scoreStart[position])..<Int(table.scoreStart[position + 1])
            let excludes = Int(table.excludeStart[position])..<Int(table.excludeStart[position + 1])
            switch status {
            case .fired:
                for effect in scores { state.fit[Int(table.scoreModel[effect])] += table.scorePoints[effect] }
                for effect in excludes { state.exclude(Int(table.excludeModel[effect]), by: position) }
            case .undecided:
                state.setCause(ofRule: position, state.askedCauses(conditions.unknownSlots, askedCount: askedFactCount))
                for effect in scores {
                    let model = Int(table.scoreModel[effect]), points = table.scorePoints[effect]
                    if points < 0 { state.lowest[model] += points } else { state.highest[model] += points }
                }
                for effect in excludes { state.mayExclude(Int(table.excludeModel[effect]), by: position) }
            case .failed:
                if let error = conditions.error { state.errors[position] = error }
            case .notFired:
                break
            }
            for index in Int(table.finalizeStart[position])..<Int(table.finalizeStart[position + 1]) {
                let slot = Int(table.finalizeSlot[index])
                let (value, causes) = table.derivedValue(slot, status: { state.statuses[$0] }, cause: { state.cause(ofRule: $0) })
                conditions.assign(slot, value)
                if !causes.isEmpty { state.setCause(ofDerived: slot, causes) }
            }
        }
    }

    /// The trace of a run: for each rule, the facts it read and which parts of its condition held.
    private func trace(_ slots: [CELBinding], _ state: ScoreState, full: Bool) -> [RuleOutcome] {
        let activation = CELSlotActivation(slots)
        return rules.indices.map { position in
            let rule = rules[position]
            let readings = !full ? [] : rule.reads.map { FactReading(fact: facts[$0].id, value: slots[$0].knownValue) }
            let clauses = !full ? [] : rule.clauses.map { clause -> ClauseOutcome in
                if case .value(.bool(let held)) = clause.program.evaluate(activation) { return ClauseOutcome(text: clause.text, held: held) }
                return ClauseOutcome(text: clause.text, held: nil)
            }
            let status = state.statuses[position]
            return RuleOutcome(
                ruleIndex: position, ruleId: rule.id, status: status, factsRead: readings, clauses: clauses,
                unknownFacts: status == .undecided ? state.cause(ofRule: position).elements.map { facts[$0].id } : [],
                error: state.errors[position])
        }
    }
}

// MARK: - Condition evaluators

/// Evaluates rule conditions for `RuleBook.run`, and takes the values of derived facts.
protocol ConditionEvaluator {
    /// The status of the rule at `position`.
    mutating func evaluate(_ position: Int) -> RuleStatus
    /// After `.undecided`: the slots whose being unknown left it so.
    var unknownSlots: SlotSet { get }
    /// After `.failed`: the evaluation error.
    var error: String? { get }
    /// Sets a derived fact (nil: unknown).
    mutating func assign(_ slot: Int, _ value: CELValue?)
}

extension CELBinding {
    var knownValue: CELValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// Evaluates conditions with their CEL programs over bindings.
struct CELConditions: ConditionEvaluator {
    let book: RuleBook
    var slots: [CELBinding]

    /// Bindings for every slot, derived ones included.
    init(_ book: RuleBook, bindings: [CELBinding]) {
        self.book = book
        slots = bindings
    }

    init(_ book: RuleBook, _ facts: FactSet) {
        self.book = book
        slots = facts.bindings
        slots.reserveCapacity(book.facts.count)
        // Derived facts: the default for those no rule derives, unknown until their rules have run.
        for slot in book.askedFactCount..<book.facts.count {
            if !book.table.isDerived(slot), let value = book.table.defaultValue[slot] {
                slots.append(.value(value))
            } else {
                slots.append(.unknown)
            }
        }
    }

    var unknownSlots = SlotSet()
    var error: String?

    mutating func evaluate(_ position: Int) -> RuleStatus {
        interpret(book.rules[position].program.evaluate(CELSlotActivation(slots)))
    }

    mutating func interpret(_ result: CELResult) -> RuleStatus {
        switch result {
        case .value(.bool(true)): return .fired
        case .value(.bool(false)): return .notFired
        case .unknown(let slots):
            unknownSlots = SlotSet(slots)
            return .undecided
        case .error(let failure):
            error = failure.message
            return .failed
        case .value(let other):
            error = "the condition gave \(FactValues.render(other)), not true or false"
            return .failed
        }
    }

    mutating func assign(_ slot: Int, _ value: CELValue?) {
        slots[slot] = value.map { .value($0) } ?? .unknown
    }
}

/// Evaluates conditions on packed words, falling back to CEL for conditions of other shapes.
/// Works in a buffer its `Scorer` owns, so that the hot path copies and retains nothing.
struct EncodedConditions: ConditionEvaluator {
    unowned(unsafe) let book: RuleBook
    let encoding: FactEncoding
    let program: FastProgram.Storage
    /// One word per slot; asked slots filled by the caller, derived slots set here.
    let words: UnsafeMutableBufferPointer<UInt64>
    var known: UInt64
    var unknownWord: UInt64 = 0
    /// Evaluates conditions that run as CEL (built on first need).
    var fallback: CELConditions?

    init(_ book: RuleBook, _ encoding: FactEncoding, _ program: FastProgram.Storage, words: UnsafeMutableBufferPointer<UInt64>, known: UInt64) {
        self.book = book
        self.encoding = encoding
        self.program = program
        self.words = words
        self.known = known & ((1 << UInt64(book.askedFactCount)) &- 1)
        for slot in book.askedFactCount..<book.facts.count {
            if !book.table.isDerived(slot), let value = book.table.defaultValue[slot], let word = encoding.word(for: value, slot: slot) {
                words[slot] = word
                self.known |= 1 << UInt64(slot)
            } else {
                words[slot] = 0
            }
        }
    }

    var unknownSlots: SlotSet { fallback?.unknownSlots ?? SlotSet(word: unknownWord) }
    var error: String? { fallback?.error }

    @inline(__always)
    mutating func evaluate(_ position: Int) -> RuleStatus {
        let root = program.roots[position]
        if root >= 0 {
            switch FastProgram.evaluate(Int(root), program.nodes, program.children, UnsafeBufferPointer(words), known) {
            case .yes: return .fired
            case .no: return .notFired
            case .open(let slots):
                unknownWord = slots
                fallback?.unknownSlots = SlotSet(word: slots)
                return .undecided
            }
        }
        return evaluateAsCEL(position)
    }

    private mutating func evaluateAsCEL(_ position: Int) -> RuleStatus {
        if fallback == nil {
            let bindings: [CELBinding] = book.facts.indices.map { slot in
                known & (1 << UInt64(slot)) != 0 ? .value(encoding.value(of: words[slot], slot: slot)) : .unknown
            }
            fallback = CELConditions(book, bindings: bindings)
        }
        return fallback?.evaluate(position) ?? .failed
    }

    mutating func assign(_ slot: Int, _ value: CELValue?) {
        if let value, let word = encoding.word(for: value, slot: slot) {
            words[slot] = word
            known |= 1 << UInt64(slot)
        } else {
            words[slot] = 0
            known &= ~(1 << UInt64(slot))
        }
        fallback?.assign(slot, value)
    }
}

// MARK: - Working state

/// A scoring run's standing, read the one way (`ModelStandings`).
struct StateStandings: ModelStandings {
    let state: ScoreState
    var modelCount: Int { state.fit.count }
    func fit(_ model: Int) -> Double { state.fit[model] }
    func lowestFit(_ model: Int) -> Double { state.fit[model] + state.lowest[model] }
    func highestFit(_ model: Int) -> Double { state.fit[model] + state.highest[model] }
    func isExcluded(_ model: Int) -> Bool { state.excludedCount[model] > 0 }
    func mayBeExcluded(_ model: Int) -> Bool { state.mayExcludeCount[model] > 0 }
}

/// What a scoring run accumulates; reset and reused between profiles by a `Scorer`. Kept in
/// arrays of plain numbers so that resetting and updating it allocates and retains nothing.
struct ScoreState {
    var fit: [Double]
    var lowest: [Double]
    var highest: [Double]
    /// Per model: how many rules excluded it, and how many undecided ones could.
    var excludedCount: [Int32]
    var mayExcludeCount: [Int32]
    /// (model, rule position) pairs, in rule order.
    var exclusions: [(model: Int32, rule: Int32)] = []
    var mayExclusions: [(model: Int32, rule: Int32)] = []
    var statuses: [RuleStatus]
    /// Per rule position and per slot: where its cause sits in `causeList`, or -1.
    var ruleCause: [Int32]
    var derivedCause: [Int32]
    /// The asked slots that left a rule undecided or a derived fact unknown.
    var causeList: [SlotSet] = []
    var errors: [Int: String] = [:]

    init(_ book: RuleBook) {
        fit = Array(repeating: book.header.neutral, count: book.models.count)
        lowest = Array(repeating: 0, count: book.models.count)
        highest = lowest
        excludedCount = Array(repeating: 0, count: book.models.count)
        mayExcludeCount = excludedCount
        statuses = Array(repeating: .notFired, count: book.rules.count)
        ruleCause = Array(repeating: -1, count: book.rules.count)
        derivedCause = Array(repeating: -1, count: book.facts.count)
    }

    /// Clears everything for the next profile, keeping the buffers.
    mutating func reset(_ book: RuleBook) {
        let neutral = book.header.neutral
        for index in fit.indices {
            fit[index] = neutral
            lowest[index] = 0
            highest[index] = 0
            excludedCount[index] = 0
            mayExcludeCount[index] = 0
        }
        if !exclusions.isEmpty { exclusions.removeAll(keepingCapacity: true) }
        if !mayExclusions.isEmpty { mayExclusions.removeAll(keepingCapacity: true) }
        if !causeList.isEmpty {
            causeList.removeAll(keepingCapacity: true)
            for index in ruleCause.indices { ruleCause[index] = -1 }
            for index in derivedCause.indices { derivedCause[index] = -1 }
        }
        if !errors.isEmpty { errors.removeAll() }
    }

    mutating func exclude(_ model: Int, by rule: Int) {
        excludedCount[model] += 1
        exclusions.append((Int32(model), Int32(rule)))
    }

    mutating func mayExclude(_ model: Int, by rule: Int) {
        mayExcludeCount[model] += 1
        mayExclusions.append((Int32(model), Int32(rule)))
    }

    /// Rule positions that excluded a model, in rule order.
    func excludedBy(_ model: Int) -> [Int] {
        excludedCount[model] == 0 ? [] : exclusions.filter { $0.model == model }.map { Int($0.rule) }
    }

    func mayBeExcludedBy(_ model: Int) -> [Int] {
        mayExcludeCount[model] == 0 ? [] : mayExclusions.filter { $0.model == model }.map { Int($0.rule) }
    }

    mutating func setCause(ofRule position: Int, _ cause: SlotSet) {
        ruleCause[position] = Int32(causeList.count)
        causeList.append(cause)
    }

    mutating func setCause(ofDerived slot: Int, _ cause: SlotSet) {
        derivedCause[slot] = Int32(causeList.count)
        causeList.append(cause)
    }

    func cause(ofRule position: Int) -> SlotSet {
        ruleCause[position] < 0 ? SlotSet() : causeList[Int(ruleCause[position])]
    }

    /// Each rule's cause (empty unless undecided), by position: what a partial run starts from.
    func causesByRule() -> [SlotSet] { ruleCause.indices.map { cause(ofRule: $0) } }

    /// Each slot's cause (empty unless an unknown derived fact), by slot.
    func causesBySlot() -> [SlotSet] { derivedCause.map { $0 < 0 ? SlotSet() : causeList[Int($0)] } }

    /// The asked slots behind unknown slots: asked ones themselves, derived ones through what left them unknown.
    func askedCauses(_ unknownSlots: SlotSet, askedCount: Int) -> SlotSet {
        var result = SlotSet()
        for slot in unknownSlots.elements {
            if slot < askedCount {
                result.insert(slot)
            } else if derivedCause[slot] >= 0 {
                result.formUnion(causeList[Int(derivedCause[slot])])
            }
        }
        return result
    }

    /// Model indices, best first (see `RuleBook.ranksBefore`).
    func order(_ book: RuleBook) -> [Int] {
        var order = Array(book.models.indices)
        var copy = self
        copy.sortOrder(&order, book)
        return order
    }

    /// Sorts model indices best first, in place (insertion sort: a handful of models).
    mutating func sortOrder(_ order: inout [Int], _ book: RuleBook) {  // mutating: called on a stored property, it must not copy the state
        guard order.count > 1 else { return }
        fit.withUnsafeBufferPointer { fit in
            excludedCount.withUnsafeBufferPointer { excluded in
                book.modelIdRank.withUnsafeBufferPointer { rank in
                    func before(_ a: Int, _ b: Int) -> Bool {
                        let aOut = excluded[a] > 0, bOut = excluded[b] > 0
                        if aOut != bOut { return !aOut }
                        if fit[a] != fit[b] { return fit[a] > fit[b] }
                        return rank[a] < rank[b]
                    }
                    // Insertion sort: a handful of models.
                    for i in 1..<order.count {
                        let item = order[i]
                        var j = i - 1
                        while j >= 0, before(item, order[j]) {
                            order[j + 1] = order[j]
                            j -= 1
                        }
                        order[j + 1] = item
                    }
                }
            }
        }
    }

    /// The asked slots whose being unknown could still change the recommendation
    /// (`RuleTable.couldChange`).
    func openSlots(_ book: RuleBook) -> SlotSet {
        book.table.couldChange(
            StateStandings(state: self).relevance, ruleCount: statuses.count, status: { statuses[$0] }, cause: { cause(ofRule: $0) })
    }

    /// The full evaluation (without trace or derived values).
    func evaluation(_ book: RuleBook, askedKnown: (Int) -> Bool) -> Evaluation {
        let order = order(book)
        let ranking = order.map { index in
            ModelStanding(
                model: book.models[index].id, modelIndex: index, fit: fit[index],
                excludedBy: excludedBy(index).map { book.rules[$0].id },
                lowestFit: fit[index] + lowest[index], highestFit: fit[index] + highest[index],
                mayBeExcludedBy: mayBeExcludedBy(index).map { book.rules[$0].id })
        }
        let open = openSlots(book)
        let unknownAsked = (0..<book.askedFactCount).filter { !askedKnown($0) }
        return Evaluation(
            ranking: ranking, trace: [], derived: [],
            couldChange: unknownAsked.filter { open.contains($0) }.map { book.facts[$0].id },
            cannotChange: unknownAsked.filter { !open.contains($0) }.map { book.facts[$0].id },
            undecided: Undecided.of(ranking, givesFacts: unknownAsked.count < book.askedFactCount))
    }
}
