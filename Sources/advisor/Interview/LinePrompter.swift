@preconcurrency import Glibc
import AdvisorEngine
import Foundation

/// Plain line prompts: the question, its numbered choices, then one answer read per line. Used
/// when standard input is not a terminal (a script, a test) or the terminal is dumb.
struct LinePrompter: InterviewPrompter {
    let style: Style
    private var input = LineInput()
    /// Echo what was read after the prompt, so a transcript of piped answers reads like a dialogue.
    private let echoes = isatty(STDIN_FILENO) != 1

    init(style: Style) {
        self.style = style
    }

    mutating func ask(_ question: InterviewQuestion, why: (_ width: Int) -> [String]) -> PromptOutcome {
        let fact = question.fact
        var lines = ["", style.dim(InterviewText.progress(question)), style.bold(InterviewText.question(fact))]
        switch fact.kind {
        case .enumeration, .list:
            let width = fact.valueMeanings.map(\.value.count).max() ?? 0
            for (index, meaning) in fact.valueMeanings.enumerated() {
                let text = meaning.meaning.isEmpty ? "" : "  \(meaning.meaning)"
                lines.append("  \(index + 1). \(meaning.value.padding(to: width))\(text)")
            }
            let missing = fact.kind.allowedValues.filter { value in !fact.valueMeanings.contains { $0.value == value } }
            for (offset, value) in missing.enumerated() { lines.append("  \(fact.valueMeanings.count + offset + 1). \(value)") }
        default:
            break
        }
        let previous = question.previousAnswer.map { " Before: \(InterviewText.describe($0, for: fact))." } ?? ""
        lines.append(style.dim("Answer: \(AnswerParser.expectation(fact)).\(previous) ? explains, back, skip, quit."))
        say(lines)
        while true {
            TerminalControl.writeOut("> ")
            switch input.next() {
            case .endOfInput:
                TerminalControl.writeOut("\n")
                return .endOfInput
            case .signal(let number):
                TerminalControl.writeOut("\n")
                return .interrupted(number)
            case .text(let text):
                if echoes { TerminalControl.writeOut(text + "\n") }
                switch AnswerParser.parse(text, for: fact) {
                case .answer(let value): return .answer(value)
                case .command(.help): say(why(TerminalControl.columns - 2).map { $0.isEmpty ? "" : "  " + $0 })
                case .command(let command): return .command(command)
                case .invalid(let message): say([style.warning("  " + message)])
                }
            }
        }
    }

    mutating func recorded(_ question: InterviewQuestion, answer: String) {}

    mutating func say(_ lines: [String]) {
        TerminalControl.writeOut(lines.map { $0 + "\n" }.joined())
    }

    mutating func offer(_ prompt: String, suggestion: String) -> OfferOutcome {
        say(["", "\(prompt) Type a file name (e.g. \(suggestion)), or press Enter for no."])
        TerminalControl.writeOut("> ")
        switch input.next() {
        case .endOfInput:
            TerminalControl.writeOut("\n")
            return .endOfInput
        case .signal(let number):
            TerminalControl.writeOut("\n")
            return .interrupted(number)
        case .text(let text):
            if echoes { TerminalControl.writeOut(text + "\n") }
            let path = text.trimmingCharacters(in: .whitespaces)
            return path.isEmpty || ["n", "no"].contains(path.lowercased()) ? .declined : .accepted(path: path)
        }
    }
}
