/// A set of fact slots. Rule books with up to 64 facts (asked and derived) fit in one word,
/// so the common case never allocates; larger ones spill into an array.
struct SlotMask: Sendable, Hashable {
    private(set) var low: UInt64 = 0
    private var high: [UInt64]? = nil

    static let empty = SlotMask()

    init() {}

    init(word: UInt64) {
        low = word
    }

    init<S: Sequence>(_ slots: S) where S.Element == Int {
        for slot in slots { insert(slot) }
    }

    var isEmpty: Bool { low == 0 && (high?.allSatisfy { $0 == 0 } ?? true) }

    mutating func insert(_ slot: Int) {
        if slot < 64 {
            low |= 1 << UInt64(slot)
            return
        }
        let index = slot / 64 - 1
        var words = high ?? []
        while words.count <= index { words.append(0) }
        words[index] |= 1 << UInt64(slot % 64)
        high = words
    }

    func contains(_ slot: Int) -> Bool {
        if slot < 64 { return low & (1 << UInt64(slot)) != 0 }
        let index = slot / 64 - 1
        guard let high, index < high.count else { return false }
        return high[index] & (1 << UInt64(slot % 64)) != 0
    }

    mutating func formUnion(_ other: SlotMask) {
        low |= other.low
        guard let otherHigh = other.high else { return }
        var words = high ?? []
        while words.count < otherHigh.count { words.append(0) }
        for index in otherHigh.indices { words[index] |= otherHigh[index] }
        high = words
    }

    /// The slots, ascending.
    var slots: [Int] {
        var result: [Int] = []
        var word = low
        while word != 0 {
            result.append(word.trailingZeroBitCount)
            word &= word - 1
        }
        for (index, value) in (high ?? []).enumerated() {
            var bits = value
            while bits != 0 {
                result.append((index + 1) * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}
