import AdvisorCEL

/// What a counterfactual tries to bring about.
public enum CounterfactualTarget: Sendable, Hashable {
    /// This model becomes the recommendation.
    case model(String)
    /// Some model is recommended again (for a profile where every model is excluded).
    case anyModel
}

/// A stretch of a number fact's values that the rule book treats alike, or a union of such
/// stretches. A missing bound is open-ended.
public struct NumberRange: Sendable, Hashable {
    public var lower: Double?
    public var lowerIncluded: Bool
    public var upper: Double?
    public var upperIncluded: Bool

    public init(lower: Double?, lowerIncluded: Bool, upper: Double?, upperIncluded: Bool) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    /// Whether the value lies in the range.
    public func contains(_ value: Double) -> Bool {
        if let lower, value < lower || (value == lower && !lowerIncluded) { return false }
        if let upper, value > upper || (value == upper && !upperIncluded) { return false }
        return true
    }

    /// The point of the range nearest to a value (its infimum or supremum when that end is open).
    func nearestPoint(to value: Double) -> Double {
        if let lower, value <= lower { return lower }
        if let upper, value >= upper { return upper }
        return value
    }
}

/// One fact a counterfactual changes.
public struct FactChange: Sendable, Hashable {
    public var fact: String
    /// The value in the profile (nil: unknown).
    public var from: CELValue?
    /// The value re-scored to confirm the counterfactual: for a number, the boundary of `range`
    /// nearest the profile's value when that boundary belongs to the range, else a value inside it.
    public var to: CELValue
    /// For a number whose domain is exact, every value that works as well with the other changes
    /// held (a run of the fact's value classes); nil for other kinds.
    public var range: NumberRange?
    /// The size of the step (see `CounterfactualSearch.stepCost`).
    public var step: Double
}

/// The smallest change to a profile found to bring about a target, confirmed by re-scoring.
public struct Counterfactual: Sendable, Hashable {
    public var target: CounterfactualTarget
    /// The changes, in fact declaration order; empty when none was found.
    public var changes: [FactChange]
    /// The recommendation after the changes (re-scored), or nil when none was found or the best
    /// models are then tied (`undecided`; a change re-admitting some model may end so).
    public var recommendation: String?
    /// The fit of that recommendation, the runner-up after the changes, and the margin between them.
    public var fit: Double?
    public var runnerUp: String?
    public var margin: Double?
    /// The total step size, the tie-breaker between changes of the same number of facts.
    public var cost: Double
    /// Whether a change was found within `maximumFactsChanged`.
    public var found: Bool { !changes.isEmpty }
    /// True when every fact the search considered has an exact domain, so no smaller change exists
    /// (fewer facts, or the same number with smaller steps); false when some domain is sampled.
    public var isMinimal: Bool
    /// The largest number of facts the search was allowed to change.
    public var maximumFactsChanged: Int
}

/// Settings of the counterfactual search.
public struct CounterfactualOptions: Sendable, Hashable {
    /// The largest number of facts one counterfactual may change.
    public var maximumFactsChanged: Int
    /// How many models after the recommendation get a counterfactual each.
    public var targets: Int

    public init(maximumFactsChanged: Int = 3, targets: Int = 2) {
        self.maximumFactsChanged = maximumFactsChanged
        self.targets = targets
    }
}

extension RuleBook {
    /// All the counterfactuals of one report: for each of the next `options.targets` models in the
    /// ranking, the smallest change that makes it the recommendation (for an `undecided` profile,
    /// for each of the best `options.targets` models); for a profile where every model is
    /// excluded, the smallest change that re-admits one. Pure; exact where the fact
    /// domains are (see `FactDomain.isExact`), and every answer is confirmed by re-scoring.
    public func counterfactuals(
        for facts: FactSet, evaluation: Evaluation? = nil, options: CounterfactualOptions = CounterfactualOptions()
    ) -> [Counterfactual] {
        let evaluation = evaluation ?? score(facts, traced: false)
        let search = CounterfactualSearch(ruleBook: self, facts: facts)
        let targets: [CounterfactualTarget]
        if evaluation.undecided != nil {
            // No model leads: what would make each of the best the recommendation.
            targets = evaluation.ranking.filter { !$0.excluded }.prefix(max(0, options.targets)).map { .model($0.model) }
        } else if evaluation.recommendation == nil {
            targets = [.anyModel]
        } else {
            targets = evaluation.ranking.dropFirst().prefix(max(0, options.targets)).map { .model($0.model) }
        }
        return targets.map { search.smallestChange(to: $0, maximumFactsChanged: options.maximumFactsChanged) }
    }
}

