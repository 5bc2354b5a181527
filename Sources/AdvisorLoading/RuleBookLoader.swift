import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Foundation
import Yams

/// Reads a rule book from YAML files and compiles it.
public enum RuleBookLoader {
    /// Loads every `*.yaml` / `*.yml` file under `directory` (but `tests/`), in path order: the
    /// files of a `locales/` folder as message catalogues, the others as rules. The compiled
    /// book's texts are in `language` where its catalogue translates them (see `RuleBook.compile`).
    public static func load(directory: String, language: String = RuleBookTexts.sourceLanguage) -> Result<RuleBook, [Diagnostic]> {
        source(directory: directory).flatMap { RuleBook.compile($0, language: language) }
    }

    /// True for a message catalogue's path: a file in a folder named `locales`.
    public static func isCatalogue(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        return components.count >= 2 && components[components.count - 2] == "locales"
    }

    /// The rule-book files under a folder, in path order.
    public static func ruleFiles(in directory: String) -> Result<[String], Diagnostic> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(Diagnostic(location: nil, message: "\(directory): no such folder", hint: "--rules takes the folder that holds the rule book's YAML files"))
        }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            return .failure(Diagnostic(location: nil, message: "\(directory): cannot be read", hint: "check the folder's permissions"))
        }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.first == "tests" { continue }
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            paths.append(relative)
        }
        guard !paths.isEmpty else {
            return .failure(Diagnostic(location: nil, message: "\(directory) holds no .yaml files", hint: "point --rules at a rule-book folder such as Rules/"))
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return .success(paths.sorted().map { base + $0 })
    }

    /// Loads a rule book from files already read (the built-in one, or tests').
    public static func load(files: [SourceFile], language: String = RuleBookTexts.sourceLanguage) -> Result<RuleBook, [Diagnostic]> {
        source(files: files).flatMap { RuleBook.compile($0, language: language) }
    }

    /// Reads a rule book's files without compiling them: what `advisor test --mutate` edits.
    public static func source(files: [SourceFile]) -> Result<RuleBookSource, [Diagnostic]> {
        var reader = RuleBookReader()
        var catalogues = CatalogueReader()
        for file in files.sorted(by: { $0.path < $1.path }) {
            switch YAMLDocument.parse(file) {
            case .success(let document):
                if isCatalogue(file.path) { catalogues.read(document) } else { reader.read(document) }
            case .failure(let problem): reader.problems.append(problem)
            }
        }
        let problems = reader.problems + catalogues.problems
        guard problems.isEmpty else { return .failure(problems.sorted()) }
        return .success(
            RuleBookSource(
                header: reader.header ?? RuleBookHeader(), facts: reader.facts, models: reader.models, rules: reader.rules,
                thresholds: reader.thresholds, fingerprint: Fingerprint.of(files), catalogues: catalogues.catalogues))
    }

    /// Reads the rule-book files of a folder (see `load(directory:)`) without compiling them.
    public static func source(directory: String) -> Result<RuleBookSource, [Diagnostic]> {
        switch ruleFiles(in: directory) {
        case .failure(let problem): return .failure([problem])
        case .success(let paths):
            var files: [SourceFile] = []
            var problems: [Diagnostic] = []
            for path in paths {
                switch SourceFile.read(path: path) {
                case .success(let file): files.append(file)
                case .failure(let problem): problems.append(problem)
                }
            }
            return problems.isEmpty ? source(files: files) : .failure(problems.sorted())
        }
    }
}

/// Walks the YAML of rule-book files, collecting declarations and problems.
private struct RuleBookReader {
    var header: RuleBookHeader?
    var facts: [FactDeclaration] = []
    var models: [Model] = []
    var rules: [RuleSource] = []
    var thresholds: [ThresholdBasis] = []
    var problems: [Diagnostic] = []

    static let sections = ["rulebook", "facts", "derived", "models", "rules", "thresholds"]

    mutating func read(_ document: YAMLDocument) {
        guard let root = document.root else { return }  // an empty file declares nothing
        guard let mapping = root.mapping else {
            problems.append(
                document.diagnostic(
                    "a rule-book file must be a mapping of sections, not \(root.kindDescription)", at: root,
                    hint: "start with one of: \(Self.sections.joined(separator: ", "))"))
            return
        }
        for (key, value) in mapping {
            let name = key.text ?? ""
            switch name {
            case "rulebook": readHeader(value, document)
            case "facts": forEach(value, document, what: "facts") { $0.readFact($1, document, derived: false) }
            case "derived": forEach(value, document, what: "derived") { $0.readFact($1, document, derived: true) }
            case "models": forEach(value, document, what: "models") { $0.readModel($1, document) }
            case "rules": forEach(value, document, what: "rules") { $0.readRule($1, document) }
            case "thresholds": forEach(value, document, what: "thresholds") { $0.readThreshold($1, document) }
            default:
                problems.append(
                    document.diagnostic(
                        "unknown section '\(name)'", at: key,
                        hint: NameSuggestion.hint(for: name, among: Self.sections, listing: true)))
            }
        }
    }

