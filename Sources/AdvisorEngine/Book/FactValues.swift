import AdvisorCEL

/// Checks and normalises a value given for a fact against the fact's declared kind.
public enum FactValues {
    /// Why a value does not fit a fact, with the fix.
    public struct Mismatch: Error, Sendable, Hashable {
        public var message: String
        public var hint: String?
    }

    /// The value as the engine holds it (a whole number given for a `number` becomes a double),
    /// or nil when it does not fit.
    public static func conform(_ value: CELValue, to kind: FactKind) -> CELValue? {
        try? validate(value, as: kind, factId: "").get()
    }

    /// The value as the engine holds it, or what is wrong with it.
    public static func validate(_ value: CELValue, as kind: FactKind, factId: String) -> Result<CELValue, Mismatch> {
        let name = factId.isEmpty ? "the value" : "'\(factId)'"
        switch (kind, value) {
        case (.number(let low, let high), .double(let number)):
            return checkNumber(number, low: low, high: high, name: name).map { .double($0) }
        case (.number(let low, let high), .int(let number)):
            return checkNumber(Double(number), low: low, high: high, name: name).map { .double($0) }
        case (.integer(let low, let high), .int(let number)):
            return checkInteger(number, low: low, high: high, name: name).map { .int($0) }
        case (.integer(let low, let high), .double(let number)):
            if number.isFinite, number.rounded() == number, Int64(exactly: number) == nil {
                return .failure(
                    Mismatch(
                        message: "\(name) is \(render(value)), too large for a whole number",
                        hint: "whole numbers go from -9223372036854775808 to 9223372036854775807"))
            }
            guard number.isFinite, number.rounded() == number, let whole = Int64(exactly: number) else {
                return .failure(Mismatch(message: "\(name) must be a whole number, not \(render(value))", hint: expectation(for: kind)))
            }
            return checkInteger(whole, low: low, high: high, name: name).map { .int($0) }
        case (.bool, .bool):
            return .success(value)
        case (.enumeration(let values), .string(let text)):
            guard values.contains(text) else {
                return .failure(
                    Mismatch(
                        message: "\(name) cannot be '\(text)'",
                        hint: NameSuggestion.hint(for: text, among: values, listing: true)))
            }
            return .success(value)
        case (.list(let values), .list(let items)):
            var seen: Set<String> = []
            for item in items {
                guard case .string(let text) = item else {
                    return .failure(Mismatch(message: "\(name) must list text values, not \(render(item))", hint: expectation(for: kind)))
                }
                guard values.contains(text) else {
                    return .failure(
                        Mismatch(
                            message: "\(name) cannot contain '\(text)'",
                            hint: NameSuggestion.hint(for: text, among: values, listing: true)))
                }
                guard seen.insert(text).inserted else {
                    return .failure(Mismatch(message: "\(name) lists '\(text)' twice", hint: "list each value once"))
                }
            }
            return .success(value)
        default:
            return .failure(Mismatch(message: "\(name) must be \(article(kind)), not \(render(value))", hint: expectation(for: kind)))
        }
    }

    /// What a fact of this kind accepts, as a hint.
    public static func expectation(for kind: FactKind) -> String {
        switch kind {
        case .number(let low, let high): return "give a number" + bounds(low.map(format), high.map(format))
        case .integer(let low, let high): return "give a whole number" + bounds(low.map { "\($0)" }, high.map { "\($0)" })
        case .bool: return "give true or false"
        case .enumeration(let values): return "give one of: \(values.joined(separator: ", "))"
        case .list(let values): return "give a list of any of: \(values.joined(separator: ", ")) (or [] for none)"
        }
    }

    private static func article(_ kind: FactKind) -> String {
        switch kind {
        case .number: return "a number"
        case .integer: return "a whole number"
        case .bool: return "true or false"
        case .enumeration: return "one of its values"
        case .list: return "a list"
        }
    }

    private static func bounds(_ low: String?, _ high: String?) -> String {
        switch (low, high) {
        case (let low?, let high?): return " from \(low) to \(high)"
        case (let low?, nil): return " of at least \(low)"
        case (nil, let high?): return " of at most \(high)"
        case (nil, nil): return ""
        }
    }

    private static func checkNumber(_ number: Double, low: Double?, high: Double?, name: String) -> Result<Double, Mismatch> {
        guard number.isFinite else {
            return .failure(Mismatch(message: "\(name) must be a finite number, not \(format(number))", hint: "give an ordinary number"))
        }
        if let low, number < low {
            return .failure(Mismatch(message: "\(name) is \(format(number)), below its minimum \(format(low))", hint: "give a number of at least \(format(low))"))
        }
        if let high, number > high {
            return .failure(Mismatch(message: "\(name) is \(format(number)), above its maximum \(format(high))", hint: "give a number of at most \(format(high))"))
        }
        return .success(number == 0 ? 0 : number)  // -0 and 0 score alike; keep output stable
    }

    private static func checkInteger(_ number: Int64, low: Int64?, high: Int64?, name: String) -> Result<Int64, Mismatch> {
        if let low, number < low {
            return .failure(Mismatch(message: "\(name) is \(number), below its minimum \(low)", hint: "give a whole number of at least \(low)"))
        }
        if let high, number > high {
            return .failure(Mismatch(message: "\(name) is \(number), above its maximum \(high)", hint: "give a whole number of at most \(high)"))
        }
        return .success(number)
    }

    /// A number as people write it: no `.0` on whole numbers.
    public static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-infinity" : "infinity" }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// Points as a rule gives them: `+12`, `-8`, `0`.
    public static func signed(_ number: Double) -> String {
        number > 0 ? "+" + format(number) : format(number)
    }

    /// A value as a user would write it in a profile.
    public static func render(_ value: CELValue) -> String {
        switch value {
        case .int(let number): return "\(number)"
        case .uint(let number): return "\(number)"
        case .double(let number): return format(number)
        case .string(let text): return "'\(text)'"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .bytes: return "bytes"
        default: return "a value of another kind"
        }
    }
}

/// "Did you mean ...?" hints, by edit distance.
public enum NameSuggestion {
    /// The closest name to `name`, if it is close enough to be a likely typo.
    public static func nearest<S: Sequence>(to name: String, among names: S) -> String? where S.Element == String {
        var best: (name: String, distance: Int)?
        for candidate in names.sorted() {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(2, min(name.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// A hint suggesting the nearest name, or (with `listing`) listing the choices.
    public static func hint<S: Sequence>(for name: String, among names: S, listing: Bool = false) -> String? where S.Element == String {
        let all = Array(names)
        if let near = nearest(to: name, among: all) { return "did you mean '\(near)'?" }
        if listing || all.count <= 12 { return all.isEmpty ? nil : "expected one of: \(all.sorted().joined(separator: ", "))" }
        return nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
