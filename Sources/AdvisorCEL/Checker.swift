import AdvisorDiagnostics
// The type checker: resolves names to slots, infers types, reports what a user can fix, and
// hands a checked tree to the compiler.

/// The variables an expression may read, and how strict checking is.
public struct CELDeclarations: Sendable {
    /// What to do with an identifier that is not declared.
    public enum UndeclaredPolicy: Sendable {
        /// A check error: "unknown fact 'capitl'; did you mean 'capital'?". Unknown functions
        /// are check errors too.
        case reject
        /// Conformance mode: the identifier has type `dyn` and gets a slot after the declared
        /// ones (see `CELProgram.dynamicIdentifiers`); reading it unbound is an evaluation
        /// error. An unknown function is an evaluation error, which `&&` / `||` can absorb.
        case allowAsDynamic
    }

    /// What to do with a type error such as `1 < 'a'` or `size(1)`.
    public enum TypeErrorPolicy: Sendable {
        /// A check error.
        case reject
        /// Compile the expression anyway; the operation is an evaluation error when it runs
        /// (so `'text' && false` is `false`, as CEL without a checker says).
        case deferToRuntime
    }

    /// The declared variables; a variable's index here is its slot.
    public let variables: [(name: String, type: CELType)]
    public let undeclaredIdentifiers: UndeclaredPolicy
    public let typeErrors: TypeErrorPolicy
    let slotByName: [String: Int]

    /// - Parameters:
    ///   - variables: names and types; the index of a variable is its slot number. When a name
    ///     appears twice, the first declaration wins.
    ///   - undeclaredIdentifiers: see `UndeclaredPolicy`.
    ///   - typeErrors: defaults to `.reject` when undeclared identifiers are rejected and to
    ///     `.deferToRuntime` when they are allowed as dynamic (CEL without a type checker).
    public init(variables: [(name: String, type: CELType)], undeclaredIdentifiers: UndeclaredPolicy,
                typeErrors: TypeErrorPolicy? = nil) {
        self.variables = variables
        self.undeclaredIdentifiers = undeclaredIdentifiers
        self.typeErrors = typeErrors ?? (undeclaredIdentifiers == .reject ? .reject : .deferToRuntime)
        var index: [String: Int] = [:]
        for (i, v) in variables.enumerated() where index[v.name] == nil { index[v.name] = i }
        slotByName = index
    }

    /// The slot of a declared variable.
    public func slot(of name: String) -> Int? { slotByName[name] }
}

/// Checks parsed expressions against declarations and compiles them into programs.
public enum CELChecker {
    /// Checks and compiles a whole expression.
    public static func check(_ parsed: ParsedExpression, _ declarations: CELDeclarations) -> Result<CELProgram, [CELIssue]> {
        check(node: parsed.root, in: parsed, declarations)
    }

    /// Checks and compiles one sub-expression (for example one operand of a top-level `&&`)
    /// as a program of its own. The node must not use a comprehension variable bound outside it.
    public static func check(node: CELNode, in parsed: ParsedExpression, _ declarations: CELDeclarations) -> Result<CELProgram, [CELIssue]> {
        let checker = TypeChecker(parsed: parsed, declarations: declarations)
        let type = checker.check(node)
        if !checker.issues.isEmpty {
            return .failure(checker.issues.sorted { $0.offset < $1.offset })
        }
        return .success(Compiler.program(for: node, parsed: parsed, checker: checker, resultType: type))
    }

    /// Parses, checks and compiles in one step.
    public static func compile(_ source: String, _ declarations: CELDeclarations) -> Result<CELProgram, [CELIssue]> {
        switch CELParser.parse(source) {
        case .failure(let issues): return .failure(issues)
        case .success(let parsed): return check(parsed, declarations)
        }
    }
}

/// The functions the evaluator knows, besides operators and macros.
enum Builtin: String, CaseIterable {
    case size, contains, startsWith, endsWith, matches
    case int, uint, double, string, bool, bytes, dyn