    mutating func forEach(_ node: Node, _ document: YAMLDocument, what: String, _ body: (inout Self, Node) -> Void) {
        guard let sequence = node.sequence else {
            if case .scalar(let scalar) = node, scalar.resolvedTag == .null { return }
            problems.append(
                document.diagnostic(
                    "`\(what)` must be a list (items starting with `- `), not \(node.kindDescription)", at: node,
                    hint: "write each item on its own line, starting with `  - `"))
            return
        }
        for item in sequence { body(&self, item) }
    }

    // MARK: - Mapping helpers

    /// The fields of a mapping node, reporting keys that are not allowed.
    mutating func fields(_ node: Node, _ document: YAMLDocument, what: String, allowed: [String]) -> [String: Node]? {
        guard let mapping = node.mapping else {
            problems.append(
                document.diagnostic(
                    "\(what) must be a mapping of `key: value`, not \(node.kindDescription)", at: node,
                    hint: "write its keys on their own lines under it, indented, e.g. `id: my-rule`"))
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.text ?? ""
            guard allowed.contains(name) else {
                problems.append(
                    document.diagnostic(
                        "\(what) has an unknown key '\(name)'", at: key,
                        hint: NameSuggestion.hint(for: name, among: allowed, listing: true)))
                continue
            }
            result[name] = value
        }
        return result
    }

    mutating func string(_ fields: [String: Node], _ key: String, _ document: YAMLDocument, owner: Node, what: String, required: Bool) -> String? {
        guard let node = fields[key] else {
            if required { problems.append(document.diagnostic("\(what) has no `\(key)`", at: owner, hint: "add `\(key):`")) }
            return nil
        }
        guard let text = node.text, node.scalar?.resolvedTag != .null else {
            problems.append(document.diagnostic("`\(key)` must be text, not \(node.kindDescription)", at: node, hint: "write `\(key): ` and the text; quote it if it holds ': ' or starts with a symbol"))
            return nil
        }
        return text
    }

    mutating func identifier(_ fields: [String: Node], _ document: YAMLDocument, owner: Node, what: String) -> String? {
        guard let id = string(fields, "id", document, owner: owner, what: what, required: true) else { return nil }
        let valid = !id.isEmpty && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        if !valid, let node = fields["id"] {
            problems.append(document.diagnostic("'\(id)' is not a valid id", at: node, hint: "use letters, digits, '-' and '_' only"))
            return nil
        }
        return id
    }

    mutating func number(_ node: Node?, _ document: YAMLDocument, key: String) -> Double? {
        guard let node else { return nil }
        switch node.celValue {
        case .int(let value)?: return Double(value)
        case .double(let value)? where value.isFinite: return value
        case .double?:
            problems.append(
                document.diagnostic(
                    "`\(key)` must be a finite number, not '\(node.text ?? "")'", at: node, hint: "write an ordinary number, such as 10 or -2.5"))
            return nil
        default:
            problems.append(document.diagnostic("`\(key)` must be a number, not \(node.kindDescription)", at: node, hint: "write a number such as 10 or -2.5, without quotes"))
            return nil
        }
    }

    mutating func stringList(_ node: Node?, _ document: YAMLDocument, key: String) -> [(String, Node)] {
        guard let node else { return [] }
        if let text = node.text, node.scalar?.resolvedTag == .str { return [(text, node)] }
        guard let sequence = node.sequence else {
            problems.append(document.diagnostic("`\(key)` must be a list, not \(node.kindDescription)", at: node, hint: "write `\(key): [a, b]`"))
            return []
        }
        var result: [(String, Node)] = []
        for item in sequence {
            guard let text = item.text else {
                problems.append(document.diagnostic("`\(key)` must list names, not \(item.kindDescription)", at: item, hint: "write `\(key): [a, b]`"))
                continue
            }
            result.append((text, item))
        }
        return result
    }

    // MARK: - Sections

