import AdvisorCEL

/// How one profile fares under two versions of a rule book: whether the recommendation changed,
/// which rules are responsible, and which models only moved further down.
public struct ProfileDiff: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// The recommendation changed (nil: every model excluded).
        case recommendation(old: String?, new: String?)
        /// Same recommendation, but the ranking order below it changed.
        case orderOnly
        /// Same ranking order (fits may differ).
        case none
    }

    /// What one rule contributes to one model for this profile: its points and whether it
    /// knocks the model out (nothing unless the rule fired).
    public struct Effect: Sendable, Hashable {
        public var points: Double
        public var excludes: Bool
        public static let nothing = Effect(points: 0, excludes: false)
        public init(points: Double, excludes: Bool) {
            self.points = points
            self.excludes = excludes
        }
    }

    /// A rule whose part in the outcome differs between the two rule books.
    public struct RuleChange: Sendable, Hashable {
        public var ruleId: String
        /// The rule's status in each book; nil when the book has no such rule.
        public var oldStatus: RuleStatus?
        public var newStatus: RuleStatus?
        /// Models whose effect from this rule differs: model, old effect, new effect.
        public var effects: [ModelEffectChange]
        /// Derived facts this rule gives that came out differently: fact, old value, new value (nil: unknown).
        public var derived: [DerivedChange]
    }

    public struct ModelEffectChange: Sendable, Hashable {
        public var model: String
        public var old: Effect
        public var new: Effect
        public init(model: String, old: Effect, new: Effect) {
            self.model = model
            self.old = old
            self.new = new
        }
    }

    public struct DerivedChange: Sendable, Hashable {
        public var fact: String
        public var old: CELValue?
        public var new: CELValue?
        public init(fact: String, old: CELValue?, new: CELValue?) {
            self.fact = fact
            self.old = old
            self.new = new
        }
    }

    /// A model whose place in the ranking changed (1-based positions).
    public struct Move: Sendable, Hashable {
        public var model: String
        public var oldPosition: Int
        public var newPosition: Int
        public init(model: String, oldPosition: Int, newPosition: Int) {
            self.model = model
            self.oldPosition = oldPosition
            self.newPosition = newPosition
        }
    }

    public var change: Change
    /// For a changed recommendation: the rules whose effect on the old or new recommendation
    /// differs, and the rules whose derived judgements differ; in rule-book order.
    public var responsible: [RuleChange]
    /// Models whose position changed, in the new ranking's order.
    public var moves: [Move]
    public var old: Evaluation
    public var new: Evaluation
}

extension ProfileDiff {
    /// Compares the evaluations of one profile under an old and a new rule book (both scored
    /// with a trace). Pure.
    public static func compare(old oldBook: RuleBook, _ old: Evaluation, new newBook: RuleBook, _ new: Evaluation) -> ProfileDiff {
        let oldOrder = old.ranking.map(\.model)
        let newOrder = new.ranking.map(\.model)
        var moves: [Move] = []
        for (index, model) in newOrder.enumerated() {
            if let before = oldOrder.firstIndex(of: model), before != index {
                moves.append(Move(model: model, oldPosition: before + 1, newPosition: index + 1))
            }
        }
        let change: Change
        if old.recommendation != new.recommendation {
            change = .recommendation(old: old.recommendation, new: new.recommendation)
        } else {
            change = oldOrder == newOrder ? .none : .orderOnly
        }
        guard case .recommendation(let before, let after) = change else {
            return ProfileDiff(change: change, responsible: [], moves: moves, old: old, new: new)
        }

        let models = [before, after].compactMap { $0 }
        let oldOutcomes = Dictionary(old.trace.map { ($0.ruleId, $0) }, uniquingKeysWith: { first, _ in first })
        let newOutcomes = Dictionary(new.trace.map { ($0.ruleId, $0) }, uniquingKeysWith: { first, _ in first })
        let oldRules = Dictionary(oldBook.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(newBook.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let oldDerived = Dictionary(old.derived.map { ($0.fact, $0.value) }, uniquingKeysWith: { first, _ in first })
        let newDerived = Dictionary(new.derived.map { ($0.fact, $0.value) }, uniquingKeysWith: { first, _ in first })

        // Every rule id of either book, in the old book's written order, then the new rules.
        let written = { (book: RuleBook) in book.rules.sorted { $0.sourceIndex < $1.sourceIndex }.map(\.id) }
        var ids = written(oldBook)
        let known = Set(ids)
        ids += written(newBook).filter { !known.contains($0) }

        var responsible: [RuleChange] = []
        for id in ids {
            let oldStatus = oldOutcomes[id]?.status
            let newStatus = newOutcomes[id]?.status
            var effects: [ModelEffectChange] = []
            for model in models {
                let was = effect(of: oldRules[id], status: oldStatus, on: model, in: oldBook)
                let now = effect(of: newRules[id], status: newStatus, on: model, in: newBook)
                if was != now { effects.append(ModelEffectChange(model: model, old: was, new: now)) }
            }
            var derived: [DerivedChange] = []
            let derivedFacts = Set(derives(of: oldRules[id], in: oldBook) + derives(of: newRules[id], in: newBook)).sorted()
            if oldStatus != newStatus || derivations(of: oldRules[id], in: oldBook) != derivations(of: newRules[id], in: newBook) {
                for fact in derivedFacts where (oldDerived[fact] ?? nil) != (newDerived[fact] ?? nil) {
                    derived.append(DerivedChange(fact: fact, old: oldDerived[fact] ?? nil, new: newDerived[fact] ?? nil))
                }
            }
            if !effects.isEmpty || !derived.isEmpty {
                responsible.append(RuleChange(ruleId: id, oldStatus: oldStatus, newStatus: newStatus, effects: effects, derived: derived))
            }
        }
        return ProfileDiff(change: change, responsible: responsible, moves: moves, old: old, new: new)
    }

    private static func effect(of rule: Rule?, status: RuleStatus?, on model: String, in book: RuleBook) -> Effect {
        guard let rule, status == .fired, let index = book.index(ofModel: model) else { return .nothing }
        let points = rule.scores.filter { $0.model == index }.reduce(0) { $0 + $1.points }
        return Effect(points: points, excludes: rule.excludes.contains(index))
    }

    /// The ids of the derived facts a rule gives.
    private static func derives(of rule: Rule?, in book: RuleBook) -> [String] {
        guard let rule else { return [] }
        return rule.derives.map { book.facts[$0.slot].id }.sorted()
    }

    /// What a rule derives, as comparable text: `fact=value`.
    private static func derivations(of rule: Rule?, in book: RuleBook) -> [String] {
        guard let rule else { return [] }
        return rule.derives.map { "\(book.facts[$0.slot].id)=\($0.value)" }.sorted()
    }
}

/// How many profiles went from each recommendation of the old rule book to each of the new
/// one (nil: no recommendation), so that an edit can be judged on a whole cohort.
public struct RecommendationMatrix: Sendable, Hashable {
    public struct Move: Sendable, Hashable {
        public var old: String?
        public var new: String?
        public init(old: String?, new: String?) {
            self.old = old
            self.new = new
        }
    }

    public private(set) var counts: [Move: Int] = [:]

    public init() {}

    public mutating func add(old: String?, new: String?) {
        counts[Move(old: old, new: new), default: 0] += 1
    }

    public mutating func add(_ other: RecommendationMatrix) {
        for (move, count) in other.counts { counts[move, default: 0] += count }
    }

    public var total: Int { counts.values.reduce(0, +) }

    public func count(old: String?, new: String?) -> Int { counts[Move(old: old, new: new)] ?? 0 }
}
