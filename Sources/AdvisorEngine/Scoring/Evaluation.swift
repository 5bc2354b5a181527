import AdvisorCEL

/// The facts of one profile, by slot, ready to score. A fact nobody gave is `.unknown`.
public struct FactSet: Sendable, Hashable {
    /// One binding per asked fact of the rule book, in slot order.
    public var bindings: [CELBinding]

    public init(bindings: [CELBinding]) {
        self.bindings = bindings
    }
}

/// What happened to one rule when a profile was scored.
public enum RuleStatus: String, Sendable, Hashable {
    /// The condition held: the rule's effects apply.
    case fired
    /// The condition was false.
    case notFired = "not_fired"
    /// The condition needs a fact that is unknown: the rule neither fired nor failed.
    case undecided
    /// The condition could not be evaluated (e.g. a division by zero); treated as not fired.
    case failed
}

/// A fact a rule read, and the value it had (nil: unknown).
public struct FactReading: Sendable, Hashable {
    public var fact: String
    public var value: CELValue?
}

/// A top-level part of a condition and whether it held.
public struct ClauseOutcome: Sendable, Hashable {
    public var text: String
    /// true, false, or nil when undecided or in error.
    public var held: Bool?
}

/// One rule's line in the trace.
public struct RuleOutcome: Sendable, Hashable {
    /// The rule's position in `RuleBook.rules`.
    public var ruleIndex: Int
    public var ruleId: String
    public var status: RuleStatus
    public var factsRead: [FactReading]
    /// The top-level parts of the condition and which held (empty unless traced).
    public var clauses: [ClauseOutcome]
    /// For an undecided rule, the asked facts whose being unknown kept it undecided.
    public var unknownFacts: [String]
    /// For a failed rule, the evaluation error.
    public var error: String?
}

/// Where one model stands for a profile.
public struct ModelStanding: Sendable, Hashable {
    public var model: String
    /// The model's position in `RuleBook.models`.
    public var modelIndex: Int
    /// Neutral fit plus the points of every rule that fired.
    public var fit: Double
    /// Rules that knocked the model out.
    public var excludedBy: [String]
    /// Lowest and highest fit the model could reach if the undecided rules were decided.
    public var lowestFit: Double
    public var highestFit: Double
    /// Undecided rules that could still knock the model out.
    public var mayBeExcludedBy: [String]

    public var excluded: Bool { !excludedBy.isEmpty }
}

/// Why a profile gets no recommendation although some model is admissible (profile contract,
/// revision 2): a recommendation that only the model-id order would decide is not one.
public enum Undecided: Sendable, Hashable {
    /// The profile gives no fact at all: there is no evidence to recommend on.
    case noFacts
    /// The best admissible models have the same fit: every model tied at the top, by id.
    case tie(between: [String])

    /// The contract's `reason`: `no-facts` or `tie`.
    public var reason: String {
        switch self {
        case .noFacts: return "no-facts"
        case .tie: return "tie"
        }
    }

    /// The models tied at the top, by id (empty for `noFacts`).
    public var between: [String] {
        if case .tie(let models) = self { return models }
        return []
    }

    /// Whether a profile is undecided, from its ranking (best first, ties by id) and whether it
    /// gives any fact. Nil when one admissible model is above every other, or when every model
    /// is excluded (no recommendation either, but for another reason).
    static func of(_ ranking: [ModelStanding], givesFacts: Bool) -> Undecided? {
        guard givesFacts else { return .noFacts }
        guard let top = ranking.first, !top.excluded else { return nil }
        let tied = ranking.prefix { !$0.excluded && $0.fit == top.fit }
        return tied.count > 1 ? .tie(between: tied.map(\.model).sorted()) : nil
    }
}

/// The result of scoring one profile: ranking, trace, and what is still open.
public struct Evaluation: Sendable, Hashable {
    /// All models, best first: models not excluded by fit, then excluded ones likewise. Models of
    /// equal fit are listed by id, for display only: such a tie at the top is `undecided`.
    public var ranking: [ModelStanding]
    /// Every rule in evaluation order (empty when scored without a trace).
    public var trace: [RuleOutcome]
    /// Derived facts and their values (nil: unknown).
    public var derived: [FactReading]
    /// Unknown asked facts that could still change the recommendation.
    public var couldChange: [String]
    /// Unknown asked facts that cannot change the recommendation whatever their value.
    public var cannotChange: [String]
    /// Why there is no recommendation although some model is admissible; nil otherwise.
    public var undecided: Undecided?

    /// The best model no rule excluded, when it is above every other such model and the profile
    /// gives some fact; nil when every model is excluded or the profile is `undecided`.
    public var recommendation: String? {
        guard undecided == nil else { return nil }
        return ranking.first.flatMap { $0.excluded ? nil : $0.model }
    }
    /// The best non-excluded model after the recommendation (nil without a recommendation).
    public var runnerUp: ModelStanding? {
        guard recommendation != nil else { return nil }
        return ranking.dropFirst().first { !$0.excluded }
    }
    /// True when no unknown fact could change the recommendation.
    public var isSettled: Bool { couldChange.isEmpty }
    /// The standing of a model by id.
    public func standing(of model: String) -> ModelStanding? { ranking.first { $0.model == model } }
}