    enum Style { case global, method }

    /// Argument counts accepted in each call style (a method's receiver not counted).
    var shapes: [(Style, Int)] {
        switch self {
        case .size: return [(.global, 1), (.method, 0)]
        case .contains, .startsWith, .endsWith: return [(.method, 1)]
        case .matches: return [(.method, 1), (.global, 2)]
        default: return [(.global, 1)]
        }
    }

    var usage: String {
        switch self {
        case .size: return "size(x) or x.size()"
        case .contains: return "text.contains('part')"
        case .startsWith: return "text.startsWith('prefix')"
        case .endsWith: return "text.endsWith('suffix')"
        case .matches: return "text.matches('regular expression')"
        default: return "\(rawValue)(x)"
        }
    }
}

enum VarRef {
    case slot(Int)
    case local(Int)
}

final class TypeChecker {
    let parsed: ParsedExpression
    let decls: CELDeclarations
    let utf8: [UInt8]
    var issues: [CELIssue] = []
    var types: [CELType]
    var refs: [Int: VarRef] = [:]
    var builtins: [Int: Builtin] = [:]
    var compLocals: [Int: Int] = [:]
    var localCount = 0
    var scopes: [(name: String, local: Int, type: CELType)] = []
    var dynamicNames: [String] = []
    var dynamicSlots: [String: Int] = [:]
    var referenced: Set<Int> = []

    init(parsed: ParsedExpression, declarations: CELDeclarations) {
        self.parsed = parsed
        self.decls = declarations
        self.utf8 = Array(parsed.source.utf8)
        self.types = Array(repeating: .dyn, count: parsed.nodeCount)
    }

    var strictTypes: Bool { decls.typeErrors == .reject }

    func issue(_ offset: Int, _ message: String, hint: String? = nil) {
        let (line, column) = SourceText.lineAndColumn(ofOffset: offset, in: utf8)
        issues.append(CELIssue(line: line, column: column, offset: offset, message: message, hint: hint))
    }

    /// A type error: reported when type errors are rejected, left to run time otherwise.
    func typeError(_ offset: Int, _ message: String, hint: String? = nil) {
        if strictTypes { issue(offset, message, hint: hint) }
    }

    func text(_ n: CELNode) -> String { parsed.text(of: n) }

    @discardableResult
    func check(_ n: CELNode) -> CELType {
        let t = infer(n)
        if n.id < types.count { types[n.id] = t }
        return t
    }

    func infer(_ n: CELNode) -> CELType {
        switch n.kind {
        case .literal(let v):
            return CELType.of(v)
        case .ident(let name):
            return resolve(name, n)
        case .select(let operand, let field):
            return selectType(check(operand), field, operand, n)
        case .has(let operand, let field):
            _ = selectType(check(operand), field, operand, n)
            return .bool
        case .index(let operand, let index):
            let to = check(operand), ti = check(index)
            switch to {
            case .list(let e):
                if !(ti == .int || ti == .uint || ti == .dyn) {
                    typeError(index.range.lowerBound, "a list index must be an int, not \(ti)",
                              hint: ti == .double ? "write a whole number such as 0, not 0.0" : nil)
                }
                return e
            case .map(let k, let v):
                if !keyCompatible(ti, k) {
                    typeError(index.range.lowerBound, "this map has \(k) keys; it cannot be looked up with \(an(ti))")
                }
                return v
            case .dyn:
                return .dyn
            default:
                typeError(n.position, "cannot index into \(an(to)) with [...]; only lists and maps can be indexed")
                return .dyn
            }
        case .list(let items):
            let ts = items.map { check($0) }
            return .list(join(ts))
        case .map(let entries):
            var kts: [CELType] = [], vts: [CELType] = []
            for e in entries {
                let kt = check(e.key)
                switch kt {
                case .int, .uint, .bool, .string, .dyn: break
                default:
                    typeError(e.key.range.lowerBound, "a map key must be a string, an int, a uint or a bool, not \(an(kt))")
                }
                kts.append(kt)
                vts.append(check(e.value))
            }
            return .map(join(kts), join(vts))
        case .comprehension(let c):
            return comprehensionType(c, n)
        case .call(let function, let target, let args):
            if target == nil, let op = CELOperator(rawValue: function) {
                return operatorType(op, args, n)
            }
            return callType(function, target, args, n)
        }
    }

