@preconcurrency import Glibc
import AdvisorEngine
import AdvisorReports
import Foundation
import AdvisorInterview

/// Plain line prompts: the question, its numbered choices, then one answer read per line. Used
/// when standard input is not a terminal (a script, a test) or the terminal is dumb. Lines are
/// wrapped to the terminal's width when standard output is one, and whole otherwise.
struct LinePrompter: InterviewPrompter {
    let style: Style
    private var input = LineInput()
    /// Echo what was read after the prompt, so a transcript of piped answers reads like a dialogue.
    private let echoes = isatty(STDIN_FILENO) != 1

    init(style: Style) {
        self.style = style
    }

    private var room: Int { max(TerminalControl.columns - 1, 20) }

    mutating func ask(_ question: InterviewQuestion, context: QuestionContext) -> PromptOutcome {
        let fact = question.fact
        var lines = [""] + TextLayout.wrap(InterviewText.progress(question), width: room).map(style.dim)
        lines += TextLayout.wrap(InterviewText.question(fact), width: room).map(style.bold)
        switch fact.kind {
        case .enumeration(let values), .list(let values):
            let labels = values.enumerated().map { "  \($0.offset + 1). \($0.element)" }
            let width = labels.map(DisplayWidth.of).max() ?? 0
            for (index, value) in values.enumerated() {
                let meaning = fact.valueMeanings.first { $0.value == value }?.meaning ?? ""
                if meaning.isEmpty {
                    lines.append(labels[index])
                } else {
                    let head = TextLayout.padded(labels[index], to: width) + "  "
                    lines += TextLayout.wrap(meaning, width: room, first: head, rest: String(repeating: " ", count: DisplayWidth.of(head)))
                }
            }
        default:
            break
        }
        var previous = ""
        if let answer = question.previousAnswer {
            previous = " Before: \(InterviewText.describe(answer, for: fact))."
        } else if question.wasSkipped {
            previous = " Before: skipped."
        }
        let back = context.isChange ? "back keeps your answer" : "back"
        lines += TextLayout.wrap("Answer: \(AnswerParser.expectation(fact)).\(previous) ? explains, \(back), skip, quit.", width: room).map(style.dim)
        say(lines)
        while true {
            switch read() {
            case .endOfInput: return .endOfInput
            case .signal(let number): return .interrupted(number)
            case .text(let text):
                switch AnswerParser.parse(text, for: fact) {
                case .answer(let value): return .answer(value)
                case .command(.help): say(context.why(room - 2).map { $0.isEmpty ? "" : "  " + $0 })
                case .command(let command): return .command(command)
                case .invalid(let message): say([style.warning("  " + message)])
                }
            }
        }
    }

    mutating func review(_ answers: [AnswerLine]) -> ReviewOutcome {
        var lines = ["", style.bold("Check your answers")]
        for line in answers {
            let label = "  \(line.number). "
            let indent = String(repeating: " ", count: label.count)
            lines += TextLayout.wrap(line.question, width: room, first: label, rest: indent)
            lines += TextLayout.wrap(line.answer, width: room, first: indent, rest: indent).map(style.accent)
        }
        if answers.isEmpty { lines.append("  (no answers: every question was left out)") }
        let range = answers.isEmpty ? "" : "a number (1 to \(answers.count)) to change that answer, or "
        lines += TextLayout.wrap("Type \(range)press Enter to see the recommendation; back, quit.", width: room).map(style.dim)
        say(lines)
        while true {
            switch read() {
            // Piped answers that end here go on to the result: a script needs no extra line.
            case .endOfInput: return .confirm
            case .signal(let number): return .interrupted(number)
            case .text(let text):
                let typed = text.trimmingCharacters(in: .whitespaces)
                if typed.isEmpty || ["y", "yes", "ok", "continue"].contains(typed.lowercased()) { return .confirm }
                if let command = InterviewCommand(typed: typed) {
                    switch command {
                    case .help:
                        say(TextLayout.wrap(
                            "Your answers decide the recommendation. Changing one asks its question again; the interview then asks any question the new answer makes relevant, and lists your answers again.",
                            width: room - 2
                        ).map { "  " + $0 })
                        continue
                    case .skip:
                        say([style.warning("  skip leaves a question unanswered; here, type an answer's number to change it, or press Enter")])
                        continue
                    case .back, .quit: return .command(command)
                    }
                }
                if let number = Int(typed), answers.indices.contains(number - 1) { return .change(fact: answers[number - 1].fact) }
                if let line = answers.first(where: { $0.fact == typed }) { return .change(fact: line.fact) }
                let choose = answers.isEmpty ? "" : "type 1 to \(answers.count) to change an answer, or "
                say([style.warning("  '\(typed)' is not an answer's number: \(choose)press Enter to see the recommendation")])
            }
        }
    }

    mutating func say(_ lines: [String]) {
        TerminalControl.writeOut(lines.map { $0 + "\n" }.joined())
    }

    mutating func warn(_ message: String) {
        say([style.warning(message)])
    }

    mutating func conclude(_ lines: [String]) {
        say(lines)
    }

    mutating func offer(_ prompt: String, suggestion: String, about: String) -> OfferOutcome {
        say(["", "\(prompt) Type a file name (e.g. \(suggestion)), yes for that name, or press Enter for no."])
        while true {
            switch read() {
            case .endOfInput: return .endOfInput
            case .signal(let number): return .interrupted(number)
            case .text(let text):
                switch FileAnswer.parse(text, suggestion: suggestion) {
                case .path(let path): return .accepted(path: path)
                case .no: return .declined
                case .command(.help):
                    say(TextLayout.wrap(about + " A file called quit, back, skip or yes is typed ./quit and so on.", width: room - 2).map { "  " + $0 })
                case .command(let command): return .command(command)
                case .invalid(let problem): say([style.warning("  " + problem)])
                }
            }
        }
    }

    mutating func close() {}

    /// The next line after a "> " prompt, echoed when piped.
    private mutating func read() -> LineInput.Line {
        TerminalControl.writeOut("> ")
        let line = input.next()
        switch line {
        case .text(let text): TerminalControl.writeOut((echoes ? text : "") + (echoes ? "\n" : ""))
        case .endOfInput, .signal: TerminalControl.writeOut("\n")
        }
        return line
    }
}
