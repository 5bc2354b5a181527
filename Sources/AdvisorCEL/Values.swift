// CEL types, values, maps, errors and evaluation results.

/// A CEL type, as the checker reasons about it.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    case int, uint, double, string, bytes, bool, null
    case list(CELType)
    case map(CELType, CELType)
    /// Any type: checked at run time.
    case dyn
    /// The type of type values.
    case type

    /// The type in CEL spelling: `int`, `list(string)`, `map(string, int)`, `null_type`.
    public var description: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .bool: return "bool"
        case .null: return "null_type"
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .dyn: return "dyn"
        case .type: return "type"
        }
    }

    /// The run-time type of a value (lists and maps of mixed or no elements are `dyn`-typed).
    public static func of(_ value: CELValue) -> CELType {
        switch value {
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .bool: return .bool
        case .null: return .null
        case .list(let items):
            guard let first = items.first else { return .list(.dyn) }
            let t = CELType.of(first)
            return .list(items.dropFirst().allSatisfy { CELType.of($0) == t } ? t : .dyn)
        case .map(let m):
            guard let first = m.entries.first else { return .map(.dyn, .dyn) }
            let kt = CELType.of(first.key), vt = CELType.of(first.value)
            let sameK = m.entries.allSatisfy { CELType.of($0.key) == kt }
            let sameV = m.entries.allSatisfy { CELType.of($0.value) == vt }
            return .map(sameK ? kt : .dyn, sameV ? vt : .dyn)
        }
    }

    var isNumeric: Bool {
        switch self {
        case .int, .uint, .double: return true
        default: return false
        }
    }
}

/// A CEL value.
///
/// Swift's `==` on `CELValue` is structural (`.int(1) != .double(1)`); CEL's own equality,
/// which compares numbers across types, is `CELValue.celEquals`.
public enum CELValue: Sendable, Hashable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case bool(Bool)
    case null
    case list([CELValue])
    case map(CELMap)

    /// The name of the value's type, as used in messages: `int`, `string`, `list`, `map`...
    public var typeName: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .bool: return "bool"
        case .null: return "null"
        case .list: return "list"
        case .map: return "map"
        }
    }
}

extension CELValue: CustomStringConvertible {
    /// The value written as a CEL literal: `1`, `2u`, `1.5`, `"text"`, `[1, 2]`, `{"k": true}`.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
            return "\(d)"
        case .string(let s): return quoteCELString(s)
        case .bytes(let b):
            var out = "b\""
            for byte in b {
                if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
                }
            }
            return out + "\""
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.entries.map { "\($0.key.description): \($0.value.description)" }.joined(separator: ", ") + "}"
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

func quoteCELString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

// MARK: - Maps

/// A CEL map: keys are `int`, `uint`, `bool` or `string` values, kept in insertion order.
///
/// Lookup follows CEL's numeric key equivalence: `1`, `1u` and `1.0` find the same entry.
/// Strings are compared code point by code point, without Unicode normalization.
public struct CELMap: Sendable, Hashable {
    /// Copy-on-write storage, so a map is one reference wide inside a `CELValue`.
    final class Storage: @unchecked Sendable {
        var keys: [CELValue] = []
        var values: [CELValue] = []
        var index: [MapKey: Int] = [:]

        init() {}
        init(copying other: Storage) {
            keys = other.keys
            values = other.values
            index = other.index
        }
    }

    private static let emptyStorage = Storage()
    private var storage: Storage

    public init() { storage = CELMap.emptyStorage }

    /// A map of the given entries; a later entry for an equal key replaces the earlier value.
    /// Entries whose key is not an `int`, `uint`, `bool` or `string` are left out.
    public init(_ entries: [(key: CELValue, value: CELValue)]) {
        self.init()
        for e in entries { _ = updateValue(e.value, forKey: e.key) }
    }

    /// A map with string keys, in the order given.
    public init(stringKeys entries: [(String, CELValue)]) {
        self.init()
        for (k, v) in entries { _ = updateValue(v, forKey: .string(k)) }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    }

    /// Keys in insertion order.
    public var keys: [CELValue] { storage.keys }
    /// Values, in the order of `keys`.
    public var values: [CELValue] { storage.values }
    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// Entries in insertion order.
    public var entries: [(key: CELValue, value: CELValue)] {
        Array(zip(storage.keys, storage.values)).map { (key: $0.0, value: $0.1) }
    }

    /// Whether a value can be a map key at all (`int`, `uint`, `bool`, `string`).
    public static func isValidKey(_ key: CELValue) -> Bool {
        switch key {
        case .int, .uint, .bool, .string: return true
        default: return false
        }
    }

    /// The value for a key, using CEL's numeric equivalence; nil when absent.
    public subscript(key: CELValue) -> CELValue? {
        guard let k = MapKey(lookup: key) else { return nil }
        return value(forKey: k)
    }

