@preconcurrency import Glibc
import AdvisorCEL
import AdvisorEngine
import AdvisorReports
import Foundation
import AdvisorInterview

/// Arrow-key menus in a real terminal, each screen drawn whole on the alternate screen and laid
/// out for the terminal's size every time (a resize redraws it): enum facts as a menu, bool facts
/// as yes/no, lists as a multi-select, numbers as typed input; then the list of answers to check
/// and the offers to save. Typing a choice's number or first letters moves to it; `?` shows help
/// and WHY (PgDn/PgUp scroll it); typing `back`, `skip` or `quit` and Enter steers the
/// interview; Ctrl-C saves and quits; Ctrl-L redraws. When the conversation ends, the normal
/// screen comes back and gets the opening, every answer and the result, to scroll back to.
struct MenuPrompter: InterviewPrompter {
    let style: Style
    private var screen = FullScreen()
    private var pending: [Key] = []
    /// Lines said before the first question: the opening.
    private var opening: [String] = []
    /// The answers as the last question or list showed them.
    private var answers: [AnswerLine] = []
    /// The result, and lines said after it (or after quitting): what was saved.
    private var result: [String] = []
    private var closing: [String] = []
    /// Whether a question or the list of answers has been shown.
    private var started = false
    /// A warning for the next screen.
    private var notice: String?

    /// The interview's language.
    let words: ToolWords

    init(style: Style, words: ToolWords = .english) {
        self.style = style
        self.words = words
    }

    /// The next key, a termination signal, a resize, or the end of input.
    private enum Event {
        case key(Key)
        case signal(Int32)
        case resized
        case endOfInput
    }

