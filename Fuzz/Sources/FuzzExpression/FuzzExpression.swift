import AdvisorCEL
import AdvisorEngine
import AdvisorLoading

// The fuzz target: any bytes, as the text of a CEL expression. It goes through every way
// the advisor reads an expression; a crash, a hang, a leak or a broken promise (below) is a bug.

/// The shipped rule book: its facts type expressions as rule conditions are typed.
let shippedBook: RuleBook? = try? RuleBookLoader.load(files: ShippedRuleBook.files).get()

/// Variables for `advisor expr`-style evaluation: every type a fact value can have.
let dynamicNames = ["a", "b", "s", "l", "m", "u"]
let dynamicBindings: [CELBinding] = [
    .value(.int(7)), .value(.double(2.5)), .value(.string("héllo")),
    .value(.list([.int(1), .string("x"), .double(-0.0)])), .value(.map(CELMap(stringKeys: [("k", .int(1)), ("é", .bool(true))]))), .unknown,
]

/// One input, as libFuzzer calls it.
func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)

    // As `advisor expr` reads it: undeclared names are dynamic.
    let dynamic = CELDeclarations(variables: dynamicNames.map { ($0, CELType.dyn) }, undeclaredIdentifiers: .allowAsDynamic)
    if case .success(let program) = CELChecker.compile(source, dynamic) {
        _ = program.evaluate(CELSlotActivation(dynamicBindings))
        _ = program.evaluate(CELSlotActivation(Array(repeating: .unknown, count: dynamicNames.count)))
    }

    // As a rule condition: typed against the shipped facts, then evaluated with every fact
    // unknown and with each fact's representative values.
    guard let book = shippedBook else { fatalError("the shipped rule book does not load") }
    let declarations = CELDeclarations(variables: book.facts.map { ($0.id, $0.kind.celType) }, undeclaredIdentifiers: .reject)
    guard case .success(let program) = CELChecker.compile(source, declarations) else { return 0 }
    var bindings = Array(repeating: CELBinding.unknown, count: book.facts.count)
    check(program, bindings)
    for domain in book.domains {
        for candidate in domain.candidates.prefix(4) {
            bindings[domain.slot] = .value(candidate)
            check(program, bindings)
        }
    }
    return 0
}

/// Evaluates, holding the checker to its word: a program it typed as bool gives a bool (or an
/// error, or unknown), and evaluation is deterministic.
func check(_ program: CELProgram, _ bindings: [CELBinding]) {
    let result = program.evaluate(CELSlotActivation(bindings))
    if program.resultType == .bool, case .value(let value) = result, case .bool = value {
    } else if program.resultType == .bool, case .value(let value) = result {
        fatalError("a condition typed bool evaluated to \(value)")
    }
    // Compared as text: NaN is unequal to itself, yet a NaN result is the same result.
    guard "\(result)" == "\(program.evaluate(CELSlotActivation(bindings)))" else { fatalError("evaluation is not deterministic") }
}
