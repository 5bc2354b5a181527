// The compiled program and its evaluation.

/// Supplies variable values by slot: a declared variable's slot is its index in
/// `CELDeclarations.variables`; an undeclared identifier allowed as dynamic has slot
/// `variables.count + i`, where `i` is its index in `CELProgram.dynamicIdentifiers`.
public protocol CELActivation {
    func binding(forSlot slot: Int) -> CELBinding
}

/// An activation backed by an array indexed by slot; slots past the end are unbound.
public struct CELSlotActivation: CELActivation, Sendable {
    public var bindings: [CELBinding]
    public init(_ bindings: [CELBinding]) { self.bindings = bindings }
    public func binding(forSlot slot: Int) -> CELBinding {
        slot >= 0 && slot < bindings.count ? bindings[slot] : .unbound
    }
}

/// A checked, compiled expression. Immutable; evaluate it from any thread.
public struct CELProgram: Sendable {
    /// The type the expression evaluates to (`dyn` when only known at run time).
    public let resultType: CELType
    /// The slots the expression reads, sorted and unique (dynamic identifiers included).
    public let referencedSlots: [Int]
    /// Undeclared identifiers given slots (`.allowAsDynamic` only), in slot order starting at
    /// the number of declared variables.
    public let dynamicIdentifiers: [String]
    /// The parsed expression the program was compiled from.
    public let parsed: ParsedExpression
    /// The node compiled (the root, or the sub-node given to `check(node:in:_:)`).
    public let node: CELNode
    let code: Code

    init(resultType: CELType, referencedSlots: [Int], dynamicIdentifiers: [String], parsed: ParsedExpression, node: CELNode, code: Code) {
        self.resultType = resultType
        self.referencedSlots = referencedSlots
        self.dynamicIdentifiers = dynamicIdentifiers
        self.parsed = parsed
        self.node = node
        self.code = code
    }

    /// Evaluates against an activation.
    public func evaluate<A: CELActivation>(_ activation: A) -> CELResult {
        code.gatherAndRun(activation, root: code.plain, observer: nil)
    }

    /// Evaluates reading the slot array in place (no copying of bindings).
    public func evaluate(_ activation: CELSlotActivation) -> CELResult {
        activation.bindings.withUnsafeBufferPointer { buffer in
            code.run(code.plain, slots: buffer.baseAddress, count: buffer.count, dense: false, observer: nil)
        }
    }

    /// Evaluates, reporting each evaluated node's result (node id, result) to `observer`,
    /// children before parents. Nodes skipped by `&&`, `||` and `?:` are not reported; nodes
    /// inside a comprehension are reported once per iteration.
    public func evaluate<A: CELActivation>(_ activation: A, observer: (Int, CELResult) -> Void) -> CELResult {
        withoutActuallyEscaping(observer) { obs in
            code.gatherAndRun(activation, root: code.observed, observer: obs)
        }
    }
}

/// The compiled instruction trees and what running them needs.
final class Code: Sendable {
    let plain: Instruction
    let observed: Instruction
    let localCount: Int
    let slots: [Int]  // referenced slots; dense index = position here

    init(plain: Instruction, observed: Instruction, localCount: Int, slots: [Int]) {
        self.plain = plain
        self.observed = observed
        self.localCount = localCount
        self.slots = slots
    }

    @inline(__always)
    func gatherAndRun<A: CELActivation>(_ activation: A, root: Instruction, observer: ((Int, CELResult) -> Void)?) -> CELResult {
        let n = slots.count
        if n == 0 { return run(root, slots: nil, count: 0, dense: true, observer: observer) }
        return withUnsafeTemporaryAllocation(of: CELBinding.self, capacity: n) { buffer in
            let base = buffer.baseAddress!
            for k in 0..<n { (base + k).initialize(to: activation.binding(forSlot: slots[k])) }
            defer { base.deinitialize(count: n) }
            return run(root, slots: UnsafePointer(base), count: n, dense: true, observer: observer)
        }
    }

