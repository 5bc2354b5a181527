/// One field of a submitted form, decoded.
public struct FormField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Why a form could not be read.
enum FormProblem: Error, Equatable {
    case tooManyFields(limit: Int)
    case malformedEscape(offset: Int)
    case invalidUTF8(field: String)
}

/// `application/x-www-form-urlencoded` (a POST body or a query string), decoded strictly and in
/// order. The order matters: it is the order the answers were given. Repeated names are kept
/// (a list's ticked values). Hummingbird's own decoders map fields onto a `Codable` type, which
/// loses both, and pass malformed escapes through; this one refuses them, and refuses text that
/// is not UTF-8, so nothing reaches the interview that the founder did not send.
enum FormFields {
    static func parse(_ bytes: some Collection<UInt8>, maxFields: Int) -> Result<[FormField], FormProblem> {
        var fields: [FormField] = []
        var offset = 0
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            defer { offset += part.count + 1 }
            if part.isEmpty { continue }
            if fields.count == maxFields { return .failure(.tooManyFields(limit: maxFields)) }
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawName = part[part.startIndex..<(equals ?? part.endIndex)]
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? part[part.endIndex...]
            let valueOffset = offset + rawName.count + 1
            let nameBytes: [UInt8], valueBytes: [UInt8]
            switch (decode(rawName), decode(rawValue)) {
            case (.failure(let bad), _): return .failure(.malformedEscape(offset: offset + bad.position))
            case (_, .failure(let bad)): return .failure(.malformedEscape(offset: valueOffset + bad.position))
            case (.success(let name), .success(let value)): (nameBytes, valueBytes) = (name, value)
            }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                return .failure(.invalidUTF8(field: "at byte \(offset)"))
            }
            guard let value = String(validating: valueBytes, as: UTF8.self) else { return .failure(.invalidUTF8(field: "'\(name)'")) }
            fields.append(FormField(name, value))
        }
        return .success(fields)
    }

    /// Where in a name or value a `%` is not followed by two hexadecimal digits.
    struct BadEscape: Error { var position: Int }

    /// `+` as a space and `%XX` as its byte.
    private static func decode(_ part: some Collection<UInt8>) -> Result<[UInt8], BadEscape> {
        let bytes = Array(part)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    return .failure(BadEscape(position: index))
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return .success(out)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Fields as a query string or body, percent-encoded (everything but unreserved characters).
    static func encode(_ fields: [FormField]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
