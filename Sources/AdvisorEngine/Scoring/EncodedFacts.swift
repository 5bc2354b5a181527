import AdvisorCEL

/// A profile's facts packed for fast batch scoring: one 64-bit word per fact slot (asked and
/// derived) and a bit per known slot.
///
/// - number and integer: the value as a `Double` bit pattern;
/// - bool: bit 0 for false, bit 1 for true;
/// - enum: bit `i` for the i-th declared value;
/// - list: bit `i` set for each declared value it holds.
///
/// Conditions of the usual shapes (a fact compared with constants, `in` a list of constants,
/// `&&`, `||`, `!`, `size()`) are compiled to tests on these words; any other condition is
/// evaluated by the CEL program, so every rule book scores the same either way.
public struct EncodedFacts: Sendable, Hashable {
    /// One word per slot of the rule book (asked facts, then derived facts).
    public var words: [UInt64]
    /// Bit `s` set when slot `s` is known.
    public var known: UInt64

    public init(slotCount: Int) {
        words = Array(repeating: 0, count: slotCount)
        known = 0
    }

    public mutating func set(_ slot: Int, word: UInt64) {
        words[slot] = word
        known |= 1 << UInt64(slot)
    }

    public mutating func clear(_ slot: Int) {
        words[slot] = 0
        known &= ~(1 << UInt64(slot))
    }
}

/// How a rule book's facts pack into `EncodedFacts`; nil when the rule book has more than 64
/// slots or an enum or list with more than 64 values (such books score through CEL alone).
public struct FactEncoding: Sendable {
    /// For each slot: the fact's kind.
    let kinds: [FactKind]
    /// For each enum or list slot: value -> bit index.
    let valueIndex: [[String: Int]]

    static let maximumSlots = 64
    /// Whole numbers beyond this are not exactly representable as doubles; profiles holding them
    /// score through CEL.
    static let exactIntegerLimit: Int64 = 1 << 53

    init?(facts: [FactDeclaration]) {
        guard facts.count <= FactEncoding.maximumSlots else { return nil }
        guard facts.allSatisfy({ $0.kind.allowedValues.count <= 64 }) else { return nil }
        kinds = facts.map(\.kind)
        valueIndex = facts.map { fact in
            Dictionary(fact.kind.allowedValues.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The word for a value of a slot's kind, or nil when it cannot be packed exactly.
    public func word(for value: CELValue, slot: Int) -> UInt64? {
        switch (kinds[slot], value) {
        case (.number, .double(let number)): return number.bitPattern
        case (.number, .int(let number)), (.integer, .int(let number)):
            guard number.magnitude <= FactEncoding.exactIntegerLimit else { return nil }
            return Double(number).bitPattern
        case (.bool, .bool(let flag)): return flag ? 2 : 1
        case (.enumeration, .string(let text)):
            return valueIndex[slot][text].map { 1 << UInt64($0) }
        case (.list, .list(let items)):
            var word: UInt64 = 0
            for item in items {
                guard case .string(let text) = item, let index = valueIndex[slot][text] else { return nil }
                word |= 1 << UInt64(index)
            }
            return word
        default:
            return nil
        }
    }

    /// The word of an enum or list value by its text, for parsers that never build a `CELValue`.
    public func enumBit(_ text: String, slot: Int) -> UInt64? {
        valueIndex[slot][text].map { 1 << UInt64($0) }
    }

    /// Decodes a slot back to the value the CEL programs see.
    func value(of word: UInt64, slot: Int) -> CELValue {
        switch kinds[slot] {
        case .number: return .double(Double(bitPattern: word))
        case .integer: return .int(Int64(Double(bitPattern: word)))
        case .bool: return .bool(word == 2)
        case .enumeration(let values):
            return .string(values[word.trailingZeroBitCount])
        case .list(let values):
            var items: [CELValue] = []
            for (index, value) in values.enumerated() where word & (1 << UInt64(index)) != 0 { items.append(.string(value)) }
            return .list(items)
        }
    }
}

/// The rule book's conditions compiled to tests on `EncodedFacts` words, with CEL's
/// three-valued logic, as one flat table of trivial nodes (no references to chase or retain).
struct FastProgram: Sendable {
    enum Comparison: UInt8, Sendable {
        case less, lessEquals, greater, greaterEquals, equals, notEquals

        @inline(__always)
        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: return a < b
            case .lessEquals: return a <= b
            case .greater: return a > b
            case .greaterEquals: return a >= b
            case .equals: return a == b
            case .notEquals: return a != b
            }
        }
    }

    enum Kind: UInt8, Sendable {
        /// Known: whether the word shares a bit with `mask`.
        case anyBit
        /// Known: whether the number compares so with `constant`.
        case compare
        /// Known: whether the list's size compares so with `constant`.
        case size
        /// `mask` != 0.
        case constant
        /// The negation of node `first`.
        case not
        /// All / any of the nodes `children[first ..< first + count]`.
        case and, or
    }

    struct Node: Sendable {
        var kind: Kind
        var comparison: Comparison = .equals
        var slot: Int32 = 0
        var first: Int32 = 0
        var count: Int32 = 0
        var mask: UInt64 = 0
        var constant: Double = 0
    }

    var nodes: [Node] = []
    var children: [Int32] = []
    /// Per rule position: the root node, or -1 when the condition runs as CEL.
    var roots: [Int32] = []

    /// Three-valued result: the truth when known, and the unknown slots that left it open.
    enum Truth: Equatable { case no, yes, open(UInt64) }

    init(rules: [Rule], facts: [FactDeclaration], slots: [String: Int], encoding: FactEncoding) {
        for rule in rules {
            var builder = Builder(facts: facts, slots: slots, encoding: encoding, program: self)
            if let root = builder.compile(rule.program.parsed.root) {
                self = builder.program
                roots.append(Int32(root))
            } else {
                roots.append(-1)
            }
        }
    }

    var compiledCount: Int { roots.filter { $0 >= 0 }.count }

    /// The program's tables in memory of their own, so evaluation reads them through plain
    /// pointers (no array copies, retains or closures on the hot path).
    final class Storage: @unchecked Sendable {
        let nodes: UnsafeBufferPointer<Node>
        let children: UnsafeBufferPointer<Int32>
        let roots: UnsafeBufferPointer<Int32>

        init(_ program: FastProgram) {
            func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
                _ = buffer.initialize(from: array)
                return UnsafeBufferPointer(buffer)
            }
            nodes = copy(program.nodes)
            children = copy(program.children)
            roots = copy(program.roots)
        }

        deinit {
            nodes.deallocate()
            children.deallocate()
            roots.deallocate()
        }
    }