    @inline(__always)
    func run(_ root: Instruction, slots: UnsafePointer<CELBinding>?, count: Int, dense: Bool, observer: ((Int, CELResult) -> Void)?) -> CELResult {
        if localCount == 0 {
            return root.evaluate(Environment(slots: slots, slotCount: count, dense: dense, locals: nil, observer: observer))
        }
        return withUnsafeTemporaryAllocation(of: CELValue.self, capacity: localCount) { buffer in
            let locals = buffer.baseAddress!
            locals.initialize(repeating: .null, count: localCount)
            defer { locals.deinitialize(count: localCount) }
            return root.evaluate(Environment(slots: slots, slotCount: count, dense: dense, locals: locals, observer: observer))
        }
    }
}

/// What instructions read while evaluating.
struct Environment {
    let slots: UnsafePointer<CELBinding>?
    let slotCount: Int
    /// Slots are stored densely (index = position in `Code.slots`) rather than by slot number.
    let dense: Bool
    let locals: UnsafeMutablePointer<CELValue>?
    let observer: ((Int, CELResult) -> Void)?
}

// MARK: - Instructions

/// The outcome of a condition: a plain `true` or `false`; unknown because of every slot the
/// instruction reads (its `unknownAll` result, passed along without touching any array); or
/// anything else (another unknown, an error, a non-bool value), written out in full.
enum ConditionOutcome {
    case isFalse, isTrue, unknownAll, other

    @inline(__always)
    static func of(_ r: CELResult, _ out: inout CELResult) -> ConditionOutcome {
        if case .value(.bool(let b)) = r { return b ? .isTrue : .isFalse }
        out = r
        return .other
    }

    @inline(__always)
    static func of(_ b: Bool) -> ConditionOutcome { b ? .isTrue : .isFalse }
}

let trueResult = CELResult.value(.bool(true))
let falseResult = CELResult.value(.bool(false))

class Instruction: @unchecked Sendable {
    /// `.unknown(slots:)` of every slot read under this instruction. Set once by the compiler.
    final var unknownAll = CELResult.unknown(slots: [])

    /// Every instruction overrides this; the base answers with an error value rather than trap.
    func evaluate(_ environment: Environment) -> CELResult { .error(CELError(message: "internal error: an instruction without an evaluation")) }

    /// The full result of a `evaluateCondition` outcome other than `.isTrue` / `.isFalse`.
    @inline(__always)
    final func materialize(_ t: ConditionOutcome, _ out: inout CELResult) {
        if t == .unknownAll { out = unknownAll }
    }

    /// Evaluates as a condition: `.isTrue` / `.isFalse` without building a result (the fast
    /// path of `&&`, `||`, `!` and comparisons), or `.other` with the full result in `out`.
    func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        ConditionOutcome.of(evaluate(environment), &out)
    }

    /// The value when the instruction is a constant.
    var constant: CELValue? { nil }
}

/// An instruction whose natural form is a condition; `evaluate` is derived from `evaluateCondition`.
class ConditionInstruction: Instruction, @unchecked Sendable {
    override func evaluate(_ environment: Environment) -> CELResult {
        var out = falseResult
        switch evaluateCondition(environment, &out) {
        case .isTrue: return trueResult
        case .isFalse: return falseResult
        case .unknownAll: return unknownAll
        case .other: return out
        }
    }
}

final class Observed: Instruction, @unchecked Sendable {
    let id: Int
    let inner: Instruction
    init(id: Int, inner: Instruction) {
        self.id = id
        self.inner = inner
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        let r = inner.evaluate(environment)
        environment.observer?(id, r)
        return r
    }
}

final class Constant: Instruction, @unchecked Sendable {
    let value: CELValue
    let result: CELResult
    let tri: ConditionOutcome
    init(_ v: CELValue) {
        value = v
        result = .value(v)
        if case .bool(let b) = v { tri = ConditionOutcome.of(b) } else { tri = .other }
    }
    override func evaluate(_ environment: Environment) -> CELResult { result }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        if tri == .other { out = result }
        return tri
    }
    override var constant: CELValue? { value }
}

