import AdvisorEngine

/// What a batch does with the keys of its profiles (JSON, YAML) and the columns of its CSV
/// files that are not facts: a client's id, an e-mail. One mechanism for every format:
/// by default such a key is an error; a carried key (`--pass-columns`, `--id-field`) goes
/// unchanged into every output, error records included; `ignoreUnknown` drops the others.
public struct ExtraKeys: Sendable, Hashable {
    /// The key every profile must give (`--id-field`), first of `carried`.
    public var id: String?
    /// Keys carried into the output, in this order (the id first).
    public private(set) var carried: [String]
    /// Drop keys that are neither facts nor carried, instead of refusing them.
    public var ignoreUnknown: Bool

    public init(id: String? = nil, passed: [String] = [], ignoreUnknown: Bool = false) {
        self.id = id
        var carried = id.map { [$0] } ?? []
        for key in passed where !carried.contains(key) { carried.append(key) }
        self.carried = carried
        self.ignoreUnknown = ignoreUnknown
    }

    public static let none = ExtraKeys()

    /// A value for each carried key, none given yet.
    public var absent: [PassedValue] { Array(repeating: .absent, count: carried.count) }

    /// Keys a carried key may not be: the profile's own labels and the keys of the output.
    public static let reservedKeys = [
        "name", "notes", "profile", "recommendation", "runner_up", "margin", "ranking", "unknown_facts", "undecided", "error",
        "rule_book", "explanation",
    ]

    /// Why these keys cannot be carried with this rule book, if they cannot.
    public func problem(ruleBook: RuleBook) -> String? {
        for key in carried {
            if key.isEmpty { return "a carried column needs a name" }
            if ruleBook.slot(ofFact: key) != nil { return "'\(key)' is a fact of the rule book; only keys that are not facts can be carried" }
            if Self.reservedKeys.contains(key) { return "'\(key)' is a key of the output itself (\(Self.reservedKeys.joined(separator: ", ")))" }
        }
        return nil
    }

    /// How a key that is not a fact reads as a label a spreadsheet carries beside the facts:
    /// `.id` for an identifier (`client_id`, `ClientID`, `merchant_no`, `uuid`), `.contact` for
    /// an e-mail; nil for anything else. A hint then says how to carry it, rather than suggest
    /// a fact whose name is merely near (`id` is one letter from a fact `bid`).
    public enum LabelKind: Sendable { case id, contact }

    public static func labelKind(of key: String) -> LabelKind? {
        // The key's words: split at `_`, `-`, spaces and dots, and where lower case turns upper.
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in key {
            if character == "_" || character == "-" || character == " " || character == "." {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower {
                words.append(current.lowercased())
                current = ""
            }
            current.append(character)
            previousLower = character.isLowercase
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        if words.contains(where: { $0 == "email" || $0 == "mail" }) { return .contact }
        guard let last = words.last else { return nil }
        return ["id", "ids", "uuid", "guid", "key", "ref", "no", "number", "code"].contains(last) ? .id : nil
    }

    /// The hint for a key that is not a fact and looks like a label (`labelKind`).
    static func carryHint(_ key: String, kind: LabelKind) -> String {
        switch kind {
        case .id: return "'\(key)' looks like an id: carry it into every output with --id-field \(key) (or --pass-columns \(key))"
        case .contact: return "'\(key)' looks like a contact: carry it into every output with --pass-columns \(key)"
        }
    }

    /// The carried values among members read before a JSON error (the rest absent).
    func values(from members: [JSONReader.Member], bytes: UnsafeBufferPointer<UInt8>) -> [PassedValue] {
        var values = absent
        for member in members {
            if let index = carried.firstIndex(of: member.key) { values[index] = JSONReader.passedValue(member, bytes: bytes) }
        }
        return values
    }
}

/// The value of a carried key, passed on unchanged.
public enum PassedValue: Sendable, Hashable {
    /// Text (a CSV cell, a JSON or YAML string).
    case text(String)
    /// Any other JSON value, as its JSON text (a number keeps its digits).
    case json(String)
    /// The profile does not give it (or gives null, or an empty cell).
    case absent

    init(_ value: ProfileEntry.Value) {
        switch value {
        case .null: self = .absent
        case .value(.string(let text)): self = .text(text)
        case .value(let other): self = .json(other.jsonText)
        case .other(let description): self = .text(description)
        }
    }

    /// As a CSV cell or a line of text: the text itself, or the JSON.
    public var plainText: String {
        switch self {
        case .text(let text): return text
        case .json(let json): return json
        case .absent: return ""
        }
    }
}

extension JSONReader {
    /// A member's value as a carried value: text decoded, anything else its JSON as written.
    static func passedValue(_ member: Member, bytes: UnsafeBufferPointer<UInt8>) -> PassedValue {
        if case .string(let text) = member.value { return .text(text) }
        if case .null = member.value { return .absent }
        return .json(String(decoding: UnsafeBufferPointer(rebasing: bytes[member.valueBytes]), as: UTF8.self))
    }
}