    // MARK: Names

    func resolve(_ name: String, _ n: CELNode) -> CELType {
        if let s = scopes.last(where: { $0.name == name }) {
            refs[n.id] = .local(s.local)
            return s.type
        }
        if let slot = decls.slotByName[name] {
            refs[n.id] = .slot(slot)
            referenced.insert(slot)
            return decls.variables[slot].type
        }
        switch decls.undeclaredIdentifiers {
        case .reject:
            let candidates = decls.variables.map(\.name) + scopes.map(\.name)
            if let near = nearestName(to: name, in: candidates) {
                issue(n.position, "unknown fact '\(name)'; did you mean '\(near)'?",
                      hint: "write '\(near)', or declare '\(name)' as a fact if it is a new one")
            } else {
                issue(n.position, "unknown fact '\(name)'",
                      hint: decls.variables.isEmpty ? nil : "no fact or derived fact has this name; check the spelling")
            }
            return .dyn
        case .allowAsDynamic:
            let slot: Int
            if let s = dynamicSlots[name] {
                slot = s
            } else {
                slot = decls.variables.count + dynamicNames.count
                dynamicSlots[name] = slot
                dynamicNames.append(name)
            }
            refs[n.id] = .slot(slot)
            referenced.insert(slot)
            return .dyn
        }
    }

    // MARK: Types

    func join(_ ts: [CELType]) -> CELType {
        guard let first = ts.first else { return .dyn }
        return ts.allSatisfy { $0 == first } ? first : .dyn
    }

    /// Whether values of these types can be compared with `==` (or looked up with `in`).
    func equalityCompatible(_ a: CELType, _ b: CELType) -> Bool {
        if a == .dyn || b == .dyn || a == b { return true }
        if a.isNumeric && b.isNumeric { return true }
        switch (a, b) {
        case let (.list(x), .list(y)): return equalityCompatible(x, y)
        case let (.map(k1, v1), .map(k2, v2)): return equalityCompatible(k1, k2) && equalityCompatible(v1, v2)
        default: return false
        }
    }

    func keyCompatible(_ given: CELType, _ key: CELType) -> Bool {
        equalityCompatible(given, key)
    }

    func orderable(_ t: CELType) -> Bool {
        switch t {
        case .int, .uint, .double, .string, .bytes, .bool, .dyn: return true
        default: return false
        }
    }

    func selectType(_ t: CELType, _ field: String, _ operand: CELNode, _ n: CELNode) -> CELType {
        switch t {
        case .map(let k, let v):
            if k != .string && k != .dyn {
                typeError(n.position, "'.\(field)' looks up a text key, but this map has \(k) keys",
                          hint: "look it up with brackets instead: \(text(operand))[...]")
            }
            return v
        case .dyn:
            return .dyn
        default:
            typeError(n.position, "'\(text(operand))' is \(an(t)), which has no fields; '.\(field)' needs a map")
            return .dyn
        }
    }

    /// The literal text of an int operand, for the hint "write 2.0 instead of 2".
    func intToDoubleHint(_ operands: [CELNode], _ ts: [CELType]) -> String {
        for (node, t) in zip(operands, ts) where t == .int {
            if case .literal(.int) = node.kind {
                let written = text(node)
                return "CEL does not mix int and double; write \(written).0 instead of \(written)"
            }
        }
        if let (node, _) = zip(operands, ts).first(where: { $0.1 == .int }) {
            return "CEL does not mix int and double; convert with double(\(text(node)))"
        }
        return "CEL does not mix number types; convert one side with int(...), uint(...) or double(...)"
    }

