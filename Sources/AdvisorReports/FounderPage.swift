import AdvisorCEL
import AdvisorEngine

/// The values of the founder's page: plain words, models and facts by name, no ids and no seed
/// codes (the appendix has those). Each list holds only what a founder needs to decide.
struct FounderPage {
    let words: ReportWords
    let explanation: Explanation

    /// The strongest reasons shown: three, and up to five when the next weigh as much as the third
    /// and the reasons stay within `reasonWords` words, so the page stays one page.
    static let reasonsShown = 3
    static let reasonsAtMost = 5
    static let reasonWords = 150
    /// Rules on each side of the runner-up paragraph.
    static let contrastShown = 3
    /// Rules against the recommendation shown besides its disadvantages.
    static let againstShown = 2

    var evaluation: Evaluation { explanation.evaluation }

    func values() -> [String: Any] {
        var values: [String: Any] = [:]
        if let winner = explanation.recommendation, let standing = evaluation.standing(of: winner) {
            values["winner"] = words.model(standing)
            if let runnerUpId = explanation.runnerUp, let runnerUp = evaluation.standing(of: runnerUpId), let margin = explanation.margin {
                var entry = words.model(runnerUp)
                entry["margin"] = Number.fit(margin)
                entry["marginPoints"] = words.tool.points(margin)
                entry["marginWords"] = words.marginWords(margin)
                entry["isTie"] = margin == 0
                values["runnerUp"] = entry
            } else {
                values["alone"] = true
            }
        } else if let undecided = evaluation.undecided {
            let couldChange = explanation.couldChange.map(\.fact)
            values["undecided"] = ["text": UndecidedWords.sentences(undecided, couldChange: couldChange, ruleBook: words.ruleBook)]
        } else {
            values["noRecommendation"] = true
        }
        values["settled"] = explanation.couldChange.isEmpty
        if !explanation.couldChange.isEmpty {
            values["openFactCount"] = words.tool.count(explanation.couldChange.count, .unknownAnswers)
            if let sentence = UnknownFactWords.couldChange(explanation.couldChange.map(\.fact), ruleBook: words.ruleBook) {
                values["couldChangeSentence"] = sentence
            }
        }
        if let sensitivity = words.ruleBook.weightSensitivity(of: evaluation) { values["howSure"] = howSure(sensitivity) }
        values["reasons"] = reasons()
        if explanation.raised.count > shownReasonCount {
            let rest = explanation.raised.dropFirst(shownReasonCount)
            values["otherReasons"] = [
                "count": words.tool.count(rest.count, .smallerReasons),
                "points": words.tool.points(rest.reduce(0) { $0 + ($1.points ?? 0) }),
            ]
        }
        values["accepted"] = accepted()
        values["notBiting"] = explanation.acceptedTradeOffs.filter { $0.bearing == .notTriggered }.map { ["text": $0.tradeOff.text] }
        values["against"] = against()
        if let contrast = explanation.contrast { values["contrast"] = contrastValues(contrast) }
        values["ruledOut"] = words.tool.list(explanation.exclusions.map { words.shortName($0.model) })
        values["changes"] = changes()
        values["noChange"] = !explanation.counterfactuals.isEmpty && explanation.counterfactuals.allSatisfy { !$0.found }
        if let limit = explanation.counterfactuals.first?.maximumFactsChanged {
            values["maxChanges"] = words.tool.count(limit, .answers)
        }
        values["missing"] = explanation.couldChange.map { fact -> [String: Any] in
            let declaration = words.declaration(fact.fact)
            var entry: [String: Any] = ["name": declaration.displayName]
            if let question = declaration.question { entry["question"] = question }
            return entry
        }
        if !explanation.cannotChange.isEmpty {
            values["inertCount"] = words.tool.count(explanation.cannotChange.count, .otherQuestions)
        }
        values["allAnswered"] = explanation.couldChange.isEmpty && explanation.cannotChange.isEmpty
        return values
    }

    // MARK: - How sure

    /// The smallest change of one weight that would change the answer, with the strongest rule
    /// it could be as an example in the founder's words.
    func howSure(_ sensitivity: WeightSensitivity) -> [String: Any] {
        guard let smallest = sensitivity.smallestChange else { return ["noWeightCanChangeIt": true] }
        var values: [String: Any] = ["smallest": words.tool.points(smallest), "noSingleRuleDecides": sensitivity.deciding.isEmpty]
        // The example: the entry among the closest that gives its model the most points, the
        // winner's before another model's.
        let winnerFirst = sensitivity.closest.sorted { a, b in
            (a.model == sensitivity.recommendation ? 0 : 1, -abs(a.points)) < (b.model == sensitivity.recommendation ? 0 : 1, -abs(b.points))
        }
        if let entry = winnerFirst.first {
            let effect = (explanation.raised + explanation.lowered + (explanation.contrast?.rows.map(\.rule) ?? [])).first { $0.ruleId == entry.rule }
            var example: [String: Any] = ["model": words.shortName(entry.model)]
            if let answers = effect.flatMap({ words.answers($0.evidence) }) { example["answers"] = answers }
            example[entry.change < 0 ? "less" : "more"] = true
            values["example"] = example
        }
        return values
    }

    // MARK: - Reasons

