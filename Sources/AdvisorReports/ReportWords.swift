import AdvisorCEL
import AdvisorEngine

/// Turns engine values into the words and ready-made phrases of a report. Plain words (for the
/// founder's page) never carry ids; phrases for the consultant's appendix come in the format's
/// markup (`...Code`, `...Markup` values).
public struct ReportWords {
    let ruleBook: RuleBook
    let markup: Markup

    /// The tool's words in the rule book's language (`RuleBook.language`).
    var tool: ToolWords { ToolWords(ruleBook.language) }

    // MARK: - Models and facts by name

    func modelName(_ id: String) -> String {
        ruleBook.index(ofModel: id).map { ruleBook.models[$0].name } ?? id
    }

    func shortName(_ id: String) -> String {
        ruleBook.index(ofModel: id).map { ruleBook.models[$0].shortName } ?? id
    }

    func declaration(_ fact: String) -> FactDeclaration {
        ruleBook.fact(fact) ?? FactDeclaration(id: fact, kind: .bool)
    }

    func factName(_ fact: String) -> String { declaration(fact).displayName }

    /// A model's values: `id`, `idCode`, `name`, `short`, `summary`, `fit`, `excluded`.
    func model(_ standing: ModelStanding) -> [String: Any] {
        let declared = ruleBook.models[standing.modelIndex]
        var entry: [String: Any] = [
            "id": standing.model,
            "idCode": markup.code(standing.model),
            "name": declared.name,
            "short": declared.shortName,
            "fit": Number.fit(standing.fit),
        ]
        if !declared.summary.isEmpty { entry["summary"] = declared.summary }
        if standing.excluded { entry["excluded"] = true }
        return entry
    }

    // MARK: - Answers

    /// A fact's value in a sentence of the founder's page: as `answer`, with the underscores of
    /// enum and list values read as spaces ("quality control").
    ///
    /// In another language than the rule book's own, a value is told by what it means (the
    /// catalogue translates meanings, not value ids, which stay English in every language).
    func plainAnswer(_ value: CELValue, fact: FactDeclaration) -> String {
        if ruleBook.language != RuleBookTexts.sourceLanguage {
            func meaning(_ item: CELValue) -> String? {
                guard case .string(let text) = item, let meaning = fact.valueMeanings.first(where: { $0.value == text })?.meaning, !meaning.isEmpty else { return nil }
                return meaning
            }
            switch value {
            case .string: if let meaning = meaning(value) { return meaning }
            case .list(let items) where !items.isEmpty:
                let meanings = items.compactMap(meaning)
                if meanings.count == items.count { return tool.list(meanings) }
            default: break
            }
        }
        switch value {
        case .string, .list: return answer(value, fact: fact).replacingOccurrences(of: "_", with: " ")
        default: return answer(value, fact: fact)
        }
    }

    /// A fact's value as a founder reads it: numbers grouped with their unit, yes/no, lists
    /// joined; with `withMeaning`, an enum value followed by what it means.
    func answer(_ value: CELValue, fact: FactDeclaration, withMeaning: Bool = false) -> String {
        switch value {
        case .double(let number): return withUnit(tool.number(number), fact)
        case .int(let number): return withUnit(tool.number(Double(number)), fact)
        case .uint(let number): return withUnit(tool.number(Double(number)), fact)
        case .bool(let flag): return flag ? tool(.yes) : tool(.no)
        case .string(let text):
            guard withMeaning, let meaning = fact.valueMeanings.first(where: { $0.value == text })?.meaning, !meaning.isEmpty else { return text }
            return "\(text) — \(meaning)"
        case .list(let items):
            let texts = items.map { item -> String in
                if case .string(let text) = item { return text }
                return FactValues.render(item)
            }
            return texts.isEmpty ? tool(.none) : tool.list(texts)
        default: return FactValues.render(value)
        }
    }

    /// A number with the fact's unit (see `ToolWords.withUnit`).
    func withUnit(_ number: String, _ fact: FactDeclaration) -> String {
        tool.withUnit(number, fact.unit)
    }

    /// `fact` = value, as markup (the appendix).
    func reading(_ fact: String, _ value: CELValue?) -> String {
        let shown = value.map { answer($0, fact: declaration(fact)) } ?? tool(.unknown)
        return "\(markup.code(fact)) = \(markup.text(shown))"
    }

    /// The facts a rule read, with where derived facts came from, as markup (the appendix).
    func evidence(_ evidence: [FactEvidence]) -> String {
        evidence.map { item in
            var text = reading(item.fact, item.value)
            if item.isDerived, item.value != nil {
                if let rule = item.derivedBy {
                    let basis = item.basis.map { reading($0.fact, $0.value) }
                    text += basis.isEmpty ? tool(.byRule, ["rule": markup.code(rule)]) : tool(.byRuleFrom, ["rule": markup.code(rule), "basis": tool.list(basis)])
                } else {
                    text += tool(.byDefault)
                }
            }
            return text
        }.joined(separator: tool.semicolon)
    }