    func operatorType(_ op: CELOperator, _ args: [CELNode], _ n: CELNode) -> CELType {
        let ts = args.map { check($0) }
        switch op {
        case .logicalAnd, .logicalOr:
            for (a, t) in zip(args, ts) where t != .bool && t != .dyn {
                typeError(a.range.lowerBound, "'\(op.symbol)' needs a true/false condition on each side; '\(text(a))' is \(an(t))")
            }
            return .bool
        case .logicalNot:
            if ts[0] != .bool && ts[0] != .dyn {
                typeError(n.position, "'!' needs a true/false condition; '\(text(args[0]))' is \(an(ts[0]))")
            }
            return .bool
        case .negate:
            switch ts[0] {
            case .int, .double, .dyn: return ts[0]
            default:
                typeError(n.position, "cannot negate \(an(ts[0])); '-' needs an int or a double")
                return .dyn
            }
        case .conditional:
            if ts[0] != .bool && ts[0] != .dyn {
                typeError(args[0].range.lowerBound, "the condition before '?' must be true/false; '\(text(args[0]))' is \(an(ts[0]))")
            }
            if ts[1] == ts[2] { return ts[1] }
            if ts[1] == .dyn || ts[2] == .dyn { return .dyn }
            let numericMix = ts[1].isNumeric && ts[2].isNumeric
            typeError(n.position, "the two results of '?:' have different types: \(ts[1]) and \(ts[2])",
                      hint: numericMix ? intToDoubleHint([args[1], args[2]], [ts[1], ts[2]]) : "both results must have the same type")
            return .dyn
        case .equals, .notEquals:
            if !equalityCompatible(ts[0], ts[1]) {
                typeError(n.position, "cannot compare \(ts[0]) with \(ts[1])", hint: comparisonHint(args, ts))
            }
            return .bool
        case .less, .lessEquals, .greater, .greaterEquals:
            let ok: Bool
            if ts[0] == .dyn || ts[1] == .dyn {
                ok = orderable(ts[0]) && orderable(ts[1])
            } else if ts[0].isNumeric && ts[1].isNumeric {
                ok = true
            } else {
                ok = ts[0] == ts[1] && orderable(ts[0])
            }
            if !ok {
                if ts[0] == ts[1] {
                    typeError(n.position, "cannot order \(ts[0]) values with '\(op.symbol)'",
                              hint: "'<', '<=', '>' and '>=' compare numbers, strings, bytes and bools")
                } else {
                    typeError(n.position, "cannot compare \(ts[0]) with \(ts[1])", hint: comparisonHint(args, ts))
                }
            }
            return .bool
        case .add:
            return arithmeticType(op, args, ts, n, allowed: [.int, .uint, .double, .string, .bytes], lists: true)
        case .subtract, .multiply, .divide:
            return arithmeticType(op, args, ts, n, allowed: [.int, .uint, .double], lists: false)
        case .modulo:
            return arithmeticType(op, args, ts, n, allowed: [.int, .uint], lists: false)
        case .in:
            switch ts[1] {
            case .list(let e):
                if !equalityCompatible(ts[0], e) {
                    typeError(n.position, "cannot look for \(an(ts[0])) in a list of \(e)", hint: comparisonHint(args, [ts[0], e]))
                }
            case .map(let k, _):
                if !equalityCompatible(ts[0], k) {
                    typeError(n.position, "cannot look for \(an(ts[0])) key in a map with \(k) keys")
                }
            case .dyn:
                break
            default:
                typeError(n.position, "'in' needs a list or a map on its right; '\(text(args[1]))' is \(an(ts[1]))",
                          hint: ts[1] == .string ? "to look for text inside a string, write \(text(args[1])).contains(\(text(args[0])))" : nil)
            }
            return .bool
        }
    }