    mutating func readHeader(_ node: Node, _ document: YAMLDocument) {
        guard let fields = fields(node, document, what: "the `rulebook` header", allowed: ["name", "version", "decision", "neutral", "description"]) else { return }
        var header = RuleBookHeader()
        if let name = string(fields, "name", document, owner: node, what: "the header", required: false) { header.name = name }
        if let version = string(fields, "version", document, owner: node, what: "the header", required: false) { header.version = version }
        if let decision = string(fields, "decision", document, owner: node, what: "the header", required: false) { header.decision = decision }
        if let neutral = number(fields["neutral"], document, key: "neutral") { header.neutral = neutral }
        if self.header != nil {
            problems.append(document.diagnostic("the `rulebook` header is given twice", at: node, hint: "keep one `rulebook:` section"))
        }
        self.header = header
    }

    mutating func readFact(_ node: Node, _ document: YAMLDocument, derived: Bool) {
        let what = derived ? "a derived fact" : "a fact"
        let allowed =
            derived
            ? ["id", "name", "type", "values", "min", "max", "unit", "default", "means", "help", "change"]
            : ["id", "name", "type", "values", "min", "max", "unit", "question", "help", "change"]
        guard let fields = fields(node, document, what: what, allowed: allowed),
            let id = identifier(fields, document, owner: node, what: what),
            let typeName = string(fields, "type", document, owner: node, what: "fact '\(id)'", required: true)
        else { return }
        let typeNode = fields["type"] ?? node
        var meanings: [ValueMeaning] = []
        if let valuesNode = fields["values"] {
            if let mapping = valuesNode.mapping {
                for (key, value) in mapping { meanings.append(ValueMeaning(value: key.text ?? "", meaning: value.text ?? "")) }
            } else {
                for (value, _) in stringList(valuesNode, document, key: "values") { meanings.append(ValueMeaning(value: value, meaning: "")) }
            }
        }
        let low = number(fields["min"], document, key: "min")
        let high = number(fields["max"], document, key: "max")
        let kind: FactKind
        switch typeName {
        case "number": kind = .number(min: low, max: high)
        case "integer":
            kind = .integer(min: low.flatMap { Int64(exactly: $0.rounded(.up)) }, max: high.flatMap { Int64(exactly: $0.rounded(.down)) })
        case "bool": kind = .bool
        case "enum": kind = .enumeration(meanings.map(\.value))
        case "list": kind = .list(meanings.map(\.value))
        default:
            problems.append(
                document.diagnostic(
                    "fact '\(id)' has an unknown type '\(typeName)'", at: typeNode,
                    hint: NameSuggestion.hint(for: typeName, among: ["number", "integer", "bool", "enum", "list"], listing: true)))
            return
        }
        if fields["values"] != nil, kind.allowedValues.isEmpty, !meanings.isEmpty {
            problems.append(
                document.diagnostic(
                    "fact '\(id)' is a \(typeName): `values` applies to enum and list facts only", at: fields["values"] ?? node,
                    hint: "remove `values:`, or make the fact `type: enum`"))
        }
        var defaultValue: CELValue?
        if let defaultNode = fields["default"] {
            defaultValue = defaultNode.celValue
            if defaultValue == nil {
                problems.append(
                    document.diagnostic(
                        "the default of '\(id)' must be a value, not \(defaultNode.kindDescription)", at: defaultNode,
                        hint: "write one value, e.g. `default: false`"))
            }
        }
        var change: FactChangeability?
        if let changeNode = fields["change"] {
            if derived {
                problems.append(
                    document.diagnostic(
                        "derived fact '\(id)' cannot declare `change`: it follows from the facts it is concluded from", at: changeNode,
                        hint: "remove `change:` here and declare it on the asked facts the deriving rules read"))
            } else {
                change = readChange(changeNode, document, fact: id)
            }
        }
        facts.append(
            FactDeclaration(
                id: id, kind: kind, name: string(fields, "name", document, owner: node, what: "fact '\(id)'", required: false), unit: fields["unit"]?.text, question: fields["question"]?.text, help: fields["help"]?.text,
                valueMeanings: meanings, isDerived: derived, defaultValue: defaultValue, means: fields["means"]?.text,
                change: change, location: document.location(of: node)))
    }

