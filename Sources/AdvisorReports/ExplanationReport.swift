import AdvisorCEL
import AdvisorEngine

/// What a report is made from: the profile as given, its explanation, and where it came from.
public struct ReportInput: Sendable {
    /// The profile's path as the user gave it.
    public var profilePath: String
    public var profileName: String?
    public var notes: String?
    public var facts: FactSet
    public var explanation: Explanation
    public var ruleBook: RuleBook
    public var advisorVersion: String
    /// The chart image's file name, relative to the report (nil: no image is written).
    public var chartFile: String?

    public init(
        profilePath: String, profileName: String?, notes: String?, facts: FactSet, explanation: Explanation, ruleBook: RuleBook,
        advisorVersion: String, chartFile: String?
    ) {
        self.profilePath = profilePath
        self.profileName = profileName
        self.notes = notes
        self.facts = facts
        self.explanation = explanation
        self.ruleBook = ruleBook
        self.advisorVersion = advisorVersion
        self.chartFile = chartFile
    }
}

/// The Markdown report of one profile, and the values its templates see.
public enum ExplanationReport {
    /// The report, rendered with the templates.
    public static func markdown(_ input: ReportInput, templates: ReportTemplates) -> String {
        templates.render(ReportTemplates.report, viewModel(input))
    }

    /// The chart image beside the report.
    public static func chartSVG(_ input: ReportInput) -> String {
        FitChart.svg(input.explanation.evaluation, ruleBook: input.ruleBook, title: "Fit of each model: \(title(input))")
    }

    static func title(_ input: ReportInput) -> String {
        input.profileName ?? fileStem(input.profilePath)
    }

