import AdvisorCEL

/// The rules' effects as flat tables of plain numbers in memory of their own, so the scoring
/// loop reads them through pointers, without copying `Rule` values (each holds strings and
/// arrays that would be retained and released) or arrays.
final class RuleTable: @unchecked Sendable {
    /// Score effects of rule `r`: `scoreModel/scorePoints[scoreStart[r] ..< scoreStart[r + 1]]`.
    let scoreStart: UnsafeBufferPointer<Int32>
    let scoreModel: UnsafeBufferPointer<Int32>
    let scorePoints: UnsafeBufferPointer<Double>
    /// Knock-outs of rule `r`: `excludeModel[excludeStart[r] ..< excludeStart[r + 1]]`.
    let excludeStart: UnsafeBufferPointer<Int32>
    let excludeModel: UnsafeBufferPointer<Int32>
    /// Derived slots settled after rule `r`: `finalizeSlot[finalizeStart[r] ..< finalizeStart[r + 1]]`.
    let finalizeStart: UnsafeBufferPointer<Int32>
    let finalizeSlot: UnsafeBufferPointer<Int32>
    /// Rules deriving slot `s`, in source order: `derivePosition/deriveValue[deriveStart[s] ..< deriveStart[s + 1]]`.
    let deriveStart: UnsafeBufferPointer<Int32>
    let derivePosition: UnsafeBufferPointer<Int32>
    let deriveValue: UnsafeMutableBufferPointer<CELValue>
    /// Each slot's declared default (nil: none).
    let defaultValue: UnsafeMutableBufferPointer<CELValue?>

    init(rules: [Rule], finalizeAfter: [[Int]], facts: [FactDeclaration], derivers: [Int: [Int]]) {
        var scoreStart: [Int32] = [0], scoreModel: [Int32] = [], scorePoints: [Double] = []
        var excludeStart: [Int32] = [0], excludeModel: [Int32] = []
        var finalizeStart: [Int32] = [0], finalizeSlot: [Int32] = []
        for (position, rule) in rules.enumerated() {
            for (model, points) in rule.scores {
                scoreModel.append(Int32(model))
                scorePoints.append(points)
            }
            scoreStart.append(Int32(scoreModel.count))
            excludeModel += rule.excludes.map { Int32($0) }
            excludeStart.append(Int32(excludeModel.count))
            finalizeSlot += finalizeAfter[position].map { Int32($0) }
            finalizeStart.append(Int32(finalizeSlot.count))
        }
        var deriveStart: [Int32] = [0], derivePosition: [Int32] = [], deriveValue: [CELValue] = []
        for slot in facts.indices {
            for position in derivers[slot] ?? [] {
                guard let value = rules[position].derives.first(where: { $0.slot == slot })?.value else { continue }
                derivePosition.append(Int32(position))
                deriveValue.append(value)
            }
            deriveStart.append(Int32(derivePosition.count))
        }
        func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
            _ = buffer.initialize(from: array)
            return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
        }
        self.scoreStart = copy(scoreStart)
        self.scoreModel = copy(scoreModel)
        self.scorePoints = copy(scorePoints)
        self.excludeStart = copy(excludeStart)
        self.excludeModel = copy(excludeModel)
        self.finalizeStart = copy(finalizeStart)
        self.finalizeSlot = copy(finalizeSlot)
        self.deriveStart = copy(deriveStart)
        self.derivePosition = copy(derivePosition)
        self.deriveValue = .allocate(capacity: max(deriveValue.count, 1))
        _ = self.deriveValue.initialize(from: deriveValue)
        self.defaultValue = .allocate(capacity: max(facts.count, 1))
        _ = self.defaultValue.initialize(from: facts.map(\.defaultValue))
        deriveCount = deriveValue.count
        factCount = facts.count
    }

    private let deriveCount: Int
    private let factCount: Int

    /// Whether a rule derives the slot.
    @inline(__always)
    func isDerived(_ slot: Int) -> Bool { deriveStart[slot + 1] > deriveStart[slot] }

    deinit {
        for buffer in [scoreStart, scoreModel, excludeStart, excludeModel, finalizeStart, finalizeSlot, deriveStart, derivePosition] {
            buffer.deallocate()
        }
        scorePoints.deallocate()
        deriveValue.baseAddress?.deinitialize(count: deriveCount)
        deriveValue.deallocate()
        defaultValue.baseAddress?.deinitialize(count: factCount)
        defaultValue.deallocate()
    }
}

