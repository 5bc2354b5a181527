import AdvisorDiagnostics
import AdvisorEngine

/// What each column of a CSV file holds, read once from its header: a fact, a label (`name`,
/// `notes`), a carried column, or a column dropped. Headers match facts exactly, or in other
/// case when only one name matches that way (`Capital`).
public struct CSVColumns: Sendable {
    public enum Role: Sendable, Hashable {
        /// An asked fact, by slot.
        case fact(Int)
        /// `name` or `notes`.
        case label(String)
        /// A column carried into the output (`ExtraKeys.carried`), by its carried name.
        case carried(String)
        /// A column that is not a fact, dropped (`ExtraKeys.ignoreUnknown`).
        case ignored(String)

        /// Free text may hold line breaks; a fact's cell may not.
        public var isFreeText: Bool {
            if case .fact = self { return false }
            return true
        }
    }

    public var roles: [Role]
    /// The header as written, and the facts (asked ones first) of the rule book `roles` were
    /// read against: a rule book with other facts reads the header again (`BatchInput.records`).
    public var header: [CSVReader.Cell]
    public var factIds: [String]
    /// The header's line and the column of each of its cells.
    public var headerLine: Int
    public var headerColumns: [Int]
    /// The header's names of the dropped columns.
    public var ignored: [String]

    /// The facts a header is read against: the asked ones, then the derived ones.
    static func factIds(of ruleBook: RuleBook) -> [String] {
        ruleBook.askedFactIds + ["|"] + ruleBook.facts.map(\.id)
    }

