import AdvisorDiagnostics
import AdvisorCEL
import AdvisorEngine

/// Reads a JSON object strictly as RFC 8259 writes it, from bytes, fast (no Foundation, no
/// intermediate `Any`), keeping the line and column of every key and value: a `.json`
/// profile, a line of a JSON Lines file, `advisor expr --facts`. What other readers let
/// through is an error here, with its place and the fix: a trailing comma, a comment, text
/// in single quotes, `NaN` or `Infinity`, a number with a leading zero or `+`, a key without
/// quotes.
public struct JSONReader {
    /// Nesting deeper than this is refused.
    public static let maximumDepth = 64

    /// One `"key": value` of the object.
    public struct Member: Sendable {
        public var key: String
        public var keyAt: ProfileEntry.Position
        /// The value; an object is a map (keys as text, in the order written).
        public var value: CELValue
        public var valueAt: ProfileEntry.Position
        /// Where the value's text sits in the bytes read, to pass it on unchanged.
        public var valueBytes: Range<Int>
    }

    /// What was wrong, and the members read before it (a bad line's id can often still be read).
    public struct Failure: Error, Sendable {
        public var diagnostic: Diagnostic
        public var membersBefore: [Member]
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let file: String?
    private var line: Int
    /// The offset where the current line starts.
    private var lineStart = 0
    /// True when every byte is ASCII, so that a column is a byte offset plus one.
    private let isASCII: Bool
    private var members: [Member] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, line: Int) {
        self.bytes = bytes
        self.file = file
        self.line = line
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        isASCII = high < 0x80
    }

    private struct Problem: Error {
        var offset: Int
        var message: String
        var hint: String?
        /// The line of `offset` and where it starts, when not the reader's current line.
        var line: (number: Int, start: Int)?
    }

    static let objectExample = "write one JSON object, e.g. {\"capital\": 30000}"

    /// Reads bytes holding one JSON object (white space around it allowed). `firstLine` is
    /// the line the bytes start on (a JSON Lines file's line number).
    public static func object(_ bytes: UnsafeBufferPointer<UInt8>, file: String?, firstLine: Int = 1) -> Result<[Member], Failure> {
        var reader = JSONReader(bytes, file: file, line: firstLine)
        if !reader.isASCII, let bad = SourceFile.firstInvalidUTF8Offset(bytes) {
            reader.seek(to: bad)
            return .failure(
                Failure(
                    diagnostic: Diagnostic(location: reader.location(bad), message: "the text is not valid UTF-8", hint: "save the file as UTF-8 (JSON is UTF-8 by definition)"),
                    membersBefore: []))
        }
        do {
            return .success(try reader.topObject())
        } catch let problem as Problem {
            if let line = problem.line {
                reader.line = line.number
                reader.lineStart = line.start
            }
            return .failure(
                Failure(
                    diagnostic: Diagnostic(location: reader.location(problem.offset), message: problem.message, hint: problem.hint ?? objectExample),
                    membersBefore: reader.members))
        } catch {
            return .failure(Failure(diagnostic: Diagnostic(location: reader.location(0), message: "cannot read the JSON", hint: objectExample), membersBefore: []))
        }
    }

    /// The same for text.
    public static func object(_ text: String, file: String?, firstLine: Int = 1) -> Result<[Member], Failure> {
        var text = text
        return text.withUTF8 { object($0, file: file, firstLine: firstLine) }
    }

