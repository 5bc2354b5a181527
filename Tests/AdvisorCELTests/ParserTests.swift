import Testing
@testable import AdvisorCEL

@Suite("Parser")
struct ParserTests {
    @Test("operators nest by CEL precedence and associativity", arguments: [
        ("1 + 2 * 3", "(_+_ 1 (_*_ 2 3))"),
        ("1 - 2 - 3", "(_-_ (_-_ 1 2) 3)"),
        ("a && b || c", "(_||_ (_&&_ a b) c)"),
        ("a || b && c", "(_||_ a (_&&_ b c))"),
        ("a < b == c", "(_==_ (_<_ a b) c)"),
        ("x in ['a', 'b'] && y", "(_&&_ (@in x [\"a\" \"b\"]) y)"),
        ("c ? 1 : d ? 2 : 3", "(_?_:_ c 1 (_?_:_ d 2 3))"),
        ("a || b ? x : y", "(_?_:_ (_||_ a b) x y)"),
        ("!a && b", "(_&&_ (!_ a) b)"),
        ("!!a", "(!_ (!_ a))"),
        ("-x * 2", "(_*_ (-_ x) 2)"),
        ("(1 + 2) * 3", "(_*_ (_+_ 1 2) 3)"),
        ("a.b.c", "(. (. a b) c)"),
        ("a[0]['k']", "([] ([] a 0) \"k\")"),
        ("m.f[1].g", "(. ([] (. m f) 1) g)"),
        ("s.startsWith('a')", "(startsWith s \"a\")"),
        ("size(x) > 2", "(_>_ (size x) 2)"),
        ("{'a': 1, 2: true}", "{\"a\": 1 2: true}"),
        ("[1, 2, 3,]", "[1 2 3]"),
        ("{ 'as': 1 }.as", "(. {\"as\": 1} as)"),
        ("a.if()", "(if a)"),
        ("// a comment\n  x // another\n", "x"),
        (".x", "x"),
    ])
    func trees(source: String, tree: String) throws {
        #expect(try parse(source).root.description == tree)
    }

    @Test("macros become comprehension nodes; has() a presence test", arguments: [
        ("l.all(x, x > 0)", "(all l x (_>_ x 0))"),
        ("l.exists(x, x == 'a')", "(exists l x (_==_ x \"a\"))"),
        ("l.exists_one(x, x)", "(exists_one l x x)"),
        ("l.filter(x, x % 2 == 0)", "(filter l x (_==_ (_%_ x 2) 0))"),
        ("l.map(x, x * 2)", "(map l x (_*_ x 2))"),
        ("l.map(x, x > 0, x * 2)", "(map l x (_>_ x 0) (_*_ x 2))"),
        ("has(m.f)", "(has m f)"),
        ("has(m.a.b)", "(has (. m a) b)"),
        ("[1].all(a, [2].exists(b, a < b))", "(all [1] a (exists [2] b (_<_ a b)))"),
    ])
    func macros(source: String, tree: String) throws {
        #expect(try parse(source).root.description == tree)
    }

