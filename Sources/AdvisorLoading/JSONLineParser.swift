import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine

/// Reads one JSON object from a line of bytes into profile entries, fast: no Foundation, no
/// intermediate `Any`, positions kept (line and column of each key and value). Values are
/// scalars or lists; a nested object is described, not refused, so the profile check can say
/// which key holds it.
public struct JSONLineParser {
    /// Nesting deeper than this is refused.
    public static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let file: String
    private let line: Int

    /// True when every byte is ASCII, so that a column is the byte offset plus one.
    private let isASCII: Bool

    private init(_ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int) {
        self.bytes = bytes
        self.file = file
        self.line = line
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        isASCII = high < 0x80
    }

    struct Failure: Error {
        var offset: Int
        var message: String
        var hint: String?
    }

    /// Parses a line holding one JSON object (surrounding white space allowed).
    public static func entries(of bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int) -> Result<[ProfileEntry], Diagnostic> {
        var parser = JSONLineParser(bytes, file: file, line: line)
        if !parser.isASCII, let bad = SourceFile.firstInvalidUTF8Offset(bytes) {
            return .failure(
                Diagnostic(
                    location: parser.location(bad), message: "the line is not valid UTF-8 text",
                    hint: "save the file as UTF-8 (JSON Lines files are UTF-8 by definition)"))
        }
        do {
            return .success(try parser.object())
        } catch let failure as Failure {
            return .failure(
                Diagnostic(
                    location: parser.location(failure.offset), message: failure.message,
                    hint: failure.hint ?? "each line must be one JSON object, e.g. {\"capital\": 30000}"))
        } catch {
            return .failure(Diagnostic(location: parser.location(0), message: "cannot read the line as JSON", hint: "each line must be one JSON object, e.g. {\"capital\": 30000}"))
        }
    }

    private func position(_ offset: Int) -> ProfileEntry.Position {
        ProfileEntry.Position(line: line, column: location(offset).column)
    }

    /// Columns count characters, not bytes: skip UTF-8 continuation bytes.
    private func location(_ offset: Int) -> SourceLocation {
        if isASCII { return SourceLocation(file: file, line: line, column: min(offset, bytes.count) + 1) }
        var column = 1
        var position = 0
        while position < min(offset, bytes.count) {
            if bytes[position] & 0xC0 != 0x80 { column += 1 }
            position += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    // MARK: - Grammar

    private mutating func object() throws -> [ProfileEntry] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else {
            throw Failure(offset: index, message: index >= bytes.count ? "the line is empty" : "expected a JSON object starting with '{'")
        }
        index += 1
        var entries: [ProfileEntry] = []
        entries.reserveCapacity(16)
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                let keyOffset = index
                guard peek() == UInt8(ascii: "\"") else { throw Failure(offset: index, message: "expected a key in double quotes") }
                let key = try string()
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw Failure(offset: index, message: "expected ':' after the key \"\(key)\"") }
                index += 1
                skipSpace()
                let valueOffset = index
                let value = try self.value(depth: 1)
                entries.append(ProfileEntry(key: key, value: value, keyAt: position(keyOffset), valueAt: position(valueOffset)))
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if peek() == UInt8(ascii: "}") {
                    index += 1
                    break
                }
                throw Failure(offset: index, message: index >= bytes.count ? "the object is not closed with '}'" : "expected ',' or '}'")
            }
        }
        skipSpace()
        guard index == bytes.count else { throw Failure(offset: index, message: "unexpected text after the object", hint: "put one object on each line") }
        return entries
    }

    private mutating func value(depth: Int) throws -> ProfileEntry.Value {
        guard depth <= JSONLineParser.maximumDepth else {
            throw Failure(
                offset: index, message: "the value nests deeper than \(JSONLineParser.maximumDepth) levels",
                hint: "a fact's value is a number, true or false, a text, or a list of texts")
        }
        guard let byte = peek() else { throw Failure(offset: index, message: "expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            return .value(.string(try string()))
        case UInt8(ascii: "t"):
            try literal("true")
            return .value(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return .value(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "["):
            index += 1
            var items: [CELValue] = []
            var description: String?
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .value(.list([]))
            }
            while true {
                skipSpace()
                switch try value(depth: depth + 1) {
                case .value(let item): items.append(item)
                case .null: description = description ?? "a list holding null"
                case .other(let inner): description = description ?? "a list holding \(inner)"
                }
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                guard peek() == UInt8(ascii: "]") else { throw Failure(offset: index, message: "expected ',' or ']' in the list") }
                index += 1
                return description.map { .other($0) } ?? .value(.list(items))
            }
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
            return .other("a mapping")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .value(try number())
        default:
            throw Failure(offset: index, message: "expected a value (a number, text in double quotes, true, false, null or a list)")
        }
    }

    private mutating func skipObject(depth: Int) throws {
        index += 1  // {
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw Failure(offset: index, message: "expected a key in double quotes") }
            _ = try string()
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { throw Failure(offset: index, message: "expected ':'") }
            index += 1
            skipSpace()
            _ = try value(depth: depth)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard peek() == UInt8(ascii: "}") else { throw Failure(offset: index, message: "expected ',' or '}'") }
            index += 1
            return
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let start = index
        guard index + count <= bytes.count else { throw Failure(offset: start, message: "expected \(word)") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw Failure(offset: start, message: "expected a value", hint: "text must be in double quotes; true, false and null are lower case")
        }
        index += count
    }

    private mutating func number() throws -> CELValue {
        let start = index
        var isInteger = true
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): index += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"):
                isInteger = false
                index += 1
            default:
                return try numberValue(from: start, isInteger: isInteger)
            }
        }
        return try numberValue(from: start, isInteger: isInteger)
    }

    private func numberValue(from start: Int, isInteger: Bool) throws -> CELValue {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let whole = Int64(text) { return .int(whole) }
        guard let number = Double(text) else { throw Failure(offset: start, message: "'\(text)' is not a number") }
        guard number.isFinite else {
            throw Failure(offset: start, message: "'\(text)' is too large a number", hint: "numbers go up to about 1.8e308; give an ordinary number")
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
            if byte < 0x20 { throw Failure(offset: index, message: "a control character inside text", hint: "write it as \\n or \\t") }
            index += 1
        }
        guard peek() != nil else { throw Failure(offset: start, message: "the text is not closed with '\"'") }
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
            if byte < 0x20 { throw Failure(offset: index, message: "a control character inside text", hint: "write it as \\n or \\t") }
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
                        throw Failure(offset: index, message: "a lone surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Failure(offset: index, message: "a lone surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw Failure(offset: index, message: "an invalid \\u escape") }
                scalars.append(scalar)
            default:
                throw Failure(offset: index - 2, message: "an unknown escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
        }
        throw Failure(offset: start, message: "the text is not closed with '\"'")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(offset: index, message: "a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure(offset: index, message: "a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    @inline(__always)
    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always)
    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): index += 1
            default: return
            }
        }
    }
}