    /// The value for a string key (a field selection `m.f`).
    public subscript(field name: String) -> CELValue? {
        value(forKey: .string(ByteString(name)))
    }

    func value(forKey k: MapKey) -> CELValue? {
        guard let i = storage.index[k] else { return nil }
        return storage.values[i]
    }

    public func contains(key: CELValue) -> Bool { self[key] != nil }

    /// Sets the value for a key. Returns false (and changes nothing) when the key is not a
    /// valid map key.
    @discardableResult
    public mutating func updateValue(_ value: CELValue, forKey key: CELValue) -> Bool {
        guard CELMap.isValidKey(key), let k = MapKey(lookup: key) else { return false }
        makeUnique()
        if let i = storage.index[k] {
            storage.values[i] = value
        } else {
            storage.index[k] = storage.keys.count
            storage.keys.append(key)
            storage.values.append(value)
        }
        return true
    }

    /// Inserts a new key; false when the key is already present or invalid.
    mutating func insertNew(_ value: CELValue, forKey key: CELValue) -> Bool {
        guard CELMap.isValidKey(key), let k = MapKey(lookup: key), storage.index[k] == nil else { return false }
        makeUnique()
        storage.index[k] = storage.keys.count
        storage.keys.append(key)
        storage.values.append(value)
        return true
    }

    /// Structural equality, independent of order (`.int(1)` keys match `.uint(1)` keys).
    public static func == (a: CELMap, b: CELMap) -> Bool {
        if a.storage === b.storage { return true }
        guard a.count == b.count else { return false }
        for (i, k) in a.keys.enumerated() {
            guard let mk = MapKey(lookup: k), let other = b.value(forKey: mk) else { return false }
            if a.values[i] != other { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        var acc = 0
        for (i, k) in keys.enumerated() {
            var h = Hasher()
            if let mk = MapKey(lookup: k) { h.combine(mk) }
            h.combine(values[i])
            acc = acc &+ h.finalize()
        }
        hasher.combine(count)
        hasher.combine(acc)
    }
}

/// A string compared and hashed by its UTF-8 bytes (CEL does not normalize Unicode).
struct ByteString: Hashable, Sendable {
    let string: String
    init(_ s: String) { string = s }
    static func == (a: ByteString, b: ByteString) -> Bool { celStringEquals(a.string, b.string) }
    func hash(into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {
            for b in string.utf8 { hasher.combine(b) }
        }
    }
}

/// A normalized map key: ints and uints that are equal as numbers are the same key.
enum MapKey: Hashable, Sendable {
    case int(Int64)
    case bigUInt(UInt64)  // only values above Int64.max
    case bool(Bool)
    case string(ByteString)

    /// The key a lookup value refers to; nil when it cannot be a key (a non-integral double,
    /// null, a list...).
    init?(lookup v: CELValue) {
        switch v {
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUInt(u)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(ByteString(s))
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d else { return nil }
            if d >= -9_223_372_036_854_775_808.0 && d < 9_223_372_036_854_775_808.0 {
                self = .int(Int64(d))
            } else if d >= 0 && d < 18_446_744_073_709_551_616.0 {
                self = .bigUInt(UInt64(d))
            } else {
                return nil
            }
        default: return nil
        }
    }
}

// MARK: - Errors, bindings, results

/// An evaluation error: overflow, division by zero, a missing key, no matching overload...
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// What an activation knows about one variable.
public enum CELBinding: Sendable, Hashable {
    /// The variable has this value.
    case value(CELValue)
    /// The value is not known yet (a fact the profile leaves out); evaluation is partial.
    case unknown
    /// There is no such variable: reading it is an evaluation error.
    case unbound
}

/// The outcome of evaluating an expression.
public enum CELResult: Sendable, Hashable {
    case value(CELValue)
    case error(CELError)
    /// The result depends on unknown variables; `slots` lists them (sorted, unique).
    case unknown(slots: [Int])

    /// The value when it is a `bool`; nil otherwise.
    public var boolValue: Bool? {
        if case .value(.bool(let b)) = self { return b }
        return nil
    }

    public var value: CELValue? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// Merges two sorted, unique slot lists.
func mergeSlots(_ a: [Int], _ b: [Int]) -> [Int] {
    if a.isEmpty || a == b { return b }
    if b.isEmpty { return a }
    var out: [Int] = []
    out.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] < b[j] { out.append(a[i]); i += 1 }
        else if a[i] > b[j] { out.append(b[j]); j += 1 }
        else { out.append(a[i]); i += 1; j += 1 }
    }
    out.append(contentsOf: a[i...])
    out.append(contentsOf: b[j...])
    return out
}
