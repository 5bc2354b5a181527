import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Foundation
import Yams

/// A founder's profile, read and checked against a rule book.
public struct Profile: Sendable, Hashable {
    /// Where it came from (the path as given, or `file:line` for a line of a batch file).
    public var source: String
    public var name: String?
    public var notes: String?
    /// The facts by slot, ready to score.
    public var facts: FactSet
    /// The ids of the rule book's asked facts, by slot (shared with the rule book).
    public let factIds: [String]
    /// The values of the keys that are not facts and are carried into the output
    /// (`ExtraKeys.carried`, in that order).
    public var passed: [PassedValue]

    public init(source: String, name: String?, notes: String?, facts: FactSet, factIds: [String], passed: [PassedValue] = []) {
        self.source = source
        self.name = name
        self.notes = notes
        self.facts = facts
        self.factIds = factIds
        self.passed = passed
    }

    /// The facts given, by id (unknown facts left out).
    public var values: [String: CELValue] {
        var values: [String: CELValue] = [:]
        for (slot, binding) in facts.bindings.enumerated() {
            if case .value(let value) = binding, slot < factIds.count { values[factIds[slot]] = value }
        }
        return values
    }
}

/// Reads profile files (YAML or JSON: a flat mapping of fact id to value, plus `name` and `notes`).
public enum ProfileLoader {
    /// The hint for a key that is neither a fact nor carried: how to carry it when it reads
    /// as a label (an id, an e-mail), else the fact it may misspell.
    static func unknownKeyHint(_ key: String, among names: [String]) -> String? {
        if let kind = ExtraKeys.labelKind(of: key), !(NameSuggestion.nearest(to: key, among: names).map { ExtraKeys.labelKind(of: $0) != nil } ?? false) {
            return ExtraKeys.carryHint(key, kind: kind)
        }
        return NameSuggestion.hint(for: key, among: names)
    }

    /// Keys of a profile that are not facts.
    public static let labelKeys = ["name", "notes"]

    public static func load(path: String, ruleBook: RuleBook) -> Result<Profile, [Diagnostic]> {
        load(path: path, ruleBook: ruleBook, extra: .none).result
    }

    /// Reads a profile file, keeping or dropping the keys that are not facts as `extra` says.
    public static func load(path: String, ruleBook: RuleBook, extra: ExtraKeys) -> ProfileRead {
        switch SourceFile.read(path: path) {
        case .failure(let problem): return ProfileRead(result: .failure([problem]), passed: extra.absent)
        case .success(let file): return parse(file, ruleBook: ruleBook, extra: extra)
        }
    }

    public static func parse(_ file: SourceFile, ruleBook: RuleBook) -> Result<Profile, [Diagnostic]> {
        parse(file, ruleBook: ruleBook, extra: .none).result
    }

    /// Parses a profile's text: a `.json` file strictly as JSON (RFC 8259), anything else as YAML.
    public static func parse(_ file: SourceFile, ruleBook: RuleBook, extra: ExtraKeys) -> ProfileRead {
        if file.path.lowercased().hasSuffix(".json") { return parseJSON(file, ruleBook: ruleBook, extra: extra) }
        // The common flat shape straight from libyaml; anything else through Yams, which says what is wrong.
        if let entries = FlatYAMLReader.entries(of: file.text) {
            let lines = file.lines
            return build(source: file.path, file: file.path, entries: entries, ruleBook: ruleBook, extra: extra, lineText: { line in
                lines.indices.contains(line - 1) ? String(lines[line - 1]) : nil
            })
        }
        return parseThroughYams(file, ruleBook: ruleBook, extra: extra)
    }

