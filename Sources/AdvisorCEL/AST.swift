import AdvisorDiagnostics
// The parsed expression tree. It is public so the engine can walk it: split top-level
// `&&` / `||`, find identifiers, find `fact == 'literal'` comparisons.

/// A problem located inside an expression's text.
///
/// `line` and `column` are 1-based within the expression source; `column` counts characters
/// (grapheme clusters) from the start of the line. `offset` is the UTF-8 byte offset into the
/// source. The engine maps these into the file the expression came from.
public struct CELIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public var message: String
    public var hint: String?

    public init(line: Int, column: Int, offset: Int, message: String, hint: String? = nil) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
        self.hint = hint
    }

    /// `line:col: message` (+ `\n  hint: ...`).
    public var description: String {
        "\(line):\(column): \(message)" + (hint.map { "\n  hint: \($0)" } ?? "")
    }

    /// The issue as a diagnostic for an expression that is its own source (not inside a file),
    /// with the offending line of `source` attached for a caret display.
    public func diagnostic(source: String, file: String? = nil) -> Diagnostic {
        Diagnostic(
            location: SourceLocation(file: file, line: line, column: column),
            message: message, hint: hint,
            sourceLine: SourceText.line(line, of: source))
    }
}

/// CEL's operators, named as CEL names the functions behind them (`_&&_`, `@in`...).
public enum CELOperator: String, Sendable, CaseIterable {
    case logicalAnd = "_&&_"
    case logicalOr = "_||_"
    case logicalNot = "!_"
    case negate = "-_"
    case conditional = "_?_:_"
    case equals = "_==_"
    case notEquals = "_!=_"
    case less = "_<_"
    case lessEquals = "_<=_"
    case greater = "_>_"
    case greaterEquals = "_>=_"
    case add = "_+_"
    case subtract = "_-_"
    case multiply = "_*_"
    case divide = "_/_"
    case modulo = "_%_"
    case `in` = "@in"

    /// The operator as written: `&&`, `in`, `?:`...
    public var symbol: String {
        switch self {
        case .logicalAnd: return "&&"
        case .logicalOr: return "||"
        case .logicalNot: return "!"
        case .negate: return "-"
        case .conditional: return "?:"
        case .equals: return "=="
        case .notEquals: return "!="
        case .less: return "<"
        case .lessEquals: return "<="
        case .greater: return ">"
        case .greaterEquals: return ">="
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .modulo: return "%"
        case .in: return "in"
        }
    }
}

/// A macro call that iterates: `list.all(x, p)`, `exists`, `exists_one`, `map`, `filter`.
public struct CELComprehension: Sendable {
    public enum Macro: String, Sendable, CaseIterable {
        case all, exists
        case existsOne = "exists_one"
        case map, filter
    }

    public let macro: Macro
    /// The list or map iterated over.
    public let range: CELNode
    /// The iteration variable's name.
    public let variable: String
    /// `map(x, filter, transform)`: the filter; nil otherwise.
    public let filter: CELNode?
    /// The predicate (`all`, `exists`, `exists_one`, `filter`) or the transform (`map`).
    public let body: CELNode
}

