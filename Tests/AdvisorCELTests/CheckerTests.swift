import Testing
@testable import AdvisorCEL

@Suite("Checker")
struct CheckerTests {
    @Test("expressions get their CEL types", arguments: [
        ("capital < 20000.0", CELType.bool),
        ("capital < 20000", .bool),
        ("sku_count == 1.0", .bool),
        ("sku_count + 1", .int),
        ("capital * 2.0", .double),
        ("-capital", .double),
        ("category_breadth + '!'", .string),
        ("service_capabilities", .list(.string)),
        ("service_capabilities + ['x']", .list(.string)),
        ("service_capabilities[0]", .string),
        ("[1, 2]", .list(.int)),
        ("[1, 'a']", .list(.dyn)),
        ("[]", .list(.dyn)),
        ("{'a': 1}", .map(.string, .int)),
        ("{1: 'a', 2u: 'b'}", .map(.dyn, .string)),
        ("extra.anything", .dyn),
        ("extra['k']", .dyn),
        ("anything + 1", .int),
        ("anything.field", .dyn),
        ("int(capital)", .int),
        ("uint(sku_count)", .uint),
        ("double(sku_count)", .double),
        ("string(capital)", .string),
        ("size(service_capabilities)", .int),
        ("category_breadth.size()", .int),
        ("category_breadth.startsWith('s')", .bool),
        ("brand_authorization ? 1 : 2", .int),
        ("brand_authorization ? 1 : anything", .dyn),
        ("service_capabilities.map(s, size(s))", .list(.int)),
        ("service_capabilities.map(s, s != '', 1.5)", .list(.double)),
        ("service_capabilities.filter(s, s != '')", .list(.string)),
        ("{'a': 1}.filter(k, k != 'b')", .list(.string)),
        ("service_capabilities.all(s, s.contains('a'))", .bool),
        ("has(extra.k)", .bool),
        ("'payment' in service_capabilities", .bool),
        ("category_breadth.matches('^s')", .bool),
    ])
    func types(source: String, type: CELType) throws {
        #expect(try compile(source, ruleFacts).resultType == type)
    }

