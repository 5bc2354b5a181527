import AdvisorCEL
import AdvisorEngine
import Foundation
import Yams

/// A founder's profile, read and checked against a rule book.
public struct Profile: Sendable, Hashable {
    /// Where it came from (the path as given).
    public var source: String
    public var name: String?
    public var notes: String?
    /// The facts given, by id, as the engine holds them.
    public var values: [String: CELValue]
    /// The facts by slot, ready to score.
    public var facts: FactSet

    public init(source: String, name: String?, notes: String?, values: [String: CELValue], facts: FactSet) {
        self.source = source
        self.name = name
        self.notes = notes
        self.values = values
        self.facts = facts
    }
}

/// Reads profile files (YAML or JSON: a flat mapping of fact id to value, plus `name` and `notes`).
public enum ProfileLoader {
    /// Keys of a profile that are not facts.
    public static let labelKeys = ["name", "notes"]

    public static func load(path: String, ruleBook: RuleBook) -> Result<Profile, [Diagnostic]> {
        switch SourceFile.read(path: path) {
        case .failure(let problem): return .failure([problem])
        case .success(let file): return parse(file, ruleBook: ruleBook)
        }
    }

    /// Parses a profile's text. JSON is read by the same YAML parser (JSON is YAML's subset),
    /// so both give positions.
    public static func parse(_ file: SourceFile, ruleBook: RuleBook) -> Result<Profile, [Diagnostic]> {
        let document: YAMLDocument
        switch YAMLDocument.parse(file) {
        case .success(let parsed): document = parsed
        case .failure(let problem): return .failure([problem])
        }
        guard let root = document.root else {
            return .failure([
                Diagnostic(
                    location: SourceLocation(file: file.path, line: 1, column: 1), message: "the profile is empty",
                    hint: "write one `fact: value` line per answer, e.g. `capital: 30000`")
            ])
        }
        guard let mapping = root.mapping else {
            return .failure([
                document.diagnostic(
                    "a profile must be a mapping of `fact: value`, not \(root.kindDescription)", at: root,
                    hint: "write one `fact: value` line per answer, e.g. `capital: 30000`")
            ])
        }
        var entries: [ProfileEntry] = []
        for (keyNode, valueNode) in mapping {
            let value: ProfileEntry.Value
            if case .scalar(let scalar) = valueNode, scalar.resolvedTag == .null {
                value = .null
            } else if let raw = valueNode.celValue {
                value = .value(raw)
            } else {
                value = .other(valueNode.kindDescription)
            }
            entries.append(
                ProfileEntry(
                    key: keyNode.text ?? "", keyLocation: document.location(of: keyNode), keyLine: document.sourceLine(of: keyNode),
                    value: value, valueLocation: document.location(of: valueNode), valueLine: document.sourceLine(of: valueNode)))
        }
        return build(source: file.path, entries: entries, ruleBook: ruleBook)
    }

    /// Checks a profile's entries against the rule book: every unknown key, wrong type, value out
    /// of range or undeclared is reported (all of them, sorted by position); a null is unknown.
    /// Shared by every format (YAML, JSON, JSON Lines, CSV), so they all say the same things.
    public static func build(source: String, entries: [ProfileEntry], ruleBook: RuleBook) -> Result<Profile, [Diagnostic]> {
        var problems: [Diagnostic] = []
        var name: String?
        var notes: String?
        var values: [String: CELValue] = [:]
        var bindings = Array(repeating: CELBinding.unknown, count: ruleBook.askedFactCount)
        var seen: Set<String> = []
        for entry in entries {
            let key = entry.key
            guard seen.insert(key).inserted else {
                problems.append(Diagnostic(location: entry.keyLocation, message: "'\(key)' is given twice", hint: "keep one", sourceLine: entry.keyLine))
                continue
            }
            if labelKeys.contains(key) {
                switch entry.value {
                case .null: continue
                case .value(let value) where value.isScalar:
                    let text = value.labelText
                    if key == "name" { name = text } else { notes = text }
                case .value(let value):
                    problems.append(entry.valueProblem("`\(key)` must be text, not \(FactValues.render(value))"))
                case .other(let description):
                    problems.append(entry.valueProblem("`\(key)` must be text, not \(description)"))
                }
                continue
            }
            guard let slot = ruleBook.slot(ofFact: key), slot < ruleBook.askedFactCount else {
                let isDerived = ruleBook.slot(ofFact: key) != nil
                problems.append(
                    Diagnostic(
                        location: entry.keyLocation,
                        message: isDerived ? "'\(key)' is concluded by the rules, not given in a profile" : "unknown fact '\(key)'",
                        hint: isDerived ? "remove it from the profile" : NameSuggestion.hint(for: key, among: ruleBook.askedFacts.map(\.id) + labelKeys),
                        sourceLine: entry.keyLine))
                continue
            }
            let fact = ruleBook.facts[slot]
            let raw: CELValue
            switch entry.value {
            case .null: continue  // not answered: unknown
            case .value(let value): raw = value
            case .other(let description):
                let expected = FactValues.expectation(for: fact.kind).replacingOccurrences(of: "give ", with: "")
                problems.append(entry.valueProblem("'\(key)' must be \(expected), not \(description)"))
                continue
            }
            switch FactValues.validate(raw, as: fact.kind, factId: key) {
            case .success(let value):
                values[key] = value
                bindings[slot] = .value(value)
            case .failure(let mismatch):
                problems.append(entry.valueProblem(mismatch.message, hint: mismatch.hint))
            }
        }
        guard problems.isEmpty else { return .failure(problems.sorted()) }
        return .success(Profile(source: source, name: name, notes: notes, values: values, facts: FactSet(bindings: bindings)))
    }
}

/// One `key: value` of a profile as some format read it, with where each part sits.
public struct ProfileEntry: Sendable {
    /// What the format gave as the value.
    public enum Value: Sendable {
        case value(CELValue)
        /// An empty value: the fact is unknown.
        case null
        /// Something that is no fact value (a mapping, ...), described for the message.
        case other(String)
    }

    public var key: String
    public var keyLocation: SourceLocation?
    public var keyLine: String?
    public var value: Value
    public var valueLocation: SourceLocation?
    public var valueLine: String?

    public init(key: String, keyLocation: SourceLocation?, keyLine: String? = nil, value: Value, valueLocation: SourceLocation?, valueLine: String? = nil) {
        self.key = key
        self.keyLocation = keyLocation
        self.keyLine = keyLine
        self.value = value
        self.valueLocation = valueLocation
        self.valueLine = valueLine
    }

    func valueProblem(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(location: valueLocation, message: message, hint: hint, sourceLine: valueLine)
    }
}

extension CELValue {
    var isScalar: Bool {
        switch self {
        case .int, .uint, .double, .string, .bool: return true
        default: return false
        }
    }

    /// A scalar as a label's text (`name: 2024` is the text "2024").
    var labelText: String {
        if case .string(let text) = self { return text }
        return FactValues.render(self)
    }
}
