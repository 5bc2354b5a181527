import CYaml
import Yams

/// Builds a YAML document's `Yams.Node` tree straight from libyaml's events, enforcing the
/// advisor's limits while it composes rather than after:
///
/// - every scalar's tag is resolved once, here (`PlainScalar`), so reading a node's type later
///   costs nothing (Yams resolves each scalar with regular expressions, on every access);
/// - a key given twice in one mapping is reported at its second occurrence, naming the first;
///   keys are scalars (a list or a mapping as a key means nothing in these files);
/// - nesting deeper than `maximumDepth` stops the composition at the node that goes too deep;
/// - an alias counts as many nodes as its anchor holds, so a "billion laughs" file stops at
///   `maximumNodes` as soon as its aliases reach it, before anything walks the tree;
/// - explicit tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` (and `!!seq`, `!!map` on
///   collections) are honoured when the value fits them; any other tag (`!custom`, `!!binary`,
///   `!!timestamp`) is refused, since the advisor would otherwise silently read it as text;
/// - merge keys (`<<: *defaults`) are refused rather than silently taken as an unknown key.
///
/// Aliased nodes are shared, not copied (Yams' nodes are values with copy-on-write storage).
struct YAMLComposer {
    /// What is wrong, and where (1-based line and column, columns counting characters).
    struct Problem: Error, Equatable {
        var line: Int
        var column: Int
        var message: String
        var hint: String?
    }

