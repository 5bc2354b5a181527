/// Laying out plain text in columns measured by `DisplayWidth`: word wrapping, cutting and
/// padding. For terminals and for monospaced text (tables, charts) alike.
public enum TextLayout {
    /// Wraps text to lines of at most `width` columns, the first starting with `first` and the
    /// others with `rest`. Lines break at spaces, and between two CJK characters (which need no
    /// space), but not before closing punctuation such as "，" or "）" nor after opening "（".
    /// A line break in the text starts a new line. A word only breaks inside when it is longer
    /// than a whole line, and then between characters, never inside one.
    public static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(Substring(paragraph), width: width, first: lines.isEmpty ? first : rest, rest: rest)
        }
        return lines
    }

    /// Cuts text to at most `width` columns, ending in "..." when cut (when `width` leaves room
    /// for it).
    public static func truncate(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        let marker = width > 3 ? "..." : ""
        return prefix(text, columns: width - marker.count) + marker
    }

    /// Text padded with spaces on the right to `width` columns (unchanged when wider).
    public static func padded(_ text: String, to width: Int) -> String {
        let missing = width - DisplayWidth.of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// Text padded with spaces on the left to `width` columns (unchanged when wider).
    public static func leftPadded(_ text: String, to width: Int) -> String {
        let missing = width - DisplayWidth.of(text)
        return missing > 0 ? String(repeating: " ", count: missing) + text : text
    }

    /// The longest start of the text that fits in `columns` columns.
    public static func prefix(_ text: some StringProtocol, columns: Int) -> String {
        var used = 0
        var kept = ""
        for character in text {
            let width = DisplayWidth.of(character)
            if used + width > columns { break }
            used += width
            kept.append(character)
        }
        return kept
    }

    // MARK: - Wrapping

    /// A run of characters no line may break inside, and whether a space came before it.
    private struct Piece {
        var text: String
        var width: Int
        var spaceBefore: Bool
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, first: String, rest: String) -> [String] {
        let pieces = breakablePieces(paragraph)
        var lines: [String] = []
        var line = first
        var lineWidth = DisplayWidth.of(first)
        var lineHasText = false
        func startLine() {
            lines.append(line)
            line = rest
            lineWidth = DisplayWidth.of(rest)
            lineHasText = false
        }
        for var piece in pieces {
            let space = lineHasText && piece.spaceBefore ? 1 : 0
            if lineHasText && lineWidth + space + piece.width > width {
                startLine()
            } else if space == 1 {
                line += " "
                lineWidth += 1
            }
            // Longer than a whole line: it breaks between characters, filling each line.
            while lineWidth + piece.width > width, piece.text.count > 1 {
                var head = prefix(piece.text, columns: max(width - lineWidth, 0))
                if head.isEmpty { head = String(piece.text.prefix(1)) }  // wider than the line on its own
                line += head
                piece.text.removeFirst(head.count)
                piece.width = DisplayWidth.of(piece.text)
                lineHasText = true
                startLine()
            }
            line += piece.text
            lineWidth += piece.width
            lineHasText = true
        }
        if lineHasText || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The paragraph cut where a line may break: at spaces, and around CJK characters.
    private static func breakablePieces(_ paragraph: Substring) -> [Piece] {
        var pieces: [Piece] = []
        var pendingSpace = false
        var previous: Character?
        for character in paragraph {
            if character == " " || character == "\t" {
                pendingSpace = true
                previous = nil
                continue
            }
            let width = DisplayWidth.of(character)
            let breaksBefore: Bool
            if pendingSpace || pieces.isEmpty {
                breaksBefore = true
            } else if let previous, closing.contains(character) || opening.contains(previous) {
                breaksBefore = false
            } else if let previous {
                breaksBefore = width == 2 || DisplayWidth.of(previous) == 2
            } else {
                breaksBefore = false
            }
            if breaksBefore {
                pieces.append(Piece(text: String(character), width: width, spaceBefore: pendingSpace))
            } else {
                pieces[pieces.count - 1].text.append(character)
                pieces[pieces.count - 1].width += width
            }
            pendingSpace = false
            previous = character
        }
        return pieces
    }

    /// Punctuation a line must not start with (it stays with the character before it).
    private static let closing: Set<Character> = [
        "，", "。", "、", "：", "；", "！", "？", "）", "」", "』", "】", "〉", "》", "〕", "］", "｝", "…", "ー", "々",
        ",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "％",
    ]
    /// Punctuation a line must not end with (it stays with the character after it).
    private static let opening: Set<Character> = ["（", "「", "『", "【", "〈", "《", "〔", "［", "｛", "(", "[", "{"]
}