/// Finds the smallest changes to a profile that bring about a target recommendation.
///
/// Exact, not sampled: it tries, for each fact some rule reads, one representative of every class
/// of values the rule book cannot tell apart (`RuleBook.domains`), so every outcome a change could
/// have is among those it tries. It tries one changed fact, then two, then three (up to the
/// maximum), so the first size that works is the fewest facts. Within a size, candidates are
/// tried cheapest first: a cost-ordered search (`BranchAndBound.cheapestFirst`, goal
/// `ChangeGoal`) whose first witness is a cheapest one. Before trying the values of a combination
/// of facts, it reads the partial run with those facts unknown: the fit bounds, the pairwise
/// leads and the knock-outs then say whether any values of them could bring the target about,
/// and a combination (or a partial assignment) that cannot is skipped.
///
/// The step metric: an enum moves by its distance in declared order; a bool by 1; a list by the
/// number of values added or removed; a number by its relative change `|new - old| / max(|old|, |new|)`
/// (between 0 and 1 for positive numbers), measured to the nearest value of the class tried;
/// each step is multiplied by the fact's declared `effort`; answering an unknown fact costs 1.
///
/// Actionable: a fact whose `change` is `fixed` is never moved, and one declared `increase` or
/// `decrease` only that way (`FactChangeability`; Docs/counterfactuals.md), so a suggestion is
/// something the founder can do.
public struct CounterfactualSearch: Sendable {
    /// A value a fact could change to: a representative of one class of values.
    struct Option: Sendable {
        var value: CELValue
        var cost: Double
        /// For a number with an exact domain, the class the value stands for.
        var range: NumberRange?
        /// The position of this option's class among the fact's classes, ascending.
        var classIndex: Int
    }

    /// A fact the search may change.
    struct Candidate: Sendable {
        var slot: Int
        var options: [Option]
        /// Every class of the fact, ascending, with a representative (numbers only).
        var classes: [(range: NumberRange, value: CELValue)]
        var isExact: Bool
    }

    let ruleBook: RuleBook
    let facts: FactSet
    let candidates: [Candidate]
    let run: PartialRun

    /// The most answers one search (one target) may try; past it, the answer found so far is
    /// not known to be the smallest (`Counterfactual.isMinimal` false), or none is reported.
    public static let budget = 500_000

    public init(ruleBook: RuleBook, facts: FactSet) {
        self.ruleBook = ruleBook
        self.facts = facts
        self.run = PartialRun(book: ruleBook)
        let read = Set(ruleBook.rules.flatMap(\.reads)).filter { $0 < ruleBook.askedFactCount }
        self.candidates = ruleBook.domains
            .filter { read.contains($0.slot) && $0.slot < facts.bindings.count }
            .map { Self.candidate(for: $0, current: facts.bindings[$0.slot], declaration: ruleBook.facts[$0.slot]) }
            .filter { !$0.options.isEmpty }
    }

    // MARK: - The search

