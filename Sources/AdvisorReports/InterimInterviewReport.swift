import AdvisorCEL
import AdvisorEngine
import Foundation

/// A plain Markdown summary of an `advisor ask` interview.
///
/// Interim: `advisor explain` (built on another branch) writes the full report. Once it is
/// merged, `advisor ask --report` should call that report instead and this type should go.
public enum InterimInterviewReport {
    /// The summary: recommendation, answers, ranking, and the rules that fired for the winner.
    public static func markdown(
        ruleBook: RuleBook, evaluation: Evaluation, answers: [String: CELValue], skipped: Set<String>, notAsked: [String],
        name: String?, notes: String?
    ) -> String {
        var lines: [String] = []
        lines.append("# \(capitalised(ruleBook.header.decision)) recommendation\(name.map { ": " + cell($0) } ?? "")")
        lines.append("")
        if let notes { lines += [cell(notes), ""] }
        if let winner = evaluation.ranking.first, !winner.excluded {
            var sentence = "Recommendation: **\(cell(modelName(winner.model, ruleBook)))** (`\(winner.model)`), fit \(Number.fit(winner.fit))"
            if let runnerUp = evaluation.runnerUp { sentence += ", \(Number.fit(winner.fit - runnerUp.fit)) ahead of `\(runnerUp.model)`" }
            lines.append(sentence + ".")
        } else {
            lines.append("No \(ruleBook.header.decision) can be recommended: every one is excluded.")
        }
        lines.append("")
        lines.append("## Answers")
        lines.append("")
        lines.append("| question | answer |")
        lines.append("|---|---|")
        for fact in ruleBook.askedFacts {
            let answer: String
            if let value = answers[fact.id] {
                answer = cell(describe(value, unit: fact.unit))
            } else if skipped.contains(fact.id) {
                answer = "_skipped (unknown)_"
            } else if notAsked.contains(fact.id) {
                answer = "_not asked: it could not change the recommendation_"
            } else {
                continue
            }
            lines.append("| \(cell(fact.question ?? fact.id)) | \(answer) |")
        }
        lines.append("")
        lines.append("## Ranking")
        lines.append("")
        lines.append("| rank | model | fit | excluded by |")
        lines.append("|---:|---|---:|---|")
        for (index, standing) in evaluation.ranking.enumerated() {
            lines.append(
                "| \(index + 1) | \(cell(modelName(standing.model, ruleBook))) | \(Number.fit(standing.fit)) | \(standing.excludedBy.map { "`\($0)`" }.joined(separator: ", ")) |")
        }
        if let winner = evaluation.ranking.first, !winner.excluded {
            let reasons = evaluation.trace.filter { $0.status == .fired && $0.ruleIndex < ruleBook.rules.count }.compactMap { outcome -> String? in
                let rule = ruleBook.rules[outcome.ruleIndex]
                guard let points = rule.scores.first(where: { ruleBook.models[$0.model].id == winner.model })?.points else { return nil }
                return "- `\(rule.id)` (\(points > 0 ? "+" : "")\(Number.fit(points))): \(cell(rule.because))"
            }
            if !reasons.isEmpty {
                lines += ["", "## Why `\(winner.model)`", "", "The rules that fired and scored it:", ""] + reasons
            }
        }
        lines.append("")
        lines.append("_Rule book: \(cell(ruleBook.header.name)), version \(cell(ruleBook.header.version)). Written by `advisor ask`._")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func modelName(_ id: String, _ book: RuleBook) -> String {
        book.index(ofModel: id).map { book.models[$0].name } ?? id
    }

    private static func describe(_ value: CELValue, unit: String?) -> String {
        switch value {
        case .bool(let flag): return flag ? "yes" : "no"
        case .string(let text): return text
        case .list(let items):
            let names = items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            return names.isEmpty ? "none" : names.joined(separator: ", ")
        case .double(let number): return FactValues.format(number) + (unit.map { " " + $0 } ?? "")
        case .int(let number): return "\(number)" + (unit.map { " " + $0 } ?? "")
        default: return FactValues.render(value)
        }
    }

    /// Text safe inside a table cell or a line: pipes escaped, line breaks as spaces.
    private static func cell(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    private static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
