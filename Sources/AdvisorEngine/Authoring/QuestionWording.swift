import AdvisorDiagnostics
import Foundation

/// Question and help texts that lean on another question's answer ("How much of *that money*
/// could you afford to lose?"). The planner asks questions in whatever order the answers so far
/// make most useful, so a question must make sense asked first; a text that points back at an
/// earlier answer reads wrong whenever the planner reorders. The phrases are about language, not
/// about any decision: words that point back ("that", "this", "those", "the same") before a noun
/// that stands for an answer, phrases such as "you said" or "the previous question", and their
/// Chinese counterparts.
enum QuestionWording {
    /// A regular expression, case-insensitive, matching the phrases that point at another answer.
    static let pattern = [
        #"\b(that|this|those|these|the same|the above|said)\s+(money|amount|sum|budget|figure|number|capital|investment|answer|choice|value|total)s?\b"#,
        #"\byou\s+(just\s+)?(said|gave|entered|answered|mentioned|chose|picked)\b"#,
        #"\b(previous|last|earlier|above)\s+(question|answer)s?\b"#,
        #"\bas\s+(before|above)\b"#,
        #"(这笔|那笔|这些钱|那些钱|上述|上面|前面|刚才|之前的回答|上一题|上一个问题)"#,
    ].joined(separator: "|")

    nonisolated(unsafe) static let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])

    /// The first phrase in `text` that points at another answer, if any.
    static func backReference(in text: String) -> String? {
        guard let expression else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, range: range), let found = Range(match.range, in: text) else { return nil }
        return String(text[found])
    }
}

extension RuleBook {
    /// A warning for each asked fact whose question or help refers to another fact's answer.
    func questionWordingFindings() -> [Diagnostic] {
        askedFacts.compactMap { fact in
            for (part, text) in [("question", fact.question), ("help", fact.help)] {
                guard let text, let phrase = QuestionWording.backReference(in: text) else { continue }
                return Diagnostic(
                    severity: .warning, location: fact.location,
                    message: "the \(part) of fact '\(fact.id)' refers to another answer ('\(phrase)'): the interview may ask it first",
                    hint: "questions are asked in the order the answers make most useful; word it so it stands alone, e.g. name what \"\(phrase)\" stands for")
            }
            return nil
        }
    }
}
