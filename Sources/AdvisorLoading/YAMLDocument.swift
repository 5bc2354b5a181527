import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Foundation
import Yams

/// A parsed YAML file whose nodes keep their file, line and column.
struct YAMLDocument {
    let file: SourceFile
    let root: Node?
    /// The file's lines without line ends, for caret displays and for placing text.
    let lines: [String]

    /// Most nodes one document may hold, an alias counting every node its anchor holds each
    /// time it is used (guards against "billion laughs" alias expansion).
    static let maximumNodes = 1_000_000
    /// Deepest nesting accepted: the root is level 1, and each list or mapping adds a level
    /// for what it holds.
    static let maximumDepth = 64

    /// Parses a file's single YAML document, with the limits above enforced while composing.
    static func parse(_ file: SourceFile) -> Result<YAMLDocument, Diagnostic> {
        let lines = file.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            var line = String(String.UnicodeScalarView(scalars))
            if line.hasSuffix("\r") { line.removeLast() }
            return line
        }
        switch YAMLComposer.compose(file.text, maximumDepth: maximumDepth, maximumNodes: maximumNodes) {
        case .success(let root):
            return .success(YAMLDocument(file: file, root: root, lines: lines))
        case .failure(let problem):
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file.path, line: problem.line, column: problem.column), message: problem.message,
                    hint: problem.hint, sourceLine: lines.indices.contains(problem.line - 1) ? lines[problem.line - 1] : nil))
        }
    }

    // MARK: - Locations

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file.path, line: 1, column: 1) }
        return SourceLocation(file: file.path, line: max(mark.line, 1), column: max(mark.column, 1))
    }

    func sourceLine(of node: Node) -> String? {
        guard let line = node.mark?.line, lines.indices.contains(line - 1) else { return nil }
        return lines[line - 1]
    }

    func diagnostic(_ message: String, at node: Node, hint: String? = nil) -> Diagnostic {
        Diagnostic(location: location(of: node), message: message, hint: hint, sourceLine: sourceLine(of: node))
    }

    /// Where the characters of a scalar's text sit in the file, for mapping CEL positions back.
    func placement(of node: Node) -> PlacedText {
        let text = node.scalar?.string ?? ""
        guard let scalar = node.scalar, let mark = node.mark else { return PlacedText(text: text, anchors: []) }
        let path = file.path
        func fileLine(_ line: Int) -> String? { lines.indices.contains(line - 1) ? lines[line - 1] : nil }
        func firstNonSpace(_ line: Int) -> Int {
            guard let content = fileLine(line) else { return 1 }
            return (content.unicodeScalars.firstIndex { $0 != " " && $0 != "\t" }.map { content.unicodeScalars.distance(from: content.unicodeScalars.startIndex, to: $0) } ?? 0) + 1
        }
        var anchors: [PlacedText.Anchor] = []
        switch scalar.style {
        case .literal:
            // `|` block: text line k is file line mark+1+k, at the block's indentation.
            let textLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var indentation = 1
            var probe = mark.line + 1
            while probe <= lines.count, (fileLine(probe) ?? "").allSatisfy({ $0 == " " }) { probe += 1 }
            indentation = firstNonSpace(probe)
            for index in textLines.indices {
                let line = mark.line + 1 + index
                anchors.append(.init(line: index + 1, column: 1, location: SourceLocation(file: path, line: line, column: indentation), fileLine: fileLine(line)))
            }
        default:
            // Plain, quoted or folded: the text is the file's lines joined by spaces.
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let folded = scalar.style == .folded
            var fileLineNumber = folded ? mark.line + 1 : mark.line
            var column = folded ? firstNonSpace(fileLineNumber) : mark.column + (quoted ? 1 : 0)
            var textColumn = 1
            let textLength = text.unicodeScalars.count
            while textColumn <= max(textLength, 1), fileLineNumber <= max(lines.count, 1) {
                anchors.append(.init(line: 1, column: textColumn, location: SourceLocation(file: path, line: fileLineNumber, column: column), fileLine: fileLine(fileLineNumber)))
                let content = fileLine(fileLineNumber) ?? ""
                let used = max(content.unicodeScalars.count - (column - 1), 0)
                textColumn += used + 1
                fileLineNumber += 1
                column = firstNonSpace(fileLineNumber)
                if text.contains("\n") { break }  // multi-paragraph folding: keep the first anchor only
            }
        }
        return PlacedText(text: text, anchors: anchors)
    }
}

// MARK: - Reading values out of nodes

extension Node {
    /// The scalar's text, if the node is a scalar.
    var text: String? { scalar?.string }

    /// A short description of what the node is, for messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch scalar.resolvedTag {
            case .int: return "a whole number"
            case .float: return "a number"
            case .bool: return "true or false"
            case .null: return "nothing (null)"
            default: return "text"
            }
        }
    }

    /// The node as a CEL value: scalars by their YAML type, lists as lists. Mappings are nil.
    var celValue: CELValue? {
        switch self {
        case .scalar(let scalar):
            switch scalar.resolvedTag {
            case .int:
                if let number = Int64(scalar.string.replacingOccurrences(of: "_", with: "")) { return .int(number) }
                if let number = Int.construct(from: scalar).flatMap({ Int64(exactly: $0) }) { return .int(number) }
                // Too large for a whole number: keep it as a number so the range check can speak.
                return Double(scalar.string).map { .double($0) } ?? .string(scalar.string)
            case .float:
                return Double.construct(from: scalar).map { .double($0) } ?? .string(scalar.string)
            case .bool:
                return Bool.construct(from: scalar).map { .bool($0) } ?? .string(scalar.string)
            case .null:
                return .null
            default:
                return .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [CELValue] = []
            for item in sequence {
                guard let value = item.celValue else { return nil }
                items.append(value)
            }
            return .list(items)
        case .mapping, .alias:
            return nil
        }
    }
}

extension Node.Scalar {
    /// The scalar's YAML type: its explicit tag, `str` when quoted, otherwise what the plain
    /// text looks like (`5` an int, `true` a bool, `~` a null).
    var resolvedTag: Tag.Name { Resolver.default.resolveTag(of: Node.scalar(self)) }
}