    /// The values the report templates see (documented in Docs/report-templates.md). Values named
    /// `...Code`, `...Markdown` or `markdown` hold Markdown already and go in `{{{triple}}}` tags;
    /// the others are plain text for `{{double}}` tags.
    public static func viewModel(_ input: ReportInput) -> [String: Any] {
        let book = input.ruleBook
        let explanation = input.explanation
        let evaluation = explanation.evaluation
        let words = ReportWords(ruleBook: book)
        var model: [String: Any] = [
            "title": title(input),
            "profilePath": input.profilePath,
            "profilePathCode": MarkdownText.code(input.profilePath),
            "advisorVersion": input.advisorVersion,
            "ruleBookName": book.header.name,
            "ruleBookVersion": book.header.version,
            "decision": book.header.decision,
            "neutral": Number.fit(book.header.neutral),
            "fingerprintCode": MarkdownText.code(book.fingerprint),
            "modelCount": String(book.models.count),
            "reproduceCode": MarkdownText.code("advisor explain \(input.profilePath)"),
        ]
        if let notes = input.notes { model["notes"] = notes }

        // MARK: Recommendation
        if let winner = explanation.recommendation, let standing = evaluation.standing(of: winner) {
            model["winner"] = words.model(standing)
            if let runnerUpId = explanation.runnerUp, let runnerUp = evaluation.standing(of: runnerUpId), let margin = explanation.margin {
                var entry = words.model(runnerUp)
                entry["margin"] = Number.fit(margin)
                entry["marginPoints"] = Number.points(margin)
                entry["marginWords"] = ReportWords.marginWords(margin)
                entry["isTie"] = margin == 0
                model["runnerUp"] = entry
            } else {
                model["alone"] = true
            }
        } else {
            model["noRecommendation"] = true
        }
        model["settled"] = evaluation.openFacts.isEmpty
        if !evaluation.openFacts.isEmpty {
            model["openFactsMarkdown"] = evaluation.openFacts.map(MarkdownText.code).joined(separator: ", ")
            model["openFactCount"] = ReportWords.count(evaluation.openFacts.count, "unknown fact", "unknown facts")
        }

        // MARK: Profile
        var unknown: [String] = []
        model["facts"] = book.askedFacts.enumerated().map { slot, fact -> [String: Any] in
            var entry: [String: Any] = ["idCode": MarkdownText.code(fact.id)]
            if slot < input.facts.bindings.count, case .value(let value) = input.facts.bindings[slot] {
                entry["answer"] = words.answer(value, fact: fact, withMeaning: true)
            } else {
                entry["unknown"] = true
                unknown.append(fact.id)
            }
            if let question = fact.question { entry["question"] = question }
            return entry
        }
        if !unknown.isEmpty { model["unknownFactsMarkdown"] = unknown.map(MarkdownText.code).joined(separator: ", ") }

        // MARK: Chart and ranking
        model["chartText"] = FitChart.text(evaluation, ruleBook: book)
        if let chartFile = input.chartFile {
            model["chartImage"] = ["file": ReportWords.linkTarget(chartFile), "alt": "Bar chart of the fit of every model"]
        }
        model["ranking"] = evaluation.ranking.enumerated().map { index, standing -> [String: Any] in
            var entry = words.model(standing)
            entry["rank"] = String(index + 1)
            if standing.lowestFit != standing.highestFit || standing.lowestFit != standing.fit {
                entry["reach"] = "\(Number.fit(standing.lowestFit)) to \(Number.fit(standing.highestFit))"
            }
            if standing.model == explanation.recommendation {
                entry["note"] = "recommended"
            } else if standing.model == explanation.runnerUp {
                entry["note"] = "runner-up"
            } else if standing.excluded {
                entry["note"] = "excluded"
            } else if !standing.mayBeExcludedBy.isEmpty {
                entry["note"] = "may be excluded"
            }
            return entry
        }
        model["hasReach"] = evaluation.ranking.contains { $0.lowestFit != $0.highestFit }

        // MARK: Why the winner
        if let winner = explanation.recommendation, let standing = evaluation.standing(of: winner) {
            model["raised"] = explanation.raised.map(words.effect)
            model["lowered"] = explanation.lowered.map(words.effect)
            let up = explanation.raised.reduce(0) { $0 + ($1.points ?? 0) }
            let down = explanation.lowered.reduce(0) { $0 + ($1.points ?? 0) }
            var sum = Number.fit(book.header.neutral)
            if up != 0 { sum += " + \(Number.fit(up))" }
            if down != 0 { sum += " - \(Number.fit(-down))" }
            model["fitSum"] = sum + " = \(Number.fit(standing.fit))"
        }

        // MARK: Trade-offs accepted
        model["tradeOffs"] = explanation.acceptedTradeOffs.map(words.acceptedTradeOff)

        // MARK: Why not the others
        if let contrast = explanation.contrast {
            model["contrast"] = words.contrast(contrast)
        }
        let trailing = evaluation.ranking.filter { !$0.excluded && $0.model != explanation.recommendation && $0.model != explanation.runnerUp }
        if let top = explanation.recommendation.flatMap(evaluation.standing(of:)) {
            model["trailing"] = trailing.map { standing -> [String: Any] in
                var entry = words.model(standing)
                entry["behind"] = Number.fit(top.fit - standing.fit)
                entry["behindPoints"] = Number.points(top.fit - standing.fit)
                return entry
            }
        }
        model["exclusions"] = explanation.exclusions.map(words.exclusion)

        // MARK: What would change the answer
        model["counterfactuals"] = explanation.counterfactuals.map { words.counterfactual($0, current: evaluation) }

        // MARK: Unknowns
        model["openFacts"] = explanation.openFacts.map(words.unknownFact)
        model["inertFacts"] = explanation.inertFacts.map(words.unknownFact)
        model["allAnswered"] = explanation.openFacts.isEmpty && explanation.inertFacts.isEmpty

        // MARK: Trace
        model["trace"] = evaluation.trace.map(words.traceEntry)
        model["ruleCount"] = String(evaluation.trace.count)
        return TemplateValues.normalized(model)
    }

    /// A file name without folders and extension.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

/// The conventions every view model follows, so templates can test values simply.
enum TemplateValues {
    /// Empty text is left out (an empty string would count as true in a `{{#section}}`), and each
    /// list `xs` gets a flag `hasXs`, true when it is not empty; nested values alike.
    static func normalized(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in values {
            switch value {
            case let text as String:
                if !text.isEmpty { result[key] = text }
            case let nested as [String: Any]:
                result[key] = normalized(nested)
            case let list as [[String: Any]]:
                result[key] = list.map(normalized)
                result["has" + key.prefix(1).uppercased() + key.dropFirst()] = !list.isEmpty
            case let list as [Any]:
                result[key] = list
                result["has" + key.prefix(1).uppercased() + key.dropFirst()] = !list.isEmpty
            default:
                result[key] = value
            }
        }
        return result
    }
}

/// Turns engine values into the words and Markdown snippets of a report.
struct ReportWords {
    let ruleBook: RuleBook

