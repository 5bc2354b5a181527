import Foundation
import AdvisorCEL
import AdvisorDiagnostics

extension RuleBook {
    /// Compiles what the loader read into an immutable rule book: every condition parsed and
    /// type-checked against the declared facts, every reference resolved, rules put in the order
    /// derived facts need. All problems are collected and returned sorted by position.
    ///
    /// `language` picks the texts the compiled value carries (`RuleBookSource.translated`): a
    /// catalogue's language, or the rule book's own (`en`, the default). Either way the value
    /// keeps every language's texts in `texts`, for lookups and `advisor check`.
    public static func compile(_ source: RuleBookSource, language: String = RuleBookTexts.sourceLanguage) -> Result<RuleBook, [Diagnostic]> {
        var compiler = Compiler(source: source.translated(into: language), texts: RuleBookTexts(source), language: language)
        return compiler.run()
    }
}

private struct Compiler {
    let source: RuleBookSource
    let texts: RuleBookTexts
    let language: String
    var problems: [Diagnostic] = []

    init(source: RuleBookSource, texts: RuleBookTexts, language: String) {
        self.source = source
        self.texts = texts
        self.language = language
    }

    mutating func error(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        problems.append(Diagnostic(location: location, message: message, hint: hint))
    }

    mutating func run() -> Result<RuleBook, [Diagnostic]> {
        // MARK: Facts: asked first, then derived; a fact's position is its slot.
        let facts = source.facts.filter { !$0.isDerived } + source.facts.filter(\.isDerived)
        var factSlots: [String: Int] = [:]
        for (slot, fact) in facts.enumerated() {
            if let earlier = factSlots[fact.id] {
                error(
                    "fact '\(fact.id)' is declared twice", at: fact.location,
                    hint: "the first declaration is at \(facts[earlier].location?.description ?? "an earlier file"); keep one")
                continue
            }
            factSlots[fact.id] = slot
            checkDeclaration(fact)
        }
        let askedCount = facts.filter { !$0.isDerived }.count
        // Scoring and the searches hold sets of facts and of models inline, as bits.
        if facts.count > SlotSet.capacity {
            error(
                "the rule book declares \(facts.count) facts, more than the \(SlotSet.capacity) the engine can hold",
                at: facts[SlotSet.capacity].location, hint: "split the decision into smaller rule books, or merge facts that always go together")
        }
        if source.models.count > ModelMask.capacity {
            error(
                "the rule book declares \(source.models.count) models, more than the \(ModelMask.capacity) the engine can compare",
                at: source.models[ModelMask.capacity].location, hint: "split the decision into smaller rule books")
        }

        // MARK: Models and their trade-offs.
        var modelSlots: [String: Int] = [:]
        var tradeOffIds: Set<String> = []
        for (index, model) in source.models.enumerated() {
            if modelSlots[model.id] != nil {
                error("model '\(model.id)' is declared twice", at: model.location, hint: "model ids must be unique")
                continue
            }
            if factSlots[model.id] != nil || model.id.isEmpty {
                // Not an error in itself; ids live in separate name spaces.
            }
            modelSlots[model.id] = index
            for tradeOff in model.tradeOffs where !tradeOffIds.insert(tradeOff.id).inserted {
                error("trade-off '\(tradeOff.id)' is declared twice", at: tradeOff.location, hint: "give each trade-off of a model its own id")
            }
        }
        if source.models.isEmpty {
            error("the rule book declares no models", at: nil, hint: "add a `models:` list with at least two options to choose between")
        }

        // MARK: The threshold catalogue.
        let thresholds = checkThresholds(factSlots: factSlots, facts: facts)

        // MARK: Rules.
        let declarations = CELDeclarations(
            variables: facts.map { (name: $0.id, type: $0.kind.celType) }, undeclaredIdentifiers: .reject)
        var rules: [Rule] = []
        var ruleIds: [String: SourceLocation?] = [:]
        for (index, ruleSource) in source.rules.enumerated() {
            if let earlier = ruleIds[ruleSource.id] {
                error(
                    "rule '\(ruleSource.id)' is declared twice", at: ruleSource.location,
                    hint: "the first is at \(earlier?.description ?? "an earlier file"); rule ids must be unique")
                continue
            }
            ruleIds[ruleSource.id] = ruleSource.location
            if let rule = compileRule(
                ruleSource, index: index, facts: facts, factSlots: factSlots, modelSlots: modelSlots,
                tradeOffIds: tradeOffIds, declarations: declarations, thresholds: thresholds)
            {
                rules.append(rule)
            }
        }

        guard problems.isEmpty else { return .failure(problems.sorted()) }

        // MARK: Order: a rule that reads a derived fact runs after every rule that derives it.
        guard let ordered = orderByDependencies(rules, facts: facts) else { return .failure(problems.sorted()) }

        var derivers: [Int: [Int]] = [:]
        for (position, rule) in ordered.enumerated() {
            for derive in rule.derives { derivers[derive.slot, default: []].append(position) }
        }
        for slot in derivers.keys {
            derivers[slot]?.sort { ordered[$0].sourceIndex < ordered[$1].sourceIndex }
        }
        var finalizeAfter = Array(repeating: [Int](), count: ordered.count)
        for (slot, positions) in derivers {
            if let last = positions.max() { finalizeAfter[last].append(slot) }
        }
        for position in finalizeAfter.indices { finalizeAfter[position].sort() }

        return .success(
            RuleBook(
                header: source.header, facts: facts, models: source.models, thresholds: thresholds, rules: ordered,
                fingerprint: source.fingerprint, texts: texts, language: language,
                factSlots: factSlots, modelSlots: modelSlots,
                askedFactCount: askedCount, finalizeAfter: finalizeAfter, derivers: derivers))
    }

