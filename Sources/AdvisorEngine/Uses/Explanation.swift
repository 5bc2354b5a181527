import AdvisorCEL

/// Why a profile got its recommendation, why not the others, and what would change it: the
/// content of a report, as values. Computed from the rule book, the facts and the traced
/// evaluation; knows nothing of any particular model or fact.
public struct Explanation: Sendable, Hashable {
    /// The traced evaluation everything here is drawn from.
    public var evaluation: Evaluation
    /// The recommended model, or nil when every model is excluded.
    public var recommendation: String?
    /// The best model after it that nothing excluded.
    public var runnerUp: String?
    /// The recommendation's fit minus the runner-up's.
    public var margin: Double?
    /// Rules that fired and raised the recommendation's fit, most points first.
    public var raised: [RuleEffect]
    /// Rules that fired and lowered it, most points taken first.
    public var lowered: [RuleEffect]
    /// The recommendation's disadvantages, each with what the profile says about it.
    public var acceptedTradeOffs: [AcceptedTradeOff]
    /// What separates the recommendation from the runner-up.
    public var contrast: Contrast?
    /// Every excluded model, with the knock-outs that excluded it.
    public var exclusions: [Exclusion]
    /// Unknown facts that could still change the recommendation, with the rules waiting on them.
    public var couldChange: [UnknownFact]
    /// Unknown facts that cannot change it, whatever their value.
    public var cannotChange: [UnknownFact]
    /// The smallest changes that make each of the next models the recommendation (or, when every
    /// model is excluded, that re-admit one).
    public var counterfactuals: [Counterfactual]
}

/// A fact value a rule read when it was evaluated.
public struct FactEvidence: Sendable, Hashable {
    public var fact: String
    /// nil: unknown.
    public var value: CELValue?
    public var isDerived: Bool
    /// For a derived fact: the rule that concluded its value (nil when it took its default).
    public var derivedBy: String?
    /// For a derived fact: the asked facts behind it, through every derived fact in between.
    public var basis: [FactReading]
}

/// A rule and what it did to one model.
public struct RuleEffect: Sendable, Hashable {
    public var ruleId: String
    public var because: String
    public var status: RuleStatus
    /// Points the rule gives the model in question (nil when it gives it none).
    public var points: Double?
    /// Whether the rule knocks the model in question out.
    public var excludes: Bool
    /// The facts the condition read, with their values.
    public var evidence: [FactEvidence]
    /// The top-level parts of the condition and which held.
    public var clauses: [ClauseOutcome]
    /// The trade-offs the rule rests on, with their seeds and texts: those of the model in
    /// question when the rule names any of them, else all it names.
    public var tradeOffs: [TradeOff]
}

/// A disadvantage of the recommendation and how the profile bears on it.
public struct AcceptedTradeOff: Sendable, Hashable {
    /// How the profile bears on a trade-off.
    public enum Bearing: String, Sendable, Hashable {
        /// A rule that encodes it fired and lowered the recommendation's fit: the profile feels it.
        case weighsAgainst = "weighs_against"
        /// Rules that encode it fired and raised the fit, none lowered it: the profile offsets it.
        case offset
        /// Rules that encode it fired without points for the recommendation.
        case noted
        /// No rule that encodes it fired, but some wait on unknown facts.
        case undecided
        /// Rules encode it, but none fired for this profile.
        case notTriggered = "not_triggered"
        /// No rule encodes it: it comes with the model, whatever the profile.
        case unweighed
    }

    public var tradeOff: TradeOff
    public var bearing: Bearing
    /// Every rule that encodes the trade-off, in evaluation order, with its points for the recommendation.
    public var rules: [RuleEffect]
}

/// The rules that separate the recommendation from the runner-up.
public struct Contrast: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var rule: RuleEffect
        public var winnerPoints: Double
        public var runnerUpPoints: Double
        /// winnerPoints - runnerUpPoints: what the rule adds to the margin.
        public var net: Double
    }

    public var winner: String
    public var runnerUp: String
    public var margin: Double
    /// Fired rules whose points differ between the two, the largest difference first; their nets add up to the margin.
    public var rows: [Row]
}

/// An excluded model and why.
public struct Exclusion: Sendable, Hashable {
    public var model: String
    /// The fit it would have had.
    public var fit: Double
    public var knockOuts: [RuleEffect]
}

/// An unknown fact and the undecided rules that wait on it.
public struct UnknownFact: Sendable, Hashable {
    public var fact: String
    public var rules: [String]
}