    func modelName(_ id: String) -> String {
        ruleBook.index(ofModel: id).map { ruleBook.models[$0].name } ?? id
    }

    func model(_ standing: ModelStanding) -> [String: Any] {
        let declared = ruleBook.models[standing.modelIndex]
        var entry: [String: Any] = [
            "id": standing.model,
            "idCode": MarkdownText.code(standing.model),
            "name": declared.name,
            "fit": Number.fit(standing.fit),
        ]
        if !declared.summary.isEmpty { entry["summary"] = declared.summary }
        if standing.excluded { entry["excluded"] = true }
        return entry
    }

    /// A fact's value as a founder reads it: numbers grouped with their unit, yes/no, lists
    /// joined; with `withMeaning`, an enum value followed by what it means.
    func answer(_ value: CELValue, fact: FactDeclaration, withMeaning: Bool = false) -> String {
        switch value {
        case .double(let number): return withUnit(Number.grouped(number), fact)
        case .int(let number): return withUnit(Number.grouped(Double(number)), fact)
        case .uint(let number): return withUnit(Number.grouped(Double(number)), fact)
        case .bool(let flag): return flag ? "yes" : "no"
        case .string(let text):
            guard withMeaning, let meaning = fact.valueMeanings.first(where: { $0.value == text })?.meaning, !meaning.isEmpty else { return text }
            return "\(text) — \(meaning)"
        case .list(let items):
            let texts = items.map { item -> String in
                if case .string(let text) = item { return text }
                return FactValues.render(item)
            }
            return texts.isEmpty ? "none" : texts.joined(separator: ", ")
        default: return FactValues.render(value)
        }
    }

    /// A number with the fact's unit; a plural unit loses its "s" after exactly 1 ("1 year").
    func withUnit(_ number: String, _ fact: FactDeclaration) -> String {
        guard let unit = fact.unit else { return number }
        let one = number == "1" || number.hasSuffix(" 1")
        return "\(number) \(one && unit.count > 1 && unit.hasSuffix("s") ? String(unit.dropLast()) : unit)"
    }

    /// `fact` = value, as Markdown.
    func reading(_ fact: String, _ value: CELValue?) -> String {
        let shown = value.map { answer($0, fact: ruleBook.fact(fact) ?? FactDeclaration(id: fact, kind: .bool)) } ?? "unknown"
        return "\(MarkdownText.code(fact)) = \(MarkdownText.escape(shown))"
    }

    /// The facts a rule read, with where derived facts came from, as Markdown.
    func evidence(_ evidence: [FactEvidence]) -> String {
        evidence.map { item in
            var text = reading(item.fact, item.value)
            if item.isDerived, item.value != nil {
                if let rule = item.derivedBy {
                    let basis = item.basis.map { reading($0.fact, $0.value) }
                    text += " (concluded by \(MarkdownText.code(rule))" + (basis.isEmpty ? ")" : " from \(ReportWords.list(basis)))")
                } else {
                    text += " (by default: no rule concluded otherwise)"
                }
            }
            return text
        }.joined(separator: "; ")
    }

    func tradeOff(_ tradeOff: TradeOff) -> [String: Any] {
        [
            "idCode": MarkdownText.code(tradeOff.id), "text": tradeOff.text, "seed": tradeOff.seed, "kind": tradeOff.kind.rawValue,
        ]
    }

    func effect(_ effect: RuleEffect) -> [String: Any] {
        var entry: [String: Any] = [
            "ruleIdCode": MarkdownText.code(effect.ruleId),
            "because": effect.because,
            "evidenceMarkdown": evidence(effect.evidence),
            "tradeOffs": effect.tradeOffs.map(tradeOff),
            "status": ReportWords.status(effect.status),
        ]
        if let points = effect.points { entry["points"] = Number.signed(points) }
        if effect.status == .fired { entry["fired"] = true }
        return entry
    }

