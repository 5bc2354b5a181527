import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports

/// The output formats of batch scoring.
public enum BatchFormat: String, Sendable, CaseIterable {
    /// A readable ranking per profile.
    case text
    /// The profile contract's objects, as one JSON array (or the object alone for one profile file).
    case json
    /// One contract object a line.
    case jsonl
    /// One row a profile: recommendation, runner-up, margin, fit of each model, exclusions, top
    /// reasons, undecided, the unknown facts that could and cannot change the recommendation.
    case csv
}

/// Formats scored profiles for a batch, straight from a `Scorer` into bytes (the batch path
/// must not build an `Evaluation` per profile). Produces exactly the bytes of
/// `ScoreOutput.json(...).text()` for JSON Lines; a test holds the two together. Every record
/// carries the carried keys (`ExtraKeys.carried`) and the rule book's fingerprint, so that a
/// reader can join results with its inputs and knows which rule book scored them.
public struct BatchWriter: Sendable {
    public let book: RuleBook
    public let format: BatchFormat
    /// For `json`: print the single object rather than an array.
    public let singleObject: Bool
    /// For json and jsonl: each object carries its explanation (`ExplanationJSON`).
    public let explain: Bool
    /// The names of the carried keys, in the order of their values.
    public let carried: [String]
    /// For csv: `top_reasons` in the rule book's words rather than rule ids and points.
    public let longReasons: Bool
    /// For csv, worked out once rather than per row: each model id as a CSV field, and for
    /// each model the rules that raise it (rule position and points, in rule-book order).
    private let modelFields: [[UInt8]]
    /// For jsonl, worked out once too: the ids every record names, as JSON strings.
    private let quoted: (models: [[UInt8]], rules: [[UInt8]], facts: [[UInt8]], fingerprint: [UInt8])
    /// Each fact id as bytes, for the unknown-facts columns; nil when some id would need
    /// quotes in a CSV field (a rule book built in code can have any ids; loaded ones cannot).
    private let factFields: [[UInt8]]?
    private let raising: [[(position: Int, points: Double)]]

    public init(
        book: RuleBook, format: BatchFormat, singleObject: Bool = false, explain: Bool = false, carried: [String] = [],
        longReasons: Bool = false
    ) {
        self.book = book
        self.format = format
        self.singleObject = singleObject
        self.explain = explain
        self.carried = carried
        self.longReasons = longReasons
        modelFields = book.models.map { model in
            var field: [UInt8] = []
            CSVText.append(model.id, to: &field)
            return field
        }
        func quote(_ text: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSON.escape(text, into: &bytes)
            return bytes
        }
        quoted = (book.models.map { quote($0.id) }, book.rules.map { quote($0.id) }, book.facts.map { quote($0.id) }, quote(book.fingerprint))
        let factFields = book.facts.map { Array($0.id.utf8) }
        let plain = factFields.allSatisfy { !$0.contains { $0 == CSVText.comma || $0 == CSVText.quote || $0 < 0x20 } }
        self.factFields = plain ? factFields : nil
        var raising = Array(repeating: [(position: Int, points: Double)](), count: book.models.count)
        for (position, rule) in book.rules.enumerated() {
            for score in rule.scores where score.points > 0 && raising.indices.contains(score.model) { raising[score.model].append((position, score.points)) }
        }
        self.raising = raising
    }

    /// The carried keys as JSON pairs.
    func carriedJSON(_ passed: [PassedValue]) -> [(String, JSON)] {
        zip(carried, passed).map { key, value in
            switch value {
            case .text(let text): return (key, .string(text))
            case .json(let raw): return (key, .raw(raw))
            case .absent: return (key, .null)
            }
        }
    }

    /// Appends the record of a profile with its explanation (json and jsonl; slower: it
    /// traces the scoring and searches counterfactuals).
    public func explained(_ label: String, name: String?, passed: [PassedValue], facts: FactSet, profile: inout ScoredProfile, into output: inout [UInt8]) {
        let explanation = profile.explanation(of: facts)
        var object = ScoreOutput.json(
            profile: label, name: name, evaluation: explanation.evaluation, carried: carriedJSON(passed), fingerprint: book.fingerprint)
        if case .object(let pairs) = object { object = .object(pairs + ExplanationJSON.keys(explanation, ruleBook: book)) }
        if format == .json {
            appendPretty(object, &output)
        } else {
            output.append(contentsOf: object.text().utf8)
            output.append(0x0A)
        }
    }