final class Failing: Instruction, @unchecked Sendable {
    let result: CELResult
    init(_ message: String) { result = .error(CELError(message)) }
    override func evaluate(_ environment: Environment) -> CELResult { result }
}

final class SlotReference: Instruction, @unchecked Sendable {
    let slot: Int
    let denseIndex: Int
    let unknownResult: CELResult
    let unboundResult: CELResult
    static let unboundBinding = CELBinding.unbound
    init(slot: Int, denseIndex: Int, name: String) {
        self.slot = slot
        self.denseIndex = denseIndex
        unknownResult = .unknown(slots: [slot])
        unboundResult = .error(CELError("no value for '\(name)'"))
    }
    @inline(__always)
    func read(_ environment: Environment) -> CELBinding {
        let i = environment.dense ? denseIndex : slot
        guard i < environment.slotCount, let base = environment.slots else { return .unbound }
        return base[i]
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        switch read(environment) {
        case .value(let v): return .value(v)
        case .unknown: return unknownResult
        case .unbound: return unboundResult
        }
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        switch read(environment) {
        case .value(.bool(let b)): return ConditionOutcome.of(b)
        case .value(let v): out = .value(v)
        case .unknown: return .unknownAll
        case .unbound: out = unboundResult
        }
        return .other
    }
}

final class LocalReference: Instruction, @unchecked Sendable {
    let index: Int
    init(_ index: Int) { self.index = index }
    override func evaluate(_ environment: Environment) -> CELResult { .value(environment.locals![index]) }
}

/// The result of a strict operation when an operand is not a value: unknowns win over errors
/// (and merge); otherwise the first error.
@inline(__always)
func propagate(_ a: CELResult, _ b: CELResult) -> CELResult {
    switch (a, b) {
    case let (.unknown(x), .unknown(y)): return .unknown(slots: mergeSlots(x, y))
    case (.unknown, _): return a
    case (_, .unknown): return b
    case (.error, _): return a
    default: return b
    }
}

/// Merging the unknowns of two operands without allocating in the common case: when each
/// side is unknown because of all the slots it reads, the merged list is precomputed.
struct UnknownMerge: Sendable {
    let left: [Int]
    let right: [Int]
    let both: CELResult

    init(left: [Int], right: [Int]) {
        self.left = left
        self.right = right
        both = .unknown(slots: mergeSlots(left, right))
    }

    func undecided(_ a: CELResult, _ b: CELResult, _ op: String) -> CELResult {
        if case .unknown(let x) = a, case .unknown(let y) = b, x == left, y == right { return both }
        return Logic.undecided(a, b, op)
    }
}

enum Logic {
    /// `a op b` when neither operand settles the result: unknowns win (merged), then errors,
    /// then non-bool operands are an error.
    static func undecided(_ a: CELResult, _ b: CELResult, _ op: String) -> CELResult {
        switch (a, b) {
        case let (.unknown(x), .unknown(y)): return .unknown(slots: mergeSlots(x, y))
        case (.unknown, _): return a
        case (_, .unknown): return b
        case (.error, _): return a
        case (_, .error): return b
        case (.value(let v), _) where !isBool(v): return notBool(op, v)
        case (_, .value(let v)): return notBool(op, v)
        default: return .error(CELError("no such overload: '\(op)'"))
        }
    }

    /// An undecided operand of `op` as the result: a non-bool value becomes an error.
    static func requireBool(_ r: inout CELResult, _ op: String) {
        if case .value(let v) = r, !isBool(v) { r = notBool(op, v) }
    }

    static func isBool(_ v: CELValue) -> Bool {
        if case .bool = v { return true }
        return false
    }

    static func notBool(_ op: String, _ v: CELValue) -> CELResult {
        .error(CELError("no such overload: '\(op)' needs true/false values, not \(v.typeName)"))
    }
}

