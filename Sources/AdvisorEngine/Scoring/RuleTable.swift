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
