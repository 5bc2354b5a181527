// The run-time semantics of CEL's operators and standard functions. Every function here is
// total: a wrong type, an overflow or a bad argument gives an error result, never a trap.

// MARK: - Strings compared by code points

/// String equality without Unicode normalization (CEL compares code points).
@inline(__always)
func celStringEquals(_ a: String, _ b: String) -> Bool {
    // Strings that differ canonically differ byte-wise, and Swift's `==` is fast for the
    // common (ASCII, small) case; equal ones are confirmed byte by byte, since canonically
    // equivalent text can be written with different code points.
    guard a.utf8.count == b.utf8.count, a == b else { return false }
    return utf8Identical(a, b)
}

func utf8Identical(_ a: String, _ b: String) -> Bool {
    let au = a.utf8, bu = b.utf8
    if let r = au.withContiguousStorageIfAvailable({ pa in
        bu.withContiguousStorageIfAvailable { pb in bytesEqual(pa, pb) }
    }), let r {
        return r
    }
    return au.elementsEqual(bu)
}

/// A string constant of a compiled expression, ready for fast comparisons.
struct ConstString: Sendable {
    let value: String
    let isASCII: Bool

    init(_ value: String) {
        self.value = value
        isASCII = value.utf8.allSatisfy { $0 < 0x80 }
    }

    /// `celStringEquals(s, value)`. A string canonically equal to an ASCII string and of the
    /// same UTF-8 length is byte-identical to it (any non-ASCII code point takes two or more
    /// bytes and canonically maps to at most one ASCII character), so ASCII constants need no
    /// byte check.
    @inline(__always)
    func matches(_ s: String) -> Bool {
        guard s.utf8.count == value.utf8.count, s == value else { return false }
        return isASCII || utf8Identical(s, value)
    }
}

@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var i = 0
    while i < a.count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Lexicographic order of UTF-8 bytes, which is the order of code points.
func celStringCompare(_ a: String, _ b: String) -> Int {
    compareBytes(a.utf8, b.utf8)
}

func compareBytes<A: Sequence, B: Sequence>(_ a: A, _ b: B) -> Int where A.Element == UInt8, B.Element == UInt8 {
    var ia = a.makeIterator(), ib = b.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?):
            if x != y { return x < y ? -1 : 1 }
        }
    }
}

// MARK: - Numeric comparison across types

/// -1, 0, 1, or nil when unordered (NaN). As in CEL's reference implementations, the integer
/// is converted to the nearest double first, so 9223372036854775807 equals 9223372036854775808.0.
@inline(__always)
func compareIntDouble(_ i: Int64, _ d: Double) -> Int? {
    let x = Double(i)
    if d.isNaN { return nil }
    return x < d ? -1 : (x > d ? 1 : 0)
}

@inline(__always)
func compareUIntDouble(_ u: UInt64, _ d: Double) -> Int? {
    let x = Double(u)
    if d.isNaN { return nil }
    return x < d ? -1 : (x > d ? 1 : 0)
}

@inline(__always)
func compareIntUInt(_ i: Int64, _ u: UInt64) -> Int {
    if i < 0 { return -1 }
    let iu = UInt64(i)
    return iu < u ? -1 : (iu > u ? 1 : 0)
}

@inline(__always)
func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

enum Ordering {
    case ordered(Int)
    case unordered  // NaN involved: every ordering comparison is false
    case unsupported
}

/// CEL ordering: numbers across int/uint/double, strings by code points, bytes, bools.
func celOrder(_ a: CELValue, _ b: CELValue) -> Ordering {
    switch (a, b) {
    case let (.int(x), .int(y)): return .ordered(cmp(x, y))
    case let (.double(x), .double(y)):
        if x.isNaN || y.isNaN { return .unordered }
        return .ordered(cmp(x, y))
    case let (.uint(x), .uint(y)): return .ordered(cmp(x, y))
    case let (.int(x), .double(y)): return compareIntDouble(x, y).map { .ordered($0) } ?? .unordered
    case let (.double(x), .int(y)): return compareIntDouble(y, x).map { .ordered(-$0) } ?? .unordered
    case let (.uint(x), .double(y)): return compareUIntDouble(x, y).map { .ordered($0) } ?? .unordered
    case let (.double(x), .uint(y)): return compareUIntDouble(y, x).map { .ordered(-$0) } ?? .unordered
    case let (.int(x), .uint(y)): return .ordered(compareIntUInt(x, y))
    case let (.uint(x), .int(y)): return .ordered(-compareIntUInt(y, x))
    case let (.string(x), .string(y)): return .ordered(celStringCompare(x, y))
    case let (.bytes(x), .bytes(y)): return .ordered(compareBytes(x, y))
    case let (.bool(x), .bool(y)): return .ordered(x == y ? 0 : (!x ? -1 : 1))
    default: return .unsupported
    }
}

