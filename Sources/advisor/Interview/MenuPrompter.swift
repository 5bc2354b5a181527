@preconcurrency import Glibc
import AdvisorCEL
import AdvisorEngine
import Foundation

/// Arrow-key menus in a real terminal, drawn in place below the conversation so far: enum facts
/// as a menu, bool facts as yes/no, lists as a multi-select, numbers as typed input. Typing a
/// choice's number or first letters moves to it; `?` shows help and WHY; typing `back`, `skip` or
/// `quit` and Enter steers the interview; Ctrl-C saves and quits.
struct MenuPrompter: InterviewPrompter {
    let style: Style
    private var screen = Screen()
    private var pending: [Key] = []

    init(style: Style) {
        self.style = style
    }

    /// The next key, a termination signal, or the end of input.
    private enum Event {
        case key(Key)
        case signal(Int32)
        case endOfInput
    }

    private mutating func nextEvent() -> Event {
        while pending.isEmpty {
            switch TerminalControl.read() {
            case .bytes(let bytes): pending += Key.parse(bytes)
            case .signal(let number): return .signal(number)
            case .endOfInput: return .endOfInput
            }
        }
        return .key(pending.removeFirst())
    }

    // MARK: - Questions

    /// What is being edited while a question is shown.
    private struct Editor {
        var choices: [ValueMeaning]
        var cursor = 0
        var ticked: Set<Int> = []
        var typed = ""
        var message: String?
        var showsWhy = false
    }

    mutating func ask(_ question: InterviewQuestion, why: (_ width: Int) -> [String]) -> PromptOutcome {
        let fact = question.fact
        var editor = Editor(choices: choices(for: fact))
        if let previous = question.previousAnswer { preselect(previous, fact: fact, in: &editor) }
        var whyLines: [String]?
        while true {
            let width = TerminalControl.columns
            if editor.showsWhy, whyLines == nil { whyLines = why(width - 6) }
            screen.draw(render(question, editor, why: editor.showsWhy ? whyLines ?? [] : [], width: width))
            let key: Key
            switch nextEvent() {
            case .signal(let number):
                screen.clear()
                return .interrupted(number)
            case .endOfInput:
                screen.clear()
                return .endOfInput
            case .key(let pressed): key = pressed
            }
            editor.message = nil
            switch key {
            case .interrupt:
                screen.clear()
                return .interrupted(SIGINT)
            case .endOfInput:
                screen.clear()
                return .endOfInput
            case .up:
                editor.typed = ""
                if !editor.choices.isEmpty { editor.cursor = (editor.cursor + editor.choices.count - 1) % editor.choices.count }
            case .down:
                editor.typed = ""
                if !editor.choices.isEmpty { editor.cursor = (editor.cursor + 1) % editor.choices.count }
            case .escape:
                editor.typed = ""
            case .backspace:
                if !editor.typed.isEmpty { editor.typed.removeLast() }
                moveToTyped(&editor)
            case .space:
                if isList(fact) {
                    if editor.ticked.contains(editor.cursor) { editor.ticked.remove(editor.cursor) } else { editor.ticked.insert(editor.cursor) }
                    editor.typed = ""
                } else if !editor.choices.isEmpty {
                    break  // a space in a menu means nothing
                } else {
                    editor.typed.append(" ")
                }
            case .character(let character):
                if character == "?" && editor.typed.isEmpty {
                    editor.showsWhy.toggle()
                } else {
                    editor.typed.append(character)
                    moveToTyped(&editor)
                }
            case .enter:
                if let outcome = enter(question, &editor) {
                    if case .answer = outcome { return outcome }
                    if case .command = outcome {
                        screen.clear()
                        return outcome
                    }
                }
            case .left, .right, .home, .end, .tab:
                break
            }
        }
    }