    private mutating func nextEvent() -> Event {
        while pending.isEmpty {
            switch TerminalControl.read() {
            case .bytes(let bytes): pending += Key.parse(bytes)
            case .signal(let number): return .signal(number)
            case .resized: return .resized
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
        /// Whether `typed` is the earlier answer, offered again: typing replaces it.
        var typedIsOffered = false
        var message: String?
        var showsWhy = false
        /// The first help line shown, when the help is longer than the room for it.
        var helpOffset = 0
        /// The help lines' page size at the last draw (what PgDn moves by).
        var helpPage = 1
    }

    mutating func ask(_ question: InterviewQuestion, context: QuestionContext) -> PromptOutcome {
        started = true
        answers = context.answers
        let fact = question.fact
        var editor = Editor(choices: choices(for: fact))
        editor.message = notice
        notice = nil
        if let previous = question.previousAnswer { preselect(previous, fact: fact, in: &editor) }
        var why: (width: Int, lines: [String])?
        var scratch = false
        while true {
            let size = FullScreen.Size.current
            if editor.showsWhy, why?.width != size.room - 4 { why = (size.room - 4, context.why(size.room - 4)) }
            let frame = questionFrame(question, context, &editor, why: editor.showsWhy ? why?.lines ?? [] : [], size: size)
            screen.draw(frame, from: scratch)
            scratch = false
            let key: Key
            switch nextEvent() {
            case .signal(let number): return .interrupted(number)
            case .endOfInput: return .endOfInput
            case .resized: continue
            case .key(let pressed): key = pressed
            }
            editor.message = nil
            switch key {
            case .interrupt: return .interrupted(SIGINT)
            case .endOfInput: return .endOfInput
            case .redraw: scratch = true
            case .up:
                editor.typed = ""
                if !editor.choices.isEmpty {
                    editor.cursor = (editor.cursor + editor.choices.count - 1) % editor.choices.count
                } else {
                    editor.helpOffset = max(editor.helpOffset - 1, 0)
                }
            case .down:
                editor.typed = ""
                if !editor.choices.isEmpty {
                    editor.cursor = (editor.cursor + 1) % editor.choices.count
                } else {
                    editor.helpOffset += 1
                }
            case .pageUp: editor.helpOffset = max(editor.helpOffset - editor.helpPage, 0)
            case .pageDown: editor.helpOffset += editor.helpPage
            case .escape, .clearTyped:
                editor.typed = ""
            case .backspace:
                if !editor.typed.isEmpty { editor.typed.removeLast() }
                editor.typedIsOffered = false
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
                    editor.helpOffset = 0
                } else {
                    if editor.typedIsOffered { editor.typed = "" }
                    editor.typedIsOffered = false
                    editor.typed.append(character)
                    moveToTyped(&editor)
                }
            case .enter:
                if let outcome = enter(question, &editor) { return outcome }
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
                editor.helpOffset = 0
                return nil
            }
            return .command(command)
        }
        let answer: TypedAnswer
        switch fact.kind {
        case .enumeration, .bool:
            if !editor.typed.isEmpty, case .failure(let error) = AnswerParser.choice(editor.typed, among: editor.choices.map(\.value), words: words) {
                editor.message = error.message
                return nil
            }
            answer = AnswerParser.parse(editor.choices[editor.cursor].value, for: fact, words: words)
        case .list:
            if !editor.typed.isEmpty {
                editor.message = words(.listTickHelp)
                return nil
            }
            let values = editor.ticked.sorted().map { editor.choices[$0].value }
            answer = AnswerParser.parse(values.isEmpty ? "none" : values.joined(separator: ","), for: fact, words: words)
        case .number, .integer:
            answer = AnswerParser.parse(editor.typed, for: fact, words: words)
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
        } else if let index = editor.choices.firstIndex(where: { $0.value.lowercased().hasPrefix(typed) })
            ?? editor.choices.firstIndex(where: { !$0.meaning.isEmpty && $0.meaning.lowercased().hasPrefix(typed) })
        {
            editor.cursor = index
        }
    }

    private func choices(for fact: FactDeclaration) -> [ValueMeaning] {
        switch fact.kind {
        case .bool:
            // The values typed stay yes and no; a language with other words says them beside.
            return [(value: "yes", said: words(.yes)), (value: "no", said: words(.no))].map { ValueMeaning(value: $0.value, meaning: $0.said == $0.value ? "" : $0.said) }
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
        case .double(let number):
            editor.typed = FactValues.format(number)
            editor.typedIsOffered = true
        case .int(let number):
            editor.typed = "\(number)"
            editor.typedIsOffered = true
        default: break
        }
    }

    private func isList(_ fact: FactDeclaration) -> Bool {
        if case .list = fact.kind { return true }
        return false
    }

    // MARK: - Laying out a question

    private func questionFrame(_ question: InterviewQuestion, _ context: QuestionContext, _ editor: inout Editor, why: [String], size: FullScreen.Size) -> [String] {
        let fact = question.fact
        let room = size.room
        var top = TextLayout.wrap(InterviewText.progress(question, words: words), width: room).map(style.dim)
        top += TextLayout.wrap(InterviewText.question(fact, words: words), width: room).map(style.bold)
        if context.isChange {
            top += TextLayout.wrap(words(.changingAnswer), width: room).map(style.dim)
        }
        var choiceLines: [[String]] = []
        var typedLine: [String] = []
        if editor.choices.isEmpty {
            let unit = fact.unit.map { " " + $0 } ?? ""
            typedLine = [style.accent("> ") + TextLayout.truncate(editor.typed, to: room - 3 - DisplayWidth.of(unit)) + "_" + style.dim(unit)]
        } else {
            choiceLines = menuLines(editor, list: isList(fact), room: room)
            if !editor.typed.isEmpty { typedLine = [style.accent("> ") + TextLayout.truncate(editor.typed, to: room - 2)] }
        }
        var bottom: [String] = []
        if let message = editor.message {
            bottom += TextLayout.wrap(message, width: room, first: "! ", rest: "  ").map(style.warning)
        }
        let hint: String
        switch fact.kind {
        case .list: hint = words(.hintList)
        case .number, .integer: hint = words(.hintNumber, ["expectation": AnswerParser.expectation(fact, words: words)])
        default: hint = words(.hintChoice)
        }
        bottom += TextLayout.wrap(hint, width: room).map(style.dim)

        // The room left for the choices and the help; the conversation gets what remains above.
        let fixed = top.count + typedLine.count + bottom.count
        let available = max(size.rows - fixed, 1)
        let choiceCount = choiceLines.reduce(0) { $0 + $1.count }
        let helpCount = why.count
        var choiceRoom = min(choiceCount, available)
        if helpCount > 0 {
            choiceRoom = min(choiceCount, max(available - helpCount, available / 2, choiceLines.isEmpty ? 0 : choiceLines[editor.cursor].count))
        }
        let helpRoom = helpCount > 0 ? max(available - choiceRoom, 0) : 0
        var block = top
        block += window(choiceLines, focus: editor.cursor, rows: choiceRoom)
        block += typedLine
        block += helpPanel(why, offset: &editor.helpOffset, page: &editor.helpPage, rows: helpRoom, room: room)
        block += bottom
        return conversation(rows: size.rows - block.count, room: room) + block
    }

    /// The choices as lines: "> 1. value  meaning", the meanings wrapped into a column (or below
    /// the value when the column would be too narrow); the highlighted choice's lines marked.
    private func menuLines(_ editor: Editor, list: Bool, room: Int) -> [[String]] {
        let count = editor.choices.count
        // A reader of another language than the ids' sees each choice's text alone.
        let idsShown = InterviewText.showsValueIds(words)
        let labels = editor.choices.enumerated().map { index, choice in
            (count > 1 ? "\(index + 1). " : "") + (idsShown || choice.meaning.isEmpty ? choice.value : choice.meaning)
        }
        let labelWidth = labels.map(DisplayWidth.of).max() ?? 0
        return editor.choices.enumerated().map { index, choice in
            let isCursor = index == editor.cursor
            let mark = (isCursor ? "> " : "  ") + (list ? (editor.ticked.contains(index) ? "[x] " : "[ ] ") : "")
            let head = mark + TextLayout.padded(labels[index], to: labelWidth)
            var lines: [String]
            if choice.meaning.isEmpty || !idsShown {
                lines = TextLayout.wrap(labels[index], width: room, first: mark, rest: String(repeating: " ", count: DisplayWidth.of(mark) + (count > 1 ? "\(index + 1). ".count : 0)))
            } else {
                let column = DisplayWidth.of(head) + 2
                if room - column >= min(24, room / 2) {
                    lines = TextLayout.wrap(choice.meaning, width: room, first: head + "  ", rest: String(repeating: " ", count: column))
                } else {
                    let indent = String(repeating: " ", count: DisplayWidth.of(mark) + 3)
                    lines = [mark + labels[index]] + TextLayout.wrap(choice.meaning, width: room, first: indent, rest: indent)
                }
            }
            return isCursor ? lines.map { style.highlight(style.accent($0)) } : lines
        }
    }

    /// At most `rows` lines of the items, the focused item in view, with a line at each end
    /// saying how many items are out of view above and below.
    private func window(_ items: [[String]], focus: Int, rows: Int) -> [String] {
        let all = items.flatMap { $0 }
        guard all.count > rows else { return all }
        guard rows >= 3, items.indices.contains(focus) else { return Array(all.prefix(max(rows, 0))) }
        var starts: [Int] = []
        var total = 0
        for item in items {
            starts.append(total)
            total += item.count
        }
        let inner = rows - 2
        // The focused item a third of the way down where the ends allow, and whole if it fits.
        var first = max(0, min(starts[focus] - inner / 3, all.count - inner))
        let focusEnd = starts[focus] + items[focus].count
        if focusEnd > first + inner { first = min(starts[focus], focusEnd - inner) }
        let last = first + inner
        let above = items.indices.filter { starts[$0] < first }.count
        let below = items.indices.filter { starts[$0] + items[$0].count > last }.count
        return [style.dim(above > 0 ? "  ↑ \(above) more" : "")] + all[first..<min(last, all.count)] + [style.dim(below > 0 ? "  ↓ \(below) more" : "")]
    }

    /// The help and WHY lines in at most `rows` rows: when they do not fit, a page of them and a
    /// line saying which lines show and how to scroll.
    private func helpPanel(_ lines: [String], offset: inout Int, page: inout Int, rows: Int, room: Int) -> [String] {
        guard !lines.isEmpty, rows > 0 else { return [] }
        let bar = style.dim("  | ")
        if lines.count <= rows {
            offset = 0
            return lines.map { bar + $0 }
        }
        let visible = max(rows - 1, 1)
        page = max(visible - 1, 1)
        offset = min(offset, lines.count - visible)
        let end = offset + visible
        let where_ = words(.scrollLines, ["from": String(offset + 1), "to": String(end), "n": String(lines.count)])
        let how = words(offset == 0 ? .scrollDown : end == lines.count ? .scrollUp : .scrollBoth)
        return lines[offset..<end].map { bar + $0 } + [style.dim(TextLayout.truncate("  | \(where_) · \(how)", to: room))]
    }

    /// The end of the conversation so far, in at most `rows` rows: the opening and the answers.
    private func conversation(rows: Int, room: Int) -> [String] {
        guard rows > 0 else { return [] }
        let lines = TerminalText.fit(opening, to: room) + answers.map { answerRow($0, room: room) }
        return Array(lines.suffix(rows))
    }

    /// "Q3 How do you buy goods abroad?  personal" in one row, the question cut to make room.
    private func answerRow(_ line: AnswerLine, room: Int) -> String {
        let answer = TextLayout.truncate(line.answer, to: max(room / 2, 10))
        let question = TextLayout.truncate(words(.questionNumber, ["n": String(line.number)]) + " " + line.question, to: max(room - DisplayWidth.of(answer) - 2, 10))
        return style.dim(question) + "  " + style.accent(answer)
    }

    // MARK: - Check your answers

    mutating func review(_ lines: [AnswerLine]) -> ReviewOutcome {
        started = true
        answers = lines
        var cursor = lines.count  // "Continue", below the answers
        var typed = ""
        var message = notice
        notice = nil
        var showsHelp = false
        var scratch = false
        while true {
            let size = FullScreen.Size.current
            screen.draw(reviewFrame(lines, cursor: cursor, typed: typed, message: message, showsHelp: showsHelp, size: size), from: scratch)
            scratch = false
            let key: Key
            switch nextEvent() {
            case .signal(let number): return .interrupted(number)
            case .endOfInput: return .endOfInput
            case .resized: continue
            case .key(let pressed): key = pressed
            }
            message = nil
            switch key {
            case .interrupt: return .interrupted(SIGINT)
            case .endOfInput: return .endOfInput
            case .redraw: scratch = true
            case .up, .left:
                typed = ""
                cursor = (cursor + lines.count) % (lines.count + 1)
            case .down, .right, .tab:
                typed = ""
                cursor = (cursor + 1) % (lines.count + 1)
            case .home, .pageUp: cursor = 0
            case .end, .pageDown: cursor = lines.count
            case .escape, .clearTyped: typed = ""
            case .backspace:
                if !typed.isEmpty { typed.removeLast() }
            case .space: break
            case .character(let character):
                if character == "?" && typed.isEmpty {
                    showsHelp.toggle()
                    continue
                }
                typed.append(character)
                if let number = Int(typed), number >= 1, number <= lines.count { cursor = number - 1 }
            case .enter:
                if let command = InterviewCommand(typed: typed) {
                    typed = ""
                    if command == .help {
                        showsHelp.toggle()
                        continue
                    }
                    if command == .skip {
                        message = words(.skipInCheck)
                        continue
                    }
                    return .command(command)
                }
                if !typed.isEmpty, Int(typed) == nil {
                    message = words(.notAnswerNumberMenu, ["typed": typed, "n": String(lines.count)])
                    typed = ""
                    continue
                }
                typed = ""
                return cursor < lines.count ? .change(fact: lines[cursor].fact) : .confirm
            }
        }
    }

    private func reviewFrame(_ lines: [AnswerLine], cursor: Int, typed: String, message: String?, showsHelp: Bool, size: FullScreen.Size) -> [String] {
        let room = size.room
        var top = [style.bold(words(.checkYourAnswers))]
        top += TextLayout.wrap(words(.checkIntro), width: room).map(style.dim)
        top.append("")
        var items: [[String]] = lines.enumerated().map { index, line in
            let mark = index == cursor ? "> " : "  "
            let label = "\(line.number). "
            let indent = String(repeating: " ", count: 2 + DisplayWidth.of(label))
            let question = TextLayout.wrap(line.question, width: room, first: mark + label, rest: indent)
            let answer = TextLayout.wrap(line.answer, width: room, first: indent, rest: indent)
            return index == cursor ? (question + answer).map { style.highlight(style.accent($0)) } : question.map { $0 } + answer.map(style.accent)
        }
        let onward = (cursor == lines.count ? "> " : "  ") + words(.checkContinue)
        items.append([cursor == lines.count ? style.highlight(style.accent(onward)) : style.bold(onward)])
        var bottom: [String] = []
        if !typed.isEmpty { bottom.append(style.accent("> ") + TextLayout.truncate(typed, to: room - 2)) }
        if showsHelp {
            let help = words(.checkHelpMenu)
            bottom += TextLayout.wrap(help, width: room - 4).map { style.dim("  | ") + $0 }
        }
        if let message { bottom += TextLayout.wrap(message, width: room, first: "! ", rest: "  ").map(style.warning) }
        bottom += TextLayout.wrap(
            words(.checkHintMenu),
            width: room
        ).map(style.dim)
        let rows = max(size.rows - top.count - bottom.count, 1)
        return top + window(items, focus: cursor, rows: rows) + bottom
    }

    // MARK: - The end

    mutating func say(_ lines: [String]) {
        if started { closing += lines } else { opening += lines }
    }

    mutating func warn(_ message: String) {
        notice = message
    }

    mutating func conclude(_ lines: [String]) {
        result = lines
    }

    mutating func offer(_ prompt: String, suggestion: String, about: String) -> OfferOutcome {
        var typed = suggestion
        var message = notice
        notice = nil
        var showsHelp = false
        var scratch = false
        while true {
            let size = FullScreen.Size.current
            let room = size.room
            var block = TextLayout.wrap(prompt, width: room).map(style.bold)
            block.append(style.accent("> ") + TextLayout.truncate(typed, to: room - 3) + "_")
            if showsHelp { block += TextLayout.wrap(about, width: room - 4).map { style.dim("  | ") + $0 } }
            if let message { block += TextLayout.wrap(message, width: room, first: "! ", rest: "  ").map(style.warning) }
            block += TextLayout.wrap(
                words(.saveHint),
                width: room
            ).map(style.dim)
            let above = TerminalText.fit(result + closing, to: room).suffix(max(size.rows - block.count, 0))
            screen.draw(Array(above) + block, from: scratch)
            scratch = false
            switch nextEvent() {
            case .signal(let number): return .interrupted(number)
            case .endOfInput: return .endOfInput
            case .resized: continue
            case .key(let key):
                message = nil
                switch key {
                case .interrupt: return .interrupted(SIGINT)
                case .endOfInput: return .endOfInput
                case .redraw: scratch = true
                case .escape:
                    closing.append(style.dim(prompt) + " " + style.accent(words(.no)))
                    return .declined
                case .clearTyped: typed = ""
                case .backspace:
                    if !typed.isEmpty { typed.removeLast() }
                case .space: typed.append(" ")
                case .character(let character):
                    if character == "?" && (typed.isEmpty || typed == suggestion) {
                        showsHelp.toggle()
                    } else {
                        typed.append(character)
                    }
                case .enter:
                    switch FileAnswer.parse(typed, suggestion: suggestion, words: words) {
                    case .path(let path):
                        closing.append(style.dim(prompt) + " " + style.accent(path))
                        return .accepted(path: path)
                    case .no:
                        closing.append(style.dim(prompt) + " " + style.accent(words(.no)))
                        return .declined
                    case .command(.help):
                        showsHelp.toggle()
                        typed = suggestion
                    case .command(let command):
                        return .command(command)
                    case .invalid(let problem):
                        message = problem
                    }
                default:
                    break
                }
            }
        }
    }

    mutating func close() {
        screen.leave()
        let room = max(TerminalControl.columns - 1, 10)
        var lines = opening
        for line in answers {
            let text = words(.questionNumber, ["n": String(line.number)]) + " " + line.question
            if DisplayWidth.of(text) + 2 + DisplayWidth.of(line.answer) <= room {
                lines.append(style.dim(text) + "  " + style.accent(line.answer))
            } else {
                lines += TextLayout.wrap(text, width: room, first: "", rest: "    ").map(style.dim)
                lines += TextLayout.wrap(line.answer, width: room, first: "    ", rest: "    ").map(style.accent)
            }
        }
        lines += result + closing
        TerminalControl.writeOut(TerminalText.fit(lines, to: room).map { $0 + "\n" }.joined())
        opening = []
        answers = []
        result = []
        closing = []
    }
}