/// One node of a parsed expression.
public final class CELNode: Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        case literal(CELValue)
        case ident(String)
        /// `operand.field`
        case select(operand: CELNode, field: String)
        /// `has(operand.field)`
        case has(operand: CELNode, field: String)
        /// `operand[index]`
        case index(operand: CELNode, index: CELNode)
        /// A function or operator call. Operators use `CELOperator` raw values as function
        /// names; `target` is the receiver of a method call (`s.startsWith('a')`).
        case call(function: String, target: CELNode?, args: [CELNode])
        case list([CELNode])
        case map([(key: CELNode, value: CELNode)])
        case comprehension(CELComprehension)
    }

    /// Unique within the parsed expression; children get smaller ids than their parents.
    public let id: Int
    /// UTF-8 byte offsets of the node's text in `ParsedExpression.source`.
    public let range: Range<Int>
    /// UTF-8 offset of the node's main token (the operator, the function name, the `.` or the
    /// `[`): where a message about the node points.
    public let position: Int
    public let kind: Kind
    /// 1 for a leaf; 1 + the tallest child otherwise.
    public let height: Int

    init(id: Int, range: Range<Int>, position: Int, kind: Kind) {
        self.id = id
        self.range = range
        self.position = position
        self.kind = kind
        var h = 0
        switch kind {
        case .literal, .ident: break
        default: h = CELNode.children(of: kind).map(\.height).max() ?? 0
        }
        self.height = h + 1
    }

    private static func children(of kind: Kind) -> [CELNode] {
        switch kind {
        case .literal, .ident: return []
        case .select(let o, _), .has(let o, _): return [o]
        case .index(let o, let i): return [o, i]
        case .call(_, let t, let args): return (t.map { [$0] } ?? []) + args
        case .list(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let c): return [c.range] + (c.filter.map { [$0] } ?? []) + [c.body]
        }
    }

    /// The direct children, left to right (a method's target first).
    public var children: [CELNode] { CELNode.children(of: kind) }

    /// The operator and its operands when the node is an operator call.
    public var operatorCall: (op: CELOperator, operands: [CELNode])? {
        if case .call(let f, nil, let args) = kind, let op = CELOperator(rawValue: f) { return (op, args) }
        return nil
    }

    /// The identifier's name when the node is an identifier.
    public var identifierName: String? {
        if case .ident(let n) = kind { return n }
        return nil
    }

    /// The literal value when the node is a literal.
    public var literalValue: CELValue? {
        if case .literal(let v) = kind { return v }
        return nil
    }

    /// Calls `visit` on this node and every descendant, parents before children.
    public func walk(_ visit: (CELNode) -> Void) {
        var stack: [CELNode] = [self]
        while let n = stack.popLast() {
            visit(n)
            stack.append(contentsOf: n.children.reversed())
        }
    }

    /// An S-expression rendering of the tree, for tests and debugging:
    /// `(_&&_ (_<_ capital 20000.0) (@in x ["a", "b"]))`.
    public var description: String {
        switch kind {
        case .literal(let v): return v.description
        case .ident(let n): return n
        case .select(let o, let f): return "(. \(o) \(f))"
        case .has(let o, let f): return "(has \(o) \(f))"
        case .index(let o, let i): return "([] \(o) \(i))"
        case .call(let f, let t, let args):
            let head = t.map { "\(f) \($0)" } ?? f
            return "(" + ([head] + args.map(\.description)).joined(separator: " ") + ")"
        case .list(let items): return "[" + items.map(\.description).joined(separator: " ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: " ") + "}"
        case .comprehension(let c):
            var parts = [c.macro.rawValue, c.range.description, c.variable]
            if let f = c.filter { parts.append(f.description) }
            parts.append(c.body.description)
            return "(" + parts.joined(separator: " ") + ")"
        }
    }
}

/// A parsed expression: its source text and the root of its tree.
public struct ParsedExpression: Sendable {
    public let source: String
    public let root: CELNode
    /// Every node id is below this number (ids are dense except for the names macros bind,
    /// such as the `x` of `list.all(x, ...)`, which are not nodes of the tree).
    public let nodeCount: Int

    init(source: String, root: CELNode, nodeCount: Int) {
        self.source = source
        self.root = root
        self.nodeCount = nodeCount
    }

    /// The source text of a node (for a parenthesized operand, without the parentheses).
    public func text(of node: CELNode) -> String {
        let utf8 = Array(source.utf8)
        let lo = max(0, min(node.range.lowerBound, utf8.count))
        let hi = max(lo, min(node.range.upperBound, utf8.count))
        return String(decoding: utf8[lo..<hi], as: UTF8.self)
    }

    /// 1-based line and column of a UTF-8 offset in the source.
    public func lineAndColumn(ofOffset offset: Int) -> (line: Int, column: Int) {
        SourceText.lineAndColumn(ofOffset: offset, in: Array(source.utf8))
    }

    /// Every node, parents before children.
    public var allNodes: [CELNode] {
        var out: [CELNode] = []
        out.reserveCapacity(nodeCount)
        root.walk { out.append($0) }
        return out
    }

    /// The node with the given id, if any.
    public func node(withID id: Int) -> CELNode? {
        var found: CELNode?
        root.walk { if $0.id == id { found = $0 } }
        return found
    }
}

/// Line and column arithmetic over UTF-8 text.
enum SourceText {
    static func lineAndColumn(ofOffset offset: Int, in utf8: [UInt8]) -> (line: Int, column: Int) {
        let end = max(0, min(offset, utf8.count))
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            let b = utf8[i]
            // "\r\n" counts once (at its "\n"); a lone "\r" also ends a line.
            if b == 0x0A || (b == 0x0D && !(i + 1 < utf8.count && utf8[i + 1] == 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = String(decoding: utf8[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }

    /// The text of a 1-based line, without its line break.
    static func line(_ n: Int, of source: String) -> String? {
        var current = 1
        var text = ""
        var previousCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                if current == n { return text }
                current += 1
                text = ""
            } else if current == n {
                text.unicodeScalars.append(scalar)
            }
        }
        return current == n ? text : nil
    }
}