/// `l && r`, commutative: a false side wins over anything on the other side.
final class And: ConditionInstruction, @unchecked Sendable {
    let l: Instruction, r: Instruction
    let merge: UnknownMerge
    init(_ l: Instruction, _ r: Instruction, merge: UnknownMerge) {
        self.l = l
        self.r = r
        self.merge = merge
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let a = l.evaluateCondition(environment, &out)
        if a == .isFalse { return .isFalse }
        if a == .isTrue {
            let b = r.evaluateCondition(environment, &out)
            switch b {
            case .other: Logic.requireBool(&out, "&&")
            case .unknownAll:
                out = r.unknownAll
                return .other
            default: break
            }
            return b
        }
        var right = falseResult
        let b = r.evaluateCondition(environment, &right)
        if b == .isFalse { return .isFalse }
        if a == .unknownAll {
            if b == .unknownAll { return .unknownAll }
            out = l.unknownAll
        }
        switch b {
        case .isTrue: Logic.requireBool(&out, "&&")
        case .unknownAll: out = merge.undecided(out, r.unknownAll, "&&")
        default: out = merge.undecided(out, right, "&&")
        }
        return .other
    }
}

/// `l || r`, commutative: a true side wins over anything on the other side.
final class Or: ConditionInstruction, @unchecked Sendable {
    let l: Instruction, r: Instruction
    let merge: UnknownMerge
    init(_ l: Instruction, _ r: Instruction, merge: UnknownMerge) {
        self.l = l
        self.r = r
        self.merge = merge
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let a = l.evaluateCondition(environment, &out)
        if a == .isTrue { return .isTrue }
        if a == .isFalse {
            let b = r.evaluateCondition(environment, &out)
            switch b {
            case .other: Logic.requireBool(&out, "||")
            case .unknownAll:
                out = r.unknownAll
                return .other
            default: break
            }
            return b
        }
        var right = falseResult
        let b = r.evaluateCondition(environment, &right)
        if b == .isTrue { return .isTrue }
        if a == .unknownAll {
            if b == .unknownAll { return .unknownAll }
            out = l.unknownAll
        }
        switch b {
        case .isFalse: Logic.requireBool(&out, "||")
        case .unknownAll: out = merge.undecided(out, r.unknownAll, "||")
        default: out = merge.undecided(out, right, "||")
        }
        return .other
    }
}

final class Not: ConditionInstruction, @unchecked Sendable {
    let x: Instruction
    init(_ x: Instruction) { self.x = x }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        switch x.evaluateCondition(environment, &out) {
        case .isTrue: return .isFalse
        case .isFalse: return .isTrue
        case .unknownAll: return .unknownAll
        case .other:
            if case .value(let v) = out { out = Ops.not(v) }
            return .other
        }
    }
}

final class Conditional: Instruction, @unchecked Sendable {
    let c: Instruction, yes: Instruction, no: Instruction
    init(_ c: Instruction, _ yes: Instruction, _ no: Instruction) {
        self.c = c
        self.yes = yes
        self.no = no
    }
    @inline(__always)
    func badCondition(_ out: inout CELResult) {
        if case .value(let v) = out {
            out = .error(CELError("no such overload: the condition of '?:' must be true/false, not \(v.typeName)"))
        }
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        var out = falseResult
        let t = c.evaluateCondition(environment, &out)
        switch t {
        case .isTrue: return yes.evaluate(environment)
        case .isFalse: return no.evaluate(environment)
        case .unknownAll: return c.unknownAll
        case .other:
            badCondition(&out)
            return out
        }
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let t = c.evaluateCondition(environment, &out)
        switch t {
        case .isTrue:
            let r = yes.evaluateCondition(environment, &out)
            yes.materialize(r, &out)
            return r == .unknownAll ? .other : r
        case .isFalse:
            let r = no.evaluateCondition(environment, &out)
            no.materialize(r, &out)
            return r == .unknownAll ? .other : r
        case .unknownAll:
            out = c.unknownAll
            return .other
        case .other:
            badCondition(&out)
            return .other
        }
    }
}