    /// What Enter means: run a typed command, choose, confirm the ticked choices, or read a number.
    /// Nil keeps the question open (help shown, or a message explains the problem).
    private func enter(_ question: InterviewQuestion, _ editor: inout Editor) -> PromptOutcome? {
        let fact = question.fact
        if let command = InterviewCommand(typed: editor.typed) {
            editor.typed = ""
            if command == .help {
                editor.showsWhy.toggle()
                return nil
            }
            return .command(command)
        }
        let answer: TypedAnswer
        switch fact.kind {
        case .enumeration, .bool:
            if !editor.typed.isEmpty, case .failure(let error) = AnswerParser.choice(editor.typed, among: editor.choices.map(\.value)) {
                editor.message = error.message
                return nil
            }
            answer = AnswerParser.parse(editor.choices[editor.cursor].value, for: fact)
        case .list:
            if !editor.typed.isEmpty {
                editor.message = "Space ticks the highlighted choice; Enter confirms the ticked ones (or type back, skip, quit)"
                return nil
            }
            let values = editor.ticked.sorted().map { editor.choices[$0].value }
            answer = AnswerParser.parse(values.isEmpty ? "none" : values.joined(separator: ","), for: fact)
        case .number, .integer:
            answer = AnswerParser.parse(editor.typed, for: fact)
        }
        switch answer {
        case .answer(let value): return .answer(value)
        case .command(let command): return .command(command)
        case .invalid(let message):
            editor.message = message
            return nil
        }
    }

    /// Moves the highlight to the choice the typed text names: its number, or the first choice
    /// whose value starts with it.
    private func moveToTyped(_ editor: inout Editor) {
        guard !editor.choices.isEmpty, !editor.typed.isEmpty else { return }
        let typed = editor.typed.lowercased()
        if let number = Int(typed), number >= 1, number <= editor.choices.count {
            editor.cursor = number - 1
        } else if let index = editor.choices.firstIndex(where: { $0.value.lowercased().hasPrefix(typed) }) {
            editor.cursor = index
        }
    }

    private func choices(for fact: FactDeclaration) -> [ValueMeaning] {
        switch fact.kind {
        case .bool:
            return [ValueMeaning(value: "yes", meaning: ""), ValueMeaning(value: "no", meaning: "")]
        case .enumeration(let values), .list(let values):
            return values.map { value in fact.valueMeanings.first { $0.value == value } ?? ValueMeaning(value: value, meaning: "") }
        case .number, .integer:
            return []
        }
    }

    private func preselect(_ previous: CELValue, fact: FactDeclaration, in editor: inout Editor) {
        switch previous {
        case .bool(let flag): editor.cursor = flag ? 0 : 1
        case .string(let text): editor.cursor = editor.choices.firstIndex { $0.value == text } ?? 0
        case .list(let items):
            for case .string(let text) in items {
                if let index = editor.choices.firstIndex(where: { $0.value == text }) { editor.ticked.insert(index) }
            }
        case .double(let number): editor.typed = FactValues.format(number)
        case .int(let number): editor.typed = "\(number)"
        default: break
        }
    }

    private func isList(_ fact: FactDeclaration) -> Bool {
        if case .list = fact.kind { return true }
        return false
    }

    // MARK: - Drawing

    private func render(_ question: InterviewQuestion, _ editor: Editor, why: [String], width: Int) -> [String] {
        let fact = question.fact
        let room = max(width - 1, 20)
        var lines = [style.dim(InterviewText.progress(question).truncated(to: room))]
        lines += InterviewText.wrap(InterviewText.question(fact), width: room).map(style.bold)
        if editor.choices.isEmpty {
            let unit = fact.unit.map { " " + $0 } ?? ""
            lines.append(style.accent("> ") + editor.typed + "_" + style.dim(unit))
        } else {
            let valueWidth = editor.choices.map(\.value.count).max() ?? 0
            for (index, choice) in editor.choices.enumerated() {
                let isCursor = index == editor.cursor
                let mark = isList(fact) ? (editor.ticked.contains(index) ? "[x] " : "[ ] ") : ""
                let number = editor.choices.count > 1 ? "\(index + 1). " : ""
                let meaning = choice.meaning.isEmpty ? "" : "  " + choice.meaning
                let plain = "\(isCursor ? ">" : " ") \(mark)\(number)\(choice.value.padding(to: valueWidth))\(meaning)".truncated(to: room)
                lines.append(isCursor ? style.highlight(style.accent(plain)) : plain)
            }
            if !editor.typed.isEmpty { lines.append(style.accent("> ") + editor.typed) }
        }
        var after: [String] = []
        if let message = editor.message {
            after += InterviewText.wrap(message, width: room - 2, first: "! ", rest: "  ").map(style.warning)
        }
        let hint: String
        switch fact.kind {
        case .list: hint = "up/down move, space ticks, enter confirms, ? why, type back, skip or quit"
        case .number, .integer: hint = "type \(AnswerParser.expectation(fact)), enter confirms, ? why, type back, skip or quit"
        default: hint = "up/down move, enter chooses, type a number or letters, ? why, type back, skip or quit"
        }
        after.append(style.dim(hint.truncated(to: room)))
        // The block is redrawn by moving the cursor up over it, which only works while it fits
        // on the screen: help that does not fit is cut, saying so.
        let space = max(TerminalControl.rows - 1 - lines.count - after.count, 1)
        var help = why
        if help.count > space {
            help = Array(help.prefix(space - 1)) + ["... \(why.count - space + 1) more lines: a taller terminal shows them"]
        }
        for line in help { lines.append(style.dim("  | ") + line.truncated(to: room - 4)) }
        return lines + after
    }