    /// `json` is for people and small batches: each object indented, inside the array too.
    private func appendPretty(_ object: JSON, _ output: inout [UInt8]) {
        let text = object.text(pretty: true)
        output.append(contentsOf: (singleObject ? text : "  " + text.replacingOccurrences(of: "\n", with: "\n  ")).utf8)
    }

    /// The columns of the CSV output.
    public var csvColumns: [String] {
        ["profile", "name"] + carried + ["recommendation", "runner_up", "margin"] + book.models.map(\.id)
            + ["excluded", "top_reasons", "undecided", "could_change", "cannot_change", "error", "rule_book"]
    }

    /// What comes before the first profile.
    public var header: String {
        switch format {
        case .json: return singleObject ? "" : "["
        case .csv: return csvColumns.map(CSVText.field).joined(separator: ",") + "\n"
        case .text, .jsonl: return ""
        }
    }

    /// What goes before a profile's record: `first` is true for the first of the whole output.
    public func separator(first: Bool) -> String {
        switch format {
        case .json: return singleObject ? "" : (first ? "\n" : ",\n")
        case .text: return first ? "" : "\n"
        case .jsonl, .csv: return ""
        }
    }

    /// What comes after the last profile; `count` is how many were written.
    public func footer(count: Int) -> String {
        switch format {
        case .json: return singleObject ? "\n" : (count == 0 ? "]\n" : "\n]\n")
        default: return ""
        }
    }

    /// Appends the record of a scored profile (its scorer's last result; its unknown facts are
    /// decided here unless a reader before decided them, and kept for the readers after).
    public func scored(_ label: String, name: String?, passed: [PassedValue] = [], profile: inout ScoredProfile, into output: inout [UInt8]) {
        switch format {
        case .json:
            let object = ScoreOutput.json(
                profile: label, name: name, evaluation: profile.evaluation(), carried: carriedJSON(passed), fingerprint: book.fingerprint)
            appendPretty(object, &output)
        case .jsonl:
            writeObject(label, name: name, passed: passed, profile: &profile, into: &output)
            output.append(0x0A)
        case .csv:
            writeRow(label, name: name, passed: passed, profile: &profile, into: &output)
        case .text:
            let text = ScoreOutput.text(
                profile: label, name: name, evaluation: profile.evaluation(), ruleBook: book, carried: zip(carried, passed).map { ($0, $1.plainText) })
            output.append(contentsOf: text.utf8)
            output.append(0x0A)
        }
    }

    /// Appends the record of a profile that could not be read or scored; false for text,
    /// where the diagnostics go to standard error only.
    public func failed(_ label: String, passed: [PassedValue] = [], diagnostics: [Diagnostic], into output: inout [UInt8]) -> Bool {
        switch format {
        case .json:
            appendPretty(ScoreOutput.errorJSON(profile: label, diagnostics: diagnostics, carried: carriedJSON(passed), fingerprint: book.fingerprint), &output)
        case .jsonl:
            output.append(contentsOf: ScoreOutput.errorJSON(profile: label, diagnostics: diagnostics, carried: carriedJSON(passed), fingerprint: book.fingerprint).text().utf8)
            output.append(0x0A)
        case .csv:
            var cells = [label, ""] + padded(passed).map(\.plainText) + ["", "", ""] + book.models.map { _ in "" } + ["", "", "", "", ""]
            cells.append(diagnostics.sorted().map(\.description).joined(separator: "; "))
            cells.append(book.fingerprint)
            output.append(contentsOf: (cells.map(CSVText.field).joined(separator: ",") + "\n").utf8)
        case .text:
            return false
        }
        return true
    }

    /// One value for each carried key (absent where the record has none).
    private func padded(_ passed: [PassedValue]) -> [PassedValue] {
        passed.count == carried.count ? passed : Array(passed.prefix(carried.count)) + Array(repeating: .absent, count: max(0, carried.count - passed.count))
    }

