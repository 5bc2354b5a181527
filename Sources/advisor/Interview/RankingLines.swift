import AdvisorEngine
import AdvisorInterview
import AdvisorReports

extension InterviewText {
    /// The ranking, one model a line (by id, or in Chinese by short name: `modelRef`), with a
    /// bar, styled for the terminal.
    static func ranking(_ evaluation: Evaluation, book: RuleBook, style: Style) -> [String] {
        let words = ToolWords(book.language)
        let names = evaluation.ranking.map { modelRef($0.model, book) }
        let width = max(names.map(DisplayWidth.of).max() ?? 0, 5)
        let top = max(evaluation.ranking.map(\.fit).max() ?? 1, 1)
        return evaluation.ranking.enumerated().map { index, standing in
            let bar = String(repeating: "#", count: max(0, min(30, Int((standing.fit / top * 30).rounded()))))
            var line = "  \(TextLayout.leftPadded(String(index + 1), to: 2))  \(TextLayout.padded(names[index], to: width))  \(TextLayout.leftPadded(Number.fit(standing.fit), to: 6))  "
            if standing.excluded {
                // No bar: an excluded model cannot be recommended, whatever its fit.
                line += style.dim(words(.excludedBy, ["rules": standing.excludedBy.joined(separator: words.comma)]))
            } else {
                line += index == 0 ? style.good(bar) : bar
            }
            return line
        }
    }
}
