import AdvisorCEL
import AdvisorEngine
import AdvisorReports

/// One answer as the list of answers ("check your answers") and the record of the conversation
/// show it.
public struct AnswerLine: Equatable, Sendable {
    public var number: Int
    public var fact: String
    public var question: String
    /// The answer in words, or "skipped".
    public var answer: String

    public init(number: Int, fact: String, question: String, answer: String) {
        self.number = number
        self.fact = fact
        self.question = question
        self.answer = answer
    }
}

/// What an interview leaves the founder, the same from the terminal and from the web: the list
/// of answers to check, the profile, and the input of the report.
extension Interview {
    /// Every answer given or skipped, in the order given, as the founder would say it.
    public func answerLines() -> [AnswerLine] {
        let words = ToolWords(ruleBook.language)
        return answeredFacts.enumerated().compactMap { index, id in
            guard let fact = ruleBook.fact(id) else { return nil }
            return AnswerLine(
                number: position(of: id) ?? index + 1, fact: id, question: InterviewText.question(fact, words: words),
                answer: answers[id].map { InterviewText.describe($0, for: fact, words: words) } ?? words(.skipped))
        }
    }

    /// The answers as a profile in the profile contract's YAML, which `advisor score`,
    /// `advisor explain` and `advisor ask --resume` read; `command` is the command that wrote it.
    ///
    /// The same file in every language: the contract's ids and values, and the rule book named
    /// as it names itself, not as a catalogue translates it.
    public func profileText(name: String?, notes: String?, command: String) -> String {
        let bookName = ruleBook.texts.source[.header("name")]?.text ?? ruleBook.header.name
        return ProfileYAML.text(
            ruleBook: ruleBook, answers: answers, skipped: skipped, name: name, notes: notes,
            comment: [
                "A founder's profile (profile contract, version 1), written by \(command) with the rule book",
                "\"\(bookName)\" version \(ruleBook.header.version). Score it with: advisor score FILE",
            ])
    }

    /// What the report `advisor explain` writes is made from, for the answers so far (without a
    /// chart file: the HTML page draws its chart inline, the Markdown one as text).
    public func reportInput(profilePath: String, name: String?, notes: String?, advisorVersion: String) -> ReportInput {
        let facts = facts
        return ReportInput(
            profilePath: profilePath, profileName: name, notes: notes, facts: facts,
            explanation: ruleBook.explain(facts), ruleBook: ruleBook, advisorVersion: advisorVersion, chartFile: nil)
    }
}
