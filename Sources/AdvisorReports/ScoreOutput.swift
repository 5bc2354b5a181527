import AdvisorDiagnostics
import AdvisorEngine

/// The renderings of batch scoring: the contract's JSON object and a readable ranking.
public enum ScoreOutput {
    /// The JSON object of profile contract version 1 for one scored profile: the profile, its
    /// name, the carried keys (`carried`: a client's id, passed on unchanged), the
    /// recommendation, the runner-up and the margin between them, the ranking, the unknown
    /// facts, and the rule book's fingerprint (when given), which says which rule book scored it.
    public static func json(
        profile: String, name: String?, evaluation: Evaluation, carried: [(String, JSON)] = [], fingerprint: String? = nil
    ) -> JSON {
        var pairs: [(String, JSON)] = [("profile", .string(profile))]
        if let name { pairs.append(("name", .string(name))) }
        pairs += carried
        pairs.append(("recommendation", evaluation.recommendation.map(JSON.string) ?? .null))
        if let undecided = evaluation.undecided { pairs.append(("undecided", undecidedJSON(undecided))) }
        let runnerUp = evaluation.recommendation == nil ? nil : evaluation.runnerUp
        pairs.append(("runner_up", runnerUp.map { JSON.string($0.model) } ?? .null))
        let margin = runnerUp.flatMap { second in evaluation.ranking.first.map { $0.fit - second.fit } }
        pairs.append(("margin", margin.map(JSON.double) ?? .null))
        pairs.append(("ranking", .array(evaluation.ranking.map(standingJSON))))
        pairs.append(
            ("unknown_facts", .object([
                ("could_change", .array(evaluation.couldChange.map(JSON.string))),
                ("cannot_change", .array(evaluation.cannotChange.map(JSON.string))),
            ])))
        if let fingerprint { pairs.append(("rule_book", .string(fingerprint))) }
        return .object(pairs)
    }

    /// The contract's (revision 2) `undecided` object: `{"reason": "no-facts"}` or
    /// `{"reason": "tie", "between": [...]}`, the tied models by id.
    public static func undecidedJSON(_ undecided: Undecided) -> JSON {
        var pairs: [(String, JSON)] = [("reason", .string(undecided.reason))]
        if case .tie(let between) = undecided { pairs.append(("between", .array(between.map(JSON.string)))) }
        return .object(pairs)
    }

    static func standingJSON(_ standing: ModelStanding) -> JSON {
        var pairs: [(String, JSON)] = [
            ("model", .string(standing.model)),
            ("score", .double(standing.fit)),
            ("excluded", .bool(standing.excluded)),
        ]
        if standing.excluded { pairs.append(("excluded_by", .array(standing.excludedBy.map(JSON.string)))) }
        return .object(pairs)
    }

    /// The contract's error object for a profile that could not be read or scored, with the
    /// carried keys that could be read and the rule book's fingerprint (when given).
    public static func errorJSON(profile: String, diagnostics: [Diagnostic], carried: [(String, JSON)] = [], fingerprint: String? = nil) -> JSON {
        var pairs: [(String, JSON)] = [("profile", .string(profile))]
        pairs += carried
        pairs.append(("error", .string(diagnostics.sorted().map(\.description).joined(separator: "; "))))
        if let fingerprint { pairs.append(("rule_book", .string(fingerprint))) }
        return .object(pairs)
    }

    /// A readable ranking for a terminal; `carried` are the carried keys and their values as text.
    public static func text(profile: String, name: String?, evaluation: Evaluation, ruleBook: RuleBook, carried: [(String, String)] = []) -> String {
        var lines: [String] = []
        lines.append(name.map { "\(profile): \($0)" } ?? profile)
        if !carried.isEmpty { lines.append("  " + carried.map { "\($0.0): \($0.1)" }.joined(separator: ", ")) }
        let words = ToolWords(ruleBook.language)
        let models = Dictionary(uniqueKeysWithValues: ruleBook.models.map { ($0.id, $0) })
        // A model named in passing: its id, or its short name where the language names models so (`modelRef`).
        func reference(_ id: String) -> String { words(.modelRef, ["id": id, "short": models[id]?.shortName ?? id]) }
        if let undecided = evaluation.undecided {
            lines.append("  " + UndecidedWords.sentences(undecided, couldChange: evaluation.couldChange, ruleBook: ruleBook))
        } else if let winner = evaluation.ranking.first, !winner.excluded {
            let name = models[winner.model].map { words(.modelName, ["name": $0.name, "short": $0.shortName]) } ?? winner.model
            var sentence = "  " + words(.scoreRecommendation, ["name": name, "id": winner.model, "fit": Number.fit(winner.fit)])
            if let runnerUp = evaluation.runnerUp {
                sentence += words(.scoreAhead, ["lead": Number.fit(winner.fit - runnerUp.fit), "runnerUp": reference(runnerUp.model)])
            }
            lines.append(sentence + words.fullStop)
        } else {
            lines.append("  " + words(.scoreNoneExcluded))
        }
        let names = evaluation.ranking.map { reference($0.model) }
        let width = max(names.map(DisplayWidth.of).max() ?? 0, 5)
        let top = max(evaluation.ranking.map(\.fit).max() ?? 1, 1)
        for (index, standing) in evaluation.ranking.enumerated() {
            let rank = String(index + 1).leftPadded(to: 3)
            let model = TextLayout.padded(names[index], to: width)
            let fit = Number.fit(standing.fit).leftPadded(to: 7)
            let barLength = max(0, min(30, Int((standing.fit / top * 30).rounded())))
            var line = "  \(rank)  \(model)  \(fit)  \(String(repeating: "#", count: barLength))"
            if standing.excluded { line += "  " + words(.excludedBy, ["rules": standing.excludedBy.joined(separator: words.comma)]) }
            lines.append(line.trimmingTrailingSpaces())
        }
        for sentence in [
            UnknownFactWords.couldChange(evaluation.couldChange, ruleBook: ruleBook),
            UnknownFactWords.cannotChange(evaluation.cannotChange, ruleBook: ruleBook),
        ] {
            if let sentence { lines.append("  " + sentence) }
        }
        return lines.joined(separator: "\n")
    }
}

/// Numbers as the advisor prints them for people.
public enum Number {
    /// A count with its thousands grouped: 12,345.
    public static func grouped(_ number: Int) -> String { grouped(Double(number)) }

    /// A fit: whole numbers without decimals, others with up to two.
    public static func fit(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        let hundredths = (value * 100).rounded() / 100
        var text = "\(hundredths)"
        if text.contains("e") { text = "\(value)" }
        return text
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
