// Source locations and user-facing diagnostics, shared by every module of the advisor.

/// A position in a file or in an expression: 1-based line and column.
///
/// `file` is nil for an expression that does not come from a file (for example one typed on
/// the command line). Locations order by file (nil first), then line, then column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int

    public init(file: String?, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, or `line:col` when there is no file.
    public var description: String {
        if let file { return "\(file):\(line):\(column)" }
        return "\(line):\(column)"
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        switch (a.file, b.file) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (.some(x), .some(y)) where x != y: return x < y
        default: break
        }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }
}

/// A problem a user can fix: where it is, what it is, and how to fix it.
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    public var hint: String?
    /// The text of the offending line, so a renderer can print it with a caret under
    /// `location.column`.
    public var sourceLine: String?

    public init(
        severity: Severity = .error,
        location: SourceLocation?,
        message: String,
        hint: String? = nil,
        sourceLine: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
    }

    /// `file:line:col: error: message`, followed by `\n  hint: ...` when there is a hint.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// Diagnostics order by location (those without one first), then errors before warnings,
    /// then by message.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (.some(x), .some(y)) where x != y: return x < y
        default: break
        }
        if a.severity != b.severity { return a.severity == .error }
        if a.message != b.message { return a.message < b.message }
        return (a.hint ?? "") < (b.hint ?? "")
    }
}

/// A list of errors is an error, so results can carry every problem found at once:
/// `Result<ParsedExpression, [CELIssue]>`, `Result<RuleBook, [Diagnostic]>`.
extension Array: @retroactive Error where Element: Error {}