    func acceptedTradeOff(_ accepted: AcceptedTradeOff) -> [String: Any] {
        var entry = tradeOff(accepted.tradeOff)
        entry[accepted.bearing.templateKey] = true
        entry["rules"] = accepted.rules.map(effect)
        entry["firedRules"] = accepted.rules.filter { $0.status == .fired }.map(effect)
        entry["ruleListMarkdown"] = ReportWords.list(accepted.rules.map { MarkdownText.code($0.ruleId) })
        let waiting = Set(accepted.rules.filter { $0.status == .undecided }.flatMap { $0.evidence.filter { $0.value == nil }.map(\.fact) })
        if !waiting.isEmpty { entry["waitingOnMarkdown"] = ReportWords.list(waiting.sorted().map(MarkdownText.code)) }
        return entry
    }

    func contrast(_ contrast: Contrast) -> [String: Any] {
        var entry: [String: Any] = [
            "winnerCode": MarkdownText.code(contrast.winner),
            "runnerUpCode": MarkdownText.code(contrast.runnerUp),
            "winnerName": modelName(contrast.winner),
            "runnerUpName": modelName(contrast.runnerUp),
            "margin": Number.fit(contrast.margin),
            "marginPoints": Number.points(contrast.margin),
            "rows": contrast.rows.map { row -> [String: Any] in
                [
                    "ruleIdCode": MarkdownText.code(row.rule.ruleId),
                    "winnerPoints": row.winnerPoints == 0 ? "0" : Number.signed(row.winnerPoints),
                    "runnerUpPoints": row.runnerUpPoints == 0 ? "0" : Number.signed(row.runnerUpPoints),
                    "net": Number.signed(row.net),
                    "because": row.rule.because,
                    "evidenceMarkdown": evidence(row.rule.evidence),
                    "forWinner": row.net > 0,
                ]
            },
        ]
        if let strongest = contrast.rows.first {
            entry["strongest"] = [
                "ruleIdCode": MarkdownText.code(strongest.rule.ruleId), "net": Number.signed(strongest.net), "because": strongest.rule.because,
                "evidenceMarkdown": evidence(strongest.rule.evidence), "forWinner": strongest.net > 0,
            ]
        }
        return entry
    }

    func exclusion(_ exclusion: Exclusion) -> [String: Any] {
        [
            "idCode": MarkdownText.code(exclusion.model), "name": modelName(exclusion.model), "fit": Number.fit(exclusion.fit),
            "knockOuts": exclusion.knockOuts.map(effect),
        ]
    }

    func unknownFact(_ fact: UnknownFact) -> [String: Any] {
        var entry: [String: Any] = ["factCode": MarkdownText.code(fact.fact)]
        if let question = ruleBook.fact(fact.fact)?.question { entry["question"] = question }
        if !fact.rules.isEmpty { entry["rulesMarkdown"] = ReportWords.list(fact.rules.map(MarkdownText.code)) }
        return entry
    }

    func counterfactual(_ counterfactual: Counterfactual, current: Evaluation) -> [String: Any] {
        var entry: [String: Any] = ["maxChanges": ReportWords.count(counterfactual.maximumFactsChanged, "fact", "facts")]
        switch counterfactual.target {
        case .model(let id):
            entry["target"] = ["idCode": MarkdownText.code(id), "name": modelName(id), "fit": current.standing(of: id).map { Number.fit($0.fit) } ?? ""]
        case .anyModel:
            entry["anyModel"] = true
        }
        guard counterfactual.found, let recommended = counterfactual.recommendation else {
            entry["notFound"] = true
            return entry
        }
        entry["found"] = true
        entry["changeCount"] = ReportWords.count(counterfactual.changes.count, "fact", "facts")
        entry["changes"] = counterfactual.changes.map(change)
        entry["checkedMarkdown"] = ReportWords.list(counterfactual.changes.map { reading($0.fact, $0.to) })
        var result: [String: Any] = [
            "idCode": MarkdownText.code(recommended), "name": modelName(recommended), "fit": counterfactual.fit.map(Number.fit) ?? "",
        ]
        if let runnerUp = counterfactual.runnerUp, let margin = counterfactual.margin {
            result["runnerUpCode"] = MarkdownText.code(runnerUp)
            result["margin"] = Number.fit(margin)
            result["marginPoints"] = Number.points(margin)
        }
        entry["result"] = result
        if !counterfactual.isMinimal { entry["sampled"] = true }
        return entry
    }