    /// `change: fixed`, or `change: {direction: increase, effort: 2}`.
    mutating func readChange(_ node: Node, _ document: YAMLDocument, fact id: String) -> FactChangeability? {
        let directions = FactChangeability.Direction.allCases.map(\.rawValue)
        func direction(_ node: Node) -> FactChangeability.Direction? {
            if let text = node.text, let direction = FactChangeability.Direction(rawValue: text) { return direction }
            problems.append(
                document.diagnostic(
                    "fact '\(id)' has an unknown change direction '\(node.text ?? node.kindDescription)'", at: node,
                    hint: NameSuggestion.hint(for: node.text ?? "", among: directions, listing: true)))
            return nil
        }
        if node.mapping == nil {
            return direction(node).map { FactChangeability(direction: $0, location: document.location(of: node)) }
        }
        guard let fields = fields(node, document, what: "the `change` of fact '\(id)'", allowed: ["direction", "effort"]) else { return nil }
        guard let directionNode = fields["direction"] else {
            problems.append(
                document.diagnostic(
                    "the `change` of fact '\(id)' has no `direction`", at: node,
                    hint: "add `direction: increase | decrease | any | fixed`"))
            return nil
        }
        guard let chosen = direction(directionNode) else { return nil }
        var effort = 1.0
        if let effortNode = fields["effort"], let number = number(effortNode, document, key: "effort") {
            guard number > 0 else {
                problems.append(
                    document.diagnostic(
                        "the effort of changing fact '\(id)' must be more than 0, not \(effortNode.text ?? "")", at: effortNode,
                        hint: "give the effort of one step as a positive number (1 is the usual step; 3 is three times as hard)"))
                return nil
            }
            effort = number
        }
        return FactChangeability(direction: chosen, effort: effort, location: document.location(of: node))
    }

    mutating func readModel(_ node: Node, _ document: YAMLDocument) {
        guard let fields = fields(node, document, what: "a model", allowed: ["id", "name", "short", "summary", "sources", "tradeoffs"]),
            let id = identifier(fields, document, owner: node, what: "a model")
        else { return }
        let name = string(fields, "name", document, owner: node, what: "model '\(id)'", required: true) ?? id
        let short = string(fields, "short", document, owner: node, what: "model '\(id)'", required: false)
        let summary = string(fields, "summary", document, owner: node, what: "model '\(id)'", required: false) ?? ""
        let sources = stringList(fields["sources"], document, key: "sources").map(\.0)
        var tradeOffs: [TradeOff] = []
        if let list = fields["tradeoffs"] {
            forEach(list, document, what: "tradeoffs") { reader, item in
                guard
                    let tradeFields = reader.fields(
                        item, document, what: "a trade-off", allowed: ["id", "kind", "seed", "text", "perspective"]),
                    let localId = reader.identifier(tradeFields, document, owner: item, what: "a trade-off"),
                    let kindName = reader.string(tradeFields, "kind", document, owner: item, what: "trade-off '\(localId)'", required: true),
                    let seed = reader.string(tradeFields, "seed", document, owner: item, what: "trade-off '\(localId)'", required: true),
                    let text = reader.string(tradeFields, "text", document, owner: item, what: "trade-off '\(localId)'", required: true)
                else { return }
                guard let kind = TradeOff.Kind(rawValue: kindName) else {
                    reader.problems.append(
                        document.diagnostic(
                            "trade-off '\(localId)' has an unknown kind '\(kindName)'", at: tradeFields["kind"] ?? item,
                            hint: NameSuggestion.hint(for: kindName, among: TradeOff.Kind.allCases.map(\.rawValue), listing: true)))
                    return
                }
                guard let perspective = reader.perspective(tradeFields, document, owner: item, what: "trade-off '\(localId)'") else { return }
                tradeOffs.append(
                    TradeOff(
                        id: "\(id)/\(localId)", kind: kind, seed: seed, text: text, perspective: perspective,
                        location: document.location(of: item)))
            }
        }
        models.append(Model(id: id, name: name, short: short, summary: summary, sources: sources, tradeOffs: tradeOffs, location: document.location(of: node)))
    }

    mutating func readThreshold(_ node: Node, _ document: YAMLDocument) {
        guard let fields = fields(node, document, what: "a threshold", allowed: ["fact", "value", "basis", "source"]),
            let fact = string(fields, "fact", document, owner: node, what: "a threshold", required: true),
            let basis = string(fields, "basis", document, owner: node, what: "the threshold of '\(fact)'", required: true),
            let sourceName = string(fields, "source", document, owner: node, what: "the threshold of '\(fact)'", required: true)
        else { return }
        guard let valueNode = fields["value"] else {
            problems.append(document.diagnostic("the threshold of '\(fact)' has no `value`", at: node, hint: "add `value:` with the number conditions compare it with"))
            return
        }
        guard let value = number(valueNode, document, key: "value") else { return }
        guard let source = ThresholdBasis.Source(rawValue: sourceName) else {
            problems.append(
                document.diagnostic(
                    "the threshold of '\(fact)' has an unknown source '\(sourceName)'", at: fields["source"] ?? node,
                    hint: NameSuggestion.hint(for: sourceName, among: ThresholdBasis.Source.allCases.map(\.rawValue), listing: true)))
            return
        }
        thresholds.append(ThresholdBasis(fact: fact, value: value, basis: basis, source: source, location: document.location(of: node)))
    }