    // MARK: - Declarations

    mutating func checkDeclaration(_ fact: FactDeclaration) {
        switch fact.kind {
        case .enumeration(let values), .list(let values):
            if values.isEmpty {
                error("fact '\(fact.id)' is an \(fact.kind.typeName) with no values", at: fact.location, hint: "list its values under `values:`")
            }
            var seen: Set<String> = []
            for value in values where !seen.insert(value).inserted {
                error("fact '\(fact.id)' lists the value '\(value)' twice", at: fact.location, hint: "keep one")
            }
        case .number(let low, let high):
            if let low, let high, low > high {
                error("fact '\(fact.id)' has min \(low) above max \(high)", at: fact.location, hint: "swap them, or correct one")
            }
        case .integer(let low, let high):
            if let low, let high, low > high {
                error("fact '\(fact.id)' has min \(low) above max \(high)", at: fact.location, hint: "swap them, or correct one")
            }
        case .bool:
            break
        }
        if fact.isDerived {
            if let value = fact.defaultValue {
                if FactValues.conform(value, to: fact.kind) == nil {
                    error(
                        "the default of derived fact '\(fact.id)' is not a valid \(fact.kind.typeName)", at: fact.location,
                        hint: FactValues.expectation(for: fact.kind))
                }
            } else {
                error(
                    "derived fact '\(fact.id)' has no `default`", at: fact.location,
                    hint: "say what it is when no rule derives it, e.g. `default: false`")
            }
        }
    }

    // MARK: - Thresholds

