/// How far a recommendation is from changing when the rule book's own weights change: exact,
/// because fit is additive.
///
/// A model's fit is the neutral fit plus the points of every rule that fired for it. A score
/// entry (one rule's points for one model) therefore moves exactly one model's fit, by exactly
/// as much as the entry changes, and only when its rule fired (an entry of a rule that did not
/// fire, or that waits on an unknown fact, changes nothing for this profile). So the smallest
/// change of one entry that changes the recommendation is: lowering one of the winner's
/// entries by the margin, or raising an entry of another admissible model by its distance to the
/// winner; a tie at the top counts as a change (under the profile contract's revision 2 a tie is
/// no recommendation). The smallest of these is the margin itself whenever a fired rule scores
/// the winner or the runner-up. Knock-outs are not weights: an excluded model stays excluded.
public struct WeightSensitivity: Sendable, Hashable {
    /// One score entry and the change to its points that would change the recommendation.
    public struct Entry: Sendable, Hashable {
        public var rule: String
        public var model: String
        /// The entry's points as the rule book gives them.
        public var points: Double
        /// The change that makes `model` tie the recommendation at the top (negative: lower).
        public var change: Double
        /// Whether the entry alone decides the recommendation: with its points taken away (set
        /// to 0) the recommendation would change.
        public var decides: Bool
    }

    /// The recommendation the figures are about.
    public var recommendation: String
    /// Its lead over the runner-up (nil when every other model is excluded).
    public var margin: Double?
    /// The smallest change, in points, to any single score entry that changes the recommendation;
    /// nil when no entry can (no fired rule scores a model still in the running).
    public var smallestChange: Double?
    /// Every entry a change of exactly `smallestChange` in its direction turns into a tie at the
    /// top, in evaluation order of their rules.
    public var closest: [Entry]
    /// Every fired entry of a model in the running, with the change each would need.
    public var entries: [Entry]
    /// Whether the recommendation holds whatever the unknown facts turn out to be (the
    /// evaluation's could-change list is empty).
    public var holdsWhateverTheUnknownFacts: Bool

    /// The entries that alone decide the recommendation.
    public var deciding: [Entry] { entries.filter(\.decides) }
}

extension RuleBook {
    /// The weight sensitivity of an evaluation's recommendation, or nil when there is none to
    /// hold (every model excluded), when the top two are tied already, or when the evaluation
    /// has no trace to read the fired rules from. Pure.
    public func weightSensitivity(of evaluation: Evaluation) -> WeightSensitivity? {
        guard let winner = evaluation.ranking.first, !winner.excluded, evaluation.trace.count == rules.count else { return nil }
        let others = evaluation.ranking.dropFirst().filter { !$0.excluded }
        let margin = others.first.map { winner.fit - $0.fit }
        if margin == 0 { return nil }
        let admissible = Dictionary(uniqueKeysWithValues: ([winner] + others).map { ($0.modelIndex, $0) })

        var entries: [WeightSensitivity.Entry] = []
        for outcome in evaluation.trace where outcome.status == .fired {
            var points: [Int: Double] = [:]
            var order: [Int] = []
            for score in rules[outcome.ruleIndex].scores {
                if points[score.model] == nil { order.append(score.model) }
                points[score.model, default: 0] += score.points
            }
            for model in order {
                guard let standing = admissible[model], let entryPoints = points[model] else { continue }
                let change: Double
                let decides: Bool
                if model == winner.modelIndex {
                    // Only a model in the running can overtake: alone, the winner needs a rival.
                    guard let margin else { continue }
                    change = -margin
                    decides = entryPoints >= margin
                } else {
                    change = winner.fit - standing.fit
                    decides = -entryPoints >= change
                }
                entries.append(
                    WeightSensitivity.Entry(rule: outcome.ruleId, model: standing.model, points: entryPoints, change: change, decides: decides))
            }
        }
        let smallest = entries.map { abs($0.change) }.min()
        return WeightSensitivity(
            recommendation: winner.model, margin: margin, smallestChange: smallest,
            closest: entries.filter { abs($0.change) == smallest },
            entries: entries, holdsWhateverTheUnknownFacts: evaluation.couldChange.isEmpty)
    }
}

/// Over a set of profiles: which rules' weights decide the most recommendations, and by how much.
public struct WeightSensitivitySummary: Sendable, Hashable {
    /// One rule's figures over the profiles.
    public struct RuleFigures: Sendable, Hashable {
        public var rule: String
        /// Profiles whose recommendation this rule's points alone decide (taking away one of its
        /// entries would change it).
        public var decides: Int
        /// Profiles where a change to one of its entries could change the recommendation (it
        /// fired with points for a model in the running).
        public var bears: Int
        /// The smallest change to one of its entries that changes a recommendation, over all
        /// profiles, and the median over the profiles it bears on (the lower middle value).
        public var smallestChange: Double
        public var medianChange: Double
    }

    /// How many profiles were looked at, and how many of them had a recommendation to hold.
    public var profiles: Int
    public var withRecommendation: Int
    /// Every rule that bears on some recommendation: most recommendations decided first, then
    /// the smallest change, then evaluation order.
    public var rules: [RuleFigures]

    public init(ruleBook: RuleBook, sensitivities: [WeightSensitivity?]) {
        profiles = sensitivities.count
        withRecommendation = sensitivities.compactMap { $0 }.count
        var changes: [String: [Double]] = [:]
        var decided: [String: Int] = [:]
        for sensitivity in sensitivities.compactMap({ $0 }) {
            var smallestPerRule: [String: Double] = [:]
            var decidingRules: Set<String> = []
            for entry in sensitivity.entries {
                smallestPerRule[entry.rule] = min(smallestPerRule[entry.rule] ?? .infinity, abs(entry.change))
                if entry.decides { decidingRules.insert(entry.rule) }
            }
            for (rule, change) in smallestPerRule { changes[rule, default: []].append(change) }
            for rule in decidingRules { decided[rule, default: 0] += 1 }
        }
        let position = Dictionary(uniqueKeysWithValues: ruleBook.rules.enumerated().map { ($1.id, $0) })
        rules = changes.map { rule, values in
            let sorted = values.sorted()
            return RuleFigures(
                rule: rule, decides: decided[rule] ?? 0, bears: values.count, smallestChange: sorted.first ?? 0,
                medianChange: sorted[(sorted.count - 1) / 2])
        }.sorted { a, b in
            (-a.decides, a.smallestChange, position[a.rule] ?? 0) < (-b.decides, b.smallestChange, position[b.rule] ?? 0)
        }
    }
}