    /// A `perspective:` field (`founder` when left out), or nil with a problem when it names none.
    mutating func perspective(_ fields: [String: Node], _ document: YAMLDocument, owner: Node, what: String) -> TradeOff.Perspective? {
        guard let name = string(fields, "perspective", document, owner: owner, what: what, required: false) else { return .founder }
        guard let stated = TradeOff.Perspective(rawValue: name) else {
            problems.append(
                document.diagnostic(
                    "\(what) has an unknown perspective '\(name)'", at: fields["perspective"] ?? owner,
                    hint: NameSuggestion.hint(for: name, among: TradeOff.Perspective.allCases.map(\.rawValue), listing: true)))
            return nil
        }
        return stated
    }

    mutating func readRule(_ node: Node, _ document: YAMLDocument) {
        guard
            let fields = fields(
                node, document, what: "a rule", allowed: ["id", "when", "because", "encodes", "perspective", "score", "exclude", "derive"]),
            let id = identifier(fields, document, owner: node, what: "a rule"),
            let perspective = perspective(fields, document, owner: node, what: "rule '\(id)'")
        else { return }
        guard let whenNode = fields["when"] else {
            problems.append(document.diagnostic("rule '\(id)' has no condition", at: node, hint: "add `when:` with a CEL condition, e.g. `when: capital < 20000`"))
            return
        }
        guard case .scalar(let whenScalar) = whenNode else {
            problems.append(document.diagnostic("the condition of rule '\(id)' must be text, not \(whenNode.kindDescription)", at: whenNode, hint: "quote it: `when: \"...\"`"))
            return
        }
        _ = whenScalar
        let because = fields["because"]?.text ?? ""
        let encodes = stringList(fields["encodes"], document, key: "encodes").map { RuleSource.Reference(id: $0.0, location: document.location(of: $0.1)) }
        let excludes = stringList(fields["exclude"], document, key: "exclude").map { RuleSource.Reference(id: $0.0, location: document.location(of: $0.1)) }
        var scores: [RuleSource.ScoreSource] = []
        if let scoreNode = fields["score"] {
            if let mapping = scoreNode.mapping {
                for (key, value) in mapping {
                    if let points = number(value, document, key: "score of \(key.text ?? "")") {
                        scores.append(RuleSource.ScoreSource(model: key.text ?? "", points: points, location: document.location(of: key)))
                    }
                }
            } else {
                problems.append(document.diagnostic("`score` must map models to points", at: scoreNode, hint: "write e.g. `score: {m2c: 10, b2c: -5}`"))
            }
        }
        var derives: [RuleSource.DeriveSource] = []
        if let deriveNode = fields["derive"] {
            if let mapping = deriveNode.mapping {
                for (key, value) in mapping {
                    guard let celValue = value.celValue else {
                        problems.append(
                            document.diagnostic(
                                "the derived value of '\(key.text ?? "")' must be a value, not \(value.kindDescription)", at: value,
                                hint: "write one value, e.g. `derive: {asset_light: true}`"))
                        continue
                    }
                    derives.append(RuleSource.DeriveSource(fact: key.text ?? "", value: celValue, location: document.location(of: key)))
                }
            } else {
                problems.append(document.diagnostic("`derive` must map derived facts to values", at: deriveNode, hint: "write e.g. `derive: {asset_light: true}`"))
            }
        }
        rules.append(
            RuleSource(
                id: id, location: document.location(of: node), condition: document.placement(of: whenNode), because: because,
                encodes: encodes, scores: scores, excludes: excludes, derives: derives, perspective: perspective))
    }
}

/// A short digest of a rule book's files, so a report can name the rule book that made it.
public enum Fingerprint {
    /// FNV-1a 64-bit over each file's path (relative to the rule-book folder) and text.
    public static func of(_ files: [SourceFile]) -> String {
        let paths = files.map(\.path)
        let prefix = commonFolder(paths)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            mix(file.path.dropFirst(prefix.count).utf8)
            mix([0])
            mix(file.text.utf8)
            mix([0])
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func commonFolder(_ paths: [String]) -> String {
        guard var prefix = paths.first else { return "" }
        for path in paths.dropFirst() {
            while !path.hasPrefix(prefix) { prefix.removeLast() }
        }
        if let slash = prefix.lastIndex(of: "/") { return String(prefix[...slash]) }
        return ""
    }
}