    /// A `.json` profile: one JSON object, read strictly.
    static func parseJSON(_ file: SourceFile, ruleBook: RuleBook, extra: ExtraKeys) -> ProfileRead {
        let lines = file.lines
        let lineText = { (line: Int) in lines.indices.contains(line - 1) ? String(lines[line - 1]) : nil }
        var text = file.text
        return text.withUTF8 { bytes in
            switch JSONReader.object(bytes, file: file.path) {
            case .failure(let failure):
                var problem = failure.diagnostic
                if let line = problem.location?.line { problem.sourceLine = lineText(line) }
                return ProfileRead(result: .failure([problem]), passed: extra.values(from: failure.membersBefore, bytes: bytes))
            case .success(let members):
                return build(
                    source: file.path, file: file.path, entries: members.map(\.profileEntry), ruleBook: ruleBook, extra: extra,
                    rawText: { JSONReader.passedValue(members[$0], bytes: bytes) }, lineText: lineText)
            }
        }
    }

    /// One `fact: value` entry checked against the rule book: the fact's slot and its value as
    /// the engine holds it, or nil for an empty value (the founder did not answer: unknown).
    /// `otherKeys` are keys allowed beside facts, offered in "did you mean" hints.
    static func factValue(
        _ entry: ProfileEntry, ruleBook: RuleBook, otherKeys: [String],
        problem: (ProfileEntry.Position, String, String?) -> Diagnostic
    ) -> Result<(slot: Int, value: CELValue?), Diagnostic> {
        let key = entry.key
        guard let slot = entry.slot ?? ruleBook.slot(ofFact: key), slot < ruleBook.askedFactCount else {
            let isDerived = ruleBook.slot(ofFact: key) != nil
            return .failure(
                problem(
                    entry.keyAt, isDerived ? "'\(key)' is concluded by the rules, not given in a profile" : "unknown fact '\(key)'",
                    isDerived ? "remove it from the profile" : unknownKeyHint(key, among: ruleBook.askedFactIds + otherKeys)))
        }
        let kind = ruleBook.facts[slot].kind
        switch entry.value {
        case .null:
            return .success((slot, nil))
        case .other(let description):
            let expected = FactValues.expectation(for: kind).replacingOccurrences(of: "give ", with: "")
            return .failure(problem(entry.valueAt, "'\(key)' must be \(expected), not \(description)", FactValues.expectation(for: kind)))
        case .value(let raw):
            switch FactValues.validate(raw, as: kind, factId: key) {
            case .success(let value): return .success((slot, value))
            case .failure(let mismatch): return .failure(problem(entry.valueAt, mismatch.message, mismatch.hint))
            }
        }
    }

    /// The same for a `fact: value` pair of a YAML mapping (inline facts of rule tests).
    static func factValue(_ keyNode: Node, _ valueNode: Node, _ document: YAMLDocument, ruleBook: RuleBook, otherKeys: [String])
        -> Result<(slot: Int, value: CELValue?), Diagnostic>
    {
        let key = document.location(of: keyNode), at = document.location(of: valueNode)
        let entry = ProfileEntry(
            key: keyNode.text ?? "", value: ProfileEntry.Value(valueNode), keyAt: .init(line: key.line, column: key.column),
            valueAt: .init(line: at.line, column: at.column))
        return factValue(entry, ruleBook: ruleBook, otherKeys: otherKeys) { position, message, hint in
            Diagnostic(
                location: SourceLocation(file: document.file.path, line: position.line, column: position.column), message: message,
                hint: hint, sourceLine: document.lines.indices.contains(position.line - 1) ? document.lines[position.line - 1] : nil)
        }
    }