extension CELValue {
    /// CEL equality: numbers compare by value across `int`, `uint` and `double`; values of
    /// different types are unequal; NaN is unequal to everything; lists element-wise; maps
    /// by key set and values.
    public static func celEquals(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return celStringEquals(x, y)
        case let (.double(x), .double(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case (.null, .null): return true
        case let (.bytes(x), .bytes(y)): return x == y
        case (.int, .double), (.double, .int), (.uint, .double), (.double, .uint), (.int, .uint), (.uint, .int):
            if case .ordered(0) = celOrder(a, b) { return true }
            return false
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count where !celEquals(x[i], y[i]) { return false }
            return true
        case let (.map(x), .map(y)):
            guard x.count == y.count else { return false }
            for (i, k) in x.keys.enumerated() {
                guard let other = y[k] else { return false }
                if !celEquals(x.values[i], other) { return false }
            }
            return true
        default: return false
        }
    }
}

// MARK: - Errors

enum Err {
    static func noOverload(_ op: String, _ a: CELValue, _ b: CELValue) -> CELResult {
        .error(CELError("no such overload: \(op) is not defined for \(a.typeName) and \(b.typeName)"))
    }
    static func noOverload(_ op: String, _ a: CELValue) -> CELResult {
        .error(CELError("no such overload: \(op) is not defined for \(a.typeName)"))
    }
    static let overflow = CELResult.error(CELError("integer overflow"))
    static let uintOverflow = CELResult.error(CELError("unsigned integer overflow"))
    static let divByZero = CELResult.error(CELError("division by zero"))
    static let modByZero = CELResult.error(CELError("modulus by zero"))
}

// MARK: - Operators

enum Ops {
    static func add(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? Err.overflow : .value(.int(r))
        case let (.double(x), .double(y)): return .value(.double(x + y))
        case let (.uint(x), .uint(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? Err.uintOverflow : .value(.uint(r))
        case let (.string(x), .string(y)): return .value(.string(x + y))
        case let (.bytes(x), .bytes(y)): return .value(.bytes(x + y))
        case let (.list(x), .list(y)): return .value(.list(x + y))
        default: return Err.noOverload("'+'", a, b)
        }
    }

    static func subtract(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? Err.overflow : .value(.int(r))
        case let (.double(x), .double(y)): return .value(.double(x - y))
        case let (.uint(x), .uint(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? Err.uintOverflow : .value(.uint(r))
        default: return Err.noOverload("'-'", a, b)
        }
    }

    static func multiply(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? Err.overflow : .value(.int(r))
        case let (.double(x), .double(y)): return .value(.double(x * y))
        case let (.uint(x), .uint(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? Err.uintOverflow : .value(.uint(r))
        default: return Err.noOverload("'*'", a, b)
        }
    }

    static func divide(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return Err.divByZero }
            let (r, o) = x.dividedReportingOverflow(by: y)
            return o ? Err.overflow : .value(.int(r))
        case let (.double(x), .double(y)): return .value(.double(x / y))
        case let (.uint(x), .uint(y)):
            if y == 0 { return Err.divByZero }
            return .value(.uint(x / y))
        default: return Err.noOverload("'/'", a, b)
        }
    }

    static func modulo(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return Err.modByZero }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return .value(.int(o ? 0 : r))
        case let (.uint(x), .uint(y)):
            if y == 0 { return Err.modByZero }
            return .value(.uint(x % y))
        default: return Err.noOverload("'%'", a, b)
        }
    }