    /// The answers behind a rule in plain words: the asked facts it read, directly or through
    /// the derived facts it read, each once, in declaration order. A derived fact that took its
    /// default (no rule concluded it) is named itself.
    func plainEvidence(_ evidence: [FactEvidence]) -> [(fact: String, value: CELValue)] {
        var readings: [(fact: String, value: CELValue)] = []
        for item in evidence {
            guard let value = item.value else { continue }
            if item.isDerived, item.derivedBy != nil, !item.basis.isEmpty {
                readings += item.basis.compactMap { reading in reading.value.map { (reading.fact, $0) } }
            } else {
                readings.append((item.fact, value))
            }
        }
        var seen: Set<String> = []
        return readings.filter { seen.insert($0.fact).inserted }
            .sorted { (ruleBook.slot(ofFact: $0.fact) ?? 0) < (ruleBook.slot(ofFact: $1.fact) ?? 0) }
    }

    /// "years in the trade (4 years) and audience (3,500 people)" (a template puts "your" before it).
    func answers(_ evidence: [FactEvidence]) -> String? {
        let readings = plainEvidence(evidence)
        guard !readings.isEmpty else { return nil }
        let parts = readings.map { tool(.factWithValue, ["fact": factName($0.fact), "value": plainAnswer($0.value, fact: declaration($0.fact))]) }
        return tool.list(parts)
    }

    /// "your years in the trade and audience": the same facts, named without their values.
    func yourFacts(_ evidence: [FactEvidence]) -> String? {
        let readings = plainEvidence(evidence)
        guard !readings.isEmpty else { return nil }
        return tool(.yourFacts, ["facts": tool.list(readings.map { factName($0.fact) })])
    }

    // MARK: - Seed citations

