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
        var problems: [Diagnostic] = []
        var name: String?
        var notes: String?
        var values: [String: CELValue] = [:]
        var bindings = Array(repeating: CELBinding.unknown, count: ruleBook.askedFactCount)
        for (keyNode, valueNode) in mapping {
            let key = keyNode.text ?? ""
            if labelKeys.contains(key) {
                if valueNode.scalar?.resolvedTag == .null { continue }
                guard let text = valueNode.text else {
                    problems.append(document.diagnostic("`\(key)` must be text, not \(valueNode.kindDescription)", at: valueNode))
                    continue
                }
                if key == "name" { name = text } else { notes = text }
                continue
            }
            switch factValue(keyNode, valueNode, document, ruleBook: ruleBook, otherKeys: labelKeys) {
            case .failure(let problem): problems.append(problem)
            case .success((_, nil)): continue
            case .success((let slot, let value?)):
                values[key] = value
                bindings[slot] = .value(value)
            }
        }
        guard problems.isEmpty else { return .failure(problems.sorted()) }
        return .success(Profile(source: file.path, name: name, notes: notes, values: values, facts: FactSet(bindings: bindings)))
    }

    /// One `fact: value` pair checked against the rule book: the fact's slot and its value as
    /// the engine holds it, or nil for an empty value (the founder did not answer: unknown).
    /// `otherKeys` are keys allowed beside facts, offered in "did you mean" hints.
    static func factValue(_ keyNode: Node, _ valueNode: Node, _ document: YAMLDocument, ruleBook: RuleBook, otherKeys: [String])
        -> Result<(slot: Int, value: CELValue?), Diagnostic>
    {
        let key = keyNode.text ?? ""
        guard let slot = ruleBook.slot(ofFact: key), slot < ruleBook.askedFactCount else {
            let isDerived = ruleBook.slot(ofFact: key) != nil
            return .failure(
                document.diagnostic(
                    isDerived ? "'\(key)' is concluded by the rules, not given in a profile" : "unknown fact '\(key)'", at: keyNode,
                    hint: isDerived
                        ? "remove it from the profile"
                        : NameSuggestion.hint(for: key, among: ruleBook.askedFacts.map(\.id) + otherKeys)))
        }
        if case .scalar(let scalar) = valueNode, scalar.resolvedTag == .null { return .success((slot, nil)) }
        let fact = ruleBook.facts[slot]
        guard let raw = valueNode.celValue else {
            return .failure(
                document.diagnostic(
                    "'\(key)' must be \(FactValues.expectation(for: fact.kind).replacingOccurrences(of: "give ", with: "")), not \(valueNode.kindDescription)",
                    at: valueNode))
        }
        switch FactValues.validate(raw, as: fact.kind, factId: key) {
        case .success(let value): return .success((slot, value))
        case .failure(let mismatch): return .failure(document.diagnostic(mismatch.message, at: valueNode, hint: mismatch.hint))
        }
    }
}
