import AdvisorCEL

/// Scores many profiles one after another for batch work, reusing its memory between them.
/// Gives exactly what `RuleBook.score(_:traced:)` gives (the same run, see `RuleBook.run`), but
/// through packed facts (`EncodedFacts`) when the rule book allows. Not thread-safe: use one
/// scorer per thread; they can share one rule book.
public final class Scorer {
    public let book: RuleBook
    private var state: ScoreState
    /// Model indices of the last profile scored, best first.
    public private(set) var order: [Int]
    private var known: [Bool]
    /// The known asked slots of a packed profile (nil when `known` holds them).
    private var knownWord: UInt64?
    /// Working words for the packed path, one per slot.
    private let words: UnsafeMutableBufferPointer<UInt64>
    /// Every slot of the last profile scored through CEL, derived ones included (nil when
    /// packed: `words` and `knownSlots` hold them).
    private var lastSlots: [CELBinding]?
    /// The known slots of the last packed profile, derived ones included.
    private var knownSlots: UInt64 = 0
    /// The partial run that decides the unknown facts (built on first need).
    private lazy var partialRun = PartialRun(book: book)

    public init(_ book: RuleBook) {
        self.book = book
        state = ScoreState(book)
        order = Array(book.models.indices)
        known = Array(repeating: false, count: book.askedFactCount)
        words = .allocate(capacity: max(book.facts.count, 1))
        words.initialize(repeating: 0)
    }

    deinit {
        words.deallocate()
    }

    /// Whether profiles can be packed for this rule book (see `FactEncoding`).
    public var encoding: FactEncoding? { book.encoding }

    /// Packs a fact set; nil when the rule book or one of its values cannot be packed.
    public func encode(_ facts: FactSet) -> EncodedFacts? {
        guard let encoding = book.encoding else { return nil }
        var encoded = EncodedFacts(slotCount: book.facts.count)
        for (slot, binding) in facts.bindings.enumerated() {
            guard case .value(let value) = binding else { continue }
            guard let word = encoding.word(for: value, slot: slot) else { return nil }
            encoded.set(slot, word: word)
        }
        return encoded
    }

    /// Scores packed facts (asked slots only are read; derived slots are the rules' to set).
    public func score(_ facts: EncodedFacts) {
        guard let encoding = book.encoding, let program = book.fastStorage else { return }
        state.reset(book)
        facts.words.withUnsafeBufferPointer { source in
            for slot in 0..<min(source.count, book.askedFactCount) { words[slot] = source[slot] }
        }
        var conditions = EncodedConditions(book, encoding, program, words: words, known: facts.known)
        book.run(&conditions, &state)
        knownWord = facts.known
        knownSlots = conditions.known
        lastSlots = nil
        finish()
    }

    /// Scores a fact set, packed when possible.
    public func score(_ facts: FactSet) {
        if let encoded = encode(facts) { return score(encoded) }
        state.reset(book)
        var conditions = CELConditions(book, facts)
        book.run(&conditions, &state)
        knownWord = nil
        lastSlots = conditions.slots
        for slot in known.indices {
            if case .unknown = facts.bindings[slot] { known[slot] = false } else { known[slot] = true }
        }
        finish()
    }

    private func isKnown(_ slot: Int) -> Bool {
        if let knownWord { return knownWord & (1 << UInt64(slot)) != 0 }
        return known[slot]
    }

    private func finish() {
        for index in order.indices { order[index] = index }
        state.sortOrder(&order, book)
    }

    // MARK: - Results of the last profile scored

    /// The recommended model's index: nil when every model is excluded or the profile is
    /// `undecided` (see `Evaluation.recommendation`).
    public var recommendation: Int? {
        guard let first = order.first, state.excludedCount[first] == 0, givesFacts, !topIsTied else { return nil }
        return first
    }

    /// Why the last profile has no recommendation although some model is admissible.
    public var undecided: Undecided? {
        guard givesFacts else { return .noFacts }
        guard topIsTied, let first = order.first else { return nil }
        let tied = order.prefix { state.excludedCount[$0] == 0 && state.fit[$0] == state.fit[first] }
        return .tie(between: tied.map { book.models[$0].id }.sorted())
    }

    /// Whether the last profile gives any asked fact.
    private var givesFacts: Bool {
        if let knownWord { return knownWord & ((1 << UInt64(book.askedFactCount)) &- 1) != 0 }
        return known.contains(true)
    }

    /// Whether the two best admissible models have the same fit.
    private var topIsTied: Bool {
        guard order.count > 1, state.excludedCount[order[0]] == 0, state.excludedCount[order[1]] == 0 else { return false }
        return state.fit[order[0]] == state.fit[order[1]]
    }

    public func fit(_ model: Int) -> Double { state.fit[model] }

    /// Positions (in `RuleBook.rules`) of the rules that excluded a model.
    public func exclusions(_ model: Int) -> [Int] { state.excludedBy(model) }

    public func isExcluded(_ model: Int) -> Bool { state.excludedCount[model] > 0 }

    /// The status of each rule, by position.
    public func status(ofRule position: Int) -> RuleStatus { state.statuses[position] }

    /// Unknown asked facts (slots) that could, and that cannot, change the recommendation: the
    /// same lists `advisor explain` and `advisor ask` state. The sound bound of scoring
    /// (`Evaluation.couldChange` before search) first; when it keeps some fact open, the search
    /// decides (`PartialRun.decide`, the budget of `SearchBudget.standard`).
    public func unknownFacts() -> (couldChange: [Int], cannotChange: [Int]) {
        let unknown = (0..<book.askedFactCount).filter { !isKnown($0) }
        guard !unknown.isEmpty else { return ([], []) }
        var open = state.openSlots(book)
        if unknown.contains(where: open.contains) {
            var partial = partialRun.state(
                slots: lastSlots ?? packedSlots(), statuses: state.statuses, causes: state.causesByRule(), slotCauses: state.causesBySlot())
            open = partialRun.decide(&partial, askable: SlotSet(unknown), target: recommendation, budget: .standard).couldChange
        }
        return (unknown.filter { open.contains($0) }, unknown.filter { !open.contains($0) })
    }

    /// Every slot of the last packed profile, unpacked.
    private func packedSlots() -> [CELBinding] {
        (0..<book.facts.count).map { slot in
            guard knownSlots & (1 << UInt64(slot)) != 0, let encoding = book.encoding else { return .unknown }
            return .value(encoding.value(of: words[slot], slot: slot))
        }
    }

    /// The last profile's evaluation as a value (without trace or derived values), its unknown
    /// facts decided as `unknownFacts()` decides them.
    public func evaluation() -> Evaluation {
        var evaluation = state.evaluation(book, askedKnown: { self.isKnown($0) })
        if !evaluation.couldChange.isEmpty {
            let unknown = unknownFacts()
            evaluation.couldChange = unknown.couldChange.map { book.facts[$0].id }
            evaluation.cannotChange = unknown.cannotChange.map { book.facts[$0].id }
        }
        return evaluation
    }
}

extension RuleBook {
    /// How many conditions run as packed-fact tests rather than CEL (for benchmarks and tuning).
    public var fastConditionCount: Int { fastProgram?.compiledCount ?? 0 }
}
