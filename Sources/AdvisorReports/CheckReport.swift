import AdvisorCEL
import AdvisorEngine

/// The summary `advisor check` prints after loading a rule book: what it holds, which models can
/// be the recommendation, and how complete the search that says so was. Findings themselves are
/// diagnostics (see `DiagnosticText`).
public enum CheckReport {
    /// `advisor check --sensitivity`: a table of the rules whose points bear on some
    /// recommendation, those that decide the most first.
    public static func sensitivity(_ summary: WeightSensitivitySummary) -> String {
        var lines = [
            "Weight sensitivity over \(summary.profiles) profile\(summary.profiles == 1 ? "" : "s") "
                + "(\(summary.withRecommendation) with a recommendation to hold).",
            "decides: recommendations the rule's points alone decide (taking them away changes the answer); "
                + "bears on: recommendations a change of its points could change; smallest and median: the change of its points, "
                + "for one model, that changes one (a tie counts as a change).",
            "",
        ]
        guard !summary.rules.isEmpty else { return (lines + ["No rule's points bear on any recommendation."]).joined(separator: "\n") }
        let header = ["rule", "decides", "bears on", "smallest", "median"]
        let rows = summary.rules.map { [$0.rule, String($0.decides), String($0.bears), Number.fit($0.smallestChange), Number.fit($0.medianChange)] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in column == 0 ? cell.padding(to: widths[0]) : cell.leftPadded(to: widths[column]) }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
        }
        return lines.joined(separator: "\n")
    }

    /// The summary lines; with `verbose`, a witness profile for each reachable model.
    public static func summary(_ book: RuleBook, _ analysis: RuleBookAnalysis, verbose: Bool = false) -> String {
        var lines: [String] = []
        let counts =
            "\(book.header.name) (version \(book.header.version)): \(book.askedFacts.count) facts, \(book.derivedFacts.count) derived facts, "
            + "\(book.models.count) models, \(book.tradeOffs.count) trade-offs, \(book.rules.count) rules"
        let warnings = analysis.findings.filter { $0.severity == .warning }.count
        lines.append(warnings == 0 ? "ok: \(counts)" : "ok with \(warnings) warning\(warnings == 1 ? "" : "s"): \(counts)")

        let reachable = analysis.models.filter { $0.verdict == .reachable }
        if analysis.everyModelReachable {
            lines.append("Every model can be the recommendation (\(reachable.count) of \(analysis.models.count)): \(reachable.map(\.model).joined(separator: ", ")).")
        } else {
            let never = analysis.models.filter { $0.verdict == .unreachable }.map(\.model)
            let unknown = analysis.models.filter { $0.verdict == .undetermined }.map(\.model)
            var sentence = "\(reachable.count) of \(analysis.models.count) models can be the recommendation"
            if !never.isEmpty { sentence += "; never: \(never.joined(separator: ", "))" }
            if !unknown.isEmpty { sentence += "; undecided within the budget: \(unknown.joined(separator: ", "))" }
            lines.append(sentence + ".")
        }

        // How complete the search was.
        let inexact = analysis.domains.filter { !$0.isExact }
        let sizes = analysis.domains.map { "\($0.fact) \($0.candidates.count)" }.joined(separator: ", ")
        var search = "Search: branch and bound over the representative values of \(analysis.domains.count) asked facts (\(sizes)); "
        search += "\(analysis.explored) partial profiles scored; budget \(analysis.budget) per search, "
        search += analysis.isComplete ? "never reached, so the search was exhaustive" : "reached by some search, whose verdict is undetermined"
        search += "."
        lines.append(search)
        if inexact.isEmpty {
            lines.append("Every domain is exact: the values tried stand for every value a profile can give, so these verdicts hold for every profile.")
        } else {
            lines.append(
                "Domains that are not exact: \(inexact.map(\.fact).joined(separator: ", ")) (a condition computes with them, or a list has too many values): "
                    + "the verdicts hold for the values tried.")
        }

        if verbose {
            for model in analysis.models {
                switch model.verdict {
                case .reachable:
                    lines.append("")
                    lines.append("\(model.model) is the recommendation for this profile (\(model.explored) partial profiles scored to find it):")
                    if model.witness.isEmpty { lines.append("    (any profile)") }
                    for reading in model.witness {
                        lines.append("    \(reading.fact): \(reading.value.map(ProfileText.value) ?? "~")")
                    }
                    lines.append("    # facts left out can take any value")
                case .unreachable:
                    lines.append("")
                    lines.append("\(model.model) is never the recommendation (\(model.explored) partial profiles scored to show it).")
                case .undetermined:
                    lines.append("")
                    lines.append("\(model.model): undecided after \(model.explored) partial profiles.")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Values written as a profile writes them, so a witness can be pasted into a profile file.
enum ProfileText {
    static func value(_ value: CELValue) -> String {
        switch value {
        case .string(let text): return text
        case .list(let items): return "[" + items.map(Self.value).joined(separator: ", ") + "]"
        default: return FactValues.render(value)
        }
    }
}