    mutating func recorded(_ question: InterviewQuestion, answer: String) {
        let room = max(TerminalControl.columns - 1, 20)
        let text = "Q\(question.number) \(InterviewText.question(question.fact))"
        screen.commit([style.dim(text.truncated(to: max(room - answer.count - 2, 10))) + "  " + style.accent(answer)])
    }

    mutating func say(_ lines: [String]) {
        screen.commit(lines)
    }

    mutating func offer(_ prompt: String, suggestion: String) -> OfferOutcome {
        var typed = suggestion
        var message: String?
        while true {
            var lines = [style.bold(prompt), style.accent("> ") + typed + "_"]
            if let message { lines.append(style.warning("! " + message)) }
            lines.append(style.dim("enter saves to this file (edit the name first if you like), esc or \"no\" and enter: don't"))
            screen.draw(lines)
            switch nextEvent() {
            case .signal(let number):
                screen.clear()
                return .interrupted(number)
            case .endOfInput:
                screen.clear()
                return .endOfInput
            case .key(let key):
                message = nil
                switch key {
                case .interrupt:
                    screen.clear()
                    return .interrupted(SIGINT)
                case .endOfInput:
                    screen.clear()
                    return .endOfInput
                case .escape:
                    screen.commit([style.dim(prompt) + " " + style.accent("no")])
                    return .declined
                case .backspace:
                    if !typed.isEmpty { typed.removeLast() }
                case .space: typed.append(" ")
                case .character(let character): typed.append(character)
                case .enter:
                    let path = typed.trimmingCharacters(in: .whitespaces)
                    if path.isEmpty || ["n", "no"].contains(path.lowercased()) {
                        screen.commit([style.dim(prompt) + " " + style.accent("no")])
                        return .declined
                    }
                    screen.commit([style.dim(prompt) + " " + style.accent(path)])
                    return .accepted(path: path)
                default:
                    break
                }
            }
        }
    }
}

/// The block of lines a menu occupies, redrawn in place: the cursor goes back up to its first
/// line and everything below is cleared before drawing again. Lines must fit the terminal's
/// width (callers cut them), so each is exactly one row.
struct Screen {
    private var rows = 0

    mutating func draw(_ lines: [String]) {
        TerminalControl.writeOut(eraseBlock() + lines.joined(separator: "\n"))
        rows = lines.count
    }

    /// Removes the block.
    mutating func clear() {
        TerminalControl.writeOut(eraseBlock())
        rows = 0
    }

    /// Replaces the block with lines that stay (the conversation so far).
    mutating func commit(_ lines: [String]) {
        TerminalControl.writeOut(eraseBlock() + lines.map { $0 + "\n" }.joined())
        rows = 0
    }

    private func eraseBlock() -> String {
        guard rows > 0 else { return "" }
        return "\r" + (rows > 1 ? "\u{1B}[\(rows - 1)A" : "") + "\u{1B}[J"
    }
}