    static func evaluate(
        _ index: Int, _ nodes: UnsafeBufferPointer<Node>, _ children: UnsafeBufferPointer<Int32>,
        _ words: UnsafeBufferPointer<UInt64>, _ known: UInt64
    ) -> Truth {
        let node = nodes[index]
        switch node.kind {
        case .anyBit, .compare, .size, .constant:
            return leaf(node, words, known)
        case .not:
            switch evaluate(Int(node.first), nodes, children, words, known) {
            case .yes: return .no
            case .no: return .yes
            case .open(let slots): return .open(slots)
            }
        case .and, .or:
            // CEL: an operand equal to the absorbing value (false for &&, true for ||) wins over
            // unknowns; otherwise unknowns merge, and with none the result is the other value.
            let absorbing: Truth = node.kind == .and ? .no : .yes
            var open: UInt64 = 0
            for offset in 0..<Int(node.count) {
                let child = Int(children[Int(node.first) + offset])
                let kind = nodes[child].kind
                let truth = kind.rawValue <= Kind.constant.rawValue ? leaf(nodes[child], words, known) : evaluate(child, nodes, children, words, known)
                if truth == absorbing { return absorbing }
                if case .open(let slots) = truth { open |= slots }
            }
            if open != 0 { return .open(open) }
            return absorbing == .no ? .yes : .no
        }
    }

    /// A test on one fact (or a constant): no children.
    @inline(__always)
    private static func leaf(_ node: Node, _ words: UnsafeBufferPointer<UInt64>, _ known: UInt64) -> Truth {
        if node.kind == .constant { return node.mask != 0 ? .yes : .no }
        let bit = UInt64(1) << UInt64(node.slot)
        guard known & bit != 0 else { return .open(bit) }
        let word = words[Int(node.slot)]
        switch node.kind {
        case .anyBit: return word & node.mask != 0 ? .yes : .no
        case .compare: return node.comparison.holds(Double(bitPattern: word), node.constant) ? .yes : .no
        default: return node.comparison.holds(Double(word.nonzeroBitCount), node.constant) ? .yes : .no
        }
    }

    // MARK: - Compiling from CEL

    /// Compiles one condition into the program when every part of it has a supported shape.
    private struct Builder {
        let facts: [FactDeclaration]
        let slots: [String: Int]
        let encoding: FactEncoding
        /// The program being extended (only kept when the whole condition compiles).
        var program: FastProgram

        mutating func add(_ node: Node) -> Int {
            program.nodes.append(node)
            return program.nodes.count - 1
        }

        mutating func anyBit(_ slot: Int, _ mask: UInt64) -> Int { add(Node(kind: .anyBit, slot: Int32(slot), mask: mask)) }
        mutating func not(_ child: Int) -> Int { add(Node(kind: .not, first: Int32(child))) }

        func slot(_ node: CELNode) -> Int? { node.identifierName.flatMap { slots[$0] } }

        func number(_ node: CELNode) -> Double? {
            switch node.literalValue {
            case .int(let value)?: return value.magnitude <= FactEncoding.exactIntegerLimit ? Double(value) : nil
            case .double(let value)?: return value
            default: break
            }
            if let (op, operands) = node.operatorCall, op == .negate, operands.count == 1, let inner = number(operands[0]) { return -inner }
            return nil
        }

