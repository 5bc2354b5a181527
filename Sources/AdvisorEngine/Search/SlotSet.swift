/// A set of fact slots as bits, held inline: scoring and every search union and intersect such
/// sets at every step, so they must be plain values that copy without reference counting. Up to
/// `capacity` slots (asked and derived facts together), the most a rule book may declare
/// (`RuleBook.compile` refuses more).
struct SlotSet: Hashable, Sendable {
    /// The most slots a set can hold.
    static let capacity = 256

    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0

    init() {}

    /// The slots of one word (slots 0 to 63).
    init(word: UInt64) {
        w0 = word
    }

    init<S: Sequence>(_ slots: S) where S.Element == Int {
        for slot in slots { insert(slot) }
    }

    var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }

    var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }

    fileprivate func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        default: return w3
        }
    }

    private mutating func update(_ index: Int, _ change: (inout UInt64) -> Void) {
        switch index {
        case 0: change(&w0)
        case 1: change(&w1)
        case 2: change(&w2)
        default: change(&w3)
        }
    }

    func contains(_ slot: Int) -> Bool {
        guard slot >= 0 && slot < Self.capacity else { return false }
        return word(slot >> 6) & (1 << UInt64(slot & 63)) != 0
    }

    mutating func insert(_ slot: Int) {
        guard slot >= 0 && slot < Self.capacity else { return }
        update(slot >> 6) { $0 |= 1 << UInt64(slot & 63) }
    }

    mutating func remove(_ slot: Int) {
        guard slot >= 0 && slot < Self.capacity else { return }
        update(slot >> 6) { $0 &= ~(1 << UInt64(slot & 63)) }
    }

    mutating func formUnion(_ other: SlotSet) {
        w0 |= other.w0
        w1 |= other.w1
        w2 |= other.w2
        w3 |= other.w3
    }

    func union(_ other: SlotSet) -> SlotSet {
        var copy = self
        copy.formUnion(other)
        return copy
    }

    func intersection(_ other: SlotSet) -> SlotSet {
        var result = SlotSet()
        result.w0 = w0 & other.w0
        result.w1 = w1 & other.w1
        result.w2 = w2 & other.w2
        result.w3 = w3 & other.w3
        return result
    }

    func subtracting(_ other: SlotSet) -> SlotSet {
        var result = self
        result.w0 &= ~other.w0
        result.w1 &= ~other.w1
        result.w2 &= ~other.w2
        result.w3 &= ~other.w3
        return result
    }

    func intersects(_ other: SlotSet) -> Bool {
        ((w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3)) != 0
    }

    /// The slots, ascending.
    var elements: [Int] { Array(self) }
}

extension SlotSet: Sequence {
    /// The slots, ascending, taken off a copy of the set (no array built).
    struct Iterator: IteratorProtocol {
        fileprivate var rest: SlotSet

        mutating func next() -> Int? {
            for index in 0..<4 where rest.word(index) != 0 {
                let slot = index * 64 + rest.word(index).trailingZeroBitCount
                rest.remove(slot)
                return slot
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(rest: self) }
}
