import Testing
@testable import AdvisorCEL

@Suite("Evaluator")
struct EvaluatorTests {
    // MARK: Arithmetic

    @Test("arithmetic follows CEL for ints, uints, doubles, strings, bytes and lists", arguments: [
        ("1 + 2 * 3", CELValue.int(7)),
        ("7 / 2", .int(3)),
        ("-7 / 2", .int(-3)),
        ("-7 % 3", .int(-1)),
        ("7 % -3", .int(1)),
        ("-9223372036854775808 % -1", .int(0)),
        ("7u / 2u", .uint(3)),
        ("7u % 4u", .uint(3)),
        ("1.5 * 2.0", .double(3)),
        ("7.0 / 2.0", .double(3.5)),
        ("1.0 / 0.0", .double(.infinity)),
        ("-(1.5)", .double(-1.5)),
        ("'ab' + 'c'", .string("abc")),
        ("b'a' + b'b'", .bytes([97, 98])),
        ("[1] + [2, 3]", .list([.int(1), .int(2), .int(3)])),
        ("9223372036854775807 - 1 + 1", .int(.max)),
    ])
    func arithmetic(source: String, value: CELValue) throws {
        #expect(try evaluate(source) == .value(value))
    }

    @Test("overflow, division by zero and bad conversions are errors, never traps", arguments: [
        ("9223372036854775807 + 1", "integer overflow"),
        ("-9223372036854775808 - 1", "integer overflow"),
        ("-(-9223372036854775808)", "integer overflow"),
        ("(-9223372036854775808) / -1", "integer overflow"),
        ("(-9223372036854775808) * -1", "integer overflow"),
        ("5000000000 * 5000000000", "integer overflow"),
        ("0u - 1u", "unsigned integer overflow"),
        ("18446744073709551615u + 1u", "unsigned integer overflow"),
        ("4294967296u * 4294967296u", "unsigned integer overflow"),
        ("1 / 0", "division by zero"),
        ("1u / 0u", "division by zero"),
        ("1 % 0", "modulus by zero"),
        ("int(9223372036854775807.0)", "range error"),
        ("int(-9223372036854775808.0)", "range error"),
        ("int(1e99)", "range error"),
        ("int(0.0 / 0.0)", "range error"),
        ("uint(-1)", "range error"),
        ("uint(-1.0)", "range error"),
        ("int(18446744073709551615u)", "range error"),
        ("int('12x')", "cannot convert"),
        ("int('')", "cannot convert"),
        ("double('abc')", "cannot convert"),
        ("bool('yes')", "cannot convert"),
        ("string(b'\\xff')", "not valid UTF-8"),
    ])
    func arithmeticErrors(source: String, message: String) throws {
        let r = try evaluate(source)
        #expect(errorMessage(r)?.contains(message) == true, "\(r)")
    }

    // MARK: Comparisons and equality

    @Test("comparisons order numbers across types, strings by code point, and NaN never", arguments: [
        ("1 < 1.5", true),
        ("2u > 1", true),
        ("1.0 == 1", true),
        ("1u == 1.0", true),
        ("-1 < 0u", true),
        ("9223372036854775807 < 18446744073709551615u", true),
        ("0.0 / 0.0 == 0.0 / 0.0", false),
        ("0.0 / 0.0 != 0.0 / 0.0", true),
        ("0.0 / 0.0 < 1.0", false),
        ("0.0 / 0.0 >= 1.0", false),
        ("-0.0 == 0.0", true),
        ("'a' < 'b'", true),
        ("'Z' < 'a'", true),
        ("'a' < '\\u00e1'", true),
        ("'\\uFFFF' < '\\U0001F431'", true),
        ("'Am\\u00E9lie' == 'Ame\\u0301lie'", false),
        ("b'a' < b'b'", true),
        ("false < true", true),
        ("[1, 2] == [1, 2.0]", true),
        ("[1, 'dos'] == [1, 2]", false),
        ("{'a': 1, 'b': 2} == {'b': 2, 'a': 1.0}", true),
        ("{'a': 1} == {'a': 1, 'b': 2}", false),
        ("null == null", true),
    ])
    func comparisons(source: String, result: Bool) throws {
        #expect(try evaluateDynamic(source) == .value(.bool(result)))
    }

    @Test("values of different types are unequal, and unorderable values are errors")
    func heterogeneous() throws {
        #expect(try evaluateDynamic("1 == 'a'") == F)
        #expect(try evaluateDynamic("[1] != 'a'") == T)
        #expect(isError(try evaluateDynamic("'a' < 1")))
        #expect(isError(try evaluateDynamic("null < null")))
        #expect(isError(try evaluateDynamic("[1] < [2]")))
    }