    /// The smallest change (fewest facts, then smallest steps) that brings the target about.
    public func smallestChange(to target: CounterfactualTarget, maximumFactsChanged: Int) -> Counterfactual {
        let targetIndex: Int?
        switch target {
        case .model(let id):
            guard let index = ruleBook.index(ofModel: id) else {
                return notFound(target, maximumFactsChanged: maximumFactsChanged)
            }
            targetIndex = index
        case .anyModel:
            targetIndex = nil
        }
        let limit = min(max(0, maximumFactsChanged), candidates.count)
        guard limit > 0 else { return notFound(target, maximumFactsChanged: maximumFactsChanged) }
        var state = run.state(for: facts)
        var budget = Self.budget
        for size in 1...limit {
            // Combinations ranked by the cheapest they could cost.
            var combinations: [(floor: Double, members: [Int])] = []
            forEachCombination(of: size, from: candidates.count) { members in
                combinations.append((members.reduce(0) { $0 + (candidates[$1].options.first?.cost ?? 0) }, members))
            }
            combinations.sort { $0.floor != $1.floor ? $0.floor < $1.floor : $0.members.lexicographicallyPrecedes($1.members) }
            var goal = ChangeGoal(counterfactuals: self, combinations: combinations.map(\.members), size: size, target: targetIndex)
            var search = BranchAndBound(run: run, budget: budget)
            let outcome = search.cheapestFirst(&goal, &state)
            budget = search.budget
            switch outcome {
            case .found:
                let path = search.path
                let members = combinations[path[0]].members
                let picks = Array(zip(members, path.dropFirst())).map { (candidate: $0.0, option: $0.1) }
                return confirmed(
                    target, targetIndex: targetIndex, picks: picks, cost: search.cost, maximumFactsChanged: maximumFactsChanged)
            case .stopped:
                return notFound(target, maximumFactsChanged: maximumFactsChanged, minimal: false)
            case .exhausted:
                continue
            }
        }
        return notFound(target, maximumFactsChanged: maximumFactsChanged)
    }

    /// Whether the change brought the target about: the target is the recommendation, or (for
    /// `.anyModel`) some model is admissible again, even when the best are tied (`undecided`).
    func succeeds(_ evaluation: Evaluation, _ targetIndex: Int?) -> Bool {
        guard let targetIndex else { return evaluation.ranking.contains { !$0.excluded } }
        guard let recommendation = evaluation.recommendation else { return false }
        return ruleBook.index(ofModel: recommendation) == targetIndex
    }

    /// Builds the answer from the best picks: numbers widened to every value that works as well,
    /// and the whole change re-scored.
    private func confirmed(
        _ target: CounterfactualTarget, targetIndex: Int?, picks: [(candidate: Int, option: Int)], cost: Double, maximumFactsChanged: Int
    ) -> Counterfactual {
        var bindings = facts.bindings
        for pick in picks { bindings[candidates[pick.candidate].slot] = .value(candidates[pick.candidate].options[pick.option].value) }
        // The value to suggest for a number: the end of its class nearest the profile's value
        // (the threshold itself), within the class the search chose, so the change keeps its cost.
        var changes: [FactChange] = []
        for pick in picks {
            let candidate = candidates[pick.candidate]
            let option = candidate.options[pick.option]
            let current = value(of: facts.bindings[candidate.slot])
            var change = FactChange(fact: ruleBook.facts[candidate.slot].id, from: current, to: option.value, range: nil, step: option.cost)
            if candidate.isExact, let chosen = option.range {
                change.to = concreteValue(in: chosen, near: current.flatMap(Self.number), fallback: option.value, kind: ruleBook.facts[candidate.slot].kind)
                bindings[candidate.slot] = .value(change.to)
            }
            changes.append(change)
        }
        // Each number's range: every value that works as well, the other changes held as stated.
        for (index, pick) in picks.enumerated() {
            let candidate = candidates[pick.candidate]
            changes[index].range = widened(candidate, option: candidate.options[pick.option], bindings: bindings, targetIndex: targetIndex)
        }
        let evaluation = ruleBook.score(FactSet(bindings: bindings), traced: false)
        // Re-scoring is the proof: a change that does not bring the target about is never reported.
        guard succeeds(evaluation, targetIndex), let winner = evaluation.ranking.first else {
            return notFound(target, maximumFactsChanged: maximumFactsChanged)
        }
        let exact = candidates.allSatisfy(\.isExact)
        return Counterfactual(
            target: target, changes: changes.sorted { (ruleBook.slot(ofFact: $0.fact) ?? 0) < (ruleBook.slot(ofFact: $1.fact) ?? 0) },
            recommendation: evaluation.recommendation, fit: winner.fit, runnerUp: evaluation.runnerUp?.model,
            margin: evaluation.runnerUp.map { winner.fit - $0.fit }, cost: cost,
            isMinimal: exact, maximumFactsChanged: maximumFactsChanged)
    }