final class Unary: Instruction, @unchecked Sendable {
    let fn: @Sendable (CELValue) -> CELResult
    let x: Instruction
    init(_ fn: @escaping @Sendable (CELValue) -> CELResult, _ x: Instruction) {
        self.fn = fn
        self.x = x
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        let a = x.evaluate(environment)
        if case .value(let v) = a { return fn(v) }
        return a
    }
}

final class Binary: Instruction, @unchecked Sendable {
    let fn: @Sendable (CELValue, CELValue) -> CELResult
    let l: Instruction, r: Instruction
    init(_ fn: @escaping @Sendable (CELValue, CELValue) -> CELResult, _ l: Instruction, _ r: Instruction) {
        self.fn = fn
        self.l = l
        self.r = r
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        let a = l.evaluate(environment)
        let b = r.evaluate(environment)
        if case .value(let x) = a, case .value(let y) = b { return fn(x, y) }
        return propagate(a, b)
    }
}

enum ComparisonOperator {
    case less, lessEquals, greater, greaterEquals

    @inline(__always)
    func test(_ c: Int) -> Bool {
        switch self {
        case .less: return c < 0
        case .lessEquals: return c <= 0
        case .greater: return c > 0
        case .greaterEquals: return c >= 0
        }
    }

    @inline(__always)
    func test<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .less: return a < b
        case .lessEquals: return a <= b
        case .greater: return a > b
        case .greaterEquals: return a >= b
        }
    }

    var symbol: String {
        switch self {
        case .less: return "'<'"
        case .lessEquals: return "'<='"
        case .greater: return "'>'"
        case .greaterEquals: return "'>='"
        }
    }
}

/// Orders two values: a bool outcome, or `.other` with a no-such-overload error in `out`.
@inline(__always)
func compareValues(_ op: ComparisonOperator, _ x: CELValue, _ y: CELValue, _ out: inout CELResult) -> ConditionOutcome {
    switch (x, y) {
    case let (.double(p), .double(q)): return ConditionOutcome.of(op.test(p, q))
    case let (.int(p), .int(q)): return ConditionOutcome.of(op.test(p, q))
    default:
        switch celOrder(x, y) {
        case .ordered(let c): return ConditionOutcome.of(op.test(c))
        case .unordered: return .isFalse
        case .unsupported:
            out = Err.noOverload(op.symbol, x, y)
            return .other
        }
    }
}

/// `<`, `<=`, `>`, `>=` with fast paths for doubles and ints.
final class Compare: ConditionInstruction, @unchecked Sendable {
    let op: ComparisonOperator
    let l: Instruction, r: Instruction
    init(_ op: ComparisonOperator, _ l: Instruction, _ r: Instruction) {
        self.op = op
        self.l = l
        self.r = r
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let a = l.evaluate(environment)
        let b = r.evaluate(environment)
        if case .value(let x) = a, case .value(let y) = b { return compareValues(op, x, y, &out) }
        out = propagate(a, b)
        return .other
    }
}

/// `fact op constant`, the most common shape of a rule condition.
final class CompareSlotWithConstant: ConditionInstruction, @unchecked Sendable {
    let op: ComparisonOperator
    let ref: SlotReference
    let c: CELValue
    /// Written `constant op' fact`: error messages keep the order as written.
    let written: ComparisonOperator?
    init(_ op: ComparisonOperator, _ ref: SlotReference, _ c: CELValue, writtenConstantFirst written: ComparisonOperator? = nil) {
        self.op = op
        self.ref = ref
        self.c = c
        self.written = written
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        switch ref.read(environment) {
        case .value(let v):
            if case .double(let p) = v, case .double(let q) = c { return ConditionOutcome.of(op.test(p, q)) }
            let t = compareValues(op, v, c, &out)
            if t == .other, let written { out = Err.noOverload(written.symbol, c, v) }
            return t
        case .unknown: return .unknownAll
        case .unbound: out = ref.unboundResult
        }
        return .other
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        switch ref.read(environment) {
        case .value(let v):
            if case .double(let p) = v, case .double(let q) = c { return op.test(p, q) ? trueResult : falseResult }
            var out = falseResult
            switch compareValues(op, v, c, &out) {
            case .isTrue: return trueResult
            case .isFalse: return falseResult
            default: return written.map { Err.noOverload($0.symbol, c, v) } ?? out
            }
        case .unknown: return ref.unknownResult
        case .unbound: return ref.unboundResult
        }
    }
}