extension RuleBook {
    /// Explains a profile's recommendation: reasons, trade-offs, contrast, knock-outs, unknowns and
    /// counterfactuals. Pure. Pass the evaluation when it is at hand (it is re-scored with a trace
    /// when it has none).
    public func explain(
        _ facts: FactSet, evaluation: Evaluation? = nil, options: CounterfactualOptions = CounterfactualOptions()
    ) -> Explanation {
        var evaluation = evaluation ?? score(facts, traced: true)
        if evaluation.trace.count != rules.count { evaluation = score(facts, traced: true) }
        evaluation = QuestionPlanner(ruleBook: self).withUnknownFactsDecided(evaluation, facts: facts)
        let builder = ExplanationBuilder(ruleBook: self, evaluation: evaluation)
        let winner = evaluation.recommendation
        let runnerUp = evaluation.runnerUp

        let raised = winner.map { reasons(for: $0, in: evaluation) } ?? []
        var lowered: [RuleEffect] = []
        if let winner {
            lowered = builder.effects(on: winner).filter { $0.status == .fired && ($0.points ?? 0) < 0 }
        }
        // Most points taken first; equal points keep evaluation order (stable sort).
        lowered = lowered.enumerated().sorted { ($0.element.points ?? 0, $0.offset) < ($1.element.points ?? 0, $1.offset) }.map(\.element)

        return Explanation(
            evaluation: evaluation, recommendation: winner, runnerUp: runnerUp?.model,
            margin: winner.flatMap { evaluation.standing(of: $0) }.flatMap { top in runnerUp.map { top.fit - $0.fit } },
            raised: raised, lowered: lowered,
            acceptedTradeOffs: winner.map(builder.acceptedTradeOffs) ?? [],
            contrast: winner.flatMap { winner in runnerUp.map { builder.contrast(winner, $0.model) } },
            exclusions: evaluation.ranking.filter(\.excluded).map { standing in
                Exclusion(
                    model: standing.model, fit: standing.fit,
                    knockOuts: builder.effects(on: standing.model).filter { $0.excludes && $0.status == .fired })
            },
            couldChange: evaluation.couldChange.map(builder.unknownFact),
            cannotChange: evaluation.cannotChange.map(builder.unknownFact),
            counterfactuals: counterfactuals(for: facts, evaluation: evaluation, options: options))
    }
}

extension RuleBook {
    /// The reasons a report quotes for a model: the rules that fired and raised its fit, most
    /// points first (equal points in evaluation order). Needs a traced evaluation.
    public func reasons(for model: String, in evaluation: Evaluation) -> [RuleEffect] {
        let raised = ExplanationBuilder(ruleBook: self, evaluation: evaluation).effects(on: model)
            .filter { $0.status == .fired && ($0.points ?? 0) > 0 }
        return raised.enumerated().sorted { ($1.element.points ?? 0, $0.offset) < ($0.element.points ?? 0, $1.offset) }.map(\.element)
    }
}

/// Reads the trace into rule effects.
private struct ExplanationBuilder {
    let ruleBook: RuleBook
    let evaluation: Evaluation
    let tradeOffs: [String: TradeOff]

    init(ruleBook: RuleBook, evaluation: Evaluation) {
        self.ruleBook = ruleBook
        self.evaluation = evaluation
        var tradeOffs: [String: TradeOff] = [:]
        for tradeOff in ruleBook.tradeOffs { tradeOffs[tradeOff.id] = tradeOff }
        self.tradeOffs = tradeOffs
    }

    /// Every rule with an effect on the model (points or a knock-out), in evaluation order.
    func effects(on model: String) -> [RuleEffect] {
        guard let modelIndex = ruleBook.index(ofModel: model) else { return [] }
        return evaluation.trace.compactMap { outcome in
            let rule = ruleBook.rules[outcome.ruleIndex]
            let points = rule.scores.filter { $0.model == modelIndex }.map(\.points)
            let excludes = rule.excludes.contains(modelIndex)
            guard !points.isEmpty || excludes else { return nil }
            return effect(outcome, points: points.isEmpty ? nil : points.reduce(0, +), excludes: excludes, model: modelIndex)
        }
    }

    func effect(_ outcome: RuleOutcome, points: Double?, excludes: Bool, model: Int?) -> RuleEffect {
        let rule = ruleBook.rules[outcome.ruleIndex]
        let all = rule.encodes.compactMap { tradeOffs[$0] }
        let own = model.map { index in all.filter { ruleBook.models[index].tradeOffs.contains($0) } } ?? []
        return RuleEffect(
            ruleId: rule.id, because: rule.because, status: outcome.status, points: points, excludes: excludes,
            evidence: outcome.factsRead.map(evidence), clauses: outcome.clauses, tradeOffs: own.isEmpty ? all : own)
    }

    func evidence(_ reading: FactReading) -> FactEvidence {
        guard let slot = ruleBook.slot(ofFact: reading.fact), slot >= ruleBook.askedFactCount else {
            return FactEvidence(fact: reading.fact, value: reading.value, isDerived: false, derivedBy: nil, basis: [])
        }
        let deriver = firedDeriver(of: slot, value: reading.value)
        return FactEvidence(
            fact: reading.fact, value: reading.value, isDerived: true, derivedBy: deriver.map { ruleBook.rules[$0].id },
            basis: deriver.map { askedBasis(ofRule: $0, seen: []) } ?? [])
    }