    private func notFound(_ target: CounterfactualTarget, maximumFactsChanged: Int, minimal: Bool = true) -> Counterfactual {
        Counterfactual(
            target: target, changes: [], recommendation: nil, fit: nil, runnerUp: nil, margin: nil, cost: 0,
            isMinimal: minimal && candidates.allSatisfy(\.isExact), maximumFactsChanged: maximumFactsChanged)
    }

    /// For a number with an exact domain: the run of neighbouring classes around the chosen one
    /// that bring the target about as well, with the other changes held.
    private func widened(_ candidate: Candidate, option: Option, bindings: [CELBinding], targetIndex: Int?) -> NumberRange? {
        guard candidate.isExact, option.range != nil else { return nil }
        var bindings = bindings
        func works(_ classIndex: Int) -> Bool {
            bindings[candidate.slot] = .value(candidate.classes[classIndex].value)
            return succeeds(ruleBook.score(FactSet(bindings: bindings), traced: false), targetIndex)
        }
        // Only across classes the founder may move to (the options), so the range never reaches
        // back past the profile's value against the declared direction.
        let reachable = Set(candidate.options.compactMap { $0.range == nil ? nil : $0.classIndex })
        var low = option.classIndex, high = option.classIndex
        while low > 0, reachable.contains(low - 1), works(low - 1) { low -= 1 }
        while high + 1 < candidate.classes.count, reachable.contains(high + 1), works(high + 1) { high += 1 }
        let first = candidate.classes[low].range, last = candidate.classes[high].range
        return NumberRange(lower: first.lower, lowerIncluded: first.lowerIncluded, upper: last.upper, upperIncluded: last.upperIncluded)
    }

    /// The value of a class to suggest: its end nearest the profile's value when that end
    /// belongs to it ("at least 100,000" is checked with 100,000), else its middle, else the
    /// class's representative; for an unknown fact, its lower end, else its upper end, else the
    /// representative.
    private func concreteValue(in range: NumberRange, near current: Double?, fallback: CELValue, kind: FactKind) -> CELValue {
        func wrap(_ number: Double) -> CELValue? {
            switch kind {
            case .integer: return Int64(exactly: number).map { .int($0) }
            default: return .double(number)
            }
        }
        if let current {
            if let lower = range.lower, current < lower, range.lowerIncluded, let value = wrap(lower) { return value }
            if let upper = range.upper, current > upper, range.upperIncluded, let value = wrap(upper) { return value }
            // An open end has no nearest value: the middle of the class ("under 2 years": 1).
            if let lower = range.lower, let upper = range.upper, let value = wrap((lower + upper) / 2),
                let middle = Self.number(value), range.contains(middle)
            {
                return value
            }
            return fallback
        }
        if let lower = range.lower, range.lowerIncluded, let value = wrap(lower) { return value }
        if let upper = range.upper, range.upperIncluded, let value = wrap(upper) { return value }
        return fallback
    }

    // MARK: - Candidates and step costs