    static func negate(_ a: CELValue) -> CELResult {
        switch a {
        case .int(let x):
            let (r, o) = Int64(0).subtractingReportingOverflow(x)
            return o ? Err.overflow : .value(.int(r))
        case .double(let x): return .value(.double(-x))
        default: return Err.noOverload("'-'", a)
        }
    }

    static func not(_ a: CELValue) -> CELResult {
        if case .bool(let b) = a { return .value(.bool(!b)) }
        return Err.noOverload("'!'", a)
    }

    static func equals(_ a: CELValue, _ b: CELValue) -> CELResult { .value(.bool(CELValue.celEquals(a, b))) }
    static func notEquals(_ a: CELValue, _ b: CELValue) -> CELResult { .value(.bool(!CELValue.celEquals(a, b))) }

    @inline(__always)
    static func ordering(_ op: String, _ a: CELValue, _ b: CELValue, _ test: (Int) -> Bool) -> CELResult {
        switch celOrder(a, b) {
        case .ordered(let c): return .value(.bool(test(c)))
        case .unordered: return .value(.bool(false))
        case .unsupported: return Err.noOverload(op, a, b)
        }
    }

    static func less(_ a: CELValue, _ b: CELValue) -> CELResult { ordering("'<'", a, b) { $0 < 0 } }
    static func lessEquals(_ a: CELValue, _ b: CELValue) -> CELResult { ordering("'<='", a, b) { $0 <= 0 } }
    static func greater(_ a: CELValue, _ b: CELValue) -> CELResult { ordering("'>'", a, b) { $0 > 0 } }
    static func greaterEquals(_ a: CELValue, _ b: CELValue) -> CELResult { ordering("'>='", a, b) { $0 >= 0 } }

    static func inOp(_ a: CELValue, _ b: CELValue) -> CELResult {
        switch b {
        case .list(let items):
            for item in items where CELValue.celEquals(a, item) { return .value(.bool(true)) }
            return .value(.bool(false))
        case .map(let m):
            return .value(.bool(m[a] != nil))
        default:
            return .error(CELError("no such overload: 'in' needs a list or a map on its right, not \(b.typeName)"))
        }
    }

    static func index(_ a: CELValue, _ i: CELValue) -> CELResult {
        switch a {
        case .list(let items):
            let idx: Int64
            switch i {
            case .int(let x): idx = x
            case .uint(let u):
                guard u <= UInt64(Int64.max) else { return indexOutOfRange(i, items.count) }
                idx = Int64(u)
            case .double(let d):
                guard d.isFinite, d.rounded(.towardZero) == d, abs(d) < 9.0e18 else {
                    return .error(CELError("invalid list index \(CELValue.double(d)): an index must be a whole number"))
                }
                idx = Int64(d)
            default:
                return .error(CELError("no such overload: a list index must be an int, not \(i.typeName)"))
            }
            guard idx >= 0 && idx < Int64(items.count) else { return indexOutOfRange(i, items.count) }
            return .value(items[Int(idx)])
        case .map(let m):
            guard CELMap.isValidKey(i) || isIntegralDouble(i) else {
                return .error(CELError("unsupported key type: a map key cannot be \(i.typeName)"))
            }
            if let v = m[i] { return .value(v) }
            return .error(CELError("no such key: \(i)"))
        default:
            return .error(CELError("no such overload: cannot index into \(a.typeName)"))
        }
    }

    static func isIntegralDouble(_ v: CELValue) -> Bool {
        if case .double(let d) = v { return d.isFinite && d.rounded(.towardZero) == d }
        return false
    }

    static func indexOutOfRange(_ i: CELValue, _ count: Int) -> CELResult {
        .error(CELError("invalid_argument: index \(i) out of range for a list of \(count) element\(count == 1 ? "" : "s")"))
    }

    static func select(_ a: CELValue, _ field: String) -> CELResult {
        if case .map(let m) = a {
            if let v = m[field: field] { return .value(v) }
            return .error(CELError("no such key: '\(field)'"))
        }
        return .error(CELError("type '\(a.typeName)' does not support field selection ('.\(field)')"))
    }