    @Test("literals decode every number and string form", arguments: [
        ("42", CELValue.int(42)),
        ("0x1F", .int(31)),
        ("-0x10", .int(-16)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775807", .int(.max)),
        ("7u", .uint(7)),
        ("0xFFU", .uint(255)),
        ("18446744073709551615u", .uint(.max)),
        ("1.5", .double(1.5)),
        ("1e3", .double(1000)),
        ("2.5E-1", .double(0.25)),
        (".5", .double(0.5)),
        ("-0.0", .double(-0.0)),
        ("true", .bool(true)),
        ("null", .null),
        ("'single'", .string("single")),
        ("\"double\"", .string("double")),
        ("'''tri\nple'''", .string("tri\nple")),
        ("\"\"\"it's \"quoted\" \"\"\"", .string("it's \"quoted\" ")),
        ("'a\\tb\\nc\\\\d\\'e\\\"f\\?g\\`h'", .string("a\tb\nc\\d'e\"f?g`h")),
        ("'\\a\\b\\f\\r\\v'", .string("\u{07}\u{08}\u{0C}\r\u{0B}")),
        ("'\\x41\\X42\\103'", .string("ABC")),
        ("'\\u00e9\\U0001F431'", .string("é🐱")),
        ("'\\uD83D\\uDE00'", .string("😀")),
        ("'\\377'", .string("ÿ")),
        ("r'\\n\\d'", .string("\\n\\d")),
        ("R\"\\x41\"", .string("\\x41")),
        ("r'''a\\'''", .string("a\\")),
        ("b'abc'", .bytes([97, 98, 99])),
        ("b'\\xff\\000'", .bytes([255, 0])),
        ("b'ÿ'", .bytes([195, 191])),
        ("br'\\x'", .bytes([92, 120])),
        ("'ίσος'", .string("ίσος")),
    ])
    func literals(source: String, value: CELValue) throws {
        #expect(try parse(source).root.literalValue == value)
    }

    @Test("a minus before a number is part of it, so the smallest int can be written")
    func negativeLiteral() throws {
        let root = try parse("--5").root
        #expect(root.description == "(-_ -5)")
        #expect(try parse("-(9223372036854775807)").root.description == "(-_ 9223372036854775807)")
    }

    @Test("parse errors point at the offending token with a plain-language message", arguments: [
        ("capital <", 1, 10, "expected an expression after '<'"),
        ("a && && b", 1, 6, "expected an expression after '&&', found '&&'"),
        ("capital < 20000.0 &&", 1, 21, "expected an expression after '&&'"),
        ("(a || b", 1, 8, "the '(' at 1:1 is never closed"),
        ("(a b)", 1, 4, "expected ')' to close the '(' at 1:1, found 'b'"),
        ("a b", 1, 3, "expected an operator or the end of the expression, found 'b'"),
        ("x and y", 1, 3, "found 'and'"),
        ("capital < 2 30000.0", 1, 13, "found the number 30000.0"),
        ("x = 1", 1, 3, "'=' is not an operator"),
        ("x & y", 1, 3, "'&' is not an operator"),
        ("'abc", 1, 1, "this text is never closed"),
        ("'ab\ncd'", 1, 1, "this text is never closed on its line"),
        ("'\\z'", 1, 2, "invalid escape sequence '\\z'"),
        ("'\\uD800'", 1, 2, "lone surrogate"),
        ("b'\\u0041'", 1, 3, "invalid escape sequence '\\u' in bytes"),
        ("9223372036854775808", 1, 1, "too large for an int"),
        ("-9223372036854775809", 1, 1, "too large for an int"),
        ("18446744073709551616u", 1, 1, "too large for a uint"),
        ("1e", 1, 1, "exponent of this number has no digits"),
        ("12abc", 1, 3, "a number cannot run straight into letters"),
        ("0x", 1, 1, "hexadecimal digits"),
        ("", 1, 1, "the expression is empty"),
        ("   ", 1, 1, "the expression is empty"),
        ("[1, 2", 1, 6, "the list opened with '[' at 1:1 is never closed"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{'a' 1}", 1, 6, "expected ':' after a key"),
        ("{'a': 1", 1, 8, "the map opened with '{' at 1:1 is never closed"),
        ("a[0", 1, 4, "expected ']' to close the '[' at 1:2"),
        ("size(a b)", 1, 8, "expected ',' or ')' in the arguments of size()"),
        ("size(a", 1, 7, "the '(' of size( at 1:5 is never closed"),
        ("c ? 1", 1, 6, "expected ':' to go with the '?' at 1:3"),
        ("if", 1, 1, "'if' is a reserved word"),
        ("while < 2", 1, 1, "'while' is a reserved word"),
        ("a.", 1, 3, "expected a field or method name after '.'"),
        ("x.all(1, true)", 1, 7, "the first argument of all() must be a variable name"),
        ("x.exists(y)", 1, 3, "exists() takes a variable name and a condition"),
        ("x.map(a, b, c, d)", 1, 3, "map() takes a variable name and a transform"),
        ("has(x)", 1, 5, "has() needs one field selection"),
        ("1 + é", 1, 5, "unexpected character 'é'"),
        ("a in", 1, 5, "expected an expression after 'in'"),
        ("in x", 1, 1, "expected an expression, found 'in'"),
        (") + 1", 1, 1, "expected an expression, found ')'"),
        ("1 +\n  (2 *", 2, 7, "expected an expression after '*'"),
        ("a &&\r\n b ||", 2, 6, "expected an expression after '||'"),
    ])
    func errors(source: String, line: Int, column: Int, message: String) throws {
        let issue = try #require(parseIssue(source), "expected a parse error for \(source)")
        #expect(issue.line == line, "\(issue)")
        #expect(issue.column == column, "\(issue)")
        #expect(issue.message.contains(message), "\(issue)")
    }

    @Test("errors carry hints that say how to fix them", arguments: [
        ("x and y", "'&&'"),
        ("x or y", "'||'"),
        ("x = 1", "'=='"),
        ("a && && b", "is a value missing"),
        ("'abc", "end it with '"),
        ("'\\q'", "raw string"),
        ("capital ≤ 2.0", "'<='"),
    ])
    func hints(source: String, hint: String) throws {
        let issue = try #require(parseIssue(source))
        #expect(issue.hint?.contains(hint) == true, "\(issue)")
    }

    @Test("columns count characters, offsets count UTF-8 bytes")
    func columnsAndOffsets() throws {
        let issue = try #require(parseIssue("'é' + ,"))
        #expect(issue.column == 7)
        #expect(issue.offset == 7)
        let issue2 = try #require(parseIssue("'😀😀' ="))
        #expect(issue2.column == 6)
        #expect(issue2.offset == 11)
    }

    @Test("nesting up to the depth limit parses; deeper nesting is an error, not a crash")
    func depthLimit() throws {
        let limit = CELParser.maxNestingDepth
        let ok = String(repeating: "(", count: limit - 2) + "1" + String(repeating: ")", count: limit - 2)
        #expect(try parse(ok).root.literalValue == .int(1))
        for deep in [
            String(repeating: "(", count: limit + 1) + "1" + String(repeating: ")", count: limit + 1),
            String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1),
            Array(repeating: "1", count: limit + 5).joined(separator: " + "),
            String(repeating: "!", count: limit + 5) + "true",
            "x" + String(repeating: ".f", count: limit + 5),
            String(repeating: "(", count: 100_000 / 2 - 10),
        ] {
            let issue = try #require(parseIssue(deep))
            #expect(issue.message.contains("nests more than \(limit) levels"), "\(issue)")
        }
    }

    @Test("the longest accepted expression is maxSourceLength bytes")
    func lengthLimit() throws {
        let long = "'" + String(repeating: "a", count: CELParser.maxSourceLength - 2) + "'"
        #expect(try parse(long).root.literalValue != nil)
        let issue = try #require(parseIssue(long + " "))
        #expect(issue.message.contains("too long"))
    }

    @Test("nodes know their ids, source ranges, main-token positions and text")
    func nodeMetadata() throws {
        let parsed = try parse("capital < 20000.0 && 'x' in list")
        let root = parsed.root
        let (op, operands) = try #require(root.operatorCall)
        #expect(op == .logicalAnd)
        #expect(parsed.text(of: root) == "capital < 20000.0 && 'x' in list")
        #expect(parsed.text(of: operands[0]) == "capital < 20000.0")
        #expect(parsed.text(of: operands[1]) == "'x' in list")
        #expect(operands[0].position == 8)
        #expect(root.position == 18)
        #expect(operands[0].operatorCall?.operands[0].identifierName == "capital")
        let ids = parsed.allNodes.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0 < parsed.nodeCount })
        #expect(parsed.node(withID: root.id) === root)
        #expect(parsed.lineAndColumn(ofOffset: 21) == (1, 22))
    }

    @Test("operator names follow CEL's function names", arguments: CELOperator.allCases)
    func operatorNames(op: CELOperator) {
        #expect(op.rawValue.contains(op.symbol == "?:" ? "?" : op.symbol))
    }
}