    func comparisonHint(_ args: [CELNode], _ ts: [CELType]) -> String? {
        if ts[0].isNumeric && ts[1] == .string || ts[1].isNumeric && ts[0] == .string {
            let numberSide = ts[0].isNumeric ? 0 : 1
            return "'\(text(args[numberSide]))' is a number; compare it with a number, not with text in quotes"
        }
        if ts[0] == .string && ts[1] == .bool || ts[0] == .bool && ts[1] == .string {
            return "write true or false without quotes"
        }
        return nil
    }

    func arithmeticType(_ op: CELOperator, _ args: [CELNode], _ ts: [CELType], _ n: CELNode,
                        allowed: [CELType], lists: Bool) -> CELType {
        let verb: String
        switch op {
        case .add: verb = "add"
        case .subtract: verb = "subtract"
        case .multiply: verb = "multiply"
        case .divide: verb = "divide"
        default: verb = "take the remainder of"
        }
        let (a, b) = (ts[0], ts[1])
        func fits(_ t: CELType) -> Bool {
            if case .list = t { return lists }
            return t == .dyn || allowed.contains(t)
        }
        if a == .dyn || b == .dyn {
            let other = a == .dyn ? b : a
            if !fits(other) {
                typeError(n.position, "cannot \(verb) \(an(other)) with '\(op.symbol)'")
                return .dyn
            }
            return other
        }
        if case .list(let x) = a, case .list(let y) = b, lists {
            return .list(x == y ? x : .dyn)
        }
        if a == b && allowed.contains(a) { return a }
        if a.isNumeric && b.isNumeric && a != b && allowed.contains(a) && allowed.contains(b) {
            typeError(n.position, "cannot \(verb) \(a) and \(b)", hint: intToDoubleHint(args, ts))
        } else if a == b {
            typeError(n.position, "cannot \(verb) \(a) values with '\(op.symbol)'",
                      hint: op == .modulo && a == .double ? "'%' works on ints and uints only" : nil)
        } else {
            typeError(n.position, "cannot \(verb) \(a) and \(b)")
        }
        return .dyn
    }

    // MARK: Calls

    func callType(_ function: String, _ target: CELNode?, _ args: [CELNode], _ n: CELNode) -> CELType {
        let targetType = target.map { check($0) }
        let argTypes = args.map { check($0) }
        let style: Builtin.Style = target == nil ? .global : .method
        guard let builtin = Builtin(rawValue: function) else {
            if decls.undeclaredIdentifiers == .reject {
                let names = Builtin.allCases.map(\.rawValue)
                let near = nearestName(to: function, in: names)
                let what = target == nil ? "function" : "method"
                issue(n.position, "unknown \(what) '\(function)'" + (near.map { "; did you mean '\($0)'?" } ?? ""),
                      hint: "the functions are: " + names.joined(separator: ", "))
            }
            return .dyn
        }
        guard builtin.shapes.contains(where: { $0.0 == style && $0.1 == args.count }) else {
            if let shape = builtin.shapes.first(where: { $0.0 == style }) {
                typeError(n.position, "\(function)() takes \(shape.1) argument\(shape.1 == 1 ? "" : "s"), not \(args.count)",
                          hint: "write \(builtin.usage)")
            } else {
                typeError(n.position, style == .method ? "\(function)() is not a method" : "\(function)() is a method",
                          hint: "write \(builtin.usage)")
            }
            return .dyn
        }
        builtins[n.id] = builtin
        let operands = (target.map { [$0] } ?? []) + args
        let types = (targetType.map { [$0] } ?? []) + argTypes
        let x = types[0]
        func expect(_ allowed: [CELType], _ result: CELType, _ what: String) -> CELType {
            if x == .dyn || allowed.contains(x) { return result }
            if case .list = x, allowed.contains(.list(.dyn)) { return result }
            if case .map = x, allowed.contains(.map(.dyn, .dyn)) { return result }
            typeError(operands[0].range.lowerBound, "\(function)() needs \(what), not \(an(x))")
            return result
        }
        switch builtin {
        case .size:
            return expect([.string, .bytes, .list(.dyn), .map(.dyn, .dyn)], .int, "a string, bytes, a list or a map")
        case .contains, .startsWith, .endsWith, .matches:
            if builtin == .matches, case .literal(.string(let pattern)) = operands[1].kind, let problem = Ops.regexProblem(pattern) {
                typeError(operands[1].range.lowerBound, "invalid regular expression: \(problem)")
            }
            if x != .string && x != .dyn {
                typeError(operands[0].range.lowerBound, "\(function)() works on strings; '\(text(operands[0]))' is \(an(x))",
                          hint: builtin == .contains ? "to look for an element in a list, write element in list" : nil)
            }
            if types[1] != .string && types[1] != .dyn {
                typeError(operands[1].range.lowerBound, "\(function)() needs a string argument, not \(an(types[1]))")
            }
            return .bool
        case .int: return expect([.int, .uint, .double, .string], .int, "an int, a uint, a double or a string")
        case .uint: return expect([.int, .uint, .double, .string], .uint, "an int, a uint, a double or a string")
        case .double: return expect([.int, .uint, .double, .string], .double, "an int, a uint, a double or a string")
        case .string: return expect([.int, .uint, .double, .string, .bytes, .bool], .string, "a number, a string, bytes or a bool")
        case .bool: return expect([.bool, .string], .bool, "a bool or a string")
        case .bytes: return expect([.bytes, .string], .bytes, "a string or bytes")
        case .dyn: return .dyn
        }
    }

