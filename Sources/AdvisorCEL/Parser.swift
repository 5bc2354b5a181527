import AdvisorDiagnostics
// A recursive-descent parser for CEL's grammar (langdef "Syntax"), with macro expansion into
// comprehension nodes and messages written for people who are not programmers.

/// Parses CEL expressions.
public enum CELParser {
    /// The deepest an expression may nest: parentheses, operands, arguments, list and map
    /// elements and chains of operators all count one level each. Deeper expressions are
    /// rejected with an error instead of risking a stack overflow.
    public static let maxNestingDepth = 200
    /// The longest expression accepted, in UTF-8 bytes.
    public static let maxSourceLength = 100_000
    /// Words CEL reserves: they cannot name a variable or a global function.
    public static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while", "in", "true", "false", "null",
    ]

    /// Parses an expression; on failure, the issue points at the offending token.
    public static func parse(_ source: String) -> Result<ParsedExpression, [CELIssue]> {
        let bytes = Array(source.utf8)
        if bytes.count > maxSourceLength {
            return .failure([CELIssue(
                line: 1, column: 1, offset: 0,
                message: "the expression is too long (\(bytes.count) bytes; the limit is \(maxSourceLength))",
                hint: "split it into several rules or derived facts")])
        }
        var lexer = Lexer(bytes)
        var parser = Parser(src: bytes, tokens: lexer.tokenize())
        do {
            let root = try parser.parseAll()
            return .success(ParsedExpression(source: source, root: root, nodeCount: parser.nextID))
        } catch let e as ParseError {
            let (line, column) = SourceText.lineAndColumn(ofOffset: e.offset, in: bytes)
            return .failure([CELIssue(line: line, column: column, offset: e.offset, message: e.message, hint: e.hint)])
        } catch {
            return .failure([CELIssue(line: 1, column: 1, offset: 0, message: "\(error)")])
        }
    }
}

struct ParseError: Error {
    var offset: Int
    var message: String
    var hint: String?
}

struct Parser {
    let src: [UInt8]
    let tokens: [Token]
    var p = 0
    var nextID = 0
    var depth = 0

    init(src: [UInt8], tokens: [Token]) {
        self.src = src
        self.tokens = tokens
    }

    var tok: Token { tokens[p] }
    var prev: Token? { p > 0 ? tokens[p - 1] : nil }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    func isEOF(_ t: Token) -> Bool {
        if case .eof = t.kind { return true }
        return false
    }

    func lc(_ offset: Int) -> String {
        let (l, c) = SourceText.lineAndColumn(ofOffset: offset, in: src)
        return "\(l):\(c)"
    }

    func text(_ t: Token) -> String { String(decoding: src[t.start..<t.end], as: UTF8.self) }

