import AdvisorCEL
import CYaml

/// Reads the common shape of a profile file (one flat mapping of plain or quoted scalars and
/// lists of them) straight from libyaml's events, without building a node tree or resolving
/// scalars with regular expressions: the fast path for folders of thousands of profiles.
///
/// Anything else (a syntax error, anchors and aliases, tags, nesting, several documents, or a
/// scalar whose YAML type is not plainly text, a bool, a null, a whole number or a decimal)
/// returns nil, and the caller reads the file through Yams, which gives the same values and
/// the full error messages.
enum FlatYAMLReader {
    static func entries(of text: String) -> [ProfileEntry]? {
        var text = text
        return text.withUTF8 { bytes -> [ProfileEntry]? in
            guard let base = bytes.baseAddress else { return nil }
            // libyaml's parser stays at one address for its whole life.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return nil }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, base, bytes.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var reader = EventReader(parser: parser)
            return reader.read()
        }
    }

    private struct EventReader {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var event = yaml_event_t()

        /// The next event's type, or nil on a parse error.
        mutating func next() -> yaml_event_type_t? {
            yaml_event_delete(&event)
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            return event.type
        }

        mutating func read() -> [ProfileEntry]? {
            defer { yaml_event_delete(&event) }
            guard next() == YAML_STREAM_START_EVENT else { return nil }
            guard let start = next() else { return nil }
            if start == YAML_STREAM_END_EVENT { return nil }  // empty file: the full path says so
            guard start == YAML_DOCUMENT_START_EVENT, next() == YAML_MAPPING_START_EVENT else { return nil }
            guard event.data.mapping_start.anchor == nil, event.data.mapping_start.implicit == 1 else { return nil }
            var entries: [ProfileEntry] = []
            while true {
                guard let type = next() else { return nil }
                if type == YAML_MAPPING_END_EVENT { break }
                guard type == YAML_SCALAR_EVENT, let key = scalarText(), event.data.scalar.anchor == nil, event.data.scalar.tag == nil else { return nil }
                let keyAt = position()
                guard let valueType = next() else { return nil }
                let valueAt = position()
                let value: ProfileEntry.Value
                switch valueType {
                case YAML_SCALAR_EVENT:
                    guard let scalar = resolvedScalar() else { return nil }
                    value = scalar
                case YAML_SEQUENCE_START_EVENT:
                    guard event.data.sequence_start.anchor == nil, event.data.sequence_start.implicit == 1 else { return nil }
                    var items: [CELValue] = []
                    while true {
                        guard let itemType = next() else { return nil }
                        if itemType == YAML_SEQUENCE_END_EVENT { break }
                        guard itemType == YAML_SCALAR_EVENT, case .value(let item)? = resolvedScalar() else { return nil }
                        items.append(item)
                    }
                    value = .value(.list(items))
                default:
                    return nil
                }
                entries.append(ProfileEntry(key: key, value: value, keyAt: keyAt, valueAt: valueAt))
            }
            guard next() == YAML_DOCUMENT_END_EVENT, next() == YAML_STREAM_END_EVENT else { return nil }
            return entries
        }

        func position() -> ProfileEntry.Position {
            ProfileEntry.Position(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        }

        func scalarText() -> String? {
            guard let value = event.data.scalar.value else { return nil }
            return String(decoding: UnsafeBufferPointer(start: value, count: event.data.scalar.length), as: UTF8.self)
        }

        /// The scalar's value by YAML's resolution rules, for the unambiguous cases only.
        func resolvedScalar() -> ProfileEntry.Value? {
            guard event.data.scalar.anchor == nil, event.data.scalar.tag == nil, let text = scalarText() else { return nil }
            if event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE { return .value(.string(text)) }
            return Self.resolvePlain(text)
        }

        /// The value of a plain scalar whose type its bytes settle (`PlainScalar.quickTag`).
        static func resolvePlain(_ text: String) -> ProfileEntry.Value? {
            switch PlainScalar.quickTag(of: text) {
            case .null?: return .null
            case .bool?: return .value(.bool(PlainScalar.trues.contains(text)))
            case .str?: return .value(.string(text))
            case .int?: return Int64(text).map { .value(.int($0)) }  // too large: the full way says so
            case .float?:
                guard let number = Double(text), number.isFinite else { return nil }
                return .value(.double(number))
            default: return nil
            }
        }
    }
}