    // MARK: Logic with errors and unknowns

    static let a = Var.unknown("a", .bool)
    static let b = Var.unknown("b", .bool)
    static let t = Var("t", .bool(true))
    static let f = Var("f", .bool(false))
    static let n = Var.unknown("n", .double)

    @Test("&&, || and ?: follow CEL's commutative three-valued logic", arguments: [
        ("a && f", F),
        ("f && a", F),
        ("a || t", T),
        ("t || a", T),
        ("a && t", CELResult.unknown(slots: [0])),
        ("t && a", .unknown(slots: [0])),
        ("a || f", .unknown(slots: [0])),
        ("a && b", .unknown(slots: [0, 1])),
        ("b || a", .unknown(slots: [0, 1])),
        ("a && (1 / 0 > 0)", .unknown(slots: [0])),
        ("(1 / 0 > 0) || a", .unknown(slots: [0])),
        ("(1 / 0 > 0) && f", F),
        ("f && (1 / 0 > 0)", F),
        ("(1 / 0 > 0) || t", T),
        ("!a", .unknown(slots: [0])),
        ("a ? 1 : 2", .unknown(slots: [0])),
        ("t ? a : (1 / 0 > 0)", .unknown(slots: [0])),
        ("f ? (1 / 0 > 0) : 3 == 3", T),
        ("n < 1.0", .unknown(slots: [4])),
        ("n < 1.0 && f", F),
        ("n + 1.0 > 2.0 || a", .unknown(slots: [0, 4])),
        ("[n, 1.0].size() == 2", .unknown(slots: [4])),
        ("n < 1.0 && (1 / 0 > 0)", .unknown(slots: [4])),
    ])
    func threeValuedLogic(source: String, expected: CELResult) throws {
        #expect(try evaluate(source, [Self.a, Self.b, Self.t, Self.f, Self.n]) == expected)
    }

    @Test("errors that nothing absorbs are the result", arguments: [
        "t && (1 / 0 > 0)",
        "(1 / 0 > 0) && t",
        "f || (1 / 0 > 0)",
        "(1 / 0 > 0) ? 1 : 2",
        "!(1 / 0 > 0)",
    ])
    func unabsorbedErrors(source: String) throws {
        #expect(isError(try evaluate(source, [Self.a, Self.b, Self.t, Self.f, Self.n])))
    }

    @Test("unknown slots are the declared slot numbers of the unknown facts, merged across operands")
    func unknownSlots() throws {
        let p = try compile("capital < 1.0 || category_breadth == 'x' || brand_authorization", ruleFacts)
        var bindings = [CELBinding](repeating: .unknown, count: ruleFacts.count)
        bindings[2] = .value(.bool(false))
        #expect(p.evaluate(CELSlotActivation(bindings)) == .unknown(slots: [0, 3]))
        bindings[0] = .value(.double(0.5))
        #expect(p.evaluate(CELSlotActivation(bindings)) == T)
    }

    @Test("an unknown fact read through functions, indexes and macros stays unknown", arguments: [
        "size(category_breadth) > 2",
        "category_breadth.startsWith('s')",
        "service_capabilities[0] == 'x'",
        "'x' in service_capabilities",
        "service_capabilities.exists(s, s == 'x')",
        "service_capabilities.all(s, s == 'x')",
        "service_capabilities.map(s, s).size() > 0",
        "has(extra.k)",
        "extra.k == 1",
        "int(capital) > 1",
    ])
    func unknownPropagates(source: String) throws {
        let p = try compile(source, ruleFacts)
        let r = p.evaluate(CELSlotActivation(Array(repeating: .unknown, count: ruleFacts.count)))
        guard case .unknown(let slots) = r else {
            Issue.record("expected unknown, got \(r)")
            return
        }
        #expect(slots == p.referencedSlots)
    }

    @Test("a declared fact with no binding is an evaluation error")
    func unboundDeclared() throws {
        let p = try compile("capital < 1.0", ruleFacts)
        #expect(errorMessage(p.evaluate(CELSlotActivation([]))) == "no value for 'capital'")
        #expect(errorMessage(p.evaluate(CELSlotActivation([.unbound]))) == "no value for 'capital'")
    }

    // MARK: Macros

