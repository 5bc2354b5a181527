import AdvisorCEL
import AdvisorEngine

/// The values of the consultant's appendix: the profile by fact id, the full ranking, each rule
/// that decided the recommendation with its points, facts and sources, the knock-outs, the
/// changes as checked, the unknown facts, the trace, and the numbered sources the rules cite.
struct ConsultantAppendix {
    let words: ReportWords
    let explanation: Explanation
    let facts: FactSet

    var evaluation: Evaluation { explanation.evaluation }
    var markup: Markup { words.markup }

    func values() -> [String: Any] {
        let book = words.ruleBook
        var values: [String: Any] = [:]
        let sources = SourceList(markup: markup)

        // MARK: Profile
        var unknown: [String] = []
        values["facts"] = book.askedFacts.enumerated().map { slot, fact -> [String: Any] in
            var entry: [String: Any] = ["idCode": markup.code(fact.id), "name": fact.displayName]
            if slot < facts.bindings.count, case .value(let value) = facts.bindings[slot] {
                entry["answer"] = words.answer(value, fact: fact, withMeaning: true)
            } else {
                entry["unknown"] = true
                unknown.append(fact.id)
            }
            if let question = fact.question { entry["question"] = question }
            return entry
        }
        if !unknown.isEmpty { values["unknownFactsMarkup"] = words.tool.list(unknown.map(markup.code)) }

        // MARK: Ranking
        values["ranking"] = evaluation.ranking.enumerated().map { index, standing -> [String: Any] in
            var entry = words.model(standing)
            entry["rank"] = String(index + 1)
            if standing.lowestFit != standing.highestFit || standing.lowestFit != standing.fit {
                entry["reach"] = words.tool(.reach, ["low": Number.fit(standing.lowestFit), "high": Number.fit(standing.highestFit)])
            }
            if standing.model == explanation.recommendation {
                entry["note"] = words.tool(.noteRecommended)
            } else if standing.model == explanation.runnerUp {
                entry["note"] = words.tool(.noteRunnerUp)
            } else if standing.excluded {
                entry["note"] = words.tool(.noteExcluded)
            } else if !standing.mayBeExcludedBy.isEmpty {
                entry["note"] = words.tool(.noteMayBeExcluded)
            }
            return entry
        }
        values["hasReach"] = evaluation.ranking.contains { $0.lowestFit != $0.highestFit }
        if let winner = explanation.recommendation, let standing = evaluation.standing(of: winner) {
            let up = explanation.raised.reduce(0) { $0 + ($1.points ?? 0) }
            let down = explanation.lowered.reduce(0) { $0 + ($1.points ?? 0) }
            var sum = Number.fit(book.header.neutral)
            if up != 0 { sum += " + \(Number.fit(up))" }
            if down != 0 { sum += " - \(Number.fit(-down))" }
            values["fitSum"] = sum + " = \(Number.fit(standing.fit))"
        }

        // MARK: The rules that decided it
        if let decided = decided(sources) { values["decided"] = decided }

        // MARK: Knock-outs
        values["exclusions"] = explanation.exclusions.map { exclusion -> [String: Any] in
            [
                "idCode": markup.code(exclusion.model), "short": words.shortName(exclusion.model), "fit": Number.fit(exclusion.fit),
                "knockOuts": exclusion.knockOuts.map { effect -> [String: Any] in
                    [
                        "ruleIdCode": markup.code(effect.ruleId), "evidenceMarkup": words.evidence(effect.evidence),
                        "sourcesMarkup": sources.references(effect.tradeOffs),
                    ]
                },
            ]
        }

        // MARK: Changes, as checked
        values["checked"] = explanation.counterfactuals.map(checked)

        // MARK: Unknown facts
        values["couldChange"] = explanation.couldChange.map(unknownFact)
        values["cannotChange"] = explanation.cannotChange.map(unknownFact)
        values["cannotChangeMarkup"] = words.tool.list(explanation.cannotChange.map { markup.code($0.fact) })

        // MARK: Trace
        values["trace"] = evaluation.trace.map(traceEntry)
        values["ruleCount"] = String(evaluation.trace.count)

        values["sources"] = sources.entries(words)
        return values
    }