/// `expr op constant` for any expression (such as `size(list) >= 3`).
final class CompareWithConstant: ConditionInstruction, @unchecked Sendable {
    let op: ComparisonOperator
    let x: Instruction
    let c: CELValue
    let written: ComparisonOperator?
    init(_ op: ComparisonOperator, _ x: Instruction, _ c: CELValue, writtenConstantFirst written: ComparisonOperator? = nil) {
        self.op = op
        self.x = x
        self.c = c
        self.written = written
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let a = x.evaluate(environment)
        if case .value(let v) = a {
            let t = compareValues(op, v, c, &out)
            if t == .other, let written { out = Err.noOverload(written.symbol, c, v) }
            return t
        }
        out = a
        return .other
    }
}

/// `size(fact)` / `fact.size()`, counted in place.
final class SizeOfSlot: Instruction, @unchecked Sendable {
    let ref: SlotReference
    init(_ ref: SlotReference) { self.ref = ref }
    override func evaluate(_ environment: Environment) -> CELResult {
        let i = environment.dense ? ref.denseIndex : ref.slot
        guard i < environment.slotCount, let base = environment.slots else { return ref.unboundResult }
        switch base[i] {
        case .value(.list(let items)): return .value(.int(Int64(items.count)))
        case .value(let v): return Ops.size(v)
        case .unknown: return ref.unknownResult
        case .unbound: return ref.unboundResult
        }
    }
}

@inline(__always)
func equalValues(_ x: CELValue, _ y: CELValue) -> Bool {
    switch (x, y) {
    case let (.string(p), .string(q)): return celStringEquals(p, q)
    case let (.bool(p), .bool(q)): return p == q
    case let (.int(p), .int(q)): return p == q
    case let (.double(p), .double(q)): return p == q
    default: return CELValue.celEquals(x, y)
    }
}

final class Equals: ConditionInstruction, @unchecked Sendable {
    let negated: Bool
    let l: Instruction, r: Instruction
    init(negated: Bool, _ l: Instruction, _ r: Instruction) {
        self.negated = negated
        self.l = l
        self.r = r
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let a = l.evaluate(environment)
        let b = r.evaluate(environment)
        if case .value(let x) = a, case .value(let y) = b { return ConditionOutcome.of(equalValues(x, y) != negated) }
        out = propagate(a, b)
        return .other
    }
}

/// `fact == constant` / `fact != constant`.
final class EqualsSlotConstant: ConditionInstruction, @unchecked Sendable {
    let negated: Bool
    let ref: SlotReference
    let c: CELValue
    let text: ConstString?
    init(negated: Bool, _ ref: SlotReference, _ c: CELValue) {
        self.negated = negated
        self.ref = ref
        self.c = c
        if case .string(let s) = c { text = ConstString(s) } else { text = nil }
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        switch ref.read(environment) {
        case .value(let v):
            if let text, case .string(let s) = v { return ConditionOutcome.of(text.matches(s) != negated) }
            return ConditionOutcome.of(equalValues(v, c) != negated)
        case .unknown: return .unknownAll
        case .unbound: out = ref.unboundResult
        }
        return .other
    }
}

