import AdvisorCEL

/// A JSON value whose text is the same bytes every time: keys keep the order they were given,
/// numbers print in Swift's shortest round-trip form, and whole doubles keep their `.0`.
public indirect enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// JSON text written as it is given (a value passed on unchanged, e.g. a client's id).
    case raw(String)

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.text() == rhs.text() }
    public func hash(into hasher: inout Hasher) { hasher.combine(text()) }

    /// The JSON text: compact on one line, or indented by two spaces.
    public func text(pretty: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += JSON.format(number)
        case .string(let text): JSON.escape(text, into: &output)
        case .raw(let text): output += text
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += pretty ? "," : ", " }
                if pretty { output += "\n" + String(repeating: " ", count: indent + 2) }
                item.write(to: &output, pretty: pretty, indent: indent + 2)
            }
            if pretty { output += "\n" + String(repeating: " ", count: indent) }
            output += "]"
        case .object(let pairs):
            if pairs.isEmpty { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { output += pretty ? "," : ", " }
                if pretty { output += "\n" + String(repeating: " ", count: indent + 2) }
                JSON.escape(key, into: &output)
                output += ": "
                value.write(to: &output, pretty: pretty, indent: indent + 2)
            }
            if pretty { output += "\n" + String(repeating: " ", count: indent) }
            output += "}"
        }
    }

    /// Doubles as JSON numbers; NaN and infinities (not JSON numbers) as strings.
    public static func format(_ number: Double) -> String {
        if number.isNaN { return "\"NaN\"" }
        if number.isInfinite { return number < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        if number == 0 { return "0.0" }
        return "\(number)"
    }

    /// A JSON string literal: the same escaping as the CEL module's JSON (`writeJSONString`).
    static func escape(_ text: String, into output: inout String) {
        writeJSONString(text, to: &output)
    }

    /// Appends a JSON string literal as UTF-8 bytes; text with nothing to escape is copied whole.
    public static func escape(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            output.append(0x22)
            var clean = true
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 {
                clean = false
                break
            }
            if clean {
                output.append(contentsOf: bytes)
            } else {
                var escaped = ""
                escape(String(decoding: bytes, as: UTF8.self), into: &escaped)
                output.append(contentsOf: escaped.utf8.dropFirst().dropLast())
            }
            output.append(0x22)
        }
    }

    /// A CEL value as JSON.
    public init(_ value: CELValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .uint(let number): self = Int64(exactly: number).map { .int($0) } ?? .double(Double(number))
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .list(let items): self = .array(items.map(JSON.init))
        default: self = .string(String(describing: value))
        }
    }
}