    /// Reads a profile through Yams' node tree: every shape YAML allows, with full messages.
    static func parseThroughYams(_ file: SourceFile, ruleBook: RuleBook, extra: ExtraKeys) -> ProfileRead {
        let document: YAMLDocument
        switch YAMLDocument.parse(file) {
        case .success(let parsed): document = parsed
        case .failure(let problem): return ProfileRead(result: .failure([problem]), passed: extra.absent)
        }
        guard let root = document.root else {
            let problem = Diagnostic(
                location: SourceLocation(file: file.path, line: 1, column: 1), message: "the profile is empty",
                hint: "write one `fact: value` line per answer, e.g. `capital: 30000`")
            return ProfileRead(result: .failure([problem]), passed: extra.absent)
        }
        guard let mapping = root.mapping else {
            let problem = document.diagnostic(
                "a profile must be a mapping of `fact: value`, not \(root.kindDescription)", at: root,
                hint: "write one `fact: value` line per answer, e.g. `capital: 30000`")
            return ProfileRead(result: .failure([problem]), passed: extra.absent)
        }
        var entries: [ProfileEntry] = []
        for (keyNode, valueNode) in mapping {
            let value = ProfileEntry.Value(valueNode)
            let key = document.location(of: keyNode), at = document.location(of: valueNode)
            entries.append(
                ProfileEntry(
                    key: keyNode.text ?? "", value: value, keyAt: .init(line: key.line, column: key.column),
                    valueAt: .init(line: at.line, column: at.column)))
        }
        let lines = document.lines
        return build(source: file.path, file: file.path, entries: entries, ruleBook: ruleBook, extra: extra, lineText: { line in
            lines.indices.contains(line - 1) ? lines[line - 1] : nil
        })
    }

    /// Checks a profile's entries against the rule book: every unknown key, wrong type, value out
    /// of range or undeclared is reported (all of them, sorted by position); a null is unknown.
    /// Shared by every format (YAML, JSON, JSON Lines, CSV), so they all say the same things.
    ///
    /// - Parameters:
    ///   - file: the file positions refer to; `lineText` gives a line's text for caret displays.
    public static func build(
        source: String, file: String?, entries: [ProfileEntry], ruleBook: RuleBook, lineText: (Int) -> String? = { _ in nil }
    ) -> Result<Profile, [Diagnostic]> {
        build(source: source, file: file, entries: entries, ruleBook: ruleBook, extra: .none, lineText: lineText).result
    }