    /// The rule that gave a derived fact its value: the first deriving rule, in written order, that fired.
    func firedDeriver(of slot: Int, value: CELValue?) -> Int? {
        guard value != nil else { return nil }
        for position in ruleBook.derivers[slot] ?? [] where evaluation.trace.indices.contains(position) {
            if evaluation.trace[position].status == .fired { return position }
        }
        return nil
    }

    /// The asked facts a rule read, directly or through the rules that derived what it read.
    func askedBasis(ofRule position: Int, seen: Set<Int>) -> [FactReading] {
        guard evaluation.trace.indices.contains(position), !seen.contains(position) else { return [] }
        var readings: [FactReading] = []
        for reading in evaluation.trace[position].factsRead {
            guard let slot = ruleBook.slot(ofFact: reading.fact) else { continue }
            if slot < ruleBook.askedFactCount {
                readings.append(reading)
            } else if let deriver = firedDeriver(of: slot, value: reading.value) {
                readings += askedBasis(ofRule: deriver, seen: seen.union([position]))
            }
        }
        // Each fact once, in declaration order.
        var unique: [String: FactReading] = [:]
        for reading in readings where unique[reading.fact] == nil { unique[reading.fact] = reading }
        return unique.values.sorted { (ruleBook.slot(ofFact: $0.fact) ?? 0) < (ruleBook.slot(ofFact: $1.fact) ?? 0) }
    }

    func acceptedTradeOffs(_ winner: String) -> [AcceptedTradeOff] {
        guard let modelIndex = ruleBook.index(ofModel: winner) else { return [] }
        let model = ruleBook.models[modelIndex]
        return model.tradeOffs.filter { $0.kind == .disadvantage }.map { tradeOff in
            let rules = evaluation.trace.compactMap { outcome -> RuleEffect? in
                let rule = ruleBook.rules[outcome.ruleIndex]
                guard rule.encodes.contains(tradeOff.id) else { return nil }
                let points = rule.scores.filter { $0.model == modelIndex }.map(\.points)
                return effect(
                    outcome, points: points.isEmpty ? nil : points.reduce(0, +), excludes: rule.excludes.contains(modelIndex), model: modelIndex)
            }
            return AcceptedTradeOff(tradeOff: tradeOff, bearing: bearing(of: rules), rules: rules)
        }
    }

    func bearing(of rules: [RuleEffect]) -> AcceptedTradeOff.Bearing {
        guard !rules.isEmpty else { return .unweighed }
        let fired = rules.filter { $0.status == .fired }
        if fired.contains(where: { ($0.points ?? 0) < 0 }) { return .weighsAgainst }
        if fired.contains(where: { ($0.points ?? 0) > 0 }) { return .offset }
        if !fired.isEmpty { return .noted }
        if rules.contains(where: { $0.status == .undecided }) { return .undecided }
        return .notTriggered
    }

    func contrast(_ winner: String, _ runnerUp: String) -> Contrast {
        let winnerIndex = ruleBook.index(ofModel: winner) ?? -1
        let runnerUpIndex = ruleBook.index(ofModel: runnerUp) ?? -1
        var rows: [Contrast.Row] = []
        for outcome in evaluation.trace where outcome.status == .fired {
            let rule = ruleBook.rules[outcome.ruleIndex]
            let forWinner = rule.scores.filter { $0.model == winnerIndex }.reduce(0) { $0 + $1.points }
            let forRunnerUp = rule.scores.filter { $0.model == runnerUpIndex }.reduce(0) { $0 + $1.points }
            guard forWinner != forRunnerUp else { continue }
            rows.append(
                Contrast.Row(
                    rule: effect(outcome, points: forWinner == 0 ? nil : forWinner, excludes: rule.excludes.contains(winnerIndex), model: nil),
                    winnerPoints: forWinner, runnerUpPoints: forRunnerUp, net: forWinner - forRunnerUp))
        }
        // The largest difference first, either way; ties in evaluation order.
        rows = rows.enumerated().sorted { (abs($1.element.net), $0.offset) < (abs($0.element.net), $1.offset) }.map(\.element)
        let margin = (evaluation.standing(of: winner)?.fit ?? 0) - (evaluation.standing(of: runnerUp)?.fit ?? 0)
        return Contrast(winner: winner, runnerUp: runnerUp, margin: margin, rows: rows)
    }

    func unknownFact(_ fact: String) -> UnknownFact {
        UnknownFact(
            fact: fact,
            rules: evaluation.trace.filter { $0.status == .undecided && $0.unknownFacts.contains(fact) }.map(\.ruleId))
    }
}
