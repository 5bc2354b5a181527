import AdvisorCEL

/// Renders diagnostics the way compilers do: `file:line:col: error: message`, the source line,
/// a caret under the column, and the hint.
public enum DiagnosticText {
    public static func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let place = diagnostic.location.map { "\($0): " } ?? ""
        lines.append("\(place)\(diagnostic.severity.rawValue): \(diagnostic.message)")
        if let source = diagnostic.sourceLine, let column = diagnostic.location?.column {
            let shown = source.replacingTabs()
            lines.append("    " + shown)
            // Spaces under each character before the column, tabs kept, so the caret lines up.
            var prefix = ""
            for scalar in source.unicodeScalars.prefix(max(column - 1, 0)) { prefix += scalar == "\t" ? "    " : " " }
            lines.append("    " + prefix + "^")
        }
        if let hint = diagnostic.hint { lines.append("  hint: \(hint)") }
        return lines.joined(separator: "\n")
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

extension String {
    /// Tabs as four spaces, so that carets line up in any terminal.
    func replacingTabs() -> String {
        var result = ""
        for character in self { result += character == "\t" ? "    " : String(character) }
        return result
    }
}
