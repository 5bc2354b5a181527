import Mustache

/// Markdown text the reports write: escaping of plain text, code spans, and the tidying pass
/// that keeps every report valid whatever a template's whitespace.
public enum MarkdownText {
    /// The longest line the tidying pass leaves in prose (the Markdown linters' default).
    public static let lineWidth = 80

    /// Plain text made safe inside a Markdown paragraph, list item or table cell: characters that
    /// would start emphasis, links, HTML, code or a table cell are backslash-escaped, a leading
    /// character that would start a block is escaped, and line breaks become spaces.
    public static func escape(_ text: String) -> String {
        let characters = Array(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
        var output = ""
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "\\", "`", "*", "[", "]", "<", ">", "|", "~":
                output += "\\" + String(character)
            case "_":
                // Inside a word (`content_commerce`) an underscore never makes emphasis.
                let inWord = (previous.map { $0.isLetter || $0.isNumber } ?? false) && (next.map { $0.isLetter || $0.isNumber } ?? false)
                output += inWord ? "_" : "\\_"
            case "&":
                // Only what would read as an entity (`&amp;`, `&#38;`) needs the escape.
                let name = characters[(index + 1)...].prefix { $0.isLetter || $0.isNumber || $0 == "#" }
                let entity = !name.isEmpty && index + 1 + name.count < characters.count && characters[index + 1 + name.count] == ";"
                output += entity ? "\\&" : "&"
            default:
                // At the start, "#" would make a heading, "- " or "+ " a list item, "=" an underline.
                let startsBlock = index == 0 && (character == "#" || character == "=" || ((character == "-" || character == "+") && (next == nil || next == " ")))
                output += startsBlock ? "\\" + String(character) : String(character)
            }
        }
        // A leading "1." or "1)" would start an ordered list.
        if let first = output.first, first.isNumber {
            let digits = output.prefix { $0.isNumber }
            let rest = output.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.count == 1 || rest.dropFirst().first == " " {
                output = String(digits) + "\\" + String(rest)
            }
        }
        return output
    }

    /// A code span holding the text verbatim: fenced with more backticks than any run inside it.
    public static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = flat.hasPrefix("`") || flat.hasSuffix("`") || (flat.hasPrefix(" ") && flat.hasSuffix(" ") && !flat.allSatisfy { $0 == " " })
        return padded ? "\(fence) \(flat) \(fence)" : "\(fence)\(flat)\(fence)"
    }

    /// Tidies rendered Markdown: trailing spaces removed, runs of blank lines collapsed to one,
    /// the lines of each paragraph or list item joined and wrapped again at `lineWidth` (list
    /// items and quotes keep their indentation), and exactly one newline at the end. Fenced code,
    /// tables, headings and link definitions are left as they are. Joining lines changes nothing
    /// a reader sees: Markdown renders a line break inside a paragraph as a space.
    public static func tidy(_ markdown: String, lineWidth: Int = MarkdownText.lineWidth) -> String {
        var output: [String] = []
        var fence: String?
        var blankPending = false
        // The paragraph being gathered: the prefix of its first line, of the lines after, its words.
        var block: (first: String, rest: String, text: String)?

        func flush() {
            if let open = block { output += wrap(open.text, first: open.first, rest: open.rest, lineWidth: lineWidth) }
            block = nil
        }
        func emit(_ line: String) {
            if blankPending, !output.isEmpty { output.append("") }
            blankPending = false
            output.append(line)
        }

        for rawLine in markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine)
            while line.last == " " || line.last == "\t" { line.removeLast() }
            let lead = String(line.prefix { $0 == " " })
            let body = line.dropFirst(lead.count)
            if let open = fence {
                output.append(line)
                if body.hasPrefix(open) && body.allSatisfy({ $0 == open.first }) { fence = nil }
                continue
            }
            if line.isEmpty {
                flush()
                blankPending = !output.isEmpty
                continue
            }
            if body.hasPrefix("```") || body.hasPrefix("~~~") {
                flush()
                fence = String(body.prefix { $0 == body.first })
                emit(line)
                continue
            }
            if body.hasPrefix("|") || body.hasPrefix("#") || (body.hasPrefix("[") && body.contains("]:")) {
                flush()
                emit(line)
                continue
            }
            // A quote's lines keep "> " in front; inside it, the same rules apply.
            var quote = ""
            var content = Substring(body)
            if content.hasPrefix(">") {
                quote = content.hasPrefix("> ") ? "> " : ">"
                content = content.dropFirst(quote.count)
            }
            if let marker = listMarker(content) {
                flush()
                if blankPending, !output.isEmpty { output.append("") }
                blankPending = false
                let first = lead + quote + marker
                block = (first, lead + quote + String(repeating: " ", count: marker.count), String(content.dropFirst(marker.count)))
                continue
            }
            let text = content.trimmingPrefix { $0 == " " }
            if let open = block, open.rest == lead + quote, !text.isEmpty,
                !startsBlock(String(text.prefix { $0 != " " }), alone: !text.contains(" "))
            {
                block = (open.first, open.rest, open.text + joint(open.text.last, text.first) + text)
                continue
            }
            flush()
            if blankPending, !output.isEmpty { output.append("") }
            blankPending = false
            block = (lead + quote, lead + quote, String(text))
        }
        flush()
        return output.joined(separator: "\n") + "\n"
    }

    /// What joins two lines of one paragraph: a space, but nothing beside a wide (Chinese,
    /// Japanese, full-width) character: Chinese sets Latin letters and digits against its
    /// characters without a space (M2C平台, 。M2C在), and a space would show in the rendered text.
    static func joint(_ before: Character?, _ after: Character?) -> String {
        guard let before, let after else { return " " }
        return DisplayWidth.of(before) == 2 || DisplayWidth.of(after) == 2 ? "" : " "
    }

    /// A paragraph's text wrapped to `lineWidth` at spaces, the first line after `first` and the
    /// others after `rest`. A word that would begin a new block at the start of a line (or an
    /// `=`, kept beside what it equates) goes down together with the word before it; a word
    /// longer than the width gets a line of its own.
    static func wrap(_ text: String, first: String, rest: String, lineWidth: Int = MarkdownText.lineWidth) -> [String] {
        let words = pieces(text)
        var lines: [String] = []
        var prefix = first
        var line: [Piece] = []
        func render(_ prefix: String, _ words: [Piece]) -> String {
            prefix + words.enumerated().map { index, piece in (index == 0 || piece.glued ? "" : " ") + piece.text }.joined()
        }
        for (index, word) in words.enumerated() {
            guard !line.isEmpty, width(render(prefix, line + [word])) > lineWidth else {
                line.append(word)
                continue
            }
            let cannotLead = word.text == "=" || startsBlock(word.text, alone: index == words.count - 1)
            if !cannotLead {
                lines.append(render(prefix, line))
                (prefix, line) = (rest, [word])
            } else if line.count >= 2, let previous = line.last, !startsBlock(previous.text) {
                lines.append(render(prefix, Array(line.dropLast())))
                (prefix, line) = (rest, [previous, word])
            } else {
                line.append(word)  // nowhere safe to break: the line runs long
            }
        }
        lines.append(render(prefix, line))
        return lines
    }

    /// A piece of a paragraph a line may break before: a word between spaces, or, in text
    /// without spaces (Chinese), the run between two wide characters (`glued`: no space before
    /// it). Between a wide character and a Latin letter or digit (自营|B2C) only after Chinese
    /// punctuation (、|payment): a line break shows as a space in the rendered text, which
    /// Chinese does not set, but a run of ids joined by 、 still needs somewhere to break.
    struct Piece {
        var text: String
        var glued: Bool
    }

    /// Punctuation a line must not begin with (Chinese line-breaking rules): it stays with the
    /// character before it.
    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "】", "”", "’", "…"]

    /// Punctuation a line must not end with: it stays with the character after it.
    static let openingPunctuation: Set<Character> = ["（", "《", "「", "『", "【", "“", "‘"]

    /// The pieces of a paragraph's text. A code span is never cut (a line break inside it would
    /// become a space in the code).
    static func pieces(_ text: String) -> [Piece] {
        var result: [Piece] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var current = ""
            var ticks = 0
            var glued = false
            let characters = Array(word)
            for (index, character) in characters.enumerated() {
                current.append(character)
                if character == "`" { ticks += 1 }
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // Nor before an emphasis delimiter: a `**` that begins a line cannot close the bold.
                guard DisplayWidth.of(character) == 2, ticks % 2 == 0, let next, !closingPunctuation.contains(next), next != "*", !openingPunctuation.contains(character),
                    DisplayWidth.of(next) == 2 || closingPunctuation.contains(character)
                else { continue }
                result.append(Piece(text: current, glued: glued))
                (current, glued) = ("", true)
            }
            if !current.isEmpty { result.append(Piece(text: current, glued: glued)) }
        }
        return result
    }

    /// The list marker at the start of a line ("- ", "* ", "+ ", "12. "), with its space.
    static func listMarker(_ text: Substring) -> String? {
        for bullet in ["- ", "* ", "+ "] where text.hasPrefix(bullet) { return bullet }
        let digits = text.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = text.dropFirst(digits.count)
        if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return String(digits) + String(rest.prefix(2)) }
        return nil
    }

    /// Whether a word at the start of a line would begin a new block (a list item, heading,
    /// quote, table, fence, HTML, or an underline when it is the line's only word) instead of
    /// continuing the paragraph.
    static func startsBlock(_ word: String, alone: Bool = false) -> Bool {
        guard let first = word.first else { return false }
        if word == "-" || word == "+" || word == "*" { return true }
        if alone, word.allSatisfy({ "-=*_".contains($0) }) { return true }
        if word.allSatisfy({ $0 == "#" }), word.count <= 6 { return true }
        if ">|<".contains(first) || word.hasPrefix("```") || word.hasPrefix("~~~") { return true }
        let digits = word.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = word.dropFirst(digits.count)
            if rest == "." || rest == ")" { return true }
        }
        return false
    }

    /// The width of a line: as linters count it (Unicode scalars) or as a terminal shows it
    /// (a Chinese character takes two columns), whichever is more, so that a Chinese report
    /// reads in 80 columns too.
    static func width(_ text: String) -> Int { max(text.unicodeScalars.count, DisplayWidth.of(text)) }
}

/// The content type `{{% CONTENT_TYPE: MARKDOWN}}`: `{{name}}` escapes plain text for Markdown
/// (`{{{name}}}` inserts a value that is already Markdown).
struct MarkdownContentType: MustacheContentType {
    static let name = "MARKDOWN"
    /// Registers the content type once, before any template is parsed.
    static let registered: Void = { MustacheContentTypes.register(MarkdownContentType(), named: MarkdownContentType.name) }()

    func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
}