    private static func candidate(for domain: FactDomain, current: CELBinding, declaration: FactDeclaration) -> Candidate {
        let currentValue = value(of: current)
        // Only the changes a founder can make, each step weighed by its effort (answering an
        // unknown fact is no change: it costs 1 and may take any value).
        let change = declaration.change ?? .undeclared
        func allowed(_ value: CELValue) -> Bool { currentValue.map { change.allows(from: $0, to: value, kind: declaration.kind) } ?? true }
        let effort = currentValue == nil ? 1 : change.effort
        var classes: [(range: NumberRange, value: CELValue)] = []
        var options: [Option] = []
        if domain.isExact { classes = numberClasses(domain, kind: declaration.kind) }  // empty unless a number
        if !classes.isEmpty {
            let currentNumber = currentValue.flatMap(number)
            for (index, entry) in classes.enumerated() {
                if let currentNumber, entry.range.contains(currentNumber) { continue }  // no change at all
                if let currentNumber, !allowed(.double(entry.range.nearestPoint(to: currentNumber))) { continue }
                let cost = currentNumber.map { relativeStep(from: $0, to: entry.range.nearestPoint(to: $0)) } ?? 1
                options.append(Option(value: entry.value, cost: cost * effort, range: entry.range, classIndex: index))
            }
        } else {
            for (index, value) in domain.candidates.enumerated() {
                let cost = stepCost(from: currentValue, to: value, kind: declaration.kind)
                guard cost > 0, allowed(value) else { continue }  // the value the profile has (a list in another order included)
                options.append(Option(value: value, cost: cost * effort, range: nil, classIndex: index))
            }
        }
        // Cheapest first; ties keep the domain's natural order (stable sort).
        let ordered = options.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
        return Candidate(slot: domain.slot, options: ordered, classes: classes, isExact: domain.isExact)
    }

    /// The classes of a number fact's values: each cut, and each stretch between cuts (within the
    /// fact's bounds), each with the domain's representative inside it.
    static func numberClasses(_ domain: FactDomain, kind: FactKind) -> [(range: NumberRange, value: CELValue)] {
        let whole: Bool
        let low: Double?, high: Double?
        switch kind {
        case .number(let min, let max): (whole, low, high) = (false, min, max)
        case .integer(let min, let max): (whole, low, high) = (true, min.map(Double.init), max.map(Double.init))
        default: return []
        }
        func inBounds(_ value: Double) -> Bool { (low.map { value >= $0 } ?? true) && (high.map { value <= $0 } ?? true) }
        var cuts = domain.cuts
        if whole { cuts = cuts.flatMap { [$0.rounded(.down), $0.rounded(.up)] } }
        cuts = Array(Set(cuts.filter(inBounds))).sorted()

        var ranges: [NumberRange] = []
        let step = whole ? 1.0 : 0.0
        func stretch(after lower: Double?, before upper: Double?) {
            // Values strictly between two cuts (or a cut and a bound, or the open line).
            var range = NumberRange(lower: lower, lowerIncluded: false, upper: upper, upperIncluded: false)
            if lower == nil, let low { range.lower = low; range.lowerIncluded = true }
            if upper == nil, let high { range.upper = high; range.upperIncluded = true }
            if whole {
                if let lower = range.lower, !range.lowerIncluded { range.lower = lower + step; range.lowerIncluded = true }
                if let upper = range.upper, !range.upperIncluded { range.upper = upper - step; range.upperIncluded = true }
            }
            if let lower = range.lower, let upper = range.upper {
                if lower > upper || (lower == upper && !(range.lowerIncluded && range.upperIncluded)) { return }
            }
            ranges.append(range)
        }
        if cuts.isEmpty {
            stretch(after: nil, before: nil)
        } else {
            stretch(after: nil, before: cuts[0])
            for (index, cut) in cuts.enumerated() {
                ranges.append(NumberRange(lower: cut, lowerIncluded: true, upper: cut, upperIncluded: true))
                stretch(after: cut, before: index + 1 < cuts.count ? cuts[index + 1] : nil)
            }
        }
        // Pair each class with a representative from the domain; a class none represents is skipped.
        return ranges.compactMap { range in
            guard let value = domain.candidates.first(where: { number($0).map(range.contains) ?? false }) else { return nil }
            return (range, value)
        }
    }