    // MARK: - JSON

    private func writeObject(_ label: String, name: String?, passed: [PassedValue], profile: inout ScoredProfile, into output: inout [UInt8]) {
        let scorer = profile.scorer
        output.append(contentsOf: "{\"profile\": ".utf8)
        appendString(label, &output)
        if let name {
            output.append(contentsOf: ", \"name\": ".utf8)
            appendString(name, &output)
        }
        for (key, value) in zip(carried, padded(passed)) {
            output.append(contentsOf: ", ".utf8)
            appendString(key, &output)
            output.append(contentsOf: ": ".utf8)
            switch value {
            case .text(let text): appendString(text, &output)
            case .json(let raw): output.append(contentsOf: raw.utf8)
            case .absent: output.append(contentsOf: "null".utf8)
            }
        }
        output.append(contentsOf: ", \"recommendation\": ".utf8)
        let winner = scorer.recommendation
        if let winner { output.append(contentsOf: quoted.models[winner]) } else { output.append(contentsOf: "null".utf8) }
        if let undecided = scorer.undecided {
            output.append(contentsOf: ", \"undecided\": ".utf8)
            output.append(contentsOf: ScoreOutput.undecidedJSON(undecided).text().utf8)
        }
        output.append(contentsOf: ", \"runner_up\": ".utf8)
        if let runnerUp = scorer.runnerUp, let winner {
            output.append(contentsOf: quoted.models[runnerUp])
            output.append(contentsOf: ", \"margin\": ".utf8)
            appendNumber(scorer.fit(winner) - scorer.fit(runnerUp), &output)
        } else {
            output.append(contentsOf: "null, \"margin\": null".utf8)
        }
        output.append(contentsOf: ", \"ranking\": [".utf8)
        for (place, model) in scorer.order.enumerated() {
            if place > 0 { output.append(contentsOf: ", ".utf8) }
            output.append(contentsOf: "{\"model\": ".utf8)
            output.append(contentsOf: quoted.models[model])
            output.append(contentsOf: ", \"score\": ".utf8)
            appendNumber(scorer.fit(model), &output)
            if scorer.isExcluded(model) {
                output.append(contentsOf: ", \"excluded\": true, \"excluded_by\": [".utf8)
                for (index, rule) in scorer.exclusions(model).enumerated() {
                    if index > 0 { output.append(contentsOf: ", ".utf8) }
                    output.append(contentsOf: quoted.rules[rule])
                }
                output.append(contentsOf: "]}".utf8)
            } else {
                output.append(contentsOf: ", \"excluded\": false}".utf8)
            }
        }
        output.append(contentsOf: "], \"unknown_facts\": {\"could_change\": [".utf8)
        let unknown = profile.unknownFacts()
        appendList(unknown.couldChange, &output)
        output.append(contentsOf: "], \"cannot_change\": [".utf8)
        appendList(unknown.cannotChange, &output)
        output.append(contentsOf: "]}, \"rule_book\": ".utf8)
        output.append(contentsOf: quoted.fingerprint)
        output.append(contentsOf: "}".utf8)
    }

    /// Facts by slot, as a JSON list of their ids.
    private func appendList(_ slots: [Int], _ output: inout [UInt8]) {
        for (index, slot) in slots.enumerated() {
            if index > 0 { output.append(contentsOf: ", ".utf8) }
            output.append(contentsOf: quoted.facts[slot])
        }
    }

    private func appendString(_ text: String, _ output: inout [UInt8]) {
        JSON.escape(text, into: &output)
    }

    private func appendNumber(_ number: Double, _ output: inout [UInt8]) {
        // Whole numbers (the usual fits) without going through Double's description.
        if number.rounded() == number, abs(number) < 1e15, number != 0 || number.sign == .plus {
            output.append(contentsOf: String(Int64(number)).utf8)
            output.append(contentsOf: ".0".utf8)
        } else {
            output.append(contentsOf: JSON.format(number).utf8)
        }
    }

    // MARK: - CSV

