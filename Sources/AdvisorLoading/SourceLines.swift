import AdvisorDiagnostics

/// Fills in the source line of diagnostics made away from the files (the engine's findings
/// carry a location only), so they print with a caret like load errors do.
public enum SourceLines {
    /// The diagnostics, each with the line its location names, read from `files`.
    public static func attach(_ diagnostics: [Diagnostic], from files: [SourceFile]) -> [Diagnostic] {
        var lines: [String: [Substring]] = [:]
        for file in files { lines[file.path] = file.lines }
        return diagnostics.map { diagnostic in
            guard diagnostic.sourceLine == nil, let location = diagnostic.location, let file = location.file,
                let fileLines = lines[file], fileLines.indices.contains(location.line - 1)
            else { return diagnostic }
            var placed = diagnostic
            var line = String(fileLines[location.line - 1])
            if line.hasSuffix("\r") { line.removeLast() }
            placed.sourceLine = line
            return placed
        }
    }
}