    /// The same, with keys that are not facts kept or dropped as `extra` says.
    ///
    /// - Parameter rawText: a carried key's value as written, by entry index (JSON passes a
    ///   number on as its digits); without it the value is taken from the entry.
    public static func build(
        source: String, file: String?, entries: [ProfileEntry], ruleBook: RuleBook, extra: ExtraKeys,
        rawText: ((Int) -> PassedValue)? = nil, lineText: (Int) -> String? = { _ in nil }
    ) -> ProfileRead {
        var problems: [Diagnostic] = []
        func problem(_ position: ProfileEntry.Position, _ message: String, hint: String? = nil) -> Diagnostic {
            Diagnostic(
                location: SourceLocation(file: file, line: position.line, column: position.column), message: message, hint: hint,
                sourceLine: lineText(position.line))
        }
        var name: String?
        var notes: String?
        var bindings = Array(repeating: CELBinding.unknown, count: ruleBook.askedFactCount)
        var given = Array(repeating: false, count: ruleBook.askedFactCount)
        var labelsGiven: Set<String> = []
        var passed = extra.absent
        var passedGiven = Array(repeating: false, count: passed.count)
        var ignored: [String] = []
        // Named in the hint for a key that is not a fact; built once, not once per key.
        let otherKeys = labelKeys + extra.carried
        /// Says where a key was first given (found only when it comes again: that is rare, and
        /// keeping every key's place for every profile of a batch would cost more).
        func givenTwice(_ entry: ProfileEntry) -> Diagnostic {
            let first = entries.first { $0.key == entry.key }.map { " (first at line \($0.keyAt.line), column \($0.keyAt.column))" } ?? ""
            return problem(entry.keyAt, "'\(entry.key)' is given twice\(first)", hint: "keep one of them")
        }
        for (index, entry) in entries.enumerated() {
            let key = entry.key
            // An entry whose fact the format resolved (a CSV cell) is neither a label nor carried.
            if entry.slot == nil, key == "name" || key == "notes" {
                guard labelsGiven.insert(key).inserted else {
                    problems.append(givenTwice(entry))
                    continue
                }
                switch entry.value {
                case .null: continue
                case .value(let value) where value.isScalar:
                    let text = value.labelText
                    if key == "name" { name = text } else { notes = text }
                case .value(let value):
                    problems.append(problem(entry.valueAt, "`\(key)` must be text, not \(FactValues.render(value))", hint: "write it on one line, e.g. `\(key): Skincare importer`"))
                case .other(let description):
                    problems.append(problem(entry.valueAt, "`\(key)` must be text, not \(description)", hint: "write it on one line, e.g. `\(key): Skincare importer`"))
                }
                continue
            }
            if entry.slot == nil, !passed.isEmpty, let carried = extra.carried.firstIndex(of: key) {
                guard !passedGiven[carried] else {
                    problems.append(givenTwice(entry))
                    continue
                }
                passedGiven[carried] = true
                passed[carried] = rawText?(index) ?? PassedValue(entry.value)
                continue
            }
            switch factValue(entry, ruleBook: ruleBook, otherKeys: otherKeys, problem: problem) {
            case .failure(let failure):
                if extra.ignoreUnknown, ruleBook.slot(ofFact: key) == nil {
                    ignored.append(key)
                } else {
                    problems.append(failure)
                }
            case .success((let slot, let value)):
                guard !given[slot] else {
                    problems.append(givenTwice(entry))
                    continue
                }
                given[slot] = true
                if let value { bindings[slot] = .value(value) }
            }
        }
        if let id = extra.id, let carried = extra.carried.firstIndex(of: id), case .absent = passed[carried] {
            let at = entries.first?.keyAt ?? ProfileEntry.Position(line: 1, column: 1)
            problems.append(
                problem(
                    ProfileEntry.Position(line: at.line, column: 1), "the profile has no '\(id)' (the --id-field every profile must give)",
                    hint: "give each profile its '\(id)', or name another field with --id-field"))
        }
        guard problems.isEmpty else { return ProfileRead(result: .failure(problems.sorted()), passed: passed, ignored: ignored) }
        let profile = Profile(
            source: source, name: name, notes: notes, facts: FactSet(bindings: bindings), factIds: ruleBook.askedFactIds, passed: passed)
        return ProfileRead(result: .success(profile), passed: passed, ignored: ignored)
    }
}

/// A profile as read with `ExtraKeys`: the profile or what is wrong with it, the carried
/// values (also for a profile that could not be read, so that its error keeps its id), and
/// the keys dropped by `ignoreUnknown`.
public struct ProfileRead: Sendable {
    public var result: Result<Profile, [Diagnostic]>
    public var passed: [PassedValue]
    public var ignored: [String] = []

    public init(result: Result<Profile, [Diagnostic]>, passed: [PassedValue], ignored: [String] = []) {
        self.result = result
        self.passed = passed
        self.ignored = ignored
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

    /// A 1-based line and column in the entry's file.
    public struct Position: Sendable, Hashable {
        public var line: Int
        public var column: Int
        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    public var key: String
    public var value: Value
    public var keyAt: Position
    public var valueAt: Position
    /// The fact's slot when the format already knows it (a CSV column, resolved once at the
    /// header), so that a row's cells need no look-up by name; nil: found by `key`.
    public var slot: Int?

    public init(key: String, value: Value, keyAt: Position, valueAt: Position, slot: Int? = nil) {
        self.key = key
        self.value = value
        self.keyAt = keyAt
        self.valueAt = valueAt
        self.slot = slot
    }
}

extension ProfileEntry.Value {
    /// What a YAML node gives as a profile value.
    init(_ node: Node) {
        if case .scalar(let scalar) = node, scalar.resolvedTag == .null {
            self = .null
        } else if let raw = node.celValue {
            self = .value(raw)
        } else {
            self = .other(node.kindDescription)
        }
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

extension String {
    var trimmingTrailingCarriageReturn: String { hasSuffix("\r") ? String(dropLast()) : self }
}
