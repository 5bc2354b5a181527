import AdvisorCEL

/// Why a question is asked: which undecided rules its answer decides, and the models those rules
/// would move. The classic consultation systems answered WHY the same way: by naming the rules
/// that needed the answer.
public struct QuestionReason: Sendable, Hashable {
    /// The fact the question asks for.
    public var fact: String
    /// The model leading with the answers so far (nil when every model is excluded).
    public var leader: ModelStanding?
    /// The best other model not excluded.
    public var runnerUp: ModelStanding?
    /// The undecided rules the answer decides: those bearing on the lead first, then in rule order.
    public var rules: [RuleInfluence]
}

/// One undecided rule an answer decides, and what it would do if it fired.
public struct RuleInfluence: Sendable, Hashable {
    public var rule: String
    /// The rule's reason, in the rule book's words.
    public var because: String
    /// Points the rule would add to models' fit, in the order written.
    public var points: [ModelPoints]
    /// Models the rule would knock out.
    public var excludes: [String]
    /// True when the rule could lower or knock out the leader, or lift a model that could then
    /// reach it (with a tie at the top: lift a model that could get above the others, or lower
    /// one in its way): the rules through which the answer can change the recommendation.
    public var bearsOnLead: Bool
}

/// Points a rule gives one model.
public struct ModelPoints: Sendable, Hashable {
    public var model: String
    public var points: Double

    public init(model: String, points: Double) {
        self.model = model
        self.points = points
    }
}

extension RuleBook {
    /// Why asking `fact` matters, read from a traced evaluation of the answers so far: the
    /// undecided rules that wait on it (directly, or through the derived facts it feeds).
    public func reason(forAsking fact: String, evaluation: Evaluation) -> QuestionReason {
        let leader = evaluation.ranking.first.flatMap { $0.excluded ? nil : $0 }
        let runnerUp = evaluation.runnerUp
        let relevance = evaluation.relevance
        var rules: [RuleInfluence] = []
        for outcome in evaluation.trace where outcome.status == .undecided && outcome.unknownFacts.contains(fact) {
            guard outcome.ruleIndex < self.rules.count else { continue }
            let rule = self.rules[outcome.ruleIndex]
            let points = rule.scores.map { ModelPoints(model: models[$0.model].id, points: $0.points) }
            let excludes = rule.excludes.map { models[$0].id }
            rules.append(
                RuleInfluence(
                    rule: rule.id, because: rule.because, points: points, excludes: excludes,
                    bearsOnLead: bearsOnLead(rule, relevance: relevance)))
        }
        // Stable: rule order within each group.
        let ordered = rules.filter(\.bearsOnLead) + rules.filter { !$0.bearsOnLead }
        return QuestionReason(fact: fact, leader: leader, runnerUp: runnerUp, rules: ordered)
    }

    /// Whether the rule's effects are ones that could change the recommendation, read from the
    /// standing the one way every search reads it (`ModelStandings.relevance`).
    private func bearsOnLead(_ rule: Rule, relevance: Relevance) -> Bool {
        rule.excludes.contains { relevance.matters(excluding: $0) }
            || rule.scores.contains { relevance.matters(points: $0.points, model: $0.model) }
    }
}