/// `x in [constant strings]`; reads the slot in place when `x` is a fact.
final class InStrings: ConditionInstruction, @unchecked Sendable {
    let x: Instruction
    let ref: SlotReference?
    let strings: [ConstString]
    let list: CELValue
    init(_ x: Instruction, _ strings: [String]) {
        self.x = x
        self.ref = x as? SlotReference
        self.strings = strings.map(ConstString.init)
        self.list = .list(strings.map { .string($0) })
    }
    @inline(__always)
    func test(_ v: CELValue, _ out: inout CELResult) -> ConditionOutcome {
        if case .string(let s) = v {
            for t in strings where t.matches(s) { return .isTrue }
            return .isFalse
        }
        return ConditionOutcome.of(Ops.inOp(v, list), &out)
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        if let ref {
            switch ref.read(environment) {
            case .value(let v): return test(v, &out)
            case .unknown: return .unknownAll
            case .unbound: out = ref.unboundResult
            }
            return .other
        }
        let a = x.evaluate(environment)
        guard case .value(let v) = a else {
            out = a
            return .other
        }
        return test(v, &out)
    }
}

/// `constant in fact`, such as `'payment' in service_capabilities`.
final class ConstantInSlot: ConditionInstruction, @unchecked Sendable {
    let c: CELValue
    let text: ConstString?
    let ref: SlotReference
    init(_ c: CELValue, _ ref: SlotReference) {
        self.c = c
        self.ref = ref
        if case .string(let s) = c { text = ConstString(s) } else { text = nil }
    }
    override func evaluateCondition(_ environment: Environment, _ out: inout CELResult) -> ConditionOutcome {
        let i = environment.dense ? ref.denseIndex : ref.slot
        guard i < environment.slotCount, let base = environment.slots else {
            out = ref.unboundResult
            return .other
        }
        // Matched in place, so the list is not retained.
        switch base[i] {
        case .value(let v):
            if case .list(let items) = v, let text {
                for item in items {
                    if case .string(let t) = item {
                        if text.matches(t) { return .isTrue }
                    } else if CELValue.celEquals(c, item) {
                        return .isTrue
                    }
                }
                return .isFalse
            }
            return ConditionOutcome.of(Ops.inOp(c, v), &out)
        case .unknown: return .unknownAll
        case .unbound: out = ref.unboundResult
        }
        return .other
    }
}

final class ListLiteral: Instruction, @unchecked Sendable {
    let items: [Instruction]
    init(_ items: [Instruction]) { self.items = items }
    override func evaluate(_ environment: Environment) -> CELResult {
        var values: [CELValue] = []
        values.reserveCapacity(items.count)
        var failure: CELResult? = nil
        for item in items {
            let r = item.evaluate(environment)
            if case .value(let v) = r {
                if failure == nil { values.append(v) }
            } else {
                failure = failure.map { propagate($0, r) } ?? r
            }
        }
        return failure ?? .value(.list(values))
    }
}

final class MapLiteral: Instruction, @unchecked Sendable {
    let keys: [Instruction], values: [Instruction]
    init(keys: [Instruction], values: [Instruction]) {
        self.keys = keys
        self.values = values
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        var ks: [CELValue] = [], vs: [CELValue] = []
        var failure: CELResult? = nil
        for i in 0..<keys.count {
            for (instr, isKey) in [(keys[i], true), (values[i], false)] {
                let r = instr.evaluate(environment)
                if case .value(let v) = r {
                    if isKey { ks.append(v) } else { vs.append(v) }
                } else {
                    failure = failure.map { propagate($0, r) } ?? r
                }
            }
        }
        if let failure { return failure }
        return MapLiteral.build(ks, vs)
    }

    static func build(_ ks: [CELValue], _ vs: [CELValue]) -> CELResult {
        var m = CELMap()
        for (k, v) in zip(ks, vs) {
            guard CELMap.isValidKey(k) else {
                return .error(CELError("unsupported key type: a map key cannot be \(k.typeName)"))
            }
            if !m.insertNew(v, forKey: k) {
                return .error(CELError("repeated key \(k) in a map literal"))
            }
        }
        return .value(.map(m))
    }
}

final class Index: Instruction, @unchecked Sendable {
    let operand: Instruction, index: Instruction
    init(_ operand: Instruction, _ index: Instruction) {
        self.operand = operand
        self.index = index
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        let a = operand.evaluate(environment)
        let b = index.evaluate(environment)
        if case .value(let x) = a, case .value(let y) = b { return Ops.index(x, y) }
        return propagate(a, b)
    }
}