    /// The value of `key` in bytes that are not valid JSON, when a `"key": value` with a text
    /// or number can still be found (an error record then keeps the profile's id).
    static func salvage(key: String, in bytes: UnsafeBufferPointer<UInt8>) -> PassedValue {
        let pattern = Array(("\"" + key + "\"").utf8)
        var start = 0
        while start + pattern.count <= bytes.count {
            defer { start += 1 }
            guard bytes[start] == pattern[0], bytes[start..<(start + pattern.count)].elementsEqual(pattern) else { continue }
            var reader = JSONReader(bytes, file: nil, line: 1)
            reader.index = start + pattern.count
            reader.skipSpace()
            guard reader.peek() == UInt8(ascii: ":") else { continue }
            reader.index += 1
            reader.skipSpace()
            let valueStart = reader.index
            switch try? reader.value(depth: JSONReader.maximumDepth) {
            case .string(let text)?: return .text(text)
            case .int?, .double?: return .json(String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<reader.index]), as: UTF8.self))
            default: continue
            }
        }
        return .absent
    }

    // MARK: - Positions

    /// Moves the line count to `offset` (only forward; for errors found by a pre-scan).
    private mutating func seek(to offset: Int) {
        while index < offset {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
    }

    /// Columns count characters, not bytes.
    private func column(_ offset: Int) -> Int {
        let offset = min(offset, bytes.count)
        guard offset >= lineStart else { return 1 }
        if isASCII { return offset - lineStart + 1 }
        var column = 1
        for position in lineStart..<offset where bytes[position] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    private func position(_ offset: Int) -> ProfileEntry.Position {
        ProfileEntry.Position(line: line, column: column(offset))
    }

    private func location(_ offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column(offset))
    }

    // MARK: - Grammar

    private mutating func topObject() throws -> [Member] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            if index >= bytes.count { throw Problem(offset: index, message: "there is no JSON object here, only white space") }
            try refuseNonJSON()
            throw Problem(offset: index, message: "expected a JSON object starting with '{'")
        }
        index += 1
        members.reserveCapacity(16)
        _ = try readMembers(depth: 1)
        skipSpace()
        guard index == bytes.count else {
            throw Problem(offset: index, message: "unexpected text after the object", hint: "give one object (in JSON Lines: one object on each line)")
        }
        return members
    }

    /// The members of an object whose `{` was just read, through its `}`. The top object's
    /// (depth 1) go to `members` as they are read, so that they are known after an error.
    private mutating func readMembers(depth: Int) throws -> [Member] {
        var nested: [Member] = []
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return nested
        }
        while true {
            skipSpace()
            let keyAt = position(index)
            let keyOffset = index
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw trailingComma() }
                try refuseNonJSON()
                if let byte = peek(), byte.isLetter || byte == UInt8(ascii: "_") {
                    throw Problem(offset: index, message: "a key must be in double quotes", hint: "write \"\(word())\": ...")
                }
                throw Problem(offset: index, message: index >= bytes.count ? "the object is not closed with '}'" : "expected a key in double quotes")
            }
            let key = try string()
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw Problem(offset: index, message: "expected ':' after the key \"\(key)\"") }
            index += 1
            skipSpace()
            let valueAt = position(index)
            let start = index
            let value = try self.value(depth: depth)
            let member = Member(key: key, keyAt: keyAt, value: value, valueAt: valueAt, valueBytes: start..<index)
            if depth == 1 {
                members.append(member)
            } else {
                guard !nested.contains(where: { $0.key == key }) else {
                    throw Problem(offset: keyOffset, message: "the key \"\(key)\" is given twice in the object", hint: "keep one of them")
                }
                nested.append(member)
            }
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","):
                lastComma = (index, line, lineStart)
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return nested
            case nil:
                throw Problem(offset: index, message: "the object is not closed with '}'")
            default:
                try refuseNonJSON()
                throw Problem(offset: index, message: "expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    /// The offset of the last comma read and its line, to point at a trailing one.
    private var lastComma = (offset: 0, line: 1, lineStart: 0)

    private func trailingComma() -> Problem {
        Problem(
            offset: lastComma.offset, message: "a trailing comma: JSON allows no comma before '\(Character(Unicode.Scalar(bytes[index])))'",
            hint: "remove the comma after the last value", line: (lastComma.line, lastComma.lineStart))
    }

    /// Throws the precise error for something a JSON reader is often given by mistake:
    /// a comment, single quotes, NaN or Infinity.
    private mutating func refuseNonJSON() throws {
        guard let byte = peek() else { return }
        switch byte {
        case UInt8(ascii: "/"):
            throw Problem(offset: index, message: "JSON has no comments", hint: "remove the comment; a YAML profile (.yaml) may have # comments")
        case UInt8(ascii: "'"):
            throw Problem(offset: index, message: "text in JSON takes double quotes, not single quotes", hint: "write \"...\" instead of '...'")
        case UInt8(ascii: "#"):
            throw Problem(offset: index, message: "JSON has no comments", hint: "remove the comment; a YAML profile (.yaml) may have # comments")
        default:
            return
        }
    }

    private mutating func value(depth: Int) throws -> CELValue {
        guard depth <= JSONReader.maximumDepth else {
            throw Problem(
                offset: index, message: "the value nests deeper than \(JSONReader.maximumDepth) levels",
                hint: "a fact's value is a number, true or false, a text, or a list of texts")
        }
        guard let byte = peek() else { throw Problem(offset: index, message: "expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "["):
            index += 1
            var items: [CELValue] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .list([])
            }
            while true {
                skipSpace()
                if peek() == UInt8(ascii: "]") { throw trailingComma() }
                items.append(try value(depth: depth + 1))
                skipSpace()
                switch peek() {
                case UInt8(ascii: ","):
                    lastComma = (index, line, lineStart)
                    index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .list(items)
                case nil:
                    throw Problem(offset: index, message: "the list is not closed with ']'")
                default:
                    try refuseNonJSON()
                    throw Problem(offset: index, message: "expected ',' or ']' in the list")
                }
            }
        case UInt8(ascii: "{"):
            index += 1
            var map = CELMap()
            for member in try readMembers(depth: depth + 1) { map.updateValue(member.value, forKey: .string(member.key)) }
            return .map(map)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: "N"), UInt8(ascii: "I"), UInt8(ascii: "+"):
            let text = word()
            if ["NaN", "Infinity", "+Infinity"].contains(text) {
                throw Problem(offset: index, message: "\(text) is not a JSON number", hint: "give an ordinary number, or null (or leave the key out) when it is unknown")
            }
            if byte == UInt8(ascii: "+") { throw Problem(offset: index, message: "a JSON number has no '+' sign", hint: "write the number without '+'") }
            throw unquotedText()
        default:
            try refuseNonJSON()
            if byte.isLetter { throw unquotedText() }
            if byte == UInt8(ascii: ".") { throw Problem(offset: index, message: "a JSON number starts with a digit", hint: "write 0.5, not .5") }
            throw Problem(offset: index, message: "expected a value (a number, text in double quotes, true, false, null, a list or an object)")
        }
    }

    private func unquotedText() -> Problem {
        let text = word()
        if ["True", "False", "TRUE", "FALSE", "Null", "NULL", "None"].contains(text) {
            return Problem(offset: index, message: "'\(text)' is not JSON", hint: "true, false and null are written in lower case")
        }
        return Problem(offset: index, message: "text in JSON takes double quotes", hint: "write \"\(text)\"")
    }

    /// The letters, digits and `_+-.` from the current offset, for messages.
    private func word() -> String {
        var end = index
        while end < bytes.count, bytes[end].isLetter || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) || [UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(bytes[end]) {
            end += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<min(end, index + 40)]), as: UTF8.self)
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard index + count <= bytes.count, (0..<count).allSatisfy({ bytes[index + $0] == expected[$0] }) else { throw unquotedText() }
        index += count
        if let next = peek(), next.isLetter || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) { throw unquotedText() }
    }

    /// A number as RFC 8259 writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws -> CELValue {
        let start = index
        func digits() -> Int {
            let first = index
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - first
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "I") || peek() == UInt8(ascii: "N") {
            index = start
            throw Problem(offset: start, message: "\(word()) is not a JSON number", hint: "give an ordinary number, or null (or leave the key out) when it is unknown")
        }
        let wholeStart = index
        guard digits() > 0 else { throw Problem(offset: start, message: "a JSON number needs a digit after '-'") }
        if bytes[wholeStart] == UInt8(ascii: "0"), index - wholeStart > 1 {
            throw Problem(offset: wholeStart, message: "a JSON number has no leading zero", hint: "write \(Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[wholeStart..<index]), as: UTF8.self)) ?? 0), or put the value in double quotes if it is an id")
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw Problem(offset: index, message: "a JSON number needs a digit after the decimal point", hint: "write 1.0 or 1, not 1.") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Problem(offset: index, message: "a JSON number needs digits in its exponent") }
        }
        if let next = peek(), next.isLetter {
            throw Problem(offset: index, message: "a JSON number cannot be followed by '\(Character(Unicode.Scalar(next)))'", hint: "numbers are plain digits; put other text in double quotes")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let whole = Int64(text) { return .int(whole) }
        if isInteger, let whole = UInt64(text) { return .uint(whole) }
        guard let number = Double(text), number.isFinite else {
            throw Problem(offset: start, message: "'\(text)' is too large a number", hint: "numbers go up to about 1.8e308; give an ordinary number")
        }
        return .double(number)
    }

    private mutating func string() throws -> String {
        let start = index
        index += 1  // opening quote
        let contentStart = index
        // Fast path: no escapes.
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
        }
        guard peek() != nil else { throw Problem(offset: start, message: "the text is not closed with '\"'") }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self).unicodeScalars)
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll()
            }
        }
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                flush()
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw controlCharacter(byte) }
            guard byte == UInt8(ascii: "\\") else {
                pending.append(byte)
                index += 1
                continue
            }
            flush()
            index += 1
            guard let escape = peek() else { break }
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw Problem(offset: index, message: "a lone surrogate in a \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Problem(offset: index, message: "a lone surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw Problem(offset: index, message: "an invalid \\u escape") }
                scalars.append(scalar)
            default:
                throw Problem(offset: index - 2, message: "an unknown escape '\\\(Character(Unicode.Scalar(escape)))'", hint: "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
            }
        }
        throw Problem(offset: start, message: "the text is not closed with '\"'")
    }

    private func controlCharacter(_ byte: UInt8) -> Problem {
        byte == 0x0A
            ? Problem(offset: index, message: "the text is not closed with '\"' on its line", hint: "close the text; write a line break inside text as \\n")
            : Problem(offset: index, message: "a control character inside text", hint: "write it as \\n, \\t or \\u00XX")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Problem(offset: index, message: "a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Problem(offset: index, message: "a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    @inline(__always)
    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// White space as JSON has it (space, tab, line feed, carriage return); anything else,
    /// a comment included, is left for the grammar to refuse.
    @inline(__always)
    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }
}

extension UInt8 {
    fileprivate var isLetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) }
}

extension JSONReader.Member {
    /// The member as a profile entry: a mapping, or a list holding null or a mapping, is
    /// described for the profile check to refuse with the key's name.
    public var profileEntry: ProfileEntry {
        let entryValue: ProfileEntry.Value
        switch value {
        case .null: entryValue = .null
        case .uint(let whole): entryValue = .value(.double(Double(whole)))
        case .map: entryValue = .other("a mapping")
        case .list(let items):
            if items.contains(where: { if case .null = $0 { return true } else { return false } }) {
                entryValue = .other("a list holding null")
            } else if items.contains(where: { if case .map = $0 { return true } else { return false } }) {
                entryValue = .other("a list holding a mapping")
            } else {
                entryValue = .value(value)
            }
        default: entryValue = .value(value)
        }
        return ProfileEntry(key: key, value: entryValue, keyAt: keyAt, valueAt: valueAt)
    }
}
