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
    /// The interview's language.
    let words: ToolWords
    private var input = LineInput()
    /// Echo what was read after the prompt, so a transcript of piped answers reads like a dialogue.
    private let echoes = isatty(STDIN_FILENO) != 1

    init(style: Style, words: ToolWords = .english) {
        self.style = style
        self.words = words
    }

    private var room: Int { max(TerminalControl.columns - 1, 20) }

    mutating func ask(_ question: InterviewQuestion, context: QuestionContext) -> PromptOutcome {
        let fact = question.fact
        var lines = [""] + TextLayout.wrap(InterviewText.progress(question, words: words), width: room).map(style.dim)
        lines += TextLayout.wrap(InterviewText.question(fact, words: words), width: room).map(style.bold)
        switch fact.kind {
        case .enumeration(let values), .list(let values):
            let labels = values.enumerated().map { "  \($0.offset + 1). \($0.element)" }
            let width = labels.map(DisplayWidth.of).max() ?? 0
            for (index, value) in values.enumerated() {
                let meaning = fact.valueMeanings.first { $0.value == value }?.meaning ?? ""
                if !InterviewText.showsValueIds(words) {
                    // The choice's text alone, for a reader of another language than the ids'.
                    let head = "  \(index + 1). "
                    lines += TextLayout.wrap(InterviewText.choiceName(value, of: fact, words: words), width: room, first: head, rest: String(repeating: " ", count: head.count))
                } else if meaning.isEmpty {
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
            previous = words(.lineBefore, ["answer": InterviewText.describe(answer, for: fact, words: words)])
        } else if question.wasSkipped {
            previous = words(.lineBefore, ["answer": words(.skipped)])
        }
        let back = words(context.isChange ? .lineBackKeeps : .lineBack)
        lines += TextLayout.wrap(
            words(.lineAnswer, ["expectation": AnswerParser.expectation(fact, words: words), "previous": previous, "back": back]), width: room
        ).map(style.dim)
        say(lines)
        while true {
            switch read() {
            case .endOfInput: return .endOfInput
            case .signal(let number): return .interrupted(number)
            case .text(let text):
                switch AnswerParser.parse(text, for: fact, words: words) {
                case .answer(let value): return .answer(value)
                case .command(.help): say(context.why(room - 2).map { $0.isEmpty ? "" : "  " + $0 })
                case .command(let command): return .command(command)
                case .invalid(let message): say([style.warning("  " + message)])
                }
            }
        }
    }

    mutating func review(_ answers: [AnswerLine]) -> ReviewOutcome {
        var lines = ["", style.bold(words(.checkYourAnswers))]
        for line in answers {
            let label = "  \(line.number). "
            let indent = String(repeating: " ", count: label.count)
            lines += TextLayout.wrap(line.question, width: room, first: label, rest: indent)
            lines += TextLayout.wrap(line.answer, width: room, first: indent, rest: indent).map(style.accent)
        }
        if answers.isEmpty { lines.append(words(.noAnswersLeft)) }
        let range = answers.isEmpty ? "" : words(.lineCheckRange, ["n": String(answers.count)])
        lines += TextLayout.wrap(words(.lineCheckPrompt, ["range": range]), width: room).map(style.dim)
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
                        say(TextLayout.wrap(words(.lineCheckHelp), width: room - 2).map { "  " + $0 })
                        continue
                    case .skip:
                        say([style.warning(words(.lineSkipInCheck))])
                        continue
                    case .back, .quit: return .command(command)
                    }
                }
                if let number = Int(typed), answers.indices.contains(number - 1) { return .change(fact: answers[number - 1].fact) }
                if let line = answers.first(where: { $0.fact == typed }) { return .change(fact: line.fact) }
                let choose = answers.isEmpty ? "" : words(.lineCheckChoose, ["n": String(answers.count)])
                say([style.warning(words(.notAnswerNumber, ["typed": typed, "choose": choose]))])
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
        say(["", words(.offerLine, ["prompt": prompt, "suggestion": suggestion])])
        while true {
            switch read() {
            case .endOfInput: return .endOfInput
            case .signal(let number): return .interrupted(number)
            case .text(let text):
                switch FileAnswer.parse(text, suggestion: suggestion, words: words) {
                case .path(let path): return .accepted(path: path)
                case .no: return .declined
                case .command(.help):
                    say(TextLayout.wrap(about + words(.offerHelpTail), width: room - 2).map { "  " + $0 })
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
