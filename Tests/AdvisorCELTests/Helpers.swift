import Testing
@testable import AdvisorCEL

/// A declared variable with its binding for a test evaluation.
struct Var {
    var name: String
    var type: CELType
    var binding: CELBinding

    init(_ name: String, _ type: CELType, _ binding: CELBinding) {
        self.name = name
        self.type = type
        self.binding = binding
    }

    init(_ name: String, _ value: CELValue) {
        self.init(name, CELType.of(value), .value(value))
    }

    static func unknown(_ name: String, _ type: CELType) -> Var { Var(name, type, .unknown) }
}

/// The rule-book-like declarations most tests use: one fact of each type.
let ruleFacts: [(name: String, type: CELType)] = [
    ("capital", .double),
    ("sku_count", .int),
    ("brand_authorization", .bool),
    ("category_breadth", .string),
    ("service_capabilities", .list(.string)),
    ("extra", .map(.string, .dyn)),
    ("anything", .dyn),
]

func parse(_ source: String) throws -> ParsedExpression {
    switch CELParser.parse(source) {
    case .success(let p): return p
    case .failure(let issues): throw issues
    }
}

func parseIssue(_ source: String) -> CELIssue? {
    if case .failure(let issues) = CELParser.parse(source) { return issues.first }
    return nil
}

func compile(_ source: String, _ vars: [(name: String, type: CELType)] = [],
             _ policy: CELDeclarations.UndeclaredPolicy = .reject) throws -> CELProgram {
    switch CELChecker.compile(source, CELDeclarations(variables: vars, undeclaredIdentifiers: policy)) {
    case .success(let p): return p
    case .failure(let issues): throw issues
    }
}

func checkIssues(_ source: String, _ vars: [(name: String, type: CELType)] = ruleFacts) -> [CELIssue] {
    if case .failure(let issues) = CELChecker.compile(source, CELDeclarations(variables: vars, undeclaredIdentifiers: .reject)) {
        return issues
    }
    return []
}

/// Checks strictly against `vars` and evaluates with their bindings.
func evaluate(_ source: String, _ vars: [Var] = []) throws -> CELResult {
    let program = try compile(source, vars.map { ($0.name, $0.type) })
    return program.evaluate(CELSlotActivation(vars.map(\.binding)))
}

/// Evaluates as the conformance CLI does: no type checking, unknown names unbound.
func evaluateDynamic(_ source: String, _ facts: [String: CELValue] = [:]) throws -> CELResult {
    let names = facts.keys.sorted()
    let program = try compile(source, names.map { ($0, CELType.dyn) }, .allowAsDynamic)
    return program.evaluate(CELSlotActivation(names.map { .value(facts[$0]!) }))
}

func isError(_ r: CELResult) -> Bool {
    if case .error = r { return true }
    return false
}

func errorMessage(_ r: CELResult) -> String? {
    if case .error(let e) = r { return e.message }
    return nil
}

extension CELValue {
    static func s(_ s: String) -> CELValue { .string(s) }
    static func strings(_ items: [String]) -> CELValue { .list(items.map { .string($0) }) }
}

let T = CELResult.value(.bool(true))
let F = CELResult.value(.bool(false))