    static func has(_ a: CELValue, _ field: String) -> CELResult {
        if case .map(let m) = a { return .value(.bool(m[field: field] != nil)) }
        return .error(CELError("has() needs a map, not \(a.typeName) ('.\(field)')"))
    }

    // MARK: Functions

    static func size(_ a: CELValue) -> CELResult {
        switch a {
        case .string(let s): return .value(.int(Int64(s.unicodeScalars.count)))
        case .bytes(let b): return .value(.int(Int64(b.count)))
        case .list(let l): return .value(.int(Int64(l.count)))
        case .map(let m): return .value(.int(Int64(m.count)))
        default: return Err.noOverload("size()", a)
        }
    }

    static func contains(_ a: CELValue, _ b: CELValue) -> CELResult {
        guard case .string(let s) = a, case .string(let t) = b else { return Err.noOverload("contains()", a, b) }
        return .value(.bool(utf8Contains(s, t)))
    }

    static func startsWith(_ a: CELValue, _ b: CELValue) -> CELResult {
        guard case .string(let s) = a, case .string(let t) = b else { return Err.noOverload("startsWith()", a, b) }
        return .value(.bool(s.utf8.starts(with: t.utf8)))
    }

    static func endsWith(_ a: CELValue, _ b: CELValue) -> CELResult {
        guard case .string(let s) = a, case .string(let t) = b else { return Err.noOverload("endsWith()", a, b) }
        return .value(.bool(s.utf8.reversed().starts(with: t.utf8.reversed())))
    }

    /// Whether the string contains a match of the regular expression (matching code points,
    /// not grapheme clusters, as RE2 does). The pattern is compiled on each call.
    static func matches(_ a: CELValue, _ b: CELValue) -> CELResult {
        guard case .string(let s) = a, case .string(let pattern) = b else { return Err.noOverload("matches()", a, b) }
        guard #available(macOS 13.0, *) else { return .error(CELError("matches() needs macOS 13 or later")) }
        do {
            let regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
            return .value(.bool(s.contains(regex)))
        } catch {
            return .error(CELError("invalid regular expression \(quoteCELString(pattern)): \(error)"))
        }
    }

