import Testing
@testable import AdvisorCEL

/// The compiled fast paths (fused instructions, boolean short cuts) must give exactly the
/// results of the plain instruction tree used for observed evaluation, whatever the bindings.
@Suite("Fast paths agree with plain evaluation")
struct DifferentialTests {
    static let expressions = [
        "a && b", "a || b", "!a", "a && f", "f && a", "a || t", "(a && b) || f", "!(a && b)",
        "(a || b) && (t || a)", "a ? n : m", "t ? a : b", "f ? a : b", "a ? 1 : 2",
        "n < 1.0", "1.0 > n", "n >= m", "n == 2.0", "2.0 != n", "n + 1.0 < m",
        "s == 'x'", "'x' != s", "s in ['x', 'y']", "s in l", "'x' in l", "size(l) >= 2", "l.size() == 0",
        "size(s) > 1", "l.exists(e, e == s)", "l.all(e, a && e != 'z')", "l.exists_one(e, e == 'x')",
        "l.filter(e, e != s)", "l.map(e, e + s)", "l.map(e, a, e)", "has(mp.k)", "mp.k == 1",
        "n < 1.0 && s in ['x'] || a && 'y' in l", "[n, m].exists(v, v > 1.0)", "{'k': n}.k < 2.0",
        "int(n) > 0", "double(i) < n", "i % 2 == 0 && i / 1 > 0", "s.startsWith('x') || s.endsWith('y')",
        "a == true", "b != false", "x", "x || t", "x && f", "y.z || a",
    ]

    static let declarations: [(name: String, type: CELType)] = [
        ("a", .bool), ("b", .bool), ("t", .bool), ("f", .bool), ("n", .double), ("m", .double),
        ("s", .string), ("l", .list(.string)), ("mp", .map(.string, .int)), ("i", .int),
    ]

    static func activations() -> [[CELBinding]] {
        let known: [CELBinding] = [
            .value(.bool(true)), .value(.bool(false)), .value(.bool(true)), .value(.bool(false)),
            .value(.double(0.5)), .value(.double(3)), .value(.string("x")), .value(.strings(["x", "y"])),
            .value(.map(CELMap(stringKeys: [("k", .int(1))]))), .value(.int(4)),
        ]
        var out = [known, Array(repeating: .unknown, count: known.count), []]
        // One unknown or unbound binding at a time, and wrongly typed values.
        for i in known.indices {
            var u = known
            u[i] = .unknown
            out.append(u)
            var v = known
            v[i] = .unbound
            out.append(v)
        }
        var wrong = known
        wrong[0] = .value(.int(1))
        wrong[4] = .value(.string("0.5"))
        wrong[6] = .value(.int(7))
        wrong[7] = .value(.list([.int(1), .string("x")]))
        out.append(wrong)
        var mixed = known
        mixed[0] = .unknown
        mixed[1] = .unknown
        mixed[4] = .unknown
        mixed[7] = .unknown
        out.append(mixed)
        return out
    }

    @Test("plain, observed and generic-activation evaluation give the same results", arguments: expressions)
    func agree(source: String) throws {
        let decls = CELDeclarations(variables: Self.declarations, undeclaredIdentifiers: .allowAsDynamic, typeErrors: .deferToRuntime)
        let program = try CELChecker.compile(source, decls).get()
        struct Generic: CELActivation {
            let bindings: [CELBinding]
            func binding(forSlot slot: Int) -> CELBinding { slot < bindings.count ? bindings[slot] : .unbound }
        }
        for bindings in Self.activations() {
            let fast = program.evaluate(CELSlotActivation(bindings))
            let generic = program.evaluate(Generic(bindings: bindings))
            var rootResult: CELResult? = nil
            let observed = program.evaluate(Generic(bindings: bindings)) { id, r in
                if id == program.node.id { rootResult = r }
            }
            #expect(fast == observed, "\(source) with \(bindings)")
            #expect(generic == observed, "\(source) with \(bindings)")
            #expect(rootResult == observed, "\(source) with \(bindings)")
        }
    }
}