// MARK: - What every run reads off the table the same way

extension RuleTable {
    /// A derived fact's value once every rule deriving it has run: the first rule in written order
    /// that fired gives it; an undecided rule before it leaves it unknown unless it would give the
    /// same value; with none fired it is the default, or unknown while any deriver is undecided.
    /// With the value unknown, `causes` are the asked facts behind its undecided derivers.
    ///
    /// The one place this is decided: `RuleBook.run` (scoring) and `PartialRun` (the searches)
    /// both call it, each with its own record of the rules' statuses and causes.
    @inline(__always)
    func derivedValue(
        _ slot: Int, status: (Int) -> RuleStatus, cause: (Int) -> SlotSet
    ) -> (value: CELValue?, causes: SlotSet) {
        var firstUndecided: CELValue?
        var undecidedAgree = true
        var causes = SlotSet()
        for index in Int(deriveStart[slot])..<Int(deriveStart[slot + 1]) {
            let position = Int(derivePosition[index])
            switch status(position) {
            case .fired:
                let value = deriveValue[index]
                if undecidedAgree, firstUndecided == nil || firstUndecided == value { return (value, SlotSet()) }
                return (nil, causes)
            case .undecided:
                let value = deriveValue[index]
                if let first = firstUndecided { undecidedAgree = undecidedAgree && first == value } else { firstUndecided = value }
                causes.formUnion(cause(position))
            case .notFired, .failed:
                continue
            }
        }
        if let value = defaultValue[slot], undecidedAgree, firstUndecided == nil || firstUndecided == value { return (value, SlotSet()) }
        return (nil, causes)
    }

    /// Whether the effects of the rule at `position`, were it to fire, could change the
    /// recommendation (`ModelStandings.relevance`).
    @inline(__always)
    func matters(_ position: Int, _ relevance: Relevance) -> Bool {
        for effect in Int(excludeStart[position])..<Int(excludeStart[position + 1])
        where relevance.matters(excluding: Int(excludeModel[effect])) {
            return true
        }
        for effect in Int(scoreStart[position])..<Int(scoreStart[position + 1])
        where relevance.matters(points: scorePoints[effect], model: Int(scoreModel[effect])) {
            return true
        }
        return false
    }

    /// Whether the rule at `position`, were it to fire, would score or knock out one of `models`.
    func touches(_ position: Int, _ models: ModelMask) -> Bool {
        for effect in Int(excludeStart[position])..<Int(excludeStart[position + 1]) where models.contains(Int(excludeModel[effect])) {
            return true
        }
        for effect in Int(scoreStart[position])..<Int(scoreStart[position + 1])
        where scorePoints[effect] != 0 && models.contains(Int(scoreModel[effect])) {
            return true
        }
        return false
    }

    /// The asked facts whose being unknown could still change the recommendation: those behind an
    /// undecided rule whose effects matter, directly or through derived facts. A sound bound (a
    /// fact left out cannot change the recommendation), read the same way by scoring and search.
    @inline(__always)
    func couldChange(
        _ relevance: Relevance, ruleCount: Int, status: (Int) -> RuleStatus, cause: (Int) -> SlotSet
    ) -> SlotSet {
        var open = SlotSet()
        guard !relevance.isEmpty else { return open }
        for position in 0..<ruleCount where status(position) == .undecided && matters(position, relevance) {
            open.formUnion(cause(position))
        }
        return open
    }
}
