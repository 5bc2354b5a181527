// Bridging between CEL values and JSON: from JSONSerialization output, to JSONSerialization
// input, and to JSON text that keeps map order and prints doubles as doubles.

import Foundation

extension CELValue {
    /// A CEL value from `JSONSerialization` output (or plain Swift values): `NSNull` is null;
    /// booleans are bools; integers are ints (uints when above `Int64.max`); numbers written
    /// with a fraction or exponent are doubles; arrays are lists; objects are maps with string
    /// keys in sorted order. Nil for anything else.
    public static func fromJSON(_ any: Any) -> CELValue? {
        switch any {
        case is NSNull:
            return .null
        case let b as Bool where type(of: any) == Bool.self:
            return .bool(b)
        case let n as NSNumber:
            return fromNumber(n)
        case let s as String:
            return .string(s)
        case let i as Int:
            return .int(Int64(i))
        case let i as Int64:
            return .int(i)
        case let u as UInt64:
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case let d as Double:
            return .double(d)
        case let a as [Any]:
            var items: [CELValue] = []
            items.reserveCapacity(a.count)
            for x in a {
                guard let v = fromJSON(x) else { return nil }
                items.append(v)
            }
            return .list(items)
        case let d as [String: Any]:
            var m = CELMap()
            for k in d.keys.sorted() {
                guard let v = fromJSON(d[k]!) else { return nil }
                m.updateValue(v, forKey: .string(k))
            }
            return .map(m)
        default:
            return nil
        }
    }

    private static let booleanNumberType = type(of: NSNumber(value: true))

    private static func fromNumber(_ n: NSNumber) -> CELValue? {
        if type(of: n) == booleanNumberType { return .bool(n.boolValue) }
        if let decimal = n as? NSDecimalNumber {
            // Numbers JSONSerialization could not hold in 64 bits (or -2^63).
            let text = decimal.stringValue
            if let i = Int64(text) { return .int(i) }
            if let u = UInt64(text) { return .uint(u) }
            return .double(decimal.doubleValue)
        }
        switch String(cString: n.objCType) {
        case "d", "f":
            return .double(n.doubleValue)
        case "Q", "L", "I", "S", "C":
            let u = n.uint64Value
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case "c" where type(of: n) == booleanNumberType:
            return .bool(n.boolValue)
        default:
            return .int(n.int64Value)
        }
    }

    /// The value for `JSONSerialization`: ints as `Int`, uints as `UInt64`, doubles as
    /// `Double` (NaN and infinities as the strings "NaN", "Infinity", "-Infinity"), bytes as
    /// base64 text, maps as `[String: Any]` with keys as text (`1`, `true`).
    public var jsonObject: Any {
        switch self {
        case .int(let i): return Int(i)
        case .uint(let u): return u
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return d
        case .string(let s): return s
        case .bytes(let b): return Data(b).base64EncodedString()
        case .bool(let b): return b
        case .null: return NSNull()
        case .list(let items): return items.map(\.jsonObject)
        case .map(let m):
            var out: [String: Any] = [:]
            for (k, v) in zip(m.keys, m.values) { out[CELValue.jsonKey(k)] = v.jsonObject }
            return out
        }
    }

    static func jsonKey(_ k: CELValue) -> String {
        switch k {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        default: return k.description
        }
    }

    /// Compact JSON text: maps keep their insertion order, doubles always show a fraction or
    /// an exponent (`1.0`, `1e+20`), NaN and infinities are the strings "NaN", "Infinity",
    /// "-Infinity", bytes are base64 text.
    public var jsonText: String {
        var out = ""
        writeJSON(to: &out)
        return out
    }

    func writeJSON(to out: inout String) {
        switch self {
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .double(let d):
            if d.isNaN { out += "\"NaN\"" } else if d.isInfinite { out += d < 0 ? "\"-Infinity\"" : "\"Infinity\"" } else { out += "\(d)" }
        case .string(let s): writeJSONString(s, to: &out)
        case .bytes(let b): writeJSONString(Data(b).base64EncodedString(), to: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.writeJSON(to: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, (k, v)) in zip(m.keys, m.values).enumerated() {
                if i > 0 { out += "," }
                writeJSONString(CELValue.jsonKey(k), to: &out)
                out += ":"
                v.writeJSON(to: &out)
            }
            out += "}"
        }
    }
}

/// Appends `s` as a JSON string literal.
public func writeJSONString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out += "\""
}