    @Test("macros iterate lists and map keys with CEL's error absorption", arguments: [
        ("[1, 2, 3].all(x, x > 0)", CELResult.value(.bool(true))),
        ("[1, 2, 3].all(x, x > 1)", F),
        ("[].all(x, x > 0)", T),
        ("[1, 2, 3].all(x, 6 / (2 - x) == 6)", F),
        ("[1, 2, 3].exists(x, x == 2)", T),
        ("[].exists(x, true)", F),
        ("[0, 1].exists(x, 1 / x == 1)", T),
        ("[1, 2, 3].exists_one(x, x > 2)", T),
        ("[1, 2, 3].exists_one(x, x > 1)", F),
        ("[1, 2, 3].map(x, x * 2)", .value(.list([.int(2), .int(4), .int(6)]))),
        ("[1, 2, 3].map(x, x > 1, x * 10)", .value(.list([.int(20), .int(30)]))),
        ("[1, 2, 3, 4].filter(x, x % 2 == 0)", .value(.list([.int(2), .int(4)]))),
        ("{'a': 1, 'b': 2}.map(k, k + '!')", .value(.strings(["a!", "b!"]))),
        ("{'a': 1, 'b': 2}.exists(k, k == 'b')", T),
        ("{'a': 1, 'b': 2}.filter(k, k != 'a')", .value(.strings(["b"]))),
        ("[[1, 2], [3]].all(l, l.all(x, x > 0))", T),
        ("[1, 2].exists(x, [2, 3].exists(x, x == 3))", T),
        ("[1, 2].map(x, [10].map(y, x * y))", .value(.list([.list([.int(10)]), .list([.int(20)])]))),
    ])
    func macros(source: String, expected: CELResult) throws {
        #expect(try evaluateDynamic(source) == expected)
    }

    @Test("a macro error no element absorbs is the result", arguments: [
        "[1, 2, 3].all(x, x / 0 > 1)",
        "[0, 1].exists(x, 1 / x == 5)",
        "[3, 2, 1, 0].exists_one(n, 12 / n > 1)",
        "[2, 1, 0].map(n, 4 / n)",
        "[3, 2, 1, 0].filter(n, 12 / n > 4)",
        "[1, 'a'].all(x, x > 0)",
        "5.exists(x, true)",
    ])
    func macroErrors(source: String) throws {
        #expect(isError(try evaluateDynamic(source)))
    }

    // MARK: Strings, lists, maps

    @Test("string functions count and match code points", arguments: [
        ("size('πέντε')", CELValue.int(5)),
        ("'héllo'.size()", .int(5)),
        ("size(b'\\xff\\x00')", .int(2)),
        ("'🐱😀'.contains('😀')", .bool(true)),
        ("'abc'.contains('')", .bool(true)),
        ("''.contains('a')", .bool(false)),
        ("'forté'.endsWith('té')", .bool(true)),
        ("'завтра'.startsWith('за')", .bool(true)),
        ("'abc'.startsWith('abcd')", .bool(false)),
        ("'mañana'.matches('a+ñ+a+')", .bool(true)),
        ("'grey'.matches('^gr(a|e)y$')", .bool(true)),
        ("matches('abc', 'x')", .bool(false)),
    ])
    func strings(source: String, value: CELValue) throws {
        #expect(try evaluate(source) == .value(value))
    }

    @Test("lists and maps index, select and test membership", arguments: [
        ("[7, 8, 9][2]", CELValue.int(9)),
        ("[7, 8, 9][1u]", .int(8)),
        ("{'a': 1}['a']", .int(1)),
        ("{'a': {'b': true}}.a.b", .bool(true)),
        ("{1: 'one'}[1u]", .string("one")),
        ("{1: 'one'}[1.0]", .string("one")),
        ("{1u: 'one'}[1]", .string("one")),
        ("{true: 1}[true]", .int(1)),
        ("2 in [1, 2.0]", .bool(true)),
        ("'k' in {'k': 1}", .bool(true)),
        ("1.0 in {1: 'a'}", .bool(true)),
        ("has({'a': 1}.a)", .bool(true)),
        ("has({'a': 1}.b)", .bool(false)),
        ("size({1: 2, 3: 4})", .int(2)),
        ("{'b': 1, 'a': 2}", .map(CELMap(stringKeys: [("b", .int(1)), ("a", .int(2))]))),
    ])
    func collections(source: String, value: CELValue) throws {
        #expect(try evaluateDynamic(source) == .value(value))
    }

    @Test("bad indexes, missing keys and repeated keys are errors", arguments: [
        ("[1, 2, 3][3]", "out of range"),
        ("[1, 2, 3][-1]", "out of range"),
        ("[1][1.5]", "whole number"),
        ("{'a': 1}['b']", "no such key"),
        ("{'a': 1}.b", "no such key: 'b'"),
        ("{true: 1, false: 2, true: 3}", "repeated key"),
        ("{1: 1, 1u: 2}", "repeated key"),
        ("{1.5: 1}", "unsupported key type"),
        ("{null: 1}", "unsupported key type"),
        ("{'a': 1}[[1]]", "unsupported key type"),
        ("1.field", "does not support field selection"),
        ("1 in 'abc'", "needs a list or a map"),
    ])
    func collectionErrors(source: String, message: String) throws {
        let r = try evaluateDynamic(source)
        #expect(errorMessage(r)?.contains(message) == true, "\(r)")
    }