    /// Why a pattern is not a valid regular expression; nil when it is.
    static func regexProblem(_ pattern: String) -> String? {
        guard #available(macOS 13.0, *) else { return nil }
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    static func utf8Contains(_ s: String, _ t: String) -> Bool {
        let hay = Array(s.utf8), needle = Array(t.utf8)
        if needle.isEmpty { return true }
        if needle.count > hay.count { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    // MARK: Conversions

    static func toInt(_ a: CELValue) -> CELResult {
        switch a {
        case .int: return .value(a)
        case .uint(let u):
            return u <= UInt64(Int64.max) ? .value(.int(Int64(u))) : .error(CELError("range error: \(u)u does not fit in an int"))
        case .double(let d):
            guard d.isFinite, d > -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_807.0 else {
                return .error(CELError("range error: \(CELValue.double(d)) does not fit in an int"))
            }
            return .value(.int(Int64(d.rounded(.towardZero))))
        case .string(let s):
            if let i = Int64(s) { return .value(.int(i)) }
            return .error(CELError("cannot convert \(quoteCELString(s)) to an int"))
        default: return Err.noOverload("int()", a)
        }
    }

    static func toUInt(_ a: CELValue) -> CELResult {
        switch a {
        case .uint: return .value(a)
        case .int(let i):
            return i >= 0 ? .value(.uint(UInt64(i))) : .error(CELError("range error: \(i) does not fit in a uint"))
        case .double(let d):
            guard d.isFinite, d > -1.0, d < 18_446_744_073_709_551_616.0 else {
                return .error(CELError("range error: \(CELValue.double(d)) does not fit in a uint"))
            }
            return .value(.uint(UInt64(d.rounded(.towardZero))))
        case .string(let s):
            if let u = UInt64(s) { return .value(.uint(u)) }
            return .error(CELError("cannot convert \(quoteCELString(s)) to a uint"))
        default: return Err.noOverload("uint()", a)
        }
    }

    static func toDouble(_ a: CELValue) -> CELResult {
        switch a {
        case .double: return .value(a)
        case .int(let i): return .value(.double(Double(i)))
        case .uint(let u): return .value(.double(Double(u)))
        case .string(let s):
            if let d = parseDouble(s) { return .value(.double(d)) }
            return .error(CELError("cannot convert \(quoteCELString(s)) to a double"))
        default: return Err.noOverload("double()", a)
        }
    }

    static func parseDouble(_ s: String) -> Double? {
        // Decimal forms only, plus the special values; no hexadecimal floats.
        let lower = s.lowercased()
        switch lower {
        case "nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }) else {
            return nil
        }
        return Double(s)
    }

    static func toString(_ a: CELValue) -> CELResult {
        switch a {
        case .string: return .value(a)
        case .int(let i): return .value(.string(String(i)))
        case .uint(let u): return .value(.string(String(u)))
        case .double(let d): return .value(.string(formatDoubleLikeGo(d)))
        case .bool(let b): return .value(.string(b ? "true" : "false"))
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else {
                return .error(CELError("cannot convert bytes to a string: they are not valid UTF-8"))
            }
            return .value(.string(s))
        default: return Err.noOverload("string()", a)
        }
    }

    static func toBool(_ a: CELValue) -> CELResult {
        switch a {
        case .bool: return .value(a)
        case .string(let s):
            switch s {
            case "1", "t", "true", "TRUE", "True": return .value(.bool(true))
            case "0", "f", "false", "FALSE", "False": return .value(.bool(false))
            default: return .error(CELError("cannot convert \(quoteCELString(s)) to a bool"))
            }
        default: return Err.noOverload("bool()", a)
        }
    }

    static func toBytes(_ a: CELValue) -> CELResult {
        switch a {
        case .bytes: return .value(a)
        case .string(let s): return .value(.bytes(Array(s.utf8)))
        default: return Err.noOverload("bytes()", a)
        }
    }

    static func dyn(_ a: CELValue) -> CELResult { .value(a) }
}

// MARK: - Double to string, as CEL's reference implementation prints it

/// The shortest digits that read back to the same double, laid out like Go's `%g` (what
/// cel-go's `string(double)` prints): exponent form when the decimal exponent is below -4 or
/// at least 6. Examples: `123.456`, `-0.0045`, `1e+06`, `1`, `NaN`, `+Inf`.
func formatDoubleLikeGo(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    if d == 0 { return d.sign == .minus ? "-0" : "0" }
    // Swift's description is the shortest round-tripping representation.
    let (negative, digits, exp10) = shortestDigits(d)
    // exp10: the value is 0.d1d2d3... * 10^exp10; Go's exponent x = exp10 - 1.
    let x = exp10 - 1
    var out = negative ? "-" : ""
    if x < -4 || x >= 6 {
        out += String(digits.first!)
        if digits.count > 1 { out += "." + digits.dropFirst() }
        out += x < 0 ? "e-" : "e+"
        out += String(abs(x)).leftPadded(to: 2)
    } else if exp10 <= 0 {
        out += "0." + String(repeating: "0", count: -exp10) + digits
    } else if digits.count <= exp10 {
        out += digits + String(repeating: "0", count: exp10 - digits.count)
    } else {
        let cut = digits.index(digits.startIndex, offsetBy: exp10)
        out += digits[..<cut] + "." + digits[cut...]
    }
    return out
}

/// The shortest decimal digits of a finite non-zero double and the decimal point position.
func shortestDigits(_ d: Double) -> (negative: Bool, digits: String, exp10: Int) {
    var text = "\(abs(d))"
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        text = String(text[..<e])
    }
    var intPart = text, fracPart = ""
    if let dot = text.firstIndex(of: ".") {
        intPart = String(text[..<dot])
        fracPart = String(text[text.index(after: dot)...])
    }
    var all = intPart + fracPart
    var pointPos = intPart.count + exponent
    // Strip leading zeros (moving the point) and trailing zeros.
    while all.first == "0" {
        all.removeFirst()
        pointPos -= 1
    }
    while all.last == "0" { all.removeLast() }
    if all.isEmpty { all = "0" }
    return (d < 0, all, pointPos)
}