    /// Composes the single document of `text`; nil for a file with no document (empty, or
    /// only comments).
    static func compose(_ text: String, maximumDepth: Int, maximumNodes: Int) -> Result<Node?, Problem> {
        var text = text
        return text.withUTF8 { bytes -> Result<Node?, Problem> in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return .success(nil) }
            // libyaml's parser must stay at one address for its whole life.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else {
                return .failure(Problem(line: 1, column: 1, message: "the YAML reader could not start (out of memory)"))
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, base, bytes.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var composition = Composition(parser: parser, bytes: bytes, maximumDepth: maximumDepth, maximumNodes: maximumNodes)
            defer { yaml_event_delete(&composition.event) }
            do throws(Problem) {
                return .success(try composition.document())
            } catch {
                return .failure(error)
            }
        }
    }

    /// One composition's state: the current event, the anchors seen, the nodes counted.
    private struct Composition {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        let bytes: UnsafeBufferPointer<UInt8>
        let maximumDepth: Int
        let maximumNodes: Int
        var event = yaml_event_t()
        /// Nodes composed so far, each alias counting its anchor's nodes.
        var nodeCount = 0
        var anchors: [String: Anchored] = [:]
        /// One `Tag` per name: tags are classes, and these are never changed once resolved.
        var tags: [Tag.Name: Tag] = [:]

        /// A composed node with what an alias to it adds: its nodes and its height.
        struct Anchored {
            var node: Node
            var size: Int
            var height: Int
        }

        init(parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, maximumNodes: Int) {
            self.parser = parser
            self.bytes = bytes
            self.maximumDepth = maximumDepth
            self.maximumNodes = maximumNodes
        }

        // MARK: Events

        /// Reads the next event, or throws libyaml's error as a `Problem`.
        @discardableResult
        mutating func next() throws(Problem) -> yaml_event_type_t {
            yaml_event_delete(&event)
            guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxProblem() }
            return event.type
        }

        var line: Int { Int(event.start_mark.line) + 1 }
        var column: Int { Int(event.start_mark.column) + 1 }

        func problem(_ message: String, hint: String? = nil) -> Problem {
            Problem(line: line, column: column, message: message, hint: hint)
        }

        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        // MARK: Document

        mutating func document() throws(Problem) -> Node? {
            guard try next() == YAML_STREAM_START_EVENT else { throw problem("the text does not start a YAML stream") }
            guard try next() == YAML_DOCUMENT_START_EVENT else { return nil }  // no document at all
            try next()
            let root = try node(depth: 1).node
            guard try next() == YAML_DOCUMENT_END_EVENT else { throw problem("expected the end of the document") }
            if try next() == YAML_DOCUMENT_START_EVENT {
                throw problem(
                    "the file holds a second YAML document here",
                    hint: "a file holds one document: remove this `---` (or what follows `...`), or split the file")
            }
            return root
        }

        /// Composes the node whose first event is the current one.
        mutating func node(depth: Int) throws(Problem) -> Anchored {
            switch event.type {
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw problem("the alias '*\(name)' refers to no anchor", hint: "define `&\(name)` on a value before this line")
                }
                if depth + anchored.height - 1 > maximumDepth { throw tooDeep() }
                try count(anchored.size, alias: name)
                return anchored
            case YAML_SCALAR_EVENT:
                if depth > maximumDepth { throw tooDeep() }
                try count(1, alias: nil)
                let anchor = string(event.data.scalar.anchor)
                let scalar = try scalarNode()
                return register(Anchored(node: scalar, size: 1, height: 1), anchor: anchor)
            case YAML_SEQUENCE_START_EVENT:
                return try sequence(depth: depth)
            case YAML_MAPPING_START_EVENT:
                return try mapping(depth: depth)
            default:
                throw problem("unexpected YAML structure")
            }
        }

        /// Records an anchored node. Read the anchor's name before the next event: libyaml frees
        /// an event's strings when it is deleted.
        mutating func register(_ anchored: Anchored, anchor: String?) -> Anchored {
            if let anchor { anchors[anchor] = anchored }
            return anchored
        }

        mutating func count(_ nodes: Int, alias: String?) throws(Problem) {
            nodeCount += nodes
            guard nodeCount > maximumNodes else { return }
            if let alias {
                throw problem(
                    "with the alias '*\(alias)', the document expands to more than \(maximumNodes.grouped) values",
                    hint: "each alias repeats everything its anchor holds; write the values out, or use fewer aliases to large anchors")
            }
            throw problem("the document holds more than \(maximumNodes.grouped) values", hint: "split it into smaller files")
        }

        func tooDeep() -> Problem {
            problem("the document nests deeper than \(maximumDepth) levels", hint: "flatten the structure: no advisor file needs lists or mappings this deep")
        }

        mutating func sharedTag(_ name: Tag.Name) -> Tag {
            if let tag = tags[name] { return tag }
            let tag = Tag(name)
            tags[name] = tag
            return tag
        }

        // MARK: Scalars

        mutating func scalarNode() throws(Problem) -> Node {
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let style = Node.Scalar.Style(rawValue: UInt32(data.style.rawValue)) ?? .any
            let name: Tag.Name
            switch string(data.tag) {
            case nil, "!"?:
                // No tag, or the non-specific `!`: plain text is resolved, anything quoted is text.
                name = data.style == YAML_PLAIN_SCALAR_STYLE && data.plain_implicit == 1 ? PlainScalar.tag(of: text) : .str
            case let explicit?:
                name = try explicitTag(explicit, of: text)
            }
            return .scalar(Node.Scalar(text, sharedTag(name), style, Marks.mark(line: line, column: column)))
        }

        /// The tag a scalar written with an explicit tag takes, when its text fits the tag.
        func explicitTag(_ tag: String, of text: String) throws(Problem) -> Tag.Name {
            let shown = Self.shortTagName(tag)
            let plain = PlainScalar.tag(of: text)
            func refuse(_ what: String) -> Problem {
                problem("'\(text)' is tagged \(shown) but is not \(what)", hint: "remove the tag, or correct the value")
            }
            switch tag {
            case Tag.Name.str.rawValue: return .str
            case Tag.Name.int.rawValue:
                guard plain == .int else { throw refuse("a whole number") }
                return .int
            case Tag.Name.float.rawValue:
                guard plain == .float || plain == .int else { throw refuse("a number") }
                return .float
            case Tag.Name.bool.rawValue:
                guard plain == .bool else { throw refuse("true or false") }
                return .bool
            case Tag.Name.null.rawValue:
                guard plain == .null else { throw refuse("empty, ~ or null") }
                return .null
            default:
                throw Self.unsupported(shown, problem)
            }
        }

        static func unsupported(_ shown: String, _ problem: (String, String?) -> Problem) -> Problem {
            problem(
                "the tag '\(shown)' is not supported",
                "remove it: values are read by what they look like; only !!str, !!int, !!float, !!bool and !!null may force a type")
        }

        /// `tag:yaml.org,2002:int` as `!!int`, as the file most likely wrote it.
        static func shortTagName(_ tag: String) -> String {
            let prefix = "tag:yaml.org,2002:"
            return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
        }

        /// Refuses a tag on a list or mapping other than its own.
        func checkCollectionTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, expected: Tag.Name) throws(Problem) {
            guard let tag = string(pointer), tag != "!", tag != expected.rawValue else { return }
            throw Self.unsupported(Self.shortTagName(tag), problem)
        }

        // MARK: Collections

        mutating func sequence(depth: Int) throws(Problem) -> Anchored {
            if depth > maximumDepth { throw tooDeep() }
            try count(1, alias: nil)
            let start = event.data.sequence_start
            let anchor = string(start.anchor)
            try checkCollectionTag(start.tag, expected: .seq)
            let mark = Marks.mark(line: line, column: column)
            let style = Node.Sequence.Style(rawValue: UInt32(start.style.rawValue)) ?? .any
            var items: [Node] = []
            var size = 1
            var height = 1
            while try next() != YAML_SEQUENCE_END_EVENT {
                let item = try node(depth: depth + 1)
                items.append(item.node)
                size += item.size
                height = max(height, item.height + 1)
            }
            let node = Node.sequence(Node.Sequence(items, sharedTag(.seq), style, mark))
            return register(Anchored(node: node, size: size, height: height), anchor: anchor)
        }

        /// A mapping key's identity for the duplicate check: Yams' (text, type).
        struct KeyIdentity: Hashable {
            var text: String
            var tag: String
        }

        mutating func mapping(depth: Int) throws(Problem) -> Anchored {
            if depth > maximumDepth { throw tooDeep() }
            try count(1, alias: nil)
            let start = event.data.mapping_start
            let anchor = string(start.anchor)
            try checkCollectionTag(start.tag, expected: .map)
            let mark = Marks.mark(line: line, column: column)
            let style = Node.Mapping.Style(rawValue: UInt32(start.style.rawValue)) ?? .any
            var pairs: [(Node, Node)] = []
            var firstSeen: [KeyIdentity: (line: Int, column: Int)] = [:]
            var size = 1
            var height = 1
            while try next() != YAML_MAPPING_END_EVENT {
                let keyLine = line, keyColumn = column
                let key = try node(depth: depth + 1)
                guard case .scalar(let scalar) = key.node else {
                    throw Problem(
                        line: keyLine, column: keyColumn, message: "a key must be a name, not \(key.node.kindDescription)",
                        hint: "write `name: value`; a list or a mapping cannot be a key")
                }
                if scalar.tag.rawValue == Tag.Name.merge.rawValue {
                    throw Problem(
                        line: keyLine, column: keyColumn, message: "merge keys (`<<: *anchor`) are not supported",
                        hint: "write the keys out in this mapping")
                }
                let identity = KeyIdentity(text: scalar.string, tag: scalar.tag.rawValue)
                if let first = firstSeen[identity] {
                    throw Problem(
                        line: keyLine, column: keyColumn,
                        message: "'\(scalar.string)' is given twice in this mapping (first at line \(first.line), column \(first.column))",
                        hint: "keep one of them")
                }
                firstSeen[identity] = (keyLine, keyColumn)
                try next()
                let value = try node(depth: depth + 1)
                pairs.append((key.node, value.node))
                size += key.size + value.size
                height = max(height, key.height + 1, value.height + 1)
            }
            let node = Node.mapping(Node.Mapping(pairs, sharedTag(.map), style, mark))
            return register(Anchored(node: node, size: size, height: height), anchor: anchor)
        }

        // MARK: Syntax errors

        /// libyaml's error, in the advisor's words, where libyaml found it.
        func syntaxProblem() -> Problem {
            let state = parser.pointee
            let what = state.problem.map { String(cString: $0) } ?? "the text is not valid YAML"
            switch state.error {
            case YAML_MEMORY_ERROR:
                return Problem(line: 1, column: 1, message: "the YAML reader ran out of memory", hint: "split the file into smaller ones")
            case YAML_READER_ERROR:
                let (line, column) = position(ofByte: Int(state.problem_offset))
                let character = state.problem_value >= 0 ? String(format: " (U+%04X)", Int(state.problem_value)) : ""
                return Problem(
                    line: line, column: column, message: "cannot read the text: \(what)\(character)",
                    hint: "remove the character; a YAML file is UTF-8 text without control characters other than tab and line ends")
            default:
                if what.hasPrefix("Maximum nesting level reached") {
                    // libyaml's own limit (1000 levels), met while it looks ahead on a long line.
                    return Problem(
                        line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1,
                        message: "the document nests deeper than \(maximumDepth) levels", hint: "flatten the structure: no advisor file needs lists or mappings this deep")
                }
                var message = "YAML syntax: \(what)"
                if let context = state.context.map({ String(cString: $0) }) {
                    let at = state.context_mark
                    let sameSpot = at.line == state.problem_mark.line && at.column == state.problem_mark.column
                    message += sameSpot ? " (\(context))" : " (\(context) at line \(at.line + 1), column \(at.column + 1))"
                }
                return Problem(
                    line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1, message: message,
                    hint: Self.hint(forSyntaxProblem: what))
            }
        }

        /// A hint for libyaml's most common complaints.
        static func hint(forSyntaxProblem problem: String) -> String {
            if problem.contains("tab") { return "indent with spaces: YAML does not allow tabs in indentation" }
            if problem.contains("mapping values are not allowed") {
                return "a value that holds ': ' must be in quotes, e.g. because: \"Note: ...\"; or this line is indented too far"
            }
            if problem.contains("cannot start any token") { return "a value starting with ` @ or % must be in quotes" }
            if problem.contains("did not find expected key") { return "check the indentation: the keys of one mapping start in the same column" }
            if problem.contains("could not find expected ':'") { return "write each key as `key: value`, with a space after the colon" }
            if problem.contains("end of stream") { return "a quote or a bracket is not closed" }
            return "check indentation, colons and quotes on this line and the one before"
        }

        /// The line and column (in characters) of a byte offset of the text.
        func position(ofByte offset: Int) -> (Int, Int) {
            var line = 1
            var column = 1
            for index in 0..<min(max(offset, 0), bytes.count) {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return (line, column)
        }
    }
}

/// Yams' `Mark` (line, column) has no public initializer, yet the nodes composed here must
/// carry their positions as Yams' own do. `Mark` is two `Int`s, line then column: a value of
/// that layout is reinterpreted as one, after checking once that the layout is what this
/// assumes. Were Yams ever to change it, nodes would carry no mark (messages would point at
/// the file's first line) and a test that checks positions would fail.
enum Marks {
    private struct Layout {
        var line: Int
        var column: Int
    }

    static let layoutMatches: Bool = {
        guard MemoryLayout<Mark>.size == MemoryLayout<Layout>.size, MemoryLayout<Mark>.alignment == MemoryLayout<Layout>.alignment else {
            return false
        }
        let probe = unsafeBitCast(Layout(line: 3, column: 7), to: Mark.self)
        return probe.line == 3 && probe.column == 7
    }()

    static func mark(line: Int, column: Int) -> Mark? {
        guard layoutMatches else { return nil }
        return unsafeBitCast(Layout(line: line, column: column), to: Mark.self)
    }
}

extension Int {
    /// 1000000 as "1,000,000", for limits in messages.
    var grouped: String {
        let digits = Array(String(self.magnitude))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return self < 0 ? "-" + result : result
    }
}
