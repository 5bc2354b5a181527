import AdvisorDiagnostics
import Foundation
import Testing
@testable import AdvisorCEL

@Suite("JSON bridging")
struct JSONTests {
    @Test("JSONSerialization output maps to CEL values, telling bools, ints and doubles apart")
    func fromJSON() throws {
        let text = #"{"b": true, "f": false, "i": 1, "d": 1.0, "e": 2.5e3, "neg": -3, "big": 18446744073709551615, "min": -9223372036854775808, "s": "x", "n": null, "l": [1, 2.5, "a"], "m": {"z": 1, "a": 2}}"#
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let value = try #require(CELValue.fromJSON(object))
        guard case .map(let m) = value else {
            Issue.record("expected a map, got \(value)")
            return
        }
        #expect(m[field: "b"] == .bool(true))
        #expect(m[field: "f"] == .bool(false))
        #expect(m[field: "i"] == .int(1))
        #expect(m[field: "d"] == .double(1))
        #expect(m[field: "e"] == .double(2500))
        #expect(m[field: "neg"] == .int(-3))
        #expect(m[field: "big"] == .uint(.max))
        #expect(m[field: "min"] == .int(.min))
        #expect(m[field: "s"] == .string("x"))
        #expect(m[field: "n"] == .null)
        #expect(m[field: "l"] == .list([.int(1), .double(2.5), .string("a")]))
        #expect(m[field: "m"]?.jsonText == #"{"a":2,"z":1}"#)
        #expect(m.keys.map { $0.description } == m.keys.map { $0.description }.sorted())
    }

    @Test("plain Swift values bridge too")
    func fromSwift() {
        #expect(CELValue.fromJSON(true) == .bool(true))
        #expect(CELValue.fromJSON(3) == .int(3))
        #expect(CELValue.fromJSON(3.5) == .double(3.5))
        #expect(CELValue.fromJSON(["a", 1] as [Any]) == .list([.string("a"), .int(1)]))
        #expect(CELValue.fromJSON(Date()) == nil)
    }

    @Test("JSON text keeps map order and prints doubles as doubles", arguments: [
        (CELValue.double(1), "1.0"),
        (.double(-0.0), "-0.0"),
        (.double(1e20), "1e+20"),
        (.double(.nan), "\"NaN\""),
        (.double(-.infinity), "\"-Infinity\""),
        (.int(-5), "-5"),
        (.uint(.max), "18446744073709551615"),
        (.string("a\"b\\c\n\u{01}é"), "\"a\\\"b\\\\c\\n\\u0001é\""),
        (.bytes([104, 105]), "\"aGk=\""),
        (.null, "null"),
        (.map(CELMap([(key: .string("z"), value: .int(1)), (key: .int(2), value: .bool(true))])), "{\"z\":1,\"2\":true}"),
        (.list([.double(2), .list([])]), "[2.0,[]]"),
    ])
    func jsonText(value: CELValue, text: String) {
        #expect(value.jsonText == text)
    }

    @Test("jsonObject is JSONSerialization-ready, with NaN and infinities as strings")
    func jsonObject() throws {
        let value = CELValue.list([.int(1), .double(.nan), .double(.infinity), .map(CELMap(stringKeys: [("k", .bool(true))]))])
        let data = try JSONSerialization.data(withJSONObject: value.jsonObject, options: [.sortedKeys])
        #expect(String(decoding: data, as: UTF8.self) == #"[1,"NaN","Infinity",{"k":true}]"#)
    }
}

@Suite("Values")
struct ValueTests {
    @Test("maps find keys by numeric value across int, uint and double")
    func mapKeys() {
        var m = CELMap()
        let added = m.updateValue(.string("one"), forKey: .int(1))
        let rejected = !m.updateValue(.string("bad"), forKey: .double(1.5))
        #expect(added && rejected)
        #expect(m[.uint(1)] == .string("one"))
        #expect(m[.double(1.0)] == .string("one"))
        #expect(m[.double(1.5)] == nil)
        #expect(m.count == 1)
        #expect(CELMap([(key: .int(1), value: .null)]) == CELMap([(key: .uint(1), value: .null)]))
        #expect(CELMap(stringKeys: [("a", .int(1)), ("b", .int(2))]) == CELMap(stringKeys: [("b", .int(2)), ("a", .int(1))]))
    }

    @Test("CEL equality compares numbers by value and strings without normalization")
    func celEquality() {
        #expect(CELValue.celEquals(.int(1), .double(1)))
        #expect(!CELValue.celEquals(.string("é"), .string("e\u{301}")))
        #expect(!CELValue.celEquals(.double(.nan), .double(.nan)))
        #expect(CELValue.celEquals(.list([.uint(2)]), .list([.int(2)])))
    }

    @Test("values print as CEL literals", arguments: [
        (CELValue.int(-1), "-1"),
        (.uint(2), "2u"),
        (.double(1.5), "1.5"),
        (.string("it's"), "\"it's\""),
        (.bytes([0, 97]), "b\"\\000a\""),
        (.list([.bool(true), .null]), "[true, null]"),
    ])
    func literalText(value: CELValue, text: String) {
        #expect(value.description == text)
    }

    @Test("run-time types of values", arguments: [
        (CELValue.list([.int(1), .int(2)]), CELType.list(.int)),
        (.list([.int(1), .string("a")]), .list(.dyn)),
        (.map(CELMap(stringKeys: [("a", .double(1))])), .map(.string, .double)),
    ])
    func runtimeTypes(value: CELValue, type: CELType) {
        #expect(CELType.of(value) == type)
    }
}

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("locations print as file:line:col or line:col and order by file, line, column")
    func locations() {
        let a = SourceLocation(file: "rules/a.yaml", line: 3, column: 7)
        #expect(a.description == "rules/a.yaml:3:7")
        #expect(SourceLocation(file: nil, line: 1, column: 2).description == "1:2")
        let sorted = [
            SourceLocation(file: "b", line: 1, column: 1),
            SourceLocation(file: "a", line: 2, column: 1),
            SourceLocation(file: "a", line: 1, column: 9),
            SourceLocation(file: nil, line: 5, column: 5),
        ].sorted()
        #expect(sorted.map(\.description) == ["5:5", "a:1:9", "a:2:1", "b:1:1"])
    }

    @Test("a diagnostic prints location, severity, message and hint")
    func diagnosticText() {
        let d = Diagnostic(location: SourceLocation(file: "r.yaml", line: 4, column: 11), message: "unknown fact 'capitl'", hint: "check the spelling")
        #expect(d.description == "r.yaml:4:11: error: unknown fact 'capitl'\n  hint: check the spelling")
        #expect(d.severity == .error)
        let w = Diagnostic(severity: .warning, location: nil, message: "m")
        #expect(w.description == "warning: m")
        #expect(w < d)
    }

    @Test("an issue becomes a diagnostic carrying the offending line for a caret display")
    func issueToDiagnostic() throws {
        let source = "capital > 1.0 &&\n  capital <"
        let issue = try #require(parseIssue(source))
        let d = issue.diagnostic(source: source, file: "x.yaml")
        #expect(d.location == SourceLocation(file: "x.yaml", line: 2, column: 12))
        #expect(d.sourceLine == "  capital <")
    }
}