    // MARK: Conversions

    @Test("int(), uint(), double(), string(), bool() and bytes() convert as CEL does", arguments: [
        ("int(-7.9)", CELValue.int(-7)),
        ("int(11.5)", .int(11)),
        ("int('-42')", .int(-42)),
        ("int(42u)", .int(42)),
        ("uint(42)", .uint(42)),
        ("uint(3.9)", .uint(3)),
        ("uint('7')", .uint(7)),
        ("double(3)", .double(3)),
        ("double('2.5e3')", .double(2500)),
        ("double('-0.0')", .double(-0.0)),
        ("double(18446744073709551615u)", .double(18446744073709551615.0)),
        ("string(123)", .string("123")),
        ("string(7u)", .string("7")),
        ("string(123.456)", .string("123.456")),
        ("string(-4.5e-3)", .string("-0.0045")),
        ("string(1.0)", .string("1")),
        ("string(1e6)", .string("1e+06")),
        ("string(1.5e-7)", .string("1.5e-07")),
        ("string(true)", .string("true")),
        ("string(b'abc')", .string("abc")),
        ("bool('true')", .bool(true)),
        ("bool('f')", .bool(false)),
        ("bytes('é')", .bytes([195, 169])),
        ("dyn(1) == 1.0", .bool(true)),
    ])
    func conversions(source: String, value: CELValue) throws {
        #expect(try evaluateDynamic(source) == .value(value))
    }

    // MARK: Activations and observation

    struct SparseActivation: CELActivation {
        var values: [Int: CELBinding]
        func binding(forSlot slot: Int) -> CELBinding { values[slot] ?? .unbound }
    }

    @Test("any activation gives the same results as the slot array")
    func genericActivation() throws {
        let p = try compile("capital < 20000.0 && category_breadth in ['single', 'focused'] || 'payment' in service_capabilities", ruleFacts)
        let values: [Int: CELBinding] = [0: .value(.double(15000)), 3: .value(.string("broad")), 4: .value(.strings(["payment"]))]
        var array = [CELBinding](repeating: .unbound, count: ruleFacts.count)
        for (k, v) in values { array[k] = v }
        #expect(p.evaluate(SparseActivation(values: values)) == T)
        #expect(p.evaluate(CELSlotActivation(array)) == T)
        let unknownList = SparseActivation(values: [0: .value(.double(15000)), 3: .value(.string("broad")), 4: .unknown])
        #expect(p.evaluate(unknownList) == .unknown(slots: [4]))
    }

    @Test("the observer sees each evaluated node's result, children first, skipped branches not at all")
    func observer() throws {
        let p = try compile("f && capital > 1.0", [("f", .bool), ("capital", .double)])
        var seen: [Int: CELResult] = [:]
        var order: [Int] = []
        let r = p.evaluate(CELSlotActivation([.value(.bool(false)), .value(.double(2))])) { id, result in
            seen[id] = result
            order.append(id)
        }
        #expect(r == F)
        let root = p.parsed.root
        let (_, operands) = try #require(root.operatorCall)
        #expect(seen[operands[0].id] == F)
        #expect(seen[operands[1].id] == nil)
        #expect(seen[root.id] == F)
        #expect(order.last == root.id)

        seen = [:]
        _ = p.evaluate(CELSlotActivation([.value(.bool(true)), .unknown])) { id, result in seen[id] = result }
        #expect(seen[operands[1].id] == .unknown(slots: [1]))
        #expect(seen.count == p.parsed.nodeCount)
    }

    @Test("a program evaluates the same from many tasks at once")
    func concurrentEvaluation() async throws {
        let p = try compile("[1, 2, 3].map(x, x * n).exists(y, y == 6) && n > 0", [("n", .int)])
        let results = await withTaskGroup(of: CELResult.self) { group in
            for i in 0..<8 {
                group.addTask { p.evaluate(CELSlotActivation([.value(.int(Int64(i % 3 + 1)))])) }
            }
            var all: [CELResult] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        #expect(results.filter { $0 == T }.count >= 2)
    }

    @Test("expressions at the depth limit evaluate without exhausting the stack")
    func deepEvaluation() throws {
        let depth = CELParser.maxNestingDepth - 2
        let source = String(repeating: "!", count: depth) + "true"
        #expect(try evaluate(source) == .value(.bool(depth % 2 == 0)))
        let sum = Array(repeating: "1", count: depth).joined(separator: " + ")
        #expect(try evaluate(sum) == .value(.int(Int64(depth))))
    }
}