    func change(_ change: FactChange) -> [String: Any] {
        let declaration = ruleBook.fact(change.fact) ?? FactDeclaration(id: change.fact, kind: .bool)
        var entry: [String: Any] = ["factCode": MarkdownText.code(change.fact)]
        if let from = change.from { entry["from"] = answer(from, fact: declaration) } else { entry["wasUnknown"] = true }
        entry["to"] = change.range.map { rangeWords($0, declaration) } ?? answer(change.to, fact: declaration)
        if case .list(let before)? = change.from, case .list(let after) = change.to {
            // For a list, what is added and what removed says more than the two lists.
            let added = after.filter { !before.contains($0) }.map { answer(.list([$0]), fact: declaration) }
            let removed = before.filter { !after.contains($0) }.map { answer(.list([$0]), fact: declaration) }
            var delta: [String] = []
            if !added.isEmpty { delta.append("add " + ReportWords.list(added)) }
            if !removed.isEmpty { delta.append("remove " + ReportWords.list(removed)) }
            entry["listChange"] = delta.joined(separator: "; ")
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
        let low = lower.map(Number.grouped), high = range.upper.map(Number.grouped)
        switch (low, high) {
        case (nil, nil): return "any value"
        case (let low?, nil): return withUnit((range.lowerIncluded ? "at least " : "more than ") + low, fact)
        case (nil, let high?): return withUnit((range.upperIncluded ? "at most " : "less than ") + high, fact)
        case (let low?, let high?):
            if low == high { return withUnit(low, fact) }
            switch (range.lowerIncluded, range.upperIncluded) {
            case (true, true): return withUnit("between \(low) and \(high)", fact)
            case (true, false): return withUnit("at least \(low) but under \(high)", fact)
            case (false, true): return withUnit("more than \(low), up to \(high)", fact)
            case (false, false): return withUnit("more than \(low) but under \(high)", fact)
            }
        }
    }

    func traceEntry(_ outcome: RuleOutcome) -> [String: Any] {
        let rule = ruleBook.rules[outcome.ruleIndex]
        var effects: [String] = rule.scores.map { "\(MarkdownText.code(ruleBook.models[$0.model].id)) \(Number.signed($0.points))" }
        if !rule.excludes.isEmpty { effects.append("excludes " + rule.excludes.map { MarkdownText.code(ruleBook.models[$0].id) }.joined(separator: ", ")) }
        for (slot, value) in rule.derives {
            effects.append("derives \(reading(ruleBook.facts[slot].id, value))")
        }
        var entry: [String: Any] = [
            "ruleIdCode": MarkdownText.code(rule.id),
            "status": ReportWords.status(outcome.status),
            "effectsMarkdown": effects.joined(separator: ", "),
            "readMarkdown": outcome.factsRead.map { reading($0.fact, $0.value) }.joined(separator: ", "),
        ]
        if outcome.clauses.count > 1 {
            entry["clausesMarkdown"] = outcome.clauses.map { clause in
                let held = clause.held.map { $0 ? "held" : "did not hold" } ?? "undecided"
                return "\(MarkdownText.code(clause.text)) \(held)"
            }.joined(separator: "; ")
        }
        if !outcome.unknownFacts.isEmpty { entry["waitingOnMarkdown"] = ReportWords.list(outcome.unknownFacts.map(MarkdownText.code)) }
        if let error = outcome.error { entry["error"] = error }
        if outcome.status == .fired { entry["fired"] = true }
        return entry
    }

    // MARK: - Words

    static func status(_ status: RuleStatus) -> String {
        switch status {
        case .fired: return "fired"
        case .notFired: return "did not fire"
        case .undecided: return "undecided"
        case .failed: return "failed"
        }
    }

    /// How clear a lead is, in words.
    static func marginWords(_ margin: Double) -> String {
        LeadStrength(margin: margin).words
    }

    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        let names = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        let word = number < names.count ? names[number] : String(number)
        return "\(word) \(number == 1 ? one : many)"
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }

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

extension AcceptedTradeOff.Bearing {
    /// The flag a template tests for this bearing.
    var templateKey: String {
        switch self {
        case .weighsAgainst: return "weighsAgainst"
        case .offset: return "offset"
        case .noted: return "noted"
        case .undecided: return "undecided"
        case .notTriggered: return "notTriggered"
        case .unweighed: return "unweighed"
        }
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
