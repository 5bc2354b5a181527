
/// A depth-first branch-and-bound search over partial profiles: facts are given values one at a
/// time, from their representative values (`RuleBook.domains`), and every partial profile is
/// scored with the facts not yet given left unknown. Because scoring with unknowns is sound
/// (a rule that fired or did not fire stays so whatever the unknown facts turn out to be; an
/// undecided rule's points bound each model's fit between `lowestFit` and `highestFit`), a
/// partial profile can be judged for all its completions at once: the goal is already met,
/// cannot be met, or is still open, in which case the search gives the next fact a value.
///
/// The search counts the partial profiles it scores and stops at a budget, so it always ends.
struct ProfileSearch {
    /// What the goal says of a partial profile.
    enum Verdict {
        /// Every completion meets the goal: the partial profile is a witness.
        case found
        /// No completion meets the goal: prune.
        case impossible
        /// Undecided: give the first unknown slot of `branchOn` (asked slots, in order of
        /// preference) a value next. Children with a higher `priority` are searched first.
        case open(priority: Double, branchOn: [Int])
    }

    let book: RuleBook
    /// Most partial profiles to score before giving up.
    let budget: Int
    /// Score with a trace (the goal needs rule statuses) or without (faster).
    let traced: Bool
    /// Partial profiles scored so far.
    private(set) var explored = 0
    /// True when the search stopped at its budget before deciding.
    private(set) var budgetHit = false

    init(book: RuleBook, budget: Int, traced: Bool) {
        self.book = book
        self.budget = budget
        self.traced = traced
    }

    /// A partial profile meeting the goal, or nil when none exists (`budgetHit` false) or none
    /// was found within the budget (`budgetHit` true).
    mutating func witness(_ goal: (Evaluation) -> Verdict) -> FactSet? {
        let start = FactSet(bindings: Array(repeating: .unknown, count: book.askedFactCount))
        guard explored < budget else {
            budgetHit = true
            return nil
        }
        explored += 1
        let verdict = goal(book.score(start, trace: traced ? .outcomes : .none))
        switch verdict {
        case .found: return start
        case .impossible: return nil
        case .open: return expand(start, verdict, goal)
        }
    }

    private mutating func expand(_ facts: FactSet, _ verdict: Verdict, _ goal: (Evaluation) -> Verdict) -> FactSet? {
        guard case .open(_, let suggested) = verdict, let slot = nextSlot(facts, suggested: suggested) else { return nil }
        var children: [(facts: FactSet, verdict: Verdict, priority: Double, order: Int)] = []
        for (order, value) in book.domains[slot].candidates.enumerated() {
            guard explored < budget else {
                budgetHit = true
                return nil
            }
            explored += 1
            var child = facts
            child.bindings[slot] = .value(value)
            let childVerdict = goal(book.score(child, trace: traced ? .outcomes : .none))
            switch childVerdict {
            case .found: return child
            case .impossible: continue
            case .open(let priority, _): children.append((child, childVerdict, priority, order))
            }
        }
        children.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.order < $1.order }
        for child in children {
            if let found = expand(child.facts, child.verdict, goal) { return found }
            if budgetHit { return nil }
        }
        return nil
    }

    /// The unknown slot to branch on: the first the goal suggests; when none of them is
    /// unknown, the unknown slot with fewest values, so the search never stops short of a
    /// complete profile.
    private func nextSlot(_ facts: FactSet, suggested: [Int]) -> Int? {
        func isUnknown(_ slot: Int) -> Bool {
            guard facts.bindings.indices.contains(slot), case .unknown = facts.bindings[slot] else { return false }
            return true
        }
        let byDomainSize = { (a: Int, b: Int) -> Bool in
            let (sizeA, sizeB) = (book.domains[a].candidates.count, book.domains[b].candidates.count)
            return sizeA != sizeB ? sizeA < sizeB : a < b
        }
        if let slot = suggested.first(where: isUnknown) { return slot }
        return facts.bindings.indices.filter(isUnknown).min(by: byDomainSize)
    }
}
