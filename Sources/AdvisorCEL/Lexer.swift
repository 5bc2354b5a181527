// Splits an expression into tokens. Offsets are UTF-8 byte offsets.

enum Punct: String {
    case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]", lbrace = "{", rbrace = "}"
    case dot = ".", comma = ",", colon = ":", question = "?"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case bang = "!", notEquals = "!=", equals = "==", less = "<", lessEquals = "<=", greater = ">", greaterEquals = ">="
    case and = "&&", or = "||"
}

struct Token {
    enum Kind {
        case eof
        case ident(String)
        case int(String, hex: Bool)
        case uint(String, hex: Bool)
        case double(String)
        case string(String)
        case bytes([UInt8])
        case punct(Punct)
        case error(message: String, hint: String?, at: Int)
    }

    let kind: Kind
    let start: Int
    let end: Int

    func isPunct(_ p: Punct) -> Bool {
        if case .punct(let q) = kind { return p == q }
        return false
    }
}

struct Lexer {
    let s: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { s = bytes }

    static func isIdentStart(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F }
    static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) }

    func at(_ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }

    /// All tokens, ending with `.eof` (or with an `.error` token followed by `.eof`).
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = next()
            tokens.append(t)
            if case .error = t.kind {
                tokens.append(Token(kind: .eof, start: s.count, end: s.count))
                return tokens
            }
            if case .eof = t.kind { return tokens }
        }
    }

    mutating func skipSpaceAndComments() {
        while i < s.count {
            let c = s[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                i += 1
            } else if c == 0x2F && at(i + 1) == 0x2F {
                while i < s.count && s[i] != 0x0A && s[i] != 0x0D { i += 1 }
            } else {
                return
            }
        }
    }

    func error(_ message: String, hint: String? = nil, at: Int, start: Int) -> Token {
        Token(kind: .error(message: message, hint: hint, at: at), start: start, end: max(start, i))
    }

    mutating func next() -> Token {
        let lastEnd = i
        skipSpaceAndComments()
        guard i < s.count else {
            // Point just after the last token (one column past it when spaces follow).
            let pos = i > lastEnd ? lastEnd + 1 : i
            return Token(kind: .eof, start: min(pos, s.count), end: min(pos, s.count))
        }
        let start = i
        let c = s[i]

        if Lexer.isIdentStart(c) {
            while i < s.count && Lexer.isIdentPart(s[i]) { i += 1 }
            let word = String(decoding: s[start..<i], as: UTF8.self)
            let q = at(i)
            if q == 0x22 || q == 0x27, word.count <= 2 {
                let lower = word.lowercased()
                if ["r", "b", "rb", "br"].contains(lower) {
                    return lexString(start: start, raw: lower.contains("r"), bytes: lower.contains("b"))
                }
            }
            return Token(kind: .ident(word), start: start, end: i)
        }
        if Lexer.isDigit(c) || (c == 0x2E && Lexer.isDigit(at(i + 1))) {
            return lexNumber(start: start)
        }
        if c == 0x22 || c == 0x27 {
            return lexString(start: start, raw: false, bytes: false)
        }

        func punct(_ p: Punct, _ width: Int) -> Token {
            i += width
            return Token(kind: .punct(p), start: start, end: i)
        }
        let d = at(i + 1)
        switch c {
        case 0x28: return punct(.lparen, 1)
        case 0x29: return punct(.rparen, 1)
        case 0x5B: return punct(.lbracket, 1)
        case 0x5D: return punct(.rbracket, 1)
        case 0x7B: return punct(.lbrace, 1)
        case 0x7D: return punct(.rbrace, 1)
        case 0x2E: return punct(.dot, 1)
        case 0x2C: return punct(.comma, 1)
        case 0x3A: return punct(.colon, 1)
        case 0x3F: return punct(.question, 1)
        case 0x2B: return punct(.plus, 1)
        case 0x2D: return punct(.minus, 1)
        case 0x2A: return punct(.star, 1)
        case 0x2F: return punct(.slash, 1)
        case 0x25: return punct(.percent, 1)
        case 0x21: return d == 0x3D ? punct(.notEquals, 2) : punct(.bang, 1)
        case 0x3C: return d == 0x3D ? punct(.lessEquals, 2) : punct(.less, 1)
        case 0x3E: return d == 0x3D ? punct(.greaterEquals, 2) : punct(.greater, 1)
        case 0x3D:
            if d == 0x3D { return punct(.equals, 2) }
            i += 1
            return error("'=' is not an operator", hint: "to compare, write '=='", at: start, start: start)
        case 0x26:
            if d == 0x26 { return punct(.and, 2) }
            i += 1
            return error("'&' is not an operator", hint: "for 'and', write '&&'", at: start, start: start)
        case 0x7C:
            if d == 0x7C { return punct(.or, 2) }
            i += 1
            return error("'|' is not an operator", hint: "for 'or', write '||'", at: start, start: start)
        default:
            // Report the whole (possibly multi-byte) character.
            var end = i + 1
            while end < s.count && (s[end] & 0xC0) == 0x80 { end += 1 }
            let ch = String(decoding: s[i..<end], as: UTF8.self)
            i = end
            var hint: String? = nil
            switch ch {
            case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}": hint = "use straight quotes ' or \" around text"
            case "\u{2264}": hint = "write '<='"
            case "\u{2265}": hint = "write '>='"
            case "\u{2260}": hint = "write '!='"
            case "\u{2212}": hint = "write '-'"
            case "#", "$", "@", "~", "^", "`", "\\", ";": hint = nil
            default: break
            }
            return error("unexpected character '\(ch)'", hint: hint, at: start, start: start)
        }
    }

    mutating func lexNumber(start: Int) -> Token {
        if s[i] == 0x30 && (at(i + 1) == 0x78 || at(i + 1) == 0x58) {
            i += 2
            let digitsStart = i
            while i < s.count && Lexer.isHex(s[i]) { i += 1 }
            if i == digitsStart {
                return error("expected hexadecimal digits after '0x'", at: start, start: start)
            }
            let digits = String(decoding: s[digitsStart..<i], as: UTF8.self)
            var unsigned = false
            if at(i) == 0x75 || at(i) == 0x55 {
                unsigned = true
                i += 1
            }
            if let bad = checkAfterNumber(start) { return bad }
            return Token(kind: unsigned ? .uint(digits, hex: true) : .int(digits, hex: true), start: start, end: i)
        }
        var isDouble = false
        while i < s.count && Lexer.isDigit(s[i]) { i += 1 }
        if at(i) == 0x2E && Lexer.isDigit(at(i + 1)) {
            isDouble = true
            i += 1
            while i < s.count && Lexer.isDigit(s[i]) { i += 1 }
        }
        if at(i) == 0x65 || at(i) == 0x45 {
            var j = i + 1
            if at(j) == 0x2B || at(j) == 0x2D { j += 1 }
            if Lexer.isDigit(at(j)) {
                isDouble = true
                i = j
                while i < s.count && Lexer.isDigit(s[i]) { i += 1 }
            } else {
                i = j
                return error("the exponent of this number has no digits", hint: "write it like 1e6 or 2.5e-3", at: start, start: start)
            }
        }
        var text = String(decoding: s[start..<i], as: UTF8.self)
        if text.hasPrefix(".") { text = "0" + text }
        if !isDouble && (at(i) == 0x75 || at(i) == 0x55) {
            i += 1
            if let bad = checkAfterNumber(start) { return bad }
            return Token(kind: .uint(text, hex: false), start: start, end: i)
        }
        if let bad = checkAfterNumber(start) { return bad }
        return Token(kind: isDouble ? .double(text) : .int(text, hex: false), start: start, end: i)
    }

    mutating func checkAfterNumber(_ start: Int) -> Token? {
        guard i < s.count, Lexer.isIdentPart(s[i]) else { return nil }
        let at = i
        while i < s.count && Lexer.isIdentPart(s[i]) { i += 1 }
        return error("a number cannot run straight into letters ('\(String(decoding: s[start..<i], as: UTF8.self))')",
                     hint: "put a space or an operator between a number and a name", at: at, start: start)
    }

    mutating func lexString(start: Int, raw: Bool, bytes: Bool) -> Token {
        let quote = s[i]
        let quoteText = quote == 0x22 ? "\"" : "'"
        let triple = at(i + 1) == quote && at(i + 2) == quote
        i += triple ? 3 : 1
        var out: [UInt8] = []
        while true {
            guard i < s.count else {
                let close = triple ? String(repeating: quoteText, count: 3) : quoteText
                return error("this text is never closed", hint: "end it with \(close)", at: start, start: start)
            }
            let c = s[i]
            if c == quote {
                if !triple {
                    i += 1
                    break
                }
                if at(i + 1) == quote && at(i + 2) == quote {
                    i += 3
                    break
                }
            }
            if !triple && (c == 0x0A || c == 0x0D) {
                return error("this text is never closed on its line", hint: "end it with \(quoteText), or use triple quotes \(String(repeating: quoteText, count: 3)) for text over several lines", at: start, start: start)
            }
            if c == 0x5C && !raw {
                if let bad = lexEscape(into: &out, bytes: bytes) { return bad }
                continue
            }
            out.append(c)
            i += 1
        }
        if bytes { return Token(kind: .bytes(out), start: start, end: i) }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), start: start, end: i)
    }

    /// Decodes one escape sequence at `i` (a backslash); returns an error token when invalid.
    mutating func lexEscape(into out: inout [UInt8], bytes: Bool) -> Token? {
        let escStart = i
        let e = at(i + 1)
        func appendScalar(_ v: UInt32) {
            if bytes {
                out.append(UInt8(truncatingIfNeeded: v))
            } else {
                out.append(contentsOf: Array(String(Unicode.Scalar(v)!).utf8))
            }
        }
        func hexValue(_ from: Int, _ count: Int) -> UInt32? {
            var v: UInt32 = 0
            for k in 0..<count {
                let h = at(from + k)
                guard Lexer.isHex(h) else { return nil }
                v = v * 16 + UInt32(Lexer.isDigit(h) ? h - 0x30 : (h | 0x20) - 0x61 + 10)
            }
            return v
        }
        func bad(_ what: String) -> Token {
            Token(kind: .error(message: "invalid escape sequence \(what)",
                               hint: "write \\\\ for a backslash, or use a raw string r'...' to keep backslashes as they are",
                               at: escStart),
                  start: escStart, end: escStart + 1)
        }
        switch e {
        case 0x61: out.append(0x07); i += 2
        case 0x62: out.append(0x08); i += 2
        case 0x66: out.append(0x0C); i += 2
        case 0x6E: out.append(0x0A); i += 2
        case 0x72: out.append(0x0D); i += 2
        case 0x74: out.append(0x09); i += 2
        case 0x76: out.append(0x0B); i += 2
        case 0x5C, 0x3F, 0x22, 0x27, 0x60: out.append(e); i += 2
        case 0x78, 0x58:
            guard let v = hexValue(i + 2, 2) else { i += 2; return bad("'\\x': it needs two hexadecimal digits") }
            appendScalar(v)
            i += 4
        case 0x75:
            guard !bytes else { i += 2; return bad("'\\u' in bytes: use \\x or octal escapes") }
            guard var v = hexValue(i + 2, 4) else { i += 2; return bad("'\\u': it needs four hexadecimal digits") }
            i += 6
            if v >= 0xD800 && v <= 0xDBFF {
                // A surrogate pair written as two \u escapes.
                guard at(i) == 0x5C, at(i + 1) == 0x75, let low = hexValue(i + 2, 4), low >= 0xDC00, low <= 0xDFFF else {
                    return bad("'\\u\(String(v, radix: 16, uppercase: true))': a lone surrogate is not a character")
                }
                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            } else if v >= 0xDC00 && v <= 0xDFFF {
                return bad("'\\u\(String(v, radix: 16, uppercase: true))': a lone surrogate is not a character")
            }
            appendScalar(v)
        case 0x55:
            guard !bytes else { i += 2; return bad("'\\U' in bytes: use \\x or octal escapes") }
            guard let v = hexValue(i + 2, 8) else { i += 2; return bad("'\\U': it needs eight hexadecimal digits") }
            guard Unicode.Scalar(v) != nil else { i += 10; return bad("'\\U\(String(v, radix: 16, uppercase: true))': not a Unicode code point") }
            appendScalar(v)
            i += 10
        case 0x30...0x33:
            let o1 = at(i + 2), o2 = at(i + 3)
            guard (0x30...0x37).contains(o1), (0x30...0x37).contains(o2) else {
                i += 2
                return bad("'\\\(Character(Unicode.Scalar(e)))': an octal escape needs three digits, like \\101")
            }
            appendScalar(UInt32(e - 0x30) * 64 + UInt32(o1 - 0x30) * 8 + UInt32(o2 - 0x30))
            i += 4
        default:
            i += 1
            if i < s.count {
                var end = i + 1
                while end < s.count && (s[end] & 0xC0) == 0x80 { end += 1 }
                let ch = String(decoding: s[i..<end], as: UTF8.self)
                i = end
                return bad("'\\\(ch)'")
            }
            return bad("at the end of the text")
        }
        return nil
    }
}