    /// A row of the CSV output, written straight into bytes (as `writeObject` writes JSON):
    /// building the cells as strings and joining them cost twice the JSON Lines output.
    private func writeRow(_ label: String, name: String?, passed: [PassedValue], profile: inout ScoredProfile, into output: inout [UInt8]) {
        let scorer = profile.scorer
        CSVText.append(label, to: &output)
        output.append(CSVText.comma)
        CSVText.append(name ?? "", to: &output)
        for value in padded(passed) {
            output.append(CSVText.comma)
            CSVText.append(value.plainText, to: &output)
        }
        output.append(CSVText.comma)
        let winner = scorer.recommendation
        if let winner { output.append(contentsOf: modelFields[winner]) }
        output.append(CSVText.comma)
        if let winner, let runnerUp = scorer.runnerUp {
            output.append(contentsOf: modelFields[runnerUp])
            output.append(CSVText.comma)
            output.append(contentsOf: Number.fit(scorer.fit(winner) - scorer.fit(runnerUp)).utf8)
        } else {
            output.append(CSVText.comma)
        }
        for model in book.models.indices {
            output.append(CSVText.comma)
            output.append(contentsOf: Number.fit(scorer.fit(model)).utf8)
        }
        output.append(CSVText.comma)
        let excluded = scorer.order.filter { scorer.isExcluded($0) }
        if !excluded.isEmpty { CSVText.append(excluded.map { book.models[$0].id }.joined(separator: ";"), to: &output) }
        output.append(CSVText.comma)
        if let winner { CSVText.append(topReasons(for: winner, scorer: scorer), to: &output) }
        output.append(CSVText.comma)
        if let undecided = scorer.undecided { CSVText.append(Self.undecidedCell(undecided), to: &output) }
        // The unknown facts, as the JSON's `unknown_facts` lists them: fact ids joined by `;`.
        let unknown = profile.unknownFacts()
        for list in [unknown.couldChange, unknown.cannotChange] {
            output.append(CSVText.comma)
            guard let factFields else {
                CSVText.append(list.map { book.facts[$0].id }.joined(separator: ";"), to: &output)
                continue
            }
            for (index, slot) in list.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ";")) }
                output.append(contentsOf: factFields[slot])
            }
        }
        output.append(CSVText.comma)  // error: none
        output.append(CSVText.comma)
        output.append(contentsOf: book.fingerprint.utf8)
        output.append(0x0A)
    }

    /// The `undecided` column: `no-facts`, or `tie:` and the tied models by id (`tie:b2b;c2c`).
    static func undecidedCell(_ undecided: Undecided) -> String {
        if case .tie(let between) = undecided { return "tie:" + between.joined(separator: ";") }
        return undecided.reason
    }

    /// The (up to three) fired rules that raised the winner's fit most: their ids and points
    /// (`m2c-brand-authorized +25; ...`), or with `longReasons` their reasons in the rule
    /// book's words, joined by ` | `.
    func topReasons(for model: Int, scorer: Scorer) -> String {
        var fired: [(position: Int, points: Double)] = []
        for entry in raising[model] where scorer.status(ofRule: entry.position) == .fired { fired.append(entry) }
        fired.sort { $0.points != $1.points ? $0.points > $1.points : $0.position < $1.position }
        let top = fired.prefix(3)
        if longReasons { return top.map { book.rules[$0.position].because }.joined(separator: " | ") }
        return top.map { "\(book.rules[$0.position].id) +\(Number.fit($0.points))" }.joined(separator: "; ")
    }
}

extension Scorer {
    /// The best model after the recommendation that no rule excluded (nil when there is none).
    public var runnerUp: Int? { order.dropFirst().first { !isExcluded($0) } }
}

/// CSV fields as RFC 4180 writes them.
enum CSVText {
    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")

    static func field(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a field: as it is, or in double quotes with its quotes doubled when it
    /// holds a comma, a quote or a line break.
    static func append(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == comma || $0 == quote || $0 == 0x0A || $0 == 0x0D }) else {
            output.append(contentsOf: utf8)
            return
        }
        output.append(quote)
        for byte in utf8 {
            if byte == quote { output.append(quote) }
            output.append(byte)
        }
        output.append(quote)
    }
}
