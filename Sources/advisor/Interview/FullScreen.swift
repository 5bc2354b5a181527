import AdvisorReports

/// The menus' screen: whole frames drawn on the terminal's alternate screen, one string a row.
/// A frame is laid out for the terminal's size when it is drawn, so after a resize (or Ctrl-L)
/// the screen is cleared and drawn again from nothing, leaving no stale line; otherwise only the
/// rows that changed are rewritten.
struct FullScreen {
    /// The terminal's size: what a frame is laid out for.
    struct Size: Equatable {
        var columns: Int
        var rows: Int

        static var current: Size { Size(columns: TerminalControl.columns, rows: TerminalControl.rows) }

        /// The columns a row may use: one less than the width, so that writing the last column
        /// never wraps the cursor onto the next row.
        var room: Int { max(columns - 1, 10) }
    }

    private var shown: [String] = []
    private var size: Size?
    private(set) var isActive = false

    /// Draws a frame. Rows beyond the terminal's height are dropped, and a row wider than the
    /// room is cut (layouts fit their rows; this is the guarantee a resize cannot break).
    mutating func draw(_ frame: [String], from scratch: Bool = false) {
        if !isActive {
            TerminalControl.enterAlternateScreen()
            isActive = true
            shown = []
        }
        let now = Size.current
        var output = ""
        if scratch || now != size {
            output += "\u{1B}[H\u{1B}[2J"
            shown = []
        }
        size = now
        let rows = frame.prefix(now.rows).map { TerminalText.clip($0, to: now.room) }
        for (index, row) in rows.enumerated() where index >= shown.count || shown[index] != row {
            output += "\u{1B}[\(index + 1);1H" + row + "\u{1B}[K"
        }
        if rows.count < shown.count { output += "\u{1B}[\(rows.count + 1);1H\u{1B}[J" }
        shown = Array(rows)
        TerminalControl.writeOut(output)
    }

    /// Back to the normal screen.
    mutating func leave() {
        guard isActive else { return }
        TerminalControl.leaveAlternateScreen()
        isActive = false
        shown = []
        size = nil
    }
}

/// Text with the terminal's colour codes (`ESC [ ... m`), measured and cut by what shows.
enum TerminalText {
    /// The text without escape sequences.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var output = ""
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// The columns the text shows in.
    static func width(_ text: String) -> Int { DisplayWidth.of(plain(text)) }

    /// The text cut to `columns` shown columns, escape sequences kept (and the style reset when
    /// a cut drops the code that would end it).
    static func clip(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        var output = ""
        var used = 0
        var inEscape = false
        for character in text {
            if inEscape {
                output.append(character)
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                output.append(character)
                inEscape = true
            } else {
                let width = DisplayWidth.of(character)
                if used + width > columns { break }
                used += width
                output.append(character)
            }
        }
        return output.contains("\u{1B}") ? output + "\u{1B}[0m" : output
    }

    /// Lines of styled text fitted to `columns`: a line that fits is kept as it is, a longer one
    /// is wrapped as plain text (its style dropped rather than its words).
    static func fit(_ lines: [String], to columns: Int) -> [String] {
        lines.flatMap { line -> [String] in
            guard width(line) > columns else { return [line] }
            // Rewrapped, the line keeps its indent, and its continuation lines indent under it.
            let text = plain(line)
            let indent = String(text.prefix { $0 == " " })
            return TextLayout.wrap(String(text.dropFirst(indent.count)), width: columns, first: indent, rest: indent + "    ")
        }
    }
}