    var shownReasonCount: Int {
        let raised = explanation.raised
        guard raised.count > Self.reasonsShown else { return raised.count }
        let third = raised[Self.reasonsShown - 1].points ?? 0
        // A Chinese reason has no spaces: count its characters as words, two to a word.
        func wordCount(_ effect: RuleEffect) -> Int {
            let spaced = effect.because.split(separator: " ").count
            let wide = effect.because.filter { DisplayWidth.of($0) == 2 }.count
            return spaced + wide / 2
        }
        var count = Self.reasonsShown
        var words = raised.prefix(count).reduce(0) { $0 + wordCount($1) }
        while count < min(raised.count, Self.reasonsAtMost), raised[count].points == third, words + wordCount(raised[count]) <= Self.reasonWords {
            words += wordCount(raised[count])
            count += 1
        }
        return count
    }

    func reasons() -> [[String: Any]] {
        explanation.raised.prefix(shownReasonCount).map(reason)
    }

    /// A rule for or against the recommendation: its points, the answers that fired it, its reason.
    func reason(_ effect: RuleEffect) -> [String: Any] {
        var entry: [String: Any] = ["because": words.withoutCitations(effect.because)]
        if let points = effect.points { entry["points"] = Number.signed(points) }
        if let answers = words.answers(effect.evidence) { entry["answers"] = answers }
        return entry
    }

    // MARK: - What the founder accepts

    /// The recommendation's disadvantages that apply to this founder, with what the answers say.
    func accepted() -> [[String: Any]] {
        explanation.acceptedTradeOffs.filter { $0.bearing != .notTriggered }.map { accepted in
            var entry: [String: Any] = ["text": accepted.tradeOff.text, accepted.bearing.templateKey: true]
            let fired = accepted.rules.filter { $0.status == .fired }
            switch accepted.bearing {
            case .weighsAgainst:
                let lowering = fired.filter { ($0.points ?? 0) < 0 }
                entry["answers"] = words.answers(lowering.flatMap(\.evidence))
                entry["points"] = Number.signed(lowering.reduce(0) { $0 + ($1.points ?? 0) })
            case .offset:
                entry["answers"] = words.answers(fired.filter { ($0.points ?? 0) > 0 }.flatMap(\.evidence))
            case .undecided:
                let waiting = Set(accepted.rules.filter { $0.status == .undecided }.flatMap { $0.evidence.filter { $0.value == nil }.map(\.fact) })
                let asked = waiting.compactMap { words.ruleBook.slot(ofFact: $0) }.sorted().map { words.ruleBook.facts[$0].displayName }
                entry["waitingOn"] = words.tool.list(asked)
            default:
                break
            }
            return entry
        }
    }

    /// Rules that lowered the recommendation's fit and are not already told as a disadvantage.
    func against() -> [[String: Any]] {
        let told = Set(explanation.acceptedTradeOffs.filter { $0.bearing == .weighsAgainst }.flatMap { $0.rules.map(\.ruleId) })
        return explanation.lowered.filter { !told.contains($0.ruleId) }.prefix(Self.againstShown).map(reason)
    }

    // MARK: - Why not the runner-up

    func contrastValues(_ contrast: Contrast) -> [String: Any] {
        // Rows that read the same answers are told together.
        func side(_ rows: [Contrast.Row]) -> String {
            var order: [String] = []
            var points: [String: Double] = [:]
            for row in rows {
                guard let facts = words.yourFacts(row.rule.evidence) else { continue }
                if points[facts] == nil { order.append(facts) }
                points[facts, default: 0] += abs(row.net)
            }
            let parts = order.sorted { (points[$0] ?? 0) > (points[$1] ?? 0) }.prefix(Self.contrastShown)
            return words.tool.list(parts.enumerated().map { index, facts in
                let amount = points[facts] ?? 0
                // English names the unit once ("(8 points) and (2)"); the table says how often.
                return facts + words.tool.parenthesised(index == 0 ? words.tool.points(amount) : words.tool(.pointsAgain, ["n": Number.fit(amount)]))
            })
        }
        var entry: [String: Any] = [
            "runnerUpShort": words.shortName(contrast.runnerUp), "runnerUpName": words.modelName(contrast.runnerUp),
            "winnerShort": words.shortName(contrast.winner), "marginPoints": words.tool.points(contrast.margin),
        ]
        entry["forRunnerUp"] = side(contrast.rows.filter { $0.net < 0 })
        entry["forWinner"] = side(contrast.rows.filter { $0.net > 0 })
        return entry
    }

    // MARK: - Changes

    /// Each counterfactual that was found, as actions for the founder.
    func changes() -> [[String: Any]] {
        explanation.counterfactuals.filter(\.found).map { counterfactual in
            var entry: [String: Any] = [:]
            switch counterfactual.target {
            case .model(let id): entry["target"] = ["short": words.shortName(id), "name": words.modelName(id)]
            case .anyModel: entry["anyModel"] = true
            }
            entry["actions"] = counterfactual.changes.enumerated().map { index, change -> [String: Any] in
                var action = words.action(change)
                // What goes before each action in a sentence listing them.
                action["separator"] = index == 0 ? "" : words.tool(index == counterfactual.changes.count - 1 ? .actionsAnd : .actionsComma)
                return action
            }
            if let recommended = counterfactual.recommendation {
                var result: [String: Any] = ["short": words.shortName(recommended), "fit": counterfactual.fit.map(Number.fit) ?? ""]
                if let margin = counterfactual.margin, let runnerUp = counterfactual.runnerUp {
                    result["marginPoints"] = words.tool.points(margin)
                    result["runnerUpShort"] = words.shortName(runnerUp)
                }
                entry["result"] = result
            }
            if !counterfactual.isMinimal { entry["sampled"] = true }
            return entry
        }
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