final class Select: Instruction, @unchecked Sendable {
    let operand: Instruction
    let field: String
    let key: MapKey
    let testOnly: Bool
    init(_ operand: Instruction, _ field: String, testOnly: Bool) {
        self.operand = operand
        self.field = field
        self.key = .string(ByteString(field))
        self.testOnly = testOnly
    }
    override func evaluate(_ environment: Environment) -> CELResult {
        let a = operand.evaluate(environment)
        guard case .value(let v) = a else { return a }
        if case .map(let m) = v {
            let found = m.value(forKey: key)
            if testOnly { return found == nil ? falseResult : trueResult }
            if let found { return .value(found) }
        }
        return testOnly ? Ops.has(v, field) : Ops.select(v, field)
    }
}

final class Comprehension: Instruction, @unchecked Sendable {
    let macro: CELComprehension.Macro
    let range: Instruction
    let local: Int
    let filter: Instruction?
    let body: Instruction
    init(_ macro: CELComprehension.Macro, range: Instruction, local: Int, filter: Instruction?, body: Instruction) {
        self.macro = macro
        self.range = range
        self.local = local
        self.filter = filter
        self.body = body
    }

    override func evaluate(_ environment: Environment) -> CELResult {
        let r = range.evaluate(environment)
        guard case .value(let collection) = r else { return r }
        let items: [CELValue]
        switch collection {
        case .list(let l): items = l
        case .map(let m): items = m.keys
        default:
            return .error(CELError("no such overload: \(macro.rawValue)() needs a list or a map, not \(collection.typeName)"))
        }
        let variable = environment.locals! + local
        var unknown: [Int]? = nil
        var error: CELResult? = nil
        var scratch = falseResult
        func note(_ r: CELResult) {
            switch r {
            case .unknown(let s): unknown = mergeSlots(unknown ?? [], s)
            case .error: if error == nil { error = r }
            case .value(let v):
                if error == nil {
                    error = .error(CELError("no such overload: the condition of \(macro.rawValue)() must be true/false, not \(v.typeName)"))
                }
            }
        }
        func finish(_ result: @autoclosure () -> CELResult) -> CELResult {
            if let unknown { return .unknown(slots: unknown) }
            if let error { return error }
            return result()
        }
        switch macro {
        case .all, .exists:
            let decisive: ConditionOutcome = macro == .exists ? .isTrue : .isFalse
            for item in items {
                variable.pointee = item
                let t = body.evaluateCondition(environment, &scratch)
                if t == decisive { return decisive == .isTrue ? trueResult : falseResult }
                if t == .unknownAll { note(body.unknownAll) } else if t == .other { note(scratch) }
            }
            return finish(decisive == .isTrue ? falseResult : trueResult)
        case .existsOne:
            var count = 0
            for item in items {
                variable.pointee = item
                switch body.evaluateCondition(environment, &scratch) {
                case .isTrue: count += 1
                case .isFalse: break
                case .unknownAll: note(body.unknownAll)
                case .other: note(scratch)
                }
            }
            return finish(count == 1 ? trueResult : falseResult)
        case .filter:
            var out: [CELValue] = []
            for item in items {
                variable.pointee = item
                switch body.evaluateCondition(environment, &scratch) {
                case .isTrue: out.append(item)
                case .isFalse: break
                case .unknownAll: note(body.unknownAll)
                case .other: note(scratch)
                }
            }
            return finish(.value(.list(out)))
        case .map:
            var out: [CELValue] = []
            out.reserveCapacity(items.count)
            for item in items {
                variable.pointee = item
                if let filter {
                    switch filter.evaluateCondition(environment, &scratch) {
                    case .isTrue: break
                    case .isFalse: continue
                    case .unknownAll:
                        note(filter.unknownAll)
                        continue
                    case .other:
                        note(scratch)
                        continue
                    }
                }
                let t = body.evaluate(environment)
                if case .value(let v) = t {
                    out.append(v)
                } else {
                    note(t)
                }
            }
            return finish(.value(.list(out)))
        }
    }
}
