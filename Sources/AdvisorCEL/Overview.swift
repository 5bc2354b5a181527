// AdvisorCEL: the subset of Google's Common Expression Language (CEL) that rule conditions
// are written in. No dependencies beyond Foundation's JSON types, no I/O.
//
// Pipeline:
//
//     CELParser.parse(source)            -> ParsedExpression (a public tree of CELNode)
//     CELChecker.check(parsed, decls)    -> CELProgram (names resolved to slots, typed)
//     program.evaluate(activation)       -> CELResult (.value / .error / .unknown(slots:))
//
// The language:
//
// - Literals: ints (`42`, `0x2A`, `-9223372036854775808`), uints (`42u`), doubles (`1.5`,
//   `.5`, `1e6`), strings in single, double or triple quotes with every CEL escape (`\n`,
//   `\x41`, `\101`, `\u00e9`, `\U0001F431`), raw strings (`r'\d'`), bytes (`b'\xff'`),
//   `true`, `false`, `null`, lists `[1, 2]`, maps `{'k': 1}`. Comments run from `//` to
//   the end of the line.
// - Operators, by precedence: `?:`, `||`, `&&`, relations (`== != < <= > >= in`),
//   `+ -`, `* / %`, unary `! -`, then member access `.f`, `[i]` and calls.
// - Functions: `size(x)` / `x.size()`, `s.contains(t)`, `s.startsWith(t)`,
//   `s.endsWith(t)`, `s.matches(re)`, conversions `int()`, `uint()`, `double()`,
//   `string()`, `bool()`, `bytes()`, `dyn()`.
// - Macros: `has(m.f)`, `l.all(x, p)`, `l.exists(x, p)`, `l.exists_one(x, p)`,
//   `l.map(x, t)`, `l.map(x, p, t)`, `l.filter(x, p)` (over lists, or the keys of maps).
//
// Semantics (as CEL's reference implementations and conformance tests):
//
// - Integer overflow, division or modulus by zero, out-of-range conversions, missing map
//   keys and list indexes out of range are evaluation errors; nothing traps.
// - Numbers compare across int, uint and double (`1 < 1.5`, `1 == 1.0`); arithmetic does
//   not mix them (`1 + 1.0` is a type error). Values of different types are unequal. NaN is
//   unequal to everything, itself included. Strings compare by code point, unnormalized.
// - `&&` and `||` are commutative: a `false` operand of `&&` (a `true` one of `||`) decides
//   the result whatever the other operand is, even an error or an unknown. Otherwise an
//   unknown operand makes the result unknown (slots merged), and an error makes it an error.
//   Other operators and functions are strict: unknowns first (merged), then the first error.
//   `?:` with an unknown or failed condition is that unknown or error. Macros combine their
//   element results the same way, and are unknown when the list itself is unknown.
// - Type checking (`CELDeclarations`): strict for rule books (unknown names, unknown
//   functions and type errors are check errors with a hint), or CEL-without-a-checker for
//   the `advisor expr` command (undeclared names are dynamic, type errors happen at run time).