        mutating func compile(_ node: CELNode) -> Int? {
            if case .bool(let value)? = node.literalValue { return add(Node(kind: .constant, mask: value ? 1 : 0)) }
            if let slot = slot(node), case .bool = facts[slot].kind { return anyBit(slot, 2) }
            guard let (op, operands) = node.operatorCall else { return nil }
            switch op {
            case .logicalNot:
                guard operands.count == 1, let child = compile(operands[0]) else { return nil }
                return not(child)
            case .logicalAnd, .logicalOr:
                var children: [Int] = []
                // Flatten chains of the same operator, keeping left-to-right order.
                func flatten(_ current: CELNode, into list: inout [CELNode]) {
                    if let (inner, parts) = current.operatorCall, inner == op {
                        for part in parts { flatten(part, into: &list) }
                    } else {
                        list.append(current)
                    }
                }
                var parts: [CELNode] = []
                flatten(node, into: &parts)
                for part in parts {
                    guard let child = compile(part) else { return nil }
                    children.append(child)
                }
                let first = program.children.count
                program.children += children.map { Int32($0) }
                return add(Node(kind: op == .logicalAnd ? .and : .or, first: Int32(first), count: Int32(children.count)))
            case .equals, .notEquals, .less, .lessEquals, .greater, .greaterEquals:
                guard operands.count == 2 else { return nil }
                return comparison(op, operands[0], operands[1])
            case .in:
                guard operands.count == 2 else { return nil }
                return membership(operands[0], operands[1])
            default:
                return nil
            }
        }

        static func comparison(_ op: CELOperator) -> Comparison? {
            switch op {
            case .less: return .less
            case .lessEquals: return .lessEquals
            case .greater: return .greater
            case .greaterEquals: return .greaterEquals
            case .equals: return .equals
            case .notEquals: return .notEquals
            default: return nil
            }
        }

        static func mirrored(_ comparison: Comparison) -> Comparison {
            switch comparison {
            case .less: return .greater
            case .lessEquals: return .greaterEquals
            case .greater: return .less
            case .greaterEquals: return .lessEquals
            case .equals, .notEquals: return comparison
            }
        }

        /// The list fact whose size a node takes (`size(x)` or `x.size()`).
        func sizeOf(_ node: CELNode) -> Int? {
            guard case .call("size", let target, let args) = node.kind else { return nil }
            let operand = target ?? (args.count == 1 ? args[0] : nil)
            guard let operand, let slot = slot(operand), case .list = facts[slot].kind else { return nil }
            if target != nil && !args.isEmpty { return nil }
            return slot
        }

        mutating func comparison(_ op: CELOperator, _ left: CELNode, _ right: CELNode) -> Int? {
            guard let comparison = Self.comparison(op) else { return nil }
            for (fact, other, flipped) in [(left, right, false), (right, left, true)] {
                let oriented = flipped ? Self.mirrored(comparison) : comparison
                if let slot = slot(fact) {
                    switch facts[slot].kind {
                    case .number, .integer:
                        guard let constant = number(other) else { continue }
                        return add(Node(kind: .compare, comparison: oriented, slot: Int32(slot), constant: constant))
                    case .enumeration:
                        guard op == .equals || op == .notEquals, case .string(let text)? = other.literalValue else { continue }
                        // A value not declared never matches (the checker refuses it in rule books anyway).
                        let bit = encoding.enumBit(text, slot: slot) ?? 0
                        let test = anyBit(slot, bit)
                        return op == .equals ? test : not(test)
                    case .bool:
                        guard op == .equals || op == .notEquals, case .bool(let flag)? = other.literalValue else { continue }
                        let test = anyBit(slot, flag ? 2 : 1)
                        return op == .equals ? test : not(test)
                    case .list:
                        continue
                    }
                }
                if let slot = sizeOf(fact), let constant = number(other) {
                    return add(Node(kind: .size, comparison: oriented, slot: Int32(slot), constant: constant))
                }
            }
            return nil
        }

        mutating func membership(_ element: CELNode, _ collection: CELNode) -> Int? {
            // enum fact in ['a', 'b']
            if let slot = slot(element), case .enumeration = facts[slot].kind, case .list(let items) = collection.kind {
                var mask: UInt64 = 0
                for item in items {
                    guard case .string(let text)? = item.literalValue else { return nil }
                    mask |= encoding.enumBit(text, slot: slot) ?? 0
                }
                return anyBit(slot, mask)
            }
            // 'a' in list fact
            if case .string(let text)? = element.literalValue, let slot = slot(collection), case .list = facts[slot].kind {
                return anyBit(slot, encoding.enumBit(text, slot: slot) ?? 0)
            }
            return nil
        }
    }
}
