import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Foundation
import Yams

/// Reads rule tests: the YAML files under a rule book's `tests/` folder (see
/// Docs/rule-book-format.md, "Rule tests"). Every expectation keeps the file, line and column it
/// is written at, so a failure can point at it.
public enum RuleTestLoader {
    /// The keys a test case may have.
    static let caseKeys = ["name", "profile", "facts", "expect"]
    /// The keys of `expect:`.
    static let expectationKeys = [
        "recommendation", "order", "excluded", "not_excluded", "fired", "not_fired", "undecided", "derived", "could_change",
        "cannot_change", "settled", "fit", "margin", "points", "reasons",
    ]

    /// The test files of a rule-book folder: every `*.yaml` / `*.yml` under `tests/`, in path order
    /// (empty when there is no `tests/` folder).
    public static func testFiles(in rulesDirectory: String) -> [String] {
        let base = rulesDirectory.hasSuffix("/") ? rulesDirectory : rulesDirectory + "/"
        let folder = base + "tests"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: folder)
        else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            paths.append(folder + "/" + relative)
        }
        return paths.sorted()
    }

    /// Loads every test file of a rule-book folder against the rule book. Test names must be
    /// unique across files.
    public static func load(directory: String, ruleBook: RuleBook) -> Result<[RuleTestCase], [Diagnostic]> {
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        for path in testFiles(in: directory) {
            switch SourceFile.read(path: path) {
            case .success(let file): files.append(file)
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { return .failure(problems.sorted()) }
        return load(files: files, ruleBook: ruleBook)
    }

    /// Loads test files already read. Profile paths are read from disk, relative to each test
    /// file's folder.
    public static func load(files: [SourceFile], ruleBook: RuleBook) -> Result<[RuleTestCase], [Diagnostic]> {
        var cases: [RuleTestCase] = []
        var problems: [Diagnostic] = []
        var names: [String: SourceLocation?] = [:]
        for file in files {
            switch parse(file, ruleBook: ruleBook) {
            case .failure(let found): problems += found
            case .success(let parsed):
                for testCase in parsed {
                    if let earlier = names[testCase.name] {
                        problems.append(
                            Diagnostic(
                                location: testCase.location, message: "a test named '\(testCase.name)' already exists",
                                hint: "the other is at \(earlier?.description ?? "an earlier file"); give each test its own name"))
                        continue
                    }
                    names[testCase.name] = testCase.location
                    cases.append(testCase)
                }
            }
        }
        return problems.isEmpty ? .success(cases) : .failure(problems.sorted())
    }

    /// Parses one test file.
    public static func parse(_ file: SourceFile, ruleBook: RuleBook) -> Result<[RuleTestCase], [Diagnostic]> {
        let document: YAMLDocument
        switch YAMLDocument.parse(file) {
        case .success(let parsed): document = parsed
        case .failure(let problem): return .failure([problem])
        }
        var reader = RuleTestReader(document: document, ruleBook: ruleBook)
        let cases = reader.read()
        return reader.problems.isEmpty ? .success(cases) : .failure(reader.problems.sorted())
    }

    /// A path written in a test file, resolved against the test file's folder and tidied
    /// (`Rules/tests/../../Examples/a.yaml` is `Examples/a.yaml`), so reports show it as a user
    /// would type it.
    static func resolve(_ path: String, from testFile: String) -> String {
        if path.hasPrefix("/") { return tidy(path) }
        let folder = testFile.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return tidy(folder.isEmpty ? path : folder + "/" + path)
    }

    /// Removes `.` and resolvable `..` components, keeping the path relative if it was.
    static func tidy(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for component in path.split(separator: "/") {
            if component == "." { continue }
            if component == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if component == "..", absolute { continue }
            parts.append(component)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// Walks one test file's YAML, collecting cases and problems.
private struct RuleTestReader {
    let document: YAMLDocument
    let ruleBook: RuleBook
    var problems: [Diagnostic] = []

    init(document: YAMLDocument, ruleBook: RuleBook) {
        self.document = document
        self.ruleBook = ruleBook
    }

    mutating func read() -> [RuleTestCase] {
        guard let root = document.root else { return [] }  // an empty file holds no tests
        guard let mapping = root.mapping else {
            problems.append(document.diagnostic("a test file must be a mapping with `tests:`, not \(root.kindDescription)", at: root, hint: "start the file with `tests:`"))
            return []
        }
        var cases: [RuleTestCase] = []
        for (key, value) in mapping {
            guard key.text == "tests" else {
                problems.append(document.diagnostic("a test file has an unknown key '\(key.text ?? "")'", at: key, hint: "a test file holds one key, `tests:`"))
                continue
            }
            guard let items = value.sequence else {
                problems.append(document.diagnostic("`tests` must be a list (items starting with `- `), not \(value.kindDescription)", at: value))
                continue
            }
            for item in items {
                if let testCase = readCase(item) { cases.append(testCase) }
            }
        }
        return cases
    }

    // MARK: - One case

    mutating func readCase(_ node: Node) -> RuleTestCase? {
        guard let fields = fields(node, what: "a test", allowed: RuleTestLoader.caseKeys) else { return nil }
        guard let nameNode = fields["name"], let name = nameNode.text, nameNode.scalar?.resolvedTag != .null,
            !name.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            problems.append(document.diagnostic("a test has no `name`", at: fields["name"] ?? node, hint: "add `name:` saying what the test shows"))
            return nil
        }
        let before = problems.count
        var bindings = Array(repeating: CELBinding.unknown, count: ruleBook.askedFactCount)
        var profilePath: String?
        if let profileNode = fields["profile"] {
            if let path = profileNode.text, profileNode.scalar?.resolvedTag != .null, !path.isEmpty {
                let resolved = RuleTestLoader.resolve(path, from: document.file.path)
                profilePath = resolved
                switch ProfileLoader.load(path: resolved, ruleBook: ruleBook) {
                case .success(let profile): bindings = profile.facts.bindings
                case .failure(let found):
                    problems.append(
                        document.diagnostic(
                            "test '\(name)': the profile \(resolved) cannot be used: \(found.first?.message ?? "it has errors")", at: profileNode,
                            hint: "the path is relative to this test file's folder; `advisor score \(resolved)` shows every problem"))
                }
            } else {
                problems.append(document.diagnostic("`profile` must be a file path, not \(profileNode.kindDescription)", at: profileNode))
            }
        }
        if let factsNode = fields["facts"] {
            if let mapping = factsNode.mapping {
                for (key, value) in mapping {
                    switch ProfileLoader.factValue(key, value, document, ruleBook: ruleBook, otherKeys: []) {
                    case .failure(let problem): problems.append(problem)
                    case .success((let slot, let value)): bindings[slot] = value.map(CELBinding.value) ?? .unknown
                    }
                }
            } else {
                problems.append(document.diagnostic("`facts` must map facts to values, e.g. `facts: {capital: 5000}`", at: factsNode))
            }
        }
        if fields["profile"] == nil && fields["facts"] == nil {
            problems.append(
                document.diagnostic(
                    "test '\(name)' has no profile", at: node,
                    hint: "add `profile:` (a path relative to this file) or `facts:` (inline values), or both: `facts` then change the profile's"))
        }
        var expectations: [RuleExpectation] = []
        if let expectNode = fields["expect"] {
            expectations = readExpectations(expectNode, test: name)
            if expectations.isEmpty && problems.count == before {
                problems.append(document.diagnostic("test '\(name)' expects nothing", at: expectNode, hint: "add at least one of: \(RuleTestLoader.expectationKeys.joined(separator: ", "))"))
            }
        } else {
            problems.append(document.diagnostic("test '\(name)' has no `expect`", at: node, hint: "add `expect:` with, e.g., `recommendation: <model>`"))
        }
        guard problems.count == before else { return nil }
        let testCase = RuleTestCase(
            name: name, location: document.location(of: node), profile: profilePath, facts: FactSet(bindings: bindings),
            expectations: expectations)
        let nameProblems = ruleBook.problems(in: testCase)
        problems += nameProblems
        return nameProblems.isEmpty ? testCase : nil
    }

    // MARK: - Expectations

    mutating func readExpectations(_ node: Node, test: String) -> [RuleExpectation] {
        // `fields` reports unknown keys; the expectations are read in the order written.
        guard fields(node, what: "`expect`", allowed: RuleTestLoader.expectationKeys) != nil, let mapping = node.mapping else { return [] }
        var expectations: [RuleExpectation] = []
        func at(_ claim: RuleExpectation.Claim, _ node: Node) -> RuleExpectation {
            RuleExpectation(claim, location: document.location(of: node), sourceLine: document.sourceLine(of: node))
        }
        for (keyNode, value) in mapping {
            switch keyNode.text ?? "" {
            case "recommendation":
                if case .scalar(let scalar) = value, scalar.resolvedTag == .null {
                    expectations.append(at(.recommendation(nil), value))
                } else if let model = value.text {
                    expectations.append(at(.recommendation(model), value))
                } else {
                    problems.append(document.diagnostic("`recommendation` must be a model id (or null for none), not \(value.kindDescription)", at: value))
                }
            case "order":
                for (text, item) in names(value, key: "order") { expectations += orderChain(text, item) }
            case "excluded": expectations += names(value, key: "excluded").map { at(.excluded($0.0), $0.1) }
            case "not_excluded": expectations += names(value, key: "not_excluded").map { at(.notExcluded($0.0), $0.1) }
            case "fired": expectations += names(value, key: "fired").map { at(.fired($0.0), $0.1) }
            case "not_fired": expectations += names(value, key: "not_fired").map { at(.notFired($0.0), $0.1) }
            case "undecided": expectations += names(value, key: "undecided").map { at(.undecided($0.0), $0.1) }
            case "could_change": expectations += names(value, key: "could_change").map { at(.couldChange($0.0), $0.1) }
            case "cannot_change": expectations += names(value, key: "cannot_change").map { at(.cannotChange($0.0), $0.1) }
            case "settled":
                if case .bool(let flag)? = value.celValue {
                    expectations.append(at(.settled(flag), value))
                } else {
                    problems.append(document.diagnostic("`settled` must be true or false, not \(value.kindDescription)", at: value))
                }
            case "derived":
                guard let pairs = value.mapping else {
                    problems.append(document.diagnostic("`derived` must map derived facts to values, e.g. `derived: {asset_light: true}`", at: value))
                    continue
                }
                for (factNode, valueNode) in pairs {
                    let fact = factNode.text ?? ""
                    if case .scalar(let scalar) = valueNode, scalar.resolvedTag == .null {
                        expectations.append(at(.derived(fact: fact, value: nil), factNode))
                    } else if let celValue = valueNode.celValue {
                        let conformed = ruleBook.fact(fact).flatMap { FactValues.conform(celValue, to: $0.kind) } ?? celValue
                        expectations.append(at(.derived(fact: fact, value: conformed), factNode))
                    } else {
                        problems.append(document.diagnostic("the expected value of '\(fact)' must be a value, not \(valueNode.kindDescription)", at: valueNode))
                    }
                }
            case "fit":
                for (modelNode, valueNode) in pairs(value, key: "fit", example: "fit: {m2c: 121, b2c: \"< 50\"}") {
                    if let number = number(valueNode, key: "fit") { expectations.append(at(.fit(model: modelNode.text ?? "", number), valueNode)) }
                }
            case "margin":
                if let number = number(value, key: "margin") { expectations.append(at(.margin(number), value)) }
            case "points":
                for (ruleNode, perModel) in pairs(value, key: "points", example: "points: {cautious-founder: {m2c: 12}}") {
                    for (modelNode, valueNode) in pairs(perModel, key: "points of \(ruleNode.text ?? "")", example: "cautious-founder: {m2c: 12}") {
                        if let number = number(valueNode, key: "points") {
                            expectations.append(at(.points(rule: ruleNode.text ?? "", model: modelNode.text ?? "", number), valueNode))
                        }
                    }
                }
            case "reasons":
                let listed = names(value, key: "reasons")
                if let first = listed.first { expectations.append(at(.reasons(listed.map(\.0)), first.1)) }
            default:
                break  // reported by `fields`
            }
        }
        return expectations
    }

    /// The entries of a mapping (`fit: {m2c: 121}`), or a problem saying how to write it.
    mutating func pairs(_ node: Node, key: String, example: String) -> [(Node, Node)] {
        guard let mapping = node.mapping else {
            problems.append(document.diagnostic("`\(key)` must be a mapping, not \(node.kindDescription)", at: node, hint: "write e.g. `\(example)`"))
            return []
        }
        return Array(mapping)
    }

    /// A number a test expects: `121`, or text comparing with one: `">= 60"`, `"< 50"`.
    mutating func number(_ node: Node, key: String) -> NumberExpectation? {
        switch node.celValue {
        case .int(let value)?: return NumberExpectation(.equal, Double(value))
        case .double(let value)? where value.isFinite: return NumberExpectation(.equal, value)
        case .string(let text)?:
            if let number = NumberExpectation(text: text) { return number }
        default: break
        }
        problems.append(
            document.diagnostic(
                "`\(key)` must be a number or a comparison with one, not '\(node.text ?? node.kindDescription)'", at: node,
                hint: "write `121` for exactly 121, or quote a comparison: `\">= 60\"`, `\"< 50\"` (==, <, <=, >, >=)"))
        return nil
    }

    /// `"m2c > b2c > direct_mail"`: each neighbouring pair ranks in that order. Each pair points
    /// at its first model inside the text.
    mutating func orderChain(_ text: String, _ node: Node) -> [RuleExpectation] {
        let placement = document.placement(of: node)
        var parts: [(name: String, column: Int)] = []
        var column = 1
        for piece in text.split(separator: ">", omittingEmptySubsequences: false) {
            let leading = piece.prefix { $0 == " " }.count
            let name = piece.trimmingCharacters(in: .whitespaces)
            parts.append((name, column + leading))
            column += piece.count + 1
        }
        guard parts.count >= 2, parts.allSatisfy({ !$0.name.isEmpty && !$0.name.contains(" ") }) else {
            problems.append(
                document.diagnostic(
                    "'\(text)' is not an order", at: node, hint: "write models from higher to lower, separated by `>`: \"m2c > b2c > direct_mail\""))
            return []
        }
        return zip(parts, parts.dropFirst()).map { higher, lower in
            let location = placement.location(line: 1, column: higher.column) ?? document.location(of: node)
            return RuleExpectation(.ranksAbove(higher.name, lower.name), location: location, sourceLine: placement.fileLine(line: 1, column: higher.column))
        }
    }

    // MARK: - Helpers

    /// A list of names (or one name), each with its node.
    mutating func names(_ node: Node, key: String) -> [(String, Node)] {
        if let text = node.text, node.scalar?.resolvedTag == .str { return [(text, node)] }
        guard let sequence = node.sequence else {
            problems.append(document.diagnostic("`\(key)` must be a list, not \(node.kindDescription)", at: node, hint: "write `\(key): [a, b]`"))
            return []
        }
        var result: [(String, Node)] = []
        for item in sequence {
            guard let text = item.text, item.scalar?.resolvedTag != .null else {
                problems.append(document.diagnostic("`\(key)` must list names, not \(item.kindDescription)", at: item))
                continue
            }
            result.append((text, item))
        }
        return result
    }

    mutating func fields(_ node: Node, what: String, allowed: [String]) -> [String: Node]? {
        guard let mapping = node.mapping else {
            problems.append(document.diagnostic("\(what) must be a mapping of `key: value`, not \(node.kindDescription)", at: node))
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.text ?? ""
            guard allowed.contains(name) else {
                problems.append(document.diagnostic("\(what) has an unknown key '\(name)'", at: key, hint: NameSuggestion.hint(for: name, among: allowed, listing: true)))
                continue
            }
            result[name] = value
        }
        return result
    }
}