    /// The columns a header names, or one error for the whole header.
    public static func resolve(
        _ cells: [CSVReader.Cell], line: Int, file: String, ruleBook: RuleBook, extra: ExtraKeys
    ) -> Result<CSVColumns, Diagnostic> {
        let facts = ruleBook.askedFactIds
        let known = facts + ProfileLoader.labelKeys + extra.carried
        var roles: [Role] = []
        var problems: [(column: Int, text: String)] = []
        var unknown: [(name: String, cell: Int)] = []
        var seen: [String: Int] = [:]
        for (index, cell) in cells.enumerated() {
            let name = cell.text.trimmingCharacters(in: .whitespaces)
            let number = index + 1
            if name.isEmpty {
                if extra.ignoreUnknown {
                    roles.append(.ignored(""))
                } else {
                    problems.append((cell.column, "column \(number) has no name"))
                }
                continue
            }
            var resolved: String? = known.contains(name) ? name : nil
            if resolved == nil {
                let matches = known.filter { $0.lowercased() == name.lowercased() }
                if matches.count > 1 {
                    problems.append((cell.column, "'\(name)' (column \(number)) could be \(matches.map { "'\($0)'" }.joined(separator: " or "))"))
                    continue
                }
                resolved = matches.first
            }
            guard let resolved else {
                if ruleBook.slot(ofFact: name) != nil {
                    problems.append((cell.column, "'\(name)' (column \(number)) is concluded by the rules, not given in a profile"))
                } else if extra.ignoreUnknown {
                    roles.append(.ignored(name))
                } else {
                    unknown.append((name, index))
                }
                continue
            }
            if let first = seen[resolved] {
                problems.append((cell.column, "columns \(first + 1) and \(number) both name '\(resolved)'"))
                continue
            }
            seen[resolved] = index
            if let slot = ruleBook.slot(ofFact: resolved), slot < ruleBook.askedFactCount {
                roles.append(.fact(slot))
            } else if ProfileLoader.labelKeys.contains(resolved) {
                roles.append(.label(resolved))
            } else {
                roles.append(.carried(resolved))
            }
        }
        var hints: [String] = []
        if !unknown.isEmpty {
            let listed = unknown.map { "'\($0.name)' (column \($0.cell + 1))" }.joined(separator: ", ")
            let noun = unknown.count == 1 ? "a column that is not a fact" : "\(unknown.count) columns that are not facts"
            problems.append((cells[unknown[0].cell].column, "the header names \(noun): \(listed)"))
            var misspelled: [String] = []
            var others: [String] = []
            var idColumn: String?
            for column in unknown {
                let kind = ExtraKeys.labelKind(of: column.name)
                // A near fact is suggested for a label only when the fact reads as one too (`country_code`).
                if let near = NameSuggestion.nearest(to: column.name, among: facts), kind == nil || ExtraKeys.labelKind(of: near) != nil {
                    misspelled.append("'\(column.name)': did you mean '\(near)'?")
                } else {
                    others.append(column.name)
                    if kind == .id, idColumn == nil { idColumn = column.name }
                }
            }
            hints += misspelled
            let carry = (others.isEmpty ? unknown.map(\.name) : others).joined(separator: ",")
            let id = idColumn.map { ", and --id-field \($0) to name each profile by it" } ?? ""
            hints.append("to carry such columns into the output, name them: --pass-columns \(carry)\(id); or drop them with --ignore-unknown-columns")
        }
        if let id = extra.id, seen[id] == nil, problems.isEmpty {
            problems.append((1, "the header has no column '\(id)' (--id-field)"))
            hints.append("add the column, or name the id column with --id-field")
        }
        if !problems.isEmpty {
            problems.sort { $0.column < $1.column }
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: line, column: problems[0].column),
                    message: problems.map(\.text).joined(separator: "; "),
                    hint: hints.isEmpty ? "the first row names a fact in each column, e.g. capital,category_breadth" : hints.joined(separator: "; ")))
        }
        let ignored = roles.compactMap { role -> String? in
            if case .ignored(let name) = role, !name.isEmpty { return name }
            return nil
        }
        return .success(
            CSVColumns(
                roles: roles, header: cells, factIds: Self.factIds(of: ruleBook), headerLine: line, headerColumns: cells.map(\.column), ignored: ignored))
    }

    /// The carried columns' values among `cells` (a row's cells, or those read before a fault),
    /// by the header's places; absent where a cell is missing or empty.
    func carried(_ cells: [CSVReader.Cell], extra: ExtraKeys) -> [PassedValue] {
        var passed = extra.absent
        for (index, cell) in cells.prefix(roles.count).enumerated() where !cell.text.isEmpty {
            if case .carried(let key) = roles[index], let at = extra.carried.firstIndex(of: key) { passed[at] = .text(cell.text) }
        }
        return passed
    }

    /// A record of the file as a profile: each cell read with the shared answer syntax
    /// (`AnswerSyntax.cell`), then checked like any profile.
    func record(_ item: CSVReader.Item, file: String, ruleBook: RuleBook, extra: ExtraKeys) -> BatchInput.Record {
        let cells: [CSVReader.Cell]
        let line: Int
        switch item {
        case .problem(let problem, let before):
            // The carried cells read before the fault (a client's id) stay with the error.
            return BatchInput.Record(
                label: "\(file):\(problem.location?.line ?? headerLine)", passed: carried(before, extra: extra), result: .failure([problem]))
        case .record(let at, let recordCells):
            cells = recordCells
            line = at
        }
        let label = file + ":" + String(line)
        guard cells.count == roles.count else {
            let short = cells.count < roles.count
            let at = short ? (cells.last?.column ?? 1) : cells[roles.count].column
            let atLine = short ? (cells.last?.line ?? line) : cells[roles.count].line
            let problem = Diagnostic(
                location: SourceLocation(file: file, line: atLine, column: at),
                message: "the row has \(cells.count) cell\(cells.count == 1 ? "" : "s") and the header \(roles.count); the row is not scored",
                hint: short
                    ? "give every row a cell for each column (an empty cell for an unknown fact)"
                    : "a cell holding a comma needs double quotes; or name the extra column in the header")
            // Its carried cells stay with the error where the header places them (a client's id).
            return BatchInput.Record(label: label, passed: carried(cells, extra: extra), result: .failure([problem]))
        }
        var entries: [ProfileEntry] = []
        entries.reserveCapacity(cells.count)
        var problems: [Diagnostic] = []
        // Each key is taken from `factIds` (asked facts first, by slot), the array of the rule
        // book's facts once per row rather than once per cell.
        let facts = ruleBook.facts
        for (index, cell) in cells.enumerated() {
            let keyAt = ProfileEntry.Position(line: headerLine, column: headerColumns[index])
            let valueAt = ProfileEntry.Position(line: cell.line, column: cell.column)
            switch roles[index] {
            case .fact(let slot):
                switch AnswerSyntax.cell(cell.text, for: facts[slot]) {
                case .failure(let problem):
                    problems.append(
                        Diagnostic(location: SourceLocation(file: file, line: cell.line, column: cell.column), message: problem.message, hint: problem.hint))
                case .success(let value):
                    entries.append(
                        ProfileEntry(key: factIds[slot], value: value.map { .value($0) } ?? .null, keyAt: keyAt, valueAt: valueAt, slot: slot))
                }
            case .label(let key):
                let text = AnswerSyntax.trimmed(cell.text)
                entries.append(ProfileEntry(key: key, value: text.isEmpty ? .null : .value(.string(text)), keyAt: keyAt, valueAt: valueAt))
            case .carried(let key):
                entries.append(ProfileEntry(key: key, value: cell.text.isEmpty ? .null : .value(.string(cell.text)), keyAt: keyAt, valueAt: valueAt))
            case .ignored:
                continue
            }
        }
        let read = ProfileLoader.build(source: label, file: file, entries: entries, ruleBook: ruleBook, extra: extra)
        var result = read.result
        if !problems.isEmpty {
            if case .failure(let more) = result { problems += more }
            result = .failure(problems.sorted())
        }
        return BatchInput.Record(label: label, passed: read.passed, ignored: ignored, result: result)
    }
}