    /// The catalogue's entries that name a declared fact a condition can compare with a number,
    /// once each; every other entry is an error.
    mutating func checkThresholds(factSlots: [String: Int], facts: [FactDeclaration]) -> [ThresholdBasis] {
        var accepted: [ThresholdBasis] = []
        for entry in source.thresholds {
            guard let slot = factSlots[entry.fact] else {
                error(
                    "the threshold \(FactValues.format(entry.value)) names unknown fact '\(entry.fact)'", at: entry.location,
                    hint: NameSuggestion.hint(for: entry.fact, among: factSlots.keys))
                continue
            }
            switch facts[slot].kind {
            case .number, .integer, .list: break
            case .bool, .enumeration:
                error(
                    "the threshold \(FactValues.format(entry.value)) is for '\(entry.fact)', a \(facts[slot].kind.typeName) fact",
                    at: entry.location, hint: "thresholds state why a number, integer or list size is compared with a value")
                continue
            }
            if entry.basis.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                error(
                    "the threshold \(FactValues.format(entry.value)) of '\(entry.fact)' has no basis", at: entry.location,
                    hint: "add `basis:` with one sentence: the seed, the market figure, or why the authors chose it")
                continue
            }
            if let earlier = accepted.first(where: { $0.fact == entry.fact && $0.value == entry.value }) {
                error(
                    "the threshold \(FactValues.format(entry.value)) of '\(entry.fact)' is stated twice", at: entry.location,
                    hint: "the first is at \(earlier.location?.description ?? "an earlier file"); keep one")
                continue
            }
            accepted.append(entry)
        }
        return accepted
    }

    // MARK: - Rules

    mutating func compileRule(
        _ rule: RuleSource, index: Int, facts: [FactDeclaration], factSlots: [String: Int], modelSlots: [String: Int],
        tradeOffIds: Set<String>, declarations: CELDeclarations, thresholds: [ThresholdBasis]
    ) -> Rule? {
        let before = problems.count
        if rule.because.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error("rule '\(rule.id)' has no reason", at: rule.location, hint: "add `because:` with the reason a consultant would give the founder")
        }
        if rule.scores.isEmpty && rule.excludes.isEmpty && rule.derives.isEmpty {
            error("rule '\(rule.id)' has no effect", at: rule.location, hint: "add `score:`, `exclude:` or `derive:`")
        }
        if rule.encodes.isEmpty {
            error(
                "rule '\(rule.id)' does not say which trade-off it encodes", at: rule.location,
                hint: "add `encodes: [model/tradeoff]` naming a trade-off declared under the model")
        }
        for reference in rule.encodes where !tradeOffIds.contains(reference.id) {
            error(
                "rule '\(rule.id)' encodes '\(reference.id)', which no model declares", at: reference.location,
                hint: NameSuggestion.hint(for: reference.id, among: tradeOffIds))
        }
        var scores: [(model: Int, points: Double)] = []
        var scoreLocations: [SourceLocation?] = []
        for score in rule.scores {
            guard let model = modelSlots[score.model] else {
                error(
                    "rule '\(rule.id)' scores unknown model '\(score.model)'", at: score.location,
                    hint: NameSuggestion.hint(for: score.model, among: modelSlots.keys))
                continue
            }
            guard score.points.isFinite else {
                error("rule '\(rule.id)' gives model '\(score.model)' a number of points that is not finite", at: score.location, hint: "give an ordinary number of points, such as 10 or -5")
                continue
            }
            scores.append((model, score.points))
            scoreLocations.append(score.location)
        }
        var excludes: [Int] = []
        for exclude in rule.excludes {
            guard let model = modelSlots[exclude.id] else {
                error(
                    "rule '\(rule.id)' excludes unknown model '\(exclude.id)'", at: exclude.location,
                    hint: NameSuggestion.hint(for: exclude.id, among: modelSlots.keys))
                continue
            }
            if !excludes.contains(model) { excludes.append(model) }
        }
        var derives: [(slot: Int, value: CELValue)] = []
        for derive in rule.derives {
            guard let slot = factSlots[derive.fact] else {
                error(
                    "rule '\(rule.id)' derives unknown fact '\(derive.fact)'", at: derive.location,
                    hint: NameSuggestion.hint(for: derive.fact, among: facts.filter(\.isDerived).map(\.id)))
                continue
            }
            let fact = facts[slot]
            guard fact.isDerived else {
                error(
                    "rule '\(rule.id)' derives '\(derive.fact)', which is asked of the founder, not derived", at: derive.location,
                    hint: "declare a derived fact under `derived:` and derive that instead")
                continue
            }
            guard let value = FactValues.conform(derive.value, to: fact.kind) else {
                error(
                    "rule '\(rule.id)' gives derived fact '\(derive.fact)' a value that is not a valid \(fact.kind.typeName)",
                    at: derive.location, hint: FactValues.expectation(for: fact.kind))
                continue
            }
            derives.append((slot, value))
        }

        // The condition: parse, check, and check the enum values it compares with.
        let context = "in the condition of rule '\(rule.id)'"
        let parsed: ParsedExpression
        switch CELParser.parse(rule.condition.text) {
        case .success(let expression): parsed = expression
        case .failure(let issues):
            problems += issues.map { rule.condition.diagnostic(for: $0, context: context) }
            return nil
        }
        let program: CELProgram
        switch CELChecker.check(parsed, declarations) {
        case .success(let checked): program = checked
        case .failure(let issues):
            problems += issues.map { rule.condition.diagnostic(for: $0, context: context) }
            return nil
        }
        if program.resultType != .bool && program.resultType != .dyn {
            problems.append(
                Diagnostic(
                    location: rule.condition.location(line: 1, column: 1),
                    message: "\(context): the condition is a \(program.resultType), not a bool",
                    hint: "a condition must be true or false, e.g. `capital < 20000`",
                    sourceLine: rule.condition.fileLine(line: 1)))
        }
        for issue in EnumLiterals.issues(in: parsed, facts: facts) {
            problems.append(rule.condition.diagnostic(for: issue, context: context))
        }
        var clauses: [Clause] = []
        for part in ConditionClauses.split(parsed) {
            if case .success(let clauseProgram) = CELChecker.check(node: part, in: parsed, declarations) {
                clauses.append(Clause(text: parsed.text(of: part), program: clauseProgram))
            }
        }

        guard problems.count == before else { return nil }
        let constants = ConditionConstants.find(
            in: parsed, isFact: { factSlots[$0] != nil }, catalogue: thresholds,
            locate: { offset in
                let (line, column) = parsed.lineAndColumn(ofOffset: offset)
                return rule.condition.location(line: line, column: column)
            })
        return Rule(
            id: rule.id, condition: rule.condition.text, because: rule.because, encodes: rule.encodes.map(\.id),
            perspective: rule.perspective, scores: scores, scoreLocations: scoreLocations, excludes: excludes, derives: derives, location: rule.location,
            conditionLocation: rule.condition.location(line: 1, column: 1), sourceIndex: index, constants: constants,
            program: program, clauses: clauses, reads: program.referencedSlots)
    }

    // MARK: - Dependency order

    /// Orders rules so that every rule deriving a fact runs before every rule reading it,
    /// keeping the written order otherwise. Returns nil (with a problem) on a cycle.
    mutating func orderByDependencies(_ rules: [Rule], facts: [FactDeclaration]) -> [Rule]? {
        var derivedBy: [Int: [Int]] = [:]
        for (index, rule) in rules.enumerated() {
            for derive in rule.derives { derivedBy[derive.slot, default: []].append(index) }
        }
        // Edges: deriver -> reader.
        var successors = Array(repeating: [Int](), count: rules.count)
        var pending = Array(repeating: 0, count: rules.count)
        for (reader, rule) in rules.enumerated() {
            let sources = Set(rule.reads.flatMap { derivedBy[$0] ?? [] })
            for deriver in sources.sorted() {
                successors[deriver].append(reader)
                pending[reader] += 1
            }
        }
        // Kahn's algorithm, always taking the earliest written rule that is ready.
        var ready = pending.indices.filter { pending[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            ready.sort()
            let next = ready.removeFirst()
            order.append(next)
            for successor in successors[next] {
                pending[successor] -= 1
                if pending[successor] == 0 { ready.append(successor) }
            }
        }
        if order.count == rules.count { return order.map { rules[$0] } }

        // Name the rules on one cycle: walk from a blocked rule through blocked predecessors.
        let blocked = Set(pending.indices.filter { pending[$0] > 0 })
        var predecessors = Array(repeating: [Int](), count: rules.count)
        for (from, targets) in successors.enumerated() where blocked.contains(from) {
            for target in targets where blocked.contains(target) { predecessors[target].append(from) }
        }
        var path: [Int] = []
        var position: [Int: Int] = [:]
        var current = blocked.min() ?? 0
        while position[current] == nil {
            position[current] = path.count
            path.append(current)
            current = predecessors[current].min() ?? current
        }
        // The cycle in deriver -> reader order, starting from the rule written first.
        var members = Array(path[(position[current] ?? 0)...].reversed())
        if let first = members.indices.min(by: { members[$0] < members[$1] }) {
            members = Array(members[first...] + members[..<first])
        }
        let cycle = members.map { rules[$0] }
        let names = cycle.map { "'\($0.id)'" } + ["'\(cycle.first?.id ?? "")'"]
        let derivedNames = Set(cycle.flatMap { $0.derives.map { facts[$0.slot].id } }).sorted()
        error(
            "rules derive facts from each other in a cycle: \(names.joined(separator: " -> "))",
            at: cycle.first?.location,
            hint: "a rule cannot read, even indirectly, a fact it derives (\(derivedNames.joined(separator: ", "))); break the cycle")
        return nil
    }
}