    /// The size of a step from one value to another (see the type's documentation).
    public static func stepCost(from current: CELValue?, to value: CELValue, kind: FactKind) -> Double {
        guard let current else { return 1 }  // answering an unknown fact
        switch (kind, current, value) {
        case (.enumeration(let values), .string(let a), .string(let b)):
            guard let i = values.firstIndex(of: a), let j = values.firstIndex(of: b) else { return 1 }
            return Double(abs(i - j))
        case (.list, .list(let a), .list(let b)):
            return Double(Set(a).symmetricDifference(Set(b)).count)
        case (.number, _, _), (.integer, _, _):
            guard let x = number(current), let y = number(value) else { return 1 }
            return relativeStep(from: x, to: y)
        default:
            return current == value ? 0 : 1
        }
    }

    static func relativeStep(from x: Double, to y: Double) -> Double {
        let scale = max(abs(x), abs(y))
        return scale == 0 ? 0 : abs(y - x) / scale
    }

    static func number(_ value: CELValue) -> Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .uint(let number): return Double(number)
        default: return nil
        }
    }
}

private func value(of binding: CELBinding) -> CELValue? {
    if case .value(let value) = binding { return value }
    return nil
}

/// Calls `body` with every combination of `size` indices out of `0..<count`, in lexicographic order.
private func forEachCombination(of size: Int, from count: Int, _ body: ([Int]) -> Void) {
    guard size > 0, size <= count else { return }
    var indices = Array(0..<size)
    while true {
        body(indices)
        var position = size - 1
        while position >= 0, indices[position] == count - size + position { position -= 1 }
        if position < 0 { return }
        indices[position] += 1
        for next in (position + 1)..<size { indices[next] = indices[next - 1] + 1 }
    }
}

/// "These facts changed so, the target is the recommendation", for changes of `size` facts: the
/// start's steps are the combinations of candidate facts (forgotten, at the cheapest they could
/// cost); a node with some of its facts picked is open while the target could still win with
/// the rest unknown; a node with all picked is a witness when the target wins.
struct ChangeGoal: SearchGoal {
    let counterfactuals: CounterfactualSearch
    let combinations: [[Int]]
    let size: Int
    /// The target model (nil: any model admissible again).
    let target: Int?
    /// For each combination and number of facts picked, the cheapest the rest could cost.
    let floors: [[Double]]

    init(counterfactuals: CounterfactualSearch, combinations: [[Int]], size: Int, target: Int?) {
        self.counterfactuals = counterfactuals
        self.combinations = combinations
        self.size = size
        self.target = target
        floors = combinations.map { members in
            var floorAfter = Array(repeating: 0.0, count: size + 1)
            for position in stride(from: size - 1, through: 0, by: -1) {
                floorAfter[position] = floorAfter[position + 1] + (counterfactuals.candidates[members[position]].options.first?.cost ?? 0)
            }
            return floorAfter
        }
    }

    func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement {
        let candidates = counterfactuals.candidates
        guard let combination = search.path.first else {
            return .steps(
                combinations.indices.map { rank in
                    SearchStep(
                        assignments: combinations[rank].map { (candidates[$0].slot, .unknown) }, cost: 0, estimate: floors[rank][0])
                })
        }
        let picked = search.path.count - 1
        let standing = search.run.standing(&state)
        let standings = search.run.standings(state)
        if picked == size {
            guard let target else { return (0..<standings.modelCount).contains { !standings.isExcluded($0) } ? .met : .impossible }
            return standing.winner == target ? .met : .impossible
        }
        if let target {
            guard standings.canWin(target) else { return .impossible }
            for rival in 0..<standings.modelCount
            where rival != target && !standings.isExcluded(rival) && !standings.mayBeExcluded(rival)
                && search.run.lead(of: target, over: rival, state) <= 0
            {
                return .impossible
            }
        } else if !(0..<standings.modelCount).contains(where: { !standings.isExcluded($0) }) {
            return .impossible
        }
        let member = candidates[combinations[combination][picked]]
        let estimate = floors[combination][picked + 1]
        return .steps(member.options.map { SearchStep(assignments: [(member.slot, .value($0.value))], cost: $0.cost, estimate: estimate) })
    }
}