    /// A rule's reason for the founder's page: its `because` with the seed citations taken out
    /// ("(000)", "(000, 004)", "(004 §2)": a parenthesis holding only seeds the rule book's
    /// trade-offs name), since the appendix cites the sources of every rule.
    func withoutCitations(_ text: String) -> String {
        let seeds = Set(ruleBook.tradeOffs.map(\.seed))
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            guard let close = rest[open...].firstIndex(of: ")") else { break }
            let inside = rest[rest.index(after: open)..<close]
            if ReportWords.isCitation(inside, seeds: seeds) {
                var before = rest[..<open]
                while before.last == " " { before.removeLast() }
                output += before
                rest = rest[rest.index(after: close)...]
            } else {
                output += rest[...open]
                rest = rest[rest.index(after: open)...]
            }
        }
        return output + rest
    }

    static func isCitation(_ inside: Substring, seeds: Set<String>) -> Bool {
        let parts = inside.split(whereSeparator: { ",;".contains($0) }).flatMap { $0.components(separatedBy: " and ") }
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { part in
            let words = part.split(separator: " ")
            guard let seed = words.first, seeds.contains(String(seed)) else { return false }
            // A section mark may follow the seed: "004 §2".
            return words.dropFirst().allSatisfy { $0.hasPrefix("§") }
        }
    }

    // MARK: - Changes

    /// One change of a counterfactual, as values for an action sentence: the fact's name, its
    /// value before and after, and one flag saying which action it is (`raise`, `lower`,
    /// `change`, `gain`, `lose`, `add`/`remove`, `answer`).
    func action(_ change: FactChange) -> [String: Any] {
        let fact = declaration(change.fact)
        var entry: [String: Any] = ["factName": fact.displayName, "factCode": markup.code(change.fact)]
        if let question = fact.question { entry["question"] = question }
        entry["to"] = change.range.map { rangeWords($0, fact) } ?? plainAnswer(change.to, fact: fact)
        guard let from = change.from else {
            entry["answer"] = true
            return entry
        }
        entry["from"] = plainAnswer(from, fact: fact)
        switch (from, change.to) {
        case (.bool, .bool(let after)):
            entry[after ? "gain" : "lose"] = true
        case (.list(let before), .list(let after)):
            let added = after.filter { !before.contains($0) }.map { plainAnswer(.list([$0]), fact: fact) }
            let removed = before.filter { !after.contains($0) }.map { plainAnswer(.list([$0]), fact: fact) }
            if !added.isEmpty { entry["add"] = tool.list(added) }
            if !removed.isEmpty { entry["remove"] = tool.list(removed) }
            entry["both"] = !added.isEmpty && !removed.isEmpty
        default:
            // Worded by the way the rule book lets the fact move (`change:`): what is built up
            // over time grows; a choice made either way is raised, limited or changed (a smaller
            // budget is one the founder chooses to commit, keeping the rest); what may only go
            // down is lowered or scaled back.
            let direction = (fact.change ?? .undeclared).direction
            let up = FactChangeability.move(from: from, to: change.to, kind: fact.kind) == .up
            let isNumber = ReportWords.number(from) != nil && ReportWords.number(change.to) != nil
            switch (isNumber, up, direction) {
            case (true, true, .increase): entry["grow"] = true
            case (true, true, _): entry["raise"] = true
            case (true, false, .decrease): entry["lower"] = true
            case (true, false, _): entry["limit"] = true
            case (false, true, .increase): entry["buildUp"] = true
            case (false, false, .decrease): entry["scaleBack"] = true
            default: entry["change"] = true
            }
        }
        return entry
    }

    /// A range of a number in words: "at least 100,000 USD", "from 3,000 to 4,999 people".
    func rangeWords(_ range: NumberRange, _ fact: FactDeclaration) -> String {
        var lowerBound: Double?
        switch fact.kind {
        case .number(let low, _): lowerBound = low
        case .integer(let low, _): lowerBound = low.map(Double.init)
        default: break
        }
        // A lower end at the fact's own minimum says nothing: "less than 10,000", not "from 0 to under 10,000".
        let lower = range.lower == lowerBound && range.lowerIncluded ? nil : range.lower
        let low = lower.map(tool.number), high = range.upper.map(tool.number)
        switch (low, high) {
        case (nil, nil): return tool(.anyValue)
        case (let low?, nil): return withUnit(tool(range.lowerIncluded ? .atLeast : .moreThan, ["n": low]), fact)
        case (nil, let high?): return withUnit(tool(range.upperIncluded ? .atMost : .lessThan, ["n": high]), fact)
        case (let low?, let high?):
            if low == high { return withUnit(low, fact) }
            let phrase: Phrase
            switch (range.lowerIncluded, range.upperIncluded) {
            case (true, true): phrase = .between
            case (true, false): phrase = .atLeastUnder
            case (false, true): phrase = .moreThanUpTo
            case (false, false): phrase = .moreThanUnder
            }
            return withUnit(tool(phrase, ["low": low, "high": high]), fact)
        }
    }

    static func number(_ value: CELValue) -> Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .uint(let number): return Double(number)
        default: return nil
        }
    }

    // MARK: - Words

    /// Where a threshold comes from, in words.
    /// Where a trade-off comes from: "seed 000" (原文000), or for `domain` (the rule-book
    /// format's mark of industry knowledge in neither seed) "industry knowledge" (行业常识).
    func tradeOffSource(_ seed: String) -> String {
        seed == "domain" ? tool(.sourceDomain) : tool(.sourceArticle, ["seed": seed])
    }

    func source(_ source: ThresholdBasis.Source) -> String {
        switch source {
        case .seed: return tool(.sourceSeed)
        case .market: return tool(.sourceMarket)
        case .judgement: return tool(.sourceJudgement)
        }
    }

    /// What kind of trade-off it is, in words.
    func kind(_ kind: TradeOff.Kind) -> String {
        switch kind {
        case .advantage: return tool(.kindAdvantage)
        case .disadvantage: return tool(.kindDisadvantage)
        case .requirement: return tool(.kindRequirement)
        case .scope: return tool(.kindScope)
        case .trait: return tool(.kindTrait)
        }
    }

    func status(_ status: RuleStatus) -> String {
        switch status {
        case .fired: return tool(.fired)
        case .notFired: return tool(.didNotFire)
        case .undecided: return tool(.undecided)
        case .failed: return tool(.failed)
        }
    }

    /// How clear a lead is, in words.
    func marginWords(_ margin: Double) -> String {
        tool(LeadStrength(margin: margin).phrase)
    }

    /// English counts for the batch summaries, which speak English (see `ToolWords.count`).
    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(ToolWords.english.numberWord(number)) \(number == 1 ? one : many)"
    }

    /// "a", "a and b", "a, b and c" (English: see `ToolWords.list` for a report's language).
    public static func list(_ items: [String]) -> String { ToolWords.english.list(items) }

    /// A relative link target: characters that would end or break a Markdown link are percent-encoded.
    static func linkTarget(_ file: String) -> String {
        var output = ""
        for scalar in file.unicodeScalars {
            if scalar.value < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~/".unicodeScalars.contains(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    output += "%" + (hex.count == 1 ? "0" : "") + hex
                }
            }
        }
        return output
    }
}

extension Number {
    /// A number with thousands separators: 25,000 and 2.5.
    public static func grouped(_ value: Double) -> String {
        let text = fit(value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        guard !unsigned.contains("e") else { return text }
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let whole = Array(parts.first ?? "")
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        if parts.count > 1 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }

    /// A number of points in words: "1 point", "48 points".
    public static func points(_ value: Double) -> String {
        value == 1 ? "1 point" : "\(fit(value)) points"
    }

    /// Points with their sign: +15, -8.
    public static func signed(_ value: Double) -> String {
        value > 0 ? "+" + fit(value) : fit(value)
    }
}