    @Test("type errors say what is wrong, where, and how to fix it", arguments: [
        ("capital < 'high'", 1, 9, "cannot compare double with string", "compare it with a number"),
        ("category_breadth == true", 1, 18, "cannot compare string with bool", "without quotes"),
        ("size(1)", 1, 6, "size() needs a string, bytes, a list or a map, not an int", nil),
        ("capital * 2", 1, 9, "cannot multiply double and int", "write 2.0 instead of 2"),
        ("sku_count + 1.5", 1, 11, "cannot add int and double", "double(sku_count)"),
        ("capital % 2.0", 1, 9, "cannot take the remainder of double values", "ints and uints only"),
        ("size()", 1, 1, "size() takes 1 argument, not 0", "size(x) or x.size()"),
        ("category_breadth.contains('a', 'b')", 1, 18, "contains() takes 1 argument, not 2", nil),
        ("contains(category_breadth)", 1, 1, "contains() is a method", "text.contains('part')"),
        ("brand_authorization && 1", 1, 24, "'&&' needs a true/false condition on each side; '1' is an int", nil),
        ("!capital", 1, 1, "'!' needs a true/false condition; 'capital' is a double", nil),
        ("-category_breadth", 1, 1, "cannot negate a string", nil),
        ("capital ? 1 : 2", 1, 1, "the condition before '?' must be true/false", nil),
        ("brand_authorization ? 1 : 'a'", 1, 21, "the two results of '?:' have different types: int and string", nil),
        ("brand_authorization ? 1 : 2.0", 1, 21, "different types: int and double", "write 1.0 instead of 1"),
        ("category_breadth in 'abc'", 1, 18, "'in' needs a list or a map on its right", "contains"),
        ("1 in service_capabilities", 1, 3, "cannot look for an int in a list of string", nil),
        ("capital.x", 1, 8, "'capital' is a double, which has no fields", nil),
        ("capital[0]", 1, 8, "cannot index into a double", nil),
        ("service_capabilities['a']", 1, 22, "a list index must be an int, not string", nil),
        ("service_capabilities.all(s, size(s))", 1, 29, "the condition of all() must be true/false", nil),
        ("capital.exists(x, true)", 1, 9, "exists() needs a list or a map; 'capital' is a double", nil),
        ("[1, 2] < [3]", 1, 8, "cannot order list(int) values", nil),
        ("{1.5: 'a'}", 1, 2, "a map key must be a string, an int, a uint or a bool, not a double", nil),
        ("category_breadth.startsWith(1)", 1, 29, "startsWith() needs a string argument, not an int", nil),
        ("service_capabilities.contains('a')", 1, 1, "contains() works on strings", "element in list"),
        ("category_breadth.matches('(')", 1, 26, "invalid regular expression", nil),
    ])
    func typeErrors(source: String, line: Int, column: Int, message: String, hint: String?) throws {
        let issues = checkIssues(source)
        let issue = try #require(issues.first, "expected a check error for \(source)")
        #expect(issue.message.contains(message), "\(issue)")
        #expect(issue.line == line && issue.column == column, "\(issue)")
        if let hint { #expect(issue.hint?.contains(hint) == true, "\(issue)") }
    }

    @Test("unknown names suggest the nearest declared one", arguments: [
        ("capitl < 1.0", "unknown fact 'capitl'; did you mean 'capital'?"),
        ("Capital < 1.0", "unknown fact 'Capital'; did you mean 'capital'?"),
        ("sku_cuont > 1", "unknown fact 'sku_cuont'; did you mean 'sku_count'?"),
        ("service_capability.size() > 0", "did you mean 'service_capabilities'?"),
        ("margin > 0.2", "unknown fact 'margin'"),
        ("sise(category_breadth) > 1", "unknown function 'sise'; did you mean 'size'?"),
        ("category_breadth.startswith('a')", "unknown method 'startswith'; did you mean 'startsWith'?"),
        ("category_breadth.lower() == 'a'", "unknown method 'lower'"),
    ])
    func suggestions(source: String, message: String) throws {
        let issue = try #require(checkIssues(source).first)
        #expect(issue.message.contains(message), "\(issue)")
    }

    @Test("a name far from every declared one gets no suggestion")
    func noSuggestionWhenFar() throws {
        let issue = try #require(checkIssues("margin > 0.2").first)
        #expect(!issue.message.contains("did you mean"))
        #expect(nearestName(to: "x", in: ["y"]) == nil)
        #expect(nearestName(to: "capitl", in: ["category", "capital"]) == "capital")
        #expect(editDistance(Array("abcd"), Array("abdc")) == 1)
    }

    @Test("every problem is reported, in source order")
    func multipleIssues() {
        let issues = checkIssues("capitl < 1.0 && sise(category_breadth) > 1 && capital < 'x'")
        #expect(issues.count == 3)
        #expect(issues.map(\.column) == [1, 17, 55])
    }

    @Test("comprehension variables shadow facts and stay local")
    func comprehensionScopes() throws {
        #expect(try compile("service_capabilities.all(capital, capital != '')", ruleFacts).resultType == .bool)
        #expect(checkIssues("service_capabilities.all(s, s != '') && s == ''").first?.message.contains("unknown fact 's'") == true)
        #expect(try compile("[[1]].all(l, l.all(x, x > 0))").resultType == .bool)
    }

    @Test("referenced slots list the declared facts read, sorted and unique")
    func referencedSlots() throws {
        let p = try compile("capital < 1.0 && sku_count > 2 || capital > 5.0 || service_capabilities.exists(s, s == category_breadth)", ruleFacts)
        #expect(p.referencedSlots == [0, 1, 3, 4])
        #expect(try compile("1 + 1", ruleFacts).referencedSlots == [])
    }

    @Test("a sub-expression can be checked and run as a program of its own")
    func checkSubNode() throws {
        let parsed = try parse("capital < 20000.0 && category_breadth in ['single', 'focused']")
        let (_, operands) = try #require(parsed.root.operatorCall)
        let decls = CELDeclarations(variables: ruleFacts, undeclaredIdentifiers: .reject)
        let right = try CELChecker.check(node: operands[1], in: parsed, decls).get()
        #expect(right.referencedSlots == [3])
        #expect(right.resultType == .bool)
        var bindings = [CELBinding](repeating: .unknown, count: ruleFacts.count)
        bindings[3] = .value(.string("focused"))
        #expect(right.evaluate(CELSlotActivation(bindings)) == T)
    }

    @Test("in dynamic mode, undeclared names get slots after the declared ones and are unbound errors")
    func dynamicIdentifiers() throws {
        let p = try compile("x + y + x", [("a", .int)], .allowAsDynamic)
        #expect(p.dynamicIdentifiers == ["x", "y"])
        #expect(p.referencedSlots == [1, 2])
        #expect(p.evaluate(CELSlotActivation([.value(.int(0)), .value(.int(1)), .value(.int(2))])) == .value(.int(4)))
        let unbound = p.evaluate(CELSlotActivation([.value(.int(0))]))
        #expect(errorMessage(unbound) == "no value for 'x'")
    }

    @Test("in dynamic mode, unknown functions and type errors are evaluation errors that && and || absorb", arguments: [
        ("f_unknown(17) || true", T),
        ("f_unknown(17) && false", F),
        ("x.as() || true", T),
        ("'horses' && false", F),
        ("true || 32", T),
        ("true ? 'cows' : 17", .value(.string("cows"))),
        ("[1, 'foo', 3].exists(e, e != '1')", T),
    ])
    func dynamicModeDefersErrors(source: String, expected: CELResult) throws {
        #expect(try evaluateDynamic(source) == expected)
    }

    @Test("in dynamic mode, an error no operand absorbs is the result", arguments: [
        "f_unknown(17)", "'a' < 1", "size(1)", "-false", "!0", "'less' && 'more'", "x",
    ])
    func dynamicModeErrors(source: String) throws {
        #expect(isError(try evaluateDynamic(source)))
    }

    @Test("strict declarations can still defer type errors to run time when asked")
    func deferTypeErrors() throws {
        let decls = CELDeclarations(variables: [("n", .int)], undeclaredIdentifiers: .reject, typeErrors: .deferToRuntime)
        let program = try CELChecker.compile("n == 'a' || n > 0", decls).get()
        #expect(program.evaluate(CELSlotActivation([.value(.int(1))])) == T)
        #expect(CELDeclarations(variables: [], undeclaredIdentifiers: .reject).typeErrors == .reject)
        #expect(CELDeclarations(variables: [], undeclaredIdentifiers: .allowAsDynamic).typeErrors == .deferToRuntime)
    }

    @Test("types print in CEL spelling", arguments: [
        (CELType.list(.string), "list(string)"),
        (.map(.string, .list(.int)), "map(string, list(int))"),
        (.null, "null_type"),
        (.dyn, "dyn"),
        (.uint, "uint"),
    ])
    func typeNames(type: CELType, name: String) {
        #expect(type.description == name)
    }
}