    func comprehensionType(_ c: CELComprehension, _ n: CELNode) -> CELType {
        let rt = check(c.range)
        let varType: CELType
        switch rt {
        case .list(let e): varType = e
        case .map(let k, _): varType = k
        case .dyn: varType = .dyn
        default:
            typeError(n.position, "\(c.macro.rawValue)() needs a list or a map; '\(text(c.range))' is \(an(rt))")
            varType = .dyn
        }
        let local = localCount
        localCount += 1
        compLocals[n.id] = local
        scopes.append((c.variable, local, varType))
        defer { scopes.removeLast() }
        if let f = c.filter {
            let ft = check(f)
            if ft != .bool && ft != .dyn {
                typeError(f.range.lowerBound, "the filter of map() must be true/false; '\(text(f))' is \(an(ft))")
            }
        }
        let bt = check(c.body)
        switch c.macro {
        case .all, .exists, .existsOne, .filter:
            if bt != .bool && bt != .dyn {
                typeError(c.body.range.lowerBound, "the condition of \(c.macro.rawValue)() must be true/false; '\(text(c.body))' is \(an(bt))")
            }
            return c.macro == .filter ? .list(varType) : .bool
        case .map:
            return .list(bt)
        }
    }
}

/// A type with its article, for messages: "an int", "a double", "bytes", "a list(string)".
func an(_ t: CELType) -> String {
    switch t {
    case .int: return "an int"
    case .bytes: return "bytes"
    case .null: return "null"
    case .dyn: return "a value of any type"
    default: return "a \(t)"
    }
}

// MARK: - Suggestions

/// The candidate closest to `name` by edit distance (ignoring case), when it is close enough
/// to be a plausible typo.
func nearestName(to name: String, in candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    var best: (String, Int)? = nil
    for c in candidates where c != name {
        let d = editDistance(target, Array(c.lowercased()))
        let limit = max(1, min(3, max(target.count, c.count) / 3))
        if d <= limit && d < min(target.count, c.count) && (best == nil || d < best!.1) { best = (c, d) }
    }
    return best?.0
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each count one.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    let n = a.count, m = b.count
    if n == 0 { return m }
    if m == 0 { return n }
    var d = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
    for i in 0...n { d[i][0] = i }
    for j in 0...m { d[0][j] = j }
    for i in 1...n {
        for j in 1...m {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[n][m]
}