    /// Every fired rule with points for the recommendation or the runner-up: the largest
    /// difference between the two first, then the rules that give both the same.
    func decided(_ sources: SourceList) -> [String: Any]? {
        guard let winner = explanation.recommendation, let winnerIndex = words.ruleBook.index(ofModel: winner) else { return nil }
        let runnerUpIndex = explanation.runnerUp.flatMap(words.ruleBook.index(ofModel:))
        var rows: [(net: Double, order: Int, row: [String: Any])] = []
        for outcome in evaluation.trace where outcome.status == .fired {
            let rule = words.ruleBook.rules[outcome.ruleIndex]
            let forWinner = rule.scores.filter { $0.model == winnerIndex }.reduce(0) { $0 + $1.points }
            let forRunnerUp = rule.scores.filter { $0.model == runnerUpIndex }.reduce(0) { $0 + $1.points }
            let scoresEither = rule.scores.contains { $0.model == winnerIndex || $0.model == runnerUpIndex }
            guard scoresEither else { continue }
            let effect = (explanation.raised + explanation.lowered + (explanation.contrast?.rows.map(\.rule) ?? [])).first { $0.ruleId == rule.id }
            let evidence = effect.map { words.evidence($0.evidence) } ?? outcome.factsRead.map { words.reading($0.fact, $0.value) }.joined(separator: words.tool.semicolon)
            let tradeOffs = rule.encodes.compactMap { id in words.ruleBook.tradeOffs.first { $0.id == id } }
            rows.append(
                (
                    forWinner - forRunnerUp, rows.count,
                    [
                        "ruleIdCode": markup.code(rule.id),
                        "winnerPoints": forWinner == 0 ? "0" : Number.signed(forWinner),
                        "runnerUpPoints": forRunnerUp == 0 ? "0" : Number.signed(forRunnerUp),
                        "net": forWinner == forRunnerUp ? "0" : Number.signed(forWinner - forRunnerUp),
                        "evidenceMarkup": evidence,
                        "sourcesMarkup": sources.references(tradeOffs),
                    ]
                ))
        }
        rows.sort { (abs($1.net), $0.order) < (abs($0.net), $1.order) }
        var values: [String: Any] = ["winnerCode": markup.code(winner), "rows": rows.map(\.row)]
        if let runnerUp = explanation.runnerUp { values["runnerUpCode"] = markup.code(runnerUp) }
        return values
    }

    func checked(_ counterfactual: Counterfactual) -> [String: Any] {
        var entry: [String: Any] = ["maxChanges": words.tool.count(counterfactual.maximumFactsChanged, .facts)]
        switch counterfactual.target {
        case .model(let id): entry["targetCode"] = markup.code(id)
        case .anyModel: entry["anyModel"] = true
        }
        guard counterfactual.found else {
            entry["notFound"] = true
            return entry
        }
        entry["found"] = true
        entry["changes"] = counterfactual.changes.map { change -> [String: Any] in
            let fact = words.declaration(change.fact)
            var item: [String: Any] = ["factCode": markup.code(change.fact), "to": words.answer(change.to, fact: fact)]
            if let from = change.from { item["from"] = words.answer(from, fact: fact) } else { item["wasUnknown"] = true }
            if let range = change.range { item["range"] = words.rangeWords(range, fact) }
            return item
        }
        // A change that re-admits some model may leave the best tied (`undecided`): no result line then.
        if let recommended = counterfactual.recommendation {
            var result: [String: Any] = ["idCode": markup.code(recommended), "fit": counterfactual.fit.map(Number.fit) ?? ""]
            if let runnerUp = counterfactual.runnerUp, let margin = counterfactual.margin {
                result["runnerUpCode"] = markup.code(runnerUp)
                result["marginPoints"] = words.tool.points(margin)
            }
            entry["result"] = result
        }
        if !counterfactual.isMinimal { entry["sampled"] = true }
        return entry
    }