    /// How a token is named in a message.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "the end of the expression"
        case .ident(let n): return "'\(n)'"
        case .int, .uint, .double: return "the number \(text(t))"
        case .string, .bytes:
            let s = text(t)
            return s.count <= 30 ? "the text \(s)" : "a text in quotes"
        case .punct(let p): return "'\(p.rawValue)'"
        case .error: return "'\(text(t))'"
        }
    }

    /// An extra hint for a token found where an operator or a closing bracket was expected.
    func hintForUnexpected(_ t: Token) -> String? {
        switch t.kind {
        case .ident("and"), .ident("AND"): return "CEL writes 'and' as '&&'"
        case .ident("or"), .ident("OR"): return "CEL writes 'or' as '||'"
        case .ident("not"), .ident("NOT"): return "CEL writes 'not' as '!'"
        case .ident, .int, .uint, .double, .string, .bytes:
            return "is an operator such as '&&', '||' or ',' missing before it?"
        default: return nil
        }
    }

    func errorToken(_ t: Token) -> ParseError? {
        if case .error(let m, let h, let at) = t.kind { return ParseError(offset: at, message: m, hint: h) }
        return nil
    }

    func tooDeep(_ offset: Int) -> ParseError {
        ParseError(offset: offset,
                   message: "the expression nests more than \(CELParser.maxNestingDepth) levels deep",
                   hint: "split it into simpler conditions or derived facts")
    }

    mutating func node(_ kind: CELNode.Kind, _ range: Range<Int>, _ position: Int) throws -> CELNode {
        let n = CELNode(id: nextID, range: range, position: position, kind: kind)
        nextID += 1
        if n.height > CELParser.maxNestingDepth { throw tooDeep(position) }
        return n
    }

    mutating func parseAll() throws -> CELNode {
        if isEOF(tok) {
            throw ParseError(offset: 0, message: "the expression is empty", hint: "write a condition, for example: capital < 20000.0")
        }
        let root = try parseExpr()
        if let e = errorToken(tok) { throw e }
        if !isEOF(tok) {
            throw ParseError(offset: tok.start, message: "expected an operator or the end of the expression, found \(describe(tok))",
                             hint: hintForUnexpected(tok))
        }
        return root
    }

    // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    //
    // The functions on the recursive path (parseExpr, parseBinary, parseUnary, parseMember,
    // parsePrimary and what parsePrimary calls for brackets) keep their stack frames small:
    // each level of nesting passes through several of them, and an expression at
    // `maxNestingDepth` must parse on a thread with a small stack. Error messages and the
    // rarer constructs are built in separate functions that are never inlined.
    mutating func parseExpr() throws -> CELNode {
        depth += 1
        defer { depth -= 1 }
        if depth > CELParser.maxNestingDepth { throw tooDeep(tok.start) }
        let cond = try parseBinary(1)
        guard tok.isPunct(.question) else { return cond }
        return try parseConditional(cond)
    }

    @inline(never)
    mutating func parseConditional(_ cond: CELNode) throws -> CELNode {
        let q = advance()
        let yes = try parseBinary(1)
        guard tok.isPunct(.colon) else { throw missingColon(question: q) }
        advance()
        let no = try parseExpr()
        return try node(.call(function: CELOperator.conditional.rawValue, target: nil, args: [cond, yes, no]),
                        cond.range.lowerBound..<no.range.upperBound, q.start)
    }

    @inline(never)
    func missingColon(question q: Token) -> ParseError {
        if let e = errorToken(tok) { return e }
        return ParseError(offset: tok.start,
                          message: "expected ':' to go with the '?' at \(lc(q.start)), found \(describe(tok))",
                          hint: "a choice is written: condition ? value_if_true : value_if_false")
    }

    func binaryOperator(_ t: Token) -> (CELOperator, Int)? {
        switch t.kind {
        case .punct(let p):
            switch p {
            case .or: return (.logicalOr, 1)
            case .and: return (.logicalAnd, 2)
            case .equals: return (.equals, 3)
            case .notEquals: return (.notEquals, 3)
            case .less: return (.less, 3)
            case .lessEquals: return (.lessEquals, 3)
            case .greater: return (.greater, 3)
            case .greaterEquals: return (.greaterEquals, 3)
            case .plus: return (.add, 4)
            case .minus: return (.subtract, 4)
            case .star: return (.multiply, 5)
            case .slash: return (.divide, 5)
            case .percent: return (.modulo, 5)
            default: return nil
            }
        case .ident("in"): return (.in, 3)
        default: return nil
        }
    }

    // Precedence climbing over || && relations + - * / %, all left-associative.
    mutating func parseBinary(_ minPrec: Int) throws -> CELNode {
        var lhs = try parseUnary()
        while let (op, prec) = binaryOperator(tok), prec >= minPrec {
            lhs = try parseOperation(op, precedence: prec, lhs: lhs)
        }
        return lhs
    }

    /// The operator at the current token, its right operand, and the call of both.
    @inline(never)
    mutating func parseOperation(_ op: CELOperator, precedence: Int, lhs: CELNode) throws -> CELNode {
        let opTok = advance()
        let rhs = try parseBinary(precedence + 1)
        return try node(.call(function: op.rawValue, target: nil, args: [lhs, rhs]),
                        lhs.range.lowerBound..<rhs.range.upperBound, opTok.start)
    }

    // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
    mutating func parseUnary() throws -> CELNode {
        if tok.isPunct(.bang) || tok.isPunct(.minus) { return try parsePrefixed() }
        return try parseMember(negative: nil)
    }

    @inline(never)
    mutating func parsePrefixed() throws -> CELNode {
        let isNot = tok.isPunct(.bang)
        var ops: [Token] = []
        while isNot ? tok.isPunct(.bang) : tok.isPunct(.minus) { ops.append(advance()) }
        // A minus directly before a number is part of the number (so the smallest int,
        // -9223372036854775808, can be written).
        var negative: Token? = nil
        if !isNot {
            switch tok.kind {
            case .int, .double: negative = ops.removeLast()
            default: break
            }
        }
        var e = try parseMember(negative: negative)
        let op = isNot ? CELOperator.logicalNot : CELOperator.negate
        for o in ops.reversed() {
            e = try node(.call(function: op.rawValue, target: nil, args: [e]), o.start..<e.range.upperBound, o.start)
        }
        return e
    }

    // Member = Primary | Member "." IDENT ["(" [ExprList] ")"] | Member "[" Expr "]"
    mutating func parseMember(negative: Token?) throws -> CELNode {
        var e = try parsePrimary(negative: negative)
        while true {
            if tok.isPunct(.dot) {
                e = try parseSelection(of: e)
            } else if tok.isPunct(.lbracket) {
                e = try parseIndex(of: e)
            } else {
                return e
            }
        }
    }

    @inline(never)
    mutating func parseSelection(of e: CELNode) throws -> CELNode {
        let dot = advance()
        guard case .ident(let name) = tok.kind else {
            if let err = errorToken(tok) { throw err }
            throw ParseError(offset: tok.start, message: "expected a field or method name after '.', found \(describe(tok))")
        }
        let nameTok = advance()
        if tok.isPunct(.lparen) {
            let open = advance()
            let args = try parseArgs(open: open, function: name)
            let end = prev?.end ?? nameTok.end
            return try receiverCall(name, target: e, args: args, nameTok: nameTok, range: e.range.lowerBound..<end)
        }
        return try node(.select(operand: e, field: name), e.range.lowerBound..<nameTok.end, dot.start)
    }

    @inline(never)
    mutating func parseIndex(of e: CELNode) throws -> CELNode {
        let open = advance()
        let index = try parseExpr()
        guard tok.isPunct(.rbracket) else { throw unclosed("[", open: open) }
        let close = advance()
        return try node(.index(operand: e, index: index), e.range.lowerBound..<close.end, open.start)
    }

    /// The error for a bracket that a wrong token, or the end, follows where it should close.
    @inline(never)
    func unclosed(_ bracket: String, open: Token) -> ParseError {
        if let err = errorToken(tok) { return err }
        switch bracket {
        case "(":
            if isEOF(tok) { return ParseError(offset: tok.start, message: "the '(' at \(lc(open.start)) is never closed", hint: "add a ')'") }
            return ParseError(offset: tok.start, message: "expected ')' to close the '(' at \(lc(open.start)), found \(describe(tok))",
                              hint: hintForUnexpected(tok))
        case "[":
            return ParseError(offset: tok.start, message: "expected ']' to close the '[' at \(lc(open.start)), found \(describe(tok))",
                              hint: hintForUnexpected(tok))
        case "list":
            if isEOF(tok) {
                return ParseError(offset: tok.start, message: "the list opened with '[' at \(lc(open.start)) is never closed", hint: "add a ']'")
            }
            return ParseError(offset: tok.start, message: "expected ',' or ']' in the list opened at \(lc(open.start)), found \(describe(tok))",
                              hint: hintForUnexpected(tok))
        case "map:":
            return ParseError(offset: tok.start,
                              message: "expected ':' after a key in the map opened at \(lc(open.start)), found \(describe(tok))",
                              hint: "map entries are written key: value, as in {'a': 1, 'b': 2}")
        default:  // "map"
            if isEOF(tok) {
                return ParseError(offset: tok.start, message: "the map opened with '{' at \(lc(open.start)) is never closed", hint: "add a '}'")
            }
            return ParseError(offset: tok.start, message: "expected ',' or '}' in the map opened at \(lc(open.start)), found \(describe(tok))",
                              hint: hintForUnexpected(tok))
        }
    }

    mutating func parseArgs(open: Token, function: String) throws -> [CELNode] {
        var args: [CELNode] = []
        if tok.isPunct(.rparen) {
            advance()
            return args
        }
        while true {
            args.append(try parseExpr())
            if tok.isPunct(.comma) {
                advance()
                continue
            }
            if tok.isPunct(.rparen) {
                advance()
                return args
            }
            if let err = errorToken(tok) { throw err }
            if isEOF(tok) {
                throw ParseError(offset: tok.start, message: "the '(' of \(function)( at \(lc(open.start)) is never closed",
                                 hint: "add ')' after the last argument")
            }
            throw ParseError(offset: tok.start,
                             message: "expected ',' or ')' in the arguments of \(function)(), found \(describe(tok))",
                             hint: hintForUnexpected(tok))
        }
    }

    func expectedExpression() -> ParseError {
        if let e = errorToken(tok) { return e }
        let t = tok
        var message: String
        if let before = prev {
            message = "expected an expression after \(describe(before))"
            if !isEOF(t) { message += ", found \(describe(t))" }
        } else {
            message = "expected an expression, found \(describe(t))"
        }
        var hint: String? = nil
        if case .punct(let pu) = t.kind, [.and, .or, .equals, .notEquals, .less, .lessEquals, .greater, .greaterEquals, .star, .slash, .percent, .plus].contains(pu) {
            if let before = prev, case .punct(let pb) = before.kind, pb != .lparen, pb != .lbracket, pb != .comma {
                hint = "two operators in a row: is a value missing between '\(pb.rawValue)' and '\(pu.rawValue)'?"
            } else {
                hint = "a value is missing before '\(pu.rawValue)'"
            }
        } else if isEOF(t), prev != nil {
            hint = "the expression stops too early; complete it"
        }
        return ParseError(offset: t.start, message: message, hint: hint)
    }

    mutating func parsePrimary(negative: Token?) throws -> CELNode {
        switch tok.kind {
        case .int, .uint, .double, .string, .bytes: return try parseLiteral(negative: negative)
        case .punct(.lparen): return try parseParenthesized()
        case .punct(.lbracket): return try parseList()
        case .punct(.lbrace): return try parseMap()
        case .punct(.dot): return try parseRootName()
        case .ident: return try parseName()
        default: throw expectedExpression()
        }
    }

    @inline(never)
    mutating func parseLiteral(negative: Token?) throws -> CELNode {
        let t = tok
        let start = negative?.start ?? t.start
        switch t.kind {
        case .int(let digits, let hex):
            advance()
            guard let magnitude = UInt64(digits, radix: hex ? 16 : 10),
                  negative == nil ? magnitude <= UInt64(Int64.max) : magnitude <= UInt64(1) << 63 else {
                let written = (negative == nil ? "" : "-") + text(t)
                throw ParseError(offset: start, message: "the number \(written) is too large for an int",
                                 hint: "ints go from -9223372036854775808 to 9223372036854775807; for a bigger number, write a double such as \(text(t)).0")
            }
            let value = negative == nil ? Int64(magnitude) : Int64(bitPattern: 0 &- magnitude)
            return try node(.literal(.int(value)), start..<t.end, start)
        case .uint(let digits, let hex):
            advance()
            guard let value = UInt64(digits, radix: hex ? 16 : 10) else {
                throw ParseError(offset: t.start, message: "the number \(text(t)) is too large for a uint",
                                 hint: "uints go from 0 to 18446744073709551615")
            }
            return try node(.literal(.uint(value)), t.start..<t.end, t.start)
        case .double(let digits):
            advance()
            guard let d = Double(digits), d.isFinite else {
                throw ParseError(offset: start, message: "the number \(text(t)) is out of the range of a double")
            }
            return try node(.literal(.double(negative == nil ? d : -d)), start..<t.end, start)
        case .string(let s):
            advance()
            return try node(.literal(.string(s)), t.start..<t.end, t.start)
        case .bytes(let b):
            advance()
            return try node(.literal(.bytes(b)), t.start..<t.end, t.start)
        default:
            throw expectedExpression()
        }
    }

    @inline(never)
    mutating func parseParenthesized() throws -> CELNode {
        let open = advance()
        let e = try parseExpr()
        guard tok.isPunct(.rparen) else { throw unclosed("(", open: open) }
        advance()
        return e
    }

    @inline(never)
    mutating func parseList() throws -> CELNode {
        let open = advance()
        var items: [CELNode] = []
        depth += 1
        defer { depth -= 1 }
        while !tok.isPunct(.rbracket) {
            items.append(try parseExpr())
            if tok.isPunct(.comma) {
                advance()
            } else if !tok.isPunct(.rbracket) {
                throw unclosed("list", open: open)
            }
        }
        let close = advance()
        return try node(.list(items), open.start..<close.end, open.start)
    }

    @inline(never)
    mutating func parseMap() throws -> CELNode {
        let open = advance()
        var entries: [(key: CELNode, value: CELNode)] = []
        depth += 1
        defer { depth -= 1 }
        while !tok.isPunct(.rbrace) {
            let key = try parseExpr()
            guard tok.isPunct(.colon) else { throw unclosed("map:", open: open) }
            advance()
            let value = try parseExpr()
            entries.append((key, value))
            if tok.isPunct(.comma) {
                advance()
            } else if !tok.isPunct(.rbrace) {
                throw unclosed("map", open: open)
            }
        }
        let close = advance()
        return try node(.map(entries), open.start..<close.end, open.start)
    }

    /// A leading dot names a variable in the root scope: `.x` is `x`.
    @inline(never)
    mutating func parseRootName() throws -> CELNode {
        let dot = advance()
        guard case .ident(let name) = tok.kind, !CELParser.reservedWords.contains(name) else {
            throw ParseError(offset: tok.start, message: "expected a name after '.', found \(describe(tok))")
        }
        let nameTok = advance()
        if tok.isPunct(.lparen) {
            let open = advance()
            let args = try parseArgs(open: open, function: name)
            return try globalCall(name, args: args, nameTok: nameTok, range: dot.start..<(prev?.end ?? nameTok.end))
        }
        return try node(.ident(name), dot.start..<nameTok.end, nameTok.start)
    }

    @inline(never)
    mutating func parseName() throws -> CELNode {
        let t = tok
        guard case .ident(let name) = t.kind else { throw expectedExpression() }
        switch name {
        case "true", "false":
            advance()
            return try node(.literal(.bool(name == "true")), t.start..<t.end, t.start)
        case "null":
            advance()
            return try node(.literal(.null), t.start..<t.end, t.start)
        case "in":
            throw expectedExpression()
        default:
            break
        }
        if CELParser.reservedWords.contains(name) {
            throw ParseError(offset: t.start, message: "'\(name)' is a reserved word in CEL and cannot be used as a name",
                             hint: "rename the fact, or reach it through a map: facts['\(name)']")
        }
        advance()
        if tok.isPunct(.lparen) {
            let open = advance()
            let args = try parseArgs(open: open, function: name)
            return try globalCall(name, args: args, nameTok: t, range: t.start..<(prev?.end ?? t.end))
        }
        return try node(.ident(name), t.start..<t.end, t.start)
    }

    mutating func globalCall(_ name: String, args: [CELNode], nameTok: Token, range: Range<Int>) throws -> CELNode {
        if name == "has" {
            guard args.count == 1, case .select(let operand, let field) = args[0].kind else {
                throw ParseError(offset: args.first?.position ?? nameTok.start,
                                 message: "has() needs one field selection, like has(m.field)",
                                 hint: "has() tests whether a map has a key; to test a list, use 'in'")
            }
            return try node(.has(operand: operand, field: field), range, nameTok.start)
        }
        return try node(.call(function: name, target: nil, args: args), range, nameTok.start)
    }

    mutating func receiverCall(_ name: String, target: CELNode, args: [CELNode], nameTok: Token, range: Range<Int>) throws -> CELNode {
        let macro: CELComprehension.Macro?
        switch name {
        case "all": macro = .all
        case "exists": macro = .exists
        case "exists_one": macro = .existsOne
        case "map": macro = .map
        case "filter": macro = .filter
        default: macro = nil
        }
        guard let macro else {
            return try node(.call(function: name, target: target, args: args), range, nameTok.start)
        }
        let example: String
        switch macro {
        case .map: example = "list.map(x, x * 2) or list.map(x, x > 0, x * 2)"
        case .filter: example = "list.filter(x, x > 0)"
        default: example = "list.\(name)(x, x > 0)"
        }
        let counts = macro == .map ? [2, 3] : [2]
        guard counts.contains(args.count) else {
            throw ParseError(offset: nameTok.start,
                             message: "\(name)() takes a variable name and \(macro == .map ? "a transform (and optionally a filter before it)" : "a condition"), like \(example)",
                             hint: "it was given \(args.count) argument\(args.count == 1 ? "" : "s")")
        }
        guard case .ident(let variable) = args[0].kind else {
            throw ParseError(offset: args[0].range.lowerBound,
                             message: "the first argument of \(name)() must be a variable name, like \(example)")
        }
        let c = CELComprehension(macro: macro, range: target, variable: variable,
                                 filter: args.count == 3 ? args[1] : nil, body: args[args.count - 1])
        return try node(.comprehension(c), range, nameTok.start)
    }
}
