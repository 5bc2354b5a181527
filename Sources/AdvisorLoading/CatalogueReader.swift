import AdvisorDiagnostics
import AdvisorEngine
import Yams

/// Reads the message catalogues of a rule book (`locales/<language>.yaml`): each text of the
/// rule book in one more language, keyed by the ids the rule book already has. Every key is
/// optional; the shape is checked here (an unknown section or field, text where a mapping
/// belongs, is an error at its line and column), whether the ids exist is `advisor check`'s
/// business (a warning), since a catalogue may run ahead of or behind the rules it translates.
struct CatalogueReader {
    var catalogues: [TextCatalogue] = []
    var problems: [Diagnostic] = []

    static let sections = ["locale", "rulebook", "facts", "models", "rules", "thresholds"]
    static let headerFields = ["name", "decision"]
    static let factFields = ["name", "unit", "question", "help", "means", "values"]
    static let modelFields = ["name", "short", "summary", "tradeoffs"]
    static let ruleFields = ["because"]

    mutating func read(_ document: YAMLDocument) {
        let path = document.file.path
        let stem = String((path.split(separator: "/").last ?? "").split(separator: ".").first ?? "")
        var catalogue = TextCatalogue(language: stem, file: path)
        guard let root = document.root else { return }
        guard let mapping = root.mapping else {
            problems.append(
                document.diagnostic(
                    "a catalogue must be a mapping of sections, not \(root.kindDescription)", at: root,
                    hint: "start with `locale: \(stem)`, then any of: \(Self.sections.dropFirst().joined(separator: ", "))"))
            return
        }
        for (key, value) in mapping {
            let name = key.text ?? ""
            switch name {
            case "locale":
                guard let tag = value.text, Self.isLanguageTag(tag) else {
                    problems.append(document.diagnostic("`locale` must be a language tag such as zh-CN", at: value, hint: "write `locale: \(stem)`"))
                    continue
                }
                if tag != stem {
                    problems.append(
                        document.diagnostic(
                            "this catalogue says `locale: \(tag)` but its file is named \(stem).yaml", at: value,
                            hint: "name the file \(tag).yaml, or write `locale: \(stem)`"))
                }
                catalogue.language = tag
            case "rulebook":
                for (field, text) in fields(value, document, what: "`rulebook`", allowed: Self.headerFields) {
                    put(&catalogue, .header(field), text, document)
                }
            case "facts":
                for (id, node) in entries(value, document, what: "`facts`") {
                    for (field, text) in fields(node, document, what: "fact '\(id)'", allowed: Self.factFields) {
                        if field == "values" {
                            for (valueId, meaning) in entries(text, document, what: "the values of fact '\(id)'") {
                                put(&catalogue, .factValue(id, value: valueId), meaning, document)
                            }
                        } else {
                            put(&catalogue, .fact(id, field: field), text, document)
                        }
                    }
                }
            case "models":
                for (id, node) in entries(value, document, what: "`models`") {
                    for (field, text) in fields(node, document, what: "model '\(id)'", allowed: Self.modelFields) {
                        if field == "tradeoffs" {
                            for (tradeOff, sentence) in entries(text, document, what: "the trade-offs of model '\(id)'") {
                                put(&catalogue, .tradeOff(id, id: tradeOff), sentence, document)
                            }
                        } else {
                            put(&catalogue, .model(id, field: field), text, document)
                        }
                    }
                }
            case "rules":
                for (id, node) in entries(value, document, what: "`rules`") {
                    for (_, text) in fields(node, document, what: "rule '\(id)'", allowed: Self.ruleFields) {
                        put(&catalogue, .rule(id), text, document)
                    }
                }
            case "thresholds":
                for (fact, node) in entries(value, document, what: "`thresholds`") {
                    for (valueText, text) in entries(node, document, what: "the thresholds of '\(fact)'") {
                        guard let number = Double(valueText.replacingOccurrences(of: "_", with: "")), number.isFinite else {
                            problems.append(
                                document.diagnostic(
                                    "'\(valueText)' is not a threshold value of '\(fact)'", at: text,
                                    hint: "key each basis by the number the rule book's `thresholds:` gives, e.g. `\(fact): {10000: ...}`"))
                            continue
                        }
                        put(&catalogue, .threshold(fact, value: number), text, document)
                    }
                }
            default:
                problems.append(
                    document.diagnostic(
                        "unknown catalogue section '\(name)'", at: key, hint: NameSuggestion.hint(for: name, among: Self.sections, listing: true)))
            }
        }
        if let earlier = catalogues.first(where: { $0.language == catalogue.language }) {
            problems.append(
                Diagnostic(
                    location: SourceLocation(file: path, line: 1, column: 1),
                    message: "a second catalogue for \(catalogue.language) (the first is \(earlier.file ?? "another file"))",
                    hint: "keep one file a language"))
            return
        }
        catalogues.append(catalogue)
    }

    /// `zh-CN`, `en`, `pt-BR`: letters and digits in parts joined by `-`.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        return !tag.isEmpty && parts.allSatisfy { part in !part.isEmpty && part.count <= 8 && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The entries of a mapping keyed by ids (a null node: none).
    mutating func entries(_ node: Node, _ document: YAMLDocument, what: String) -> [(String, Node)] {
        if case .scalar(let scalar) = node, scalar.resolvedTag == .null { return [] }
        guard let mapping = node.mapping else {
            problems.append(
                document.diagnostic(
                    "\(what) must be a mapping keyed by id, not \(node.kindDescription)", at: node,
                    hint: "write each id on its own line under it, indented, followed by `:`"))
            return []
        }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            guard let id = key.text, !id.isEmpty else {
                problems.append(document.diagnostic("\(what) has a key that is not an id", at: key, hint: "write an id, such as `capital:`"))
                continue
            }
            result.append((id, value))
        }
        return result
    }

    /// The fields of a mapping, reporting those not allowed.
    mutating func fields(_ node: Node, _ document: YAMLDocument, what: String, allowed: [String]) -> [(String, Node)] {
        entries(node, document, what: what).filter { field, value in
            guard allowed.contains(field) else {
                problems.append(
                    document.diagnostic(
                        "\(what) has an unknown key '\(field)' in a catalogue", at: value,
                        hint: NameSuggestion.hint(for: field, among: allowed, listing: true)))
                return false
            }
            return true
        }
    }

    /// A translated text: a non-empty string.
    mutating func put(_ catalogue: inout TextCatalogue, _ key: TextKey, _ node: Node, _ document: YAMLDocument) {
        guard let text = node.text, node.scalar?.resolvedTag != .null, !text.isEmpty else {
            problems.append(
                document.diagnostic(
                    "the translation of \(key.what) must be text, not \(node.kindDescription)", at: node,
                    hint: "write the text after the key; leave the key out to keep the rule book's own text"))
            return
        }
        if catalogue.texts[key] != nil {
            problems.append(document.diagnostic("\(key.what) is translated twice", at: node, hint: "keep one translation"))
            return
        }
        catalogue.texts[key] = PlacedString(text, location: document.location(of: node))
    }
}