    func unknownFact(_ fact: UnknownFact) -> [String: Any] {
        var entry: [String: Any] = ["factCode": markup.code(fact.fact)]
        if !fact.rules.isEmpty { entry["rulesMarkup"] = words.tool.list(fact.rules.map(markup.code)) }
        return entry
    }

    func traceEntry(_ outcome: RuleOutcome) -> [String: Any] {
        let book = words.ruleBook
        let rule = book.rules[outcome.ruleIndex]
        var effects: [String] = rule.scores.map { "\(markup.code(book.models[$0.model].id)) \(Number.signed($0.points))" }
        if !rule.excludes.isEmpty { effects.append(words.tool(.excludes, ["models": rule.excludes.map { markup.code(book.models[$0].id) }.joined(separator: words.tool.comma)])) }
        for (slot, value) in rule.derives {
            effects.append(words.tool(.derives, ["reading": words.reading(book.facts[slot].id, value)]))
        }
        var entry: [String: Any] = [
            "ruleIdCode": markup.code(rule.id),
            "status": words.status(outcome.status),
            "effectsMarkup": effects.joined(separator: words.tool.comma),
            "readMarkup": outcome.factsRead.map { words.reading($0.fact, $0.value) }.joined(separator: words.tool.comma),
        ]
        if outcome.clauses.count > 1 {
            entry["clausesMarkup"] = outcome.clauses.map { clause in
                let held = clause.held.map { words.tool($0 ? .held : .didNotHold) } ?? words.tool(.undecided)
                return "\(markup.code(clause.text)) \(held)"
            }.joined(separator: words.tool.semicolon)
        }
        if !outcome.unknownFacts.isEmpty { entry["waitingOnMarkup"] = words.tool.list(outcome.unknownFacts.map(markup.code)) }
        if let error = outcome.error { entry["error"] = error }
        if outcome.status == .fired { entry["fired"] = true }
        let stated = rule.constants.compactMap(\.basis)
        if !stated.isEmpty { entry["thresholdsMarkup"] = stated.map(threshold).joined(separator: words.tool(.sentenceSpace)) }
        return entry
    }

    /// "Threshold `capital` 30,000 USD (a market figure): ...", a number a condition compares with and its stated basis.
    func threshold(_ basis: ThresholdBasis) -> String {
        let declaration = words.ruleBook.fact(basis.fact) ?? FactDeclaration(id: basis.fact, kind: .number(min: nil, max: nil))
        let value: String
        if case .list = declaration.kind {
            value = words.tool(.chosen, ["n": Number.fit(basis.value)])
        } else {
            value = words.answer(.double(basis.value), fact: declaration)
        }
        return words.tool(.threshold, ["fact": markup.code(basis.fact), "value": markup.text(value), "source": words.source(basis.source), "basis": markup.text(basis.basis)])
    }
}

/// The trade-offs the appendix cites, numbered in the order they are first cited.
final class SourceList {
    let markup: Markup
    private(set) var cited: [TradeOff] = []
    private var numbers: [String: Int] = [:]

    init(markup: Markup) { self.markup = markup }

    /// "[3], [4]" for the trade-offs, numbering those not cited before.
    func references(_ tradeOffs: [TradeOff]) -> String {
        tradeOffs.map { tradeOff in
            if let number = numbers[tradeOff.id] { return markup.sourceReference(number) }
            cited.append(tradeOff)
            numbers[tradeOff.id] = cited.count
            return markup.sourceReference(cited.count)
        }.joined(separator: " ")
    }

    func entries(_ words: ReportWords) -> [[String: Any]] {
        cited.enumerated().map { index, tradeOff in
            let model = String(tradeOff.id.prefix { $0 != "/" })
            return [
                "number": String(index + 1), "text": tradeOff.text, "idCode": markup.code(tradeOff.id), "seed": tradeOff.seed, "source": words.tradeOffSource(tradeOff.seed),
                "kind": words.kind(tradeOff.kind), "modelShort": words.shortName(model),
            ]
        }
    }
}
