import AdvisorDiagnostics

/// Renders diagnostics the way compilers do: `file:line:col: error: message`, the source line,
/// a caret under the column, and the hint.
public enum DiagnosticText {
    public static func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let place = diagnostic.location.map { "\($0): " } ?? ""
        lines.append("\(place)\(diagnostic.severity.rawValue): \(diagnostic.message)")
        if let source = diagnostic.sourceLine, let column = diagnostic.location?.column {
            let excerpt = excerpt(of: source, column: column)
            lines.append("    " + excerpt.text)
            lines.append("    " + excerpt.caret)
        }
        if let hint = diagnostic.hint { lines.append("  hint: \(hint)") }
        return lines.joined(separator: "\n")
    }

    /// The widest part of a source line shown under a message, in characters.
    public static let maximumExcerptWidth = 120

    /// The part of a source line to show under a message, and the caret line under `column`
    /// (1-based, in characters). A line wider than `maximumExcerptWidth` is cut around the
    /// column, with `…` where text is left out, so that a one-line 10 MB file or a 100,000-byte
    /// expression gives a readable message. Tabs are shown as four spaces, and the caret moves
    /// with them.
    public static func excerpt(of line: String, column: Int) -> (text: String, caret: String) {
        let scalars = Array(line.unicodeScalars)
        let index = min(max(column - 1, 0), scalars.count)
        var start = 0
        var end = scalars.count
        if scalars.count > maximumExcerptWidth {
            start = max(0, min(index - maximumExcerptWidth / 2, scalars.count - maximumExcerptWidth))
            end = start + maximumExcerptWidth
        }
        var text = start > 0 ? "…" : ""
        var caret = start > 0 ? " " : ""
        for position in start..<end {
            let isTab = scalars[position] == "\t"
            if isTab { text += "    " } else { text.unicodeScalars.append(scalars[position]) }
            if position < index { caret += isTab ? "    " : " " }
        }
        if end < scalars.count { text += "…" }
        return (text, caret + "^")
    }

    /// Several diagnostics, sorted by position, without a closing count.
    public static func renderEach(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sorted().map(render).joined(separator: "\n")
    }

    /// Several diagnostics, sorted by position, with a closing count.
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        let sorted = diagnostics.sorted()
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.count - errors
        var summary: [String] = []
        if errors > 0 { summary.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { summary.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return (sorted.map(render) + [summary.joined(separator: ", ")]).joined(separator: "\n")
    }
}
