
/// Which rules each asked fact can sway, and a cheap best case for a change of some facts: the
/// search's first filter, before any scoring.
///
/// A rule is touched by a fact when its condition reads the fact, directly or through derived
/// facts. Changing some facts can flip only the rules they touch; every other rule keeps its
/// status. So a model's fit can rise at most by the points of touched rules that did not fire and
/// would add, plus those of touched rules that fired and took away, and a knock-out by an
/// untouched rule stays. If even then the target cannot pass every other model, no values of
/// those facts can make it the recommendation.
struct RuleImpact: Sendable {
    /// For each asked slot, the positions of the rules it touches.
    let touchedBy: [[Int]]
    let fired: [Bool]
    let fit: [Double]
    /// For each rule, its points per model (0 when none) and the models it knocks out.
    let points: [[Double]]
    let excludes: [[Int]]

    init(ruleBook: RuleBook, evaluation: Evaluation) {
        let rules = ruleBook.rules
        // Asked facts each rule depends on, through derived facts (repeated until nothing changes,
        // so the result does not rely on the rules' order).
        var dependsOn = rules.map { Set($0.reads.filter { $0 < ruleBook.askedFactCount }) }
        var changed = true
        while changed {
            changed = false
            var derivedDependsOn: [Int: Set<Int>] = [:]
            for (position, rule) in rules.enumerated() {
                for (slot, _) in rule.derives { derivedDependsOn[slot, default: []].formUnion(dependsOn[position]) }
            }
            for (position, rule) in rules.enumerated() {
                for slot in rule.reads where slot >= ruleBook.askedFactCount {
                    let before = dependsOn[position].count
                    dependsOn[position].formUnion(derivedDependsOn[slot] ?? [])
                    if dependsOn[position].count != before { changed = true }
                }
            }
        }
        var touchedBy = Array(repeating: [Int](), count: ruleBook.askedFactCount)
        for (position, slots) in dependsOn.enumerated() {
            for slot in slots.sorted() { touchedBy[slot].append(position) }
        }
        self.touchedBy = touchedBy
        var fired = Array(repeating: false, count: rules.count)
        for outcome in evaluation.trace where outcome.status == .fired { fired[outcome.ruleIndex] = true }
        self.fired = fired
        var fit = Array(repeating: ruleBook.header.neutral, count: ruleBook.models.count)
        for standing in evaluation.ranking { fit[standing.modelIndex] = standing.fit }
        self.fit = fit
        self.points = rules.map { rule in
            var row = Array(repeating: 0.0, count: ruleBook.models.count)
            for (model, points) in rule.scores { row[model] += points }
            return row
        }
        self.excludes = rules.map(\.excludes)
    }

    /// Whether changing the facts in `slots` could, in the best case, make the target (or, when
    /// nil, any model) the recommendation. Never false when some change could.
    func couldSucceed(changing slots: [Int], _ targetIndex: Int?) -> Bool {
        var touched = Array(repeating: false, count: fired.count)
        for slot in slots where slot < touchedBy.count {
            for position in touchedBy[slot] { touched[position] = true }
        }
        let modelCount = fit.count
        var highest = fit, lowest = fit
        var stuckOut = Array(repeating: false, count: modelCount)  // knocked out by a rule the change cannot flip
        var mayFall = Array(repeating: false, count: modelCount)  // could be knocked out by a rule the change can flip
        for position in 0..<fired.count {
            if touched[position] {
                for model in 0..<modelCount {
                    let points = self.points[position][model]
                    if fired[position] {
                        if points < 0 { highest[model] -= points } else { lowest[model] -= points }
                    } else {
                        if points > 0 { highest[model] += points } else { lowest[model] += points }
                    }
                }
                if !fired[position] { for model in excludes[position] { mayFall[model] = true } }
            } else if fired[position] {
                for model in excludes[position] { stuckOut[model] = true }
            }
        }
        guard let target = targetIndex else { return stuckOut.contains(false) }
        return ImpactStandings(fit: fit, lowest: lowest, highest: highest, excluded: stuckOut, mayFall: mayFall).canWin(target)
    }
}

/// The best case of a change, read the one way (`ModelStandings`).
private struct ImpactStandings: ModelStandings {
    let fit, lowest, highest: [Double]
    let excluded, mayFall: [Bool]
    var modelCount: Int { fit.count }
    func fit(_ model: Int) -> Double { fit[model] }
    func lowestFit(_ model: Int) -> Double { lowest[model] }
    func highestFit(_ model: Int) -> Double { highest[model] }
    func isExcluded(_ model: Int) -> Bool { excluded[model] }
    func mayBeExcluded(_ model: Int) -> Bool { mayFall[model] }
}
