import AdvisorCEL

/// What a goal says of the partial profile the run holds: the verdict of one node of a search.
enum Judgement {
    /// Every completion meets the goal: the partial profile is a witness; the search stops.
    case met
    /// No completion meets the goal: prune.
    case impossible
    /// Pruned without a proof that no completion meets the goal (a sampled domain was tried, or
    /// the goal's own look-ahead ran out of budget): the search's "none found" is then not a proof.
    case unproven
    /// Open: try each representative value of `slot` next (`RuleBook.domains`). Children with a
    /// higher `priority` are searched first when the goal `ordersChildren`.
    case branch(slot: Int, priority: Double)
    /// Open: try these steps next, in this order (cost-ordered mode: each at its cost plus estimate).
    case steps([SearchStep])
}

/// One way to extend a partial profile: some facts set (or forgotten), at a cost.
struct SearchStep {
    var assignments: [(slot: Int, binding: CELBinding)]
    /// What this step costs, added to its node's cost.
    var cost: Double
    /// A lower bound on what the rest of the way to a witness costs after this step (0: none known).
    var estimate: Double
}

/// A goal of a search: judges each partial profile it reaches.
protocol SearchGoal {
    /// Depth-first mode: judge all children of a branch first, then search them highest
    /// priority first (stable in domain order); otherwise each child is searched as it is tried.
    var ordersChildren: Bool { get }
    /// The verdict on the partial profile `state` holds. The goal may read `search.path` and
    /// `search.cost`, and try answers itself through `search.tryEach` (they count against the budget).
    mutating func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement
}

extension SearchGoal {
    var ordersChildren: Bool { false }
}

/// How a search ended.
enum SearchOutcome {
    /// A partial profile meeting the goal: these assignments from the start (the state is left there).
    case found([(slot: Int, binding: CELBinding)])
    /// No partial profile meets the goal. `proved`: every branch tried every value of an exact
    /// domain, so none exists; false when a sampled domain or an unproven judgement was met.
    case exhausted(proved: Bool)
    /// The budget ran out before the search decided.
    case stopped
}

/// Whether a witness exists, as a search found: yes, no (proved), or unknown.
enum SearchAnswer { case yes, no, unknown }

extension SearchOutcome {
    var answer: SearchAnswer {
        switch self {
        case .found: return .yes
        case .exhausted(let proved): return proved ? .no : .unknown
        case .stopped: return .unknown
        }
    }
}

/// The one branch-and-bound search of the engine, over one partial run: depth-first (the
/// interview's stopping rule and influence search, `advisor check`'s reachability) or cost-ordered
/// (the counterfactuals: the cheapest witness first, A* over steps with admissible estimates). Its
/// goal decides, node by node, whether the partial profile is a witness, hopeless, or open and
/// how to go on; the bound behind those verdicts is the partial run's standing, one for all goals.
///
/// One budget counts the answers tried (each child of a branch, each pushed step, and each answer
/// a goal tries itself), so a search always ends, and the same inputs always give the same result.
struct BranchAndBound {
    let run: PartialRun
    /// Answers still allowed.
    private(set) var budget: Int
    /// Answers tried and partial profiles judged so far.
    private(set) var tried = 0
    private(set) var judged = 0
    /// The child positions from the start to the node being judged (branch order or step order).
    private(set) var path: [Int] = []
    /// The cost of the node being judged (cost-ordered mode; 0 in depth-first mode).
    private(set) var cost = 0.0
    /// The assignments from the start to the node being judged (depth-first mode).
    private var assignments: [(slot: Int, binding: CELBinding)] = []
    private var proved = true

    init(run: PartialRun, budget: Int) {
        self.run = run
        self.budget = budget
    }

    /// Counts one answer against the budget; false when none is left.
    mutating func spend() -> Bool {
        guard budget > 0 else { return false }
        budget -= 1
        tried += 1
        return true
    }

    /// For a goal's own look-ahead: sets `slot` to each of `values` in turn, calls `body` with the
    /// state, and undoes it. Stops early when `body` returns false or the budget runs out (then
    /// returns false).
    mutating func tryEach(
        _ slot: Int, _ values: [CELValue], _ state: inout PartialRun.State, _ body: (inout PartialRun.State) -> Bool
    ) -> Bool {
        let mark = state.mark
        for value in values {
            guard spend() else { return false }
            run.assign(slot, value, in: &state)
            let goOn = body(&state)
            run.rollback(&state, to: mark)
            if !goOn { break }
        }
        return true
    }

    // MARK: - Depth-first

    /// Searches depth-first from the partial profile `state` holds. On `.found` the state is left
    /// at the witness (roll back to the mark taken before to undo it); otherwise as it was.
    mutating func depthFirst<Goal: SearchGoal>(_ goal: inout Goal, _ state: inout PartialRun.State) -> SearchOutcome {
        path.removeAll(keepingCapacity: true)
        assignments.removeAll(keepingCapacity: true)
        proved = true
        judged += 1
        switch expand(goal.judge(&self, &state), &goal, &state) {
        case .found: return .found(assignments)
        case .stopped: return .stopped
        case .done: return .exhausted(proved: proved)
        }
    }

    private enum Step { case found, stopped, done }

    private mutating func expand<Goal: SearchGoal>(
        _ judgement: Judgement, _ goal: inout Goal, _ state: inout PartialRun.State
    ) -> Step {
        switch judgement {
        case .met: return .found
        case .impossible: return .done
        case .unproven:
            proved = false
            return .done
        case .branch(let slot, _):
            let domain = run.book.domains[slot]
            if !domain.isExact || domain.candidates.isEmpty { proved = false }
            let children = Children.values(slot: slot, domain.candidates)
            return goal.ordersChildren ? expandOrdered(children, &goal, &state) : expandInOrder(children, &goal, &state)
        case .steps(let steps):
            return expandInOrder(.steps(steps), &goal, &state)
        }
    }

    /// The children of a node: a fact's values (no allocation per child) or given steps.
    private enum Children {
        case values(slot: Int, [CELValue])
        case steps([SearchStep])

        var count: Int {
            switch self {
            case .values(_, let values): return values.count
            case .steps(let steps): return steps.count
            }
        }
    }

    /// Applies child `index`, remembering its assignments for the witness; `leave` undoes it.
    private mutating func enter(_ children: Children, _ index: Int, _ state: inout PartialRun.State) -> (mark: Int, count: Int) {
        let mark = state.mark
        path.append(index)
        switch children {
        case .values(let slot, let values):
            run.assign(slot, values[index], in: &state)
            assignments.append((slot, .value(values[index])))
            return (mark, 1)
        case .steps(let steps):
            for assignment in steps[index].assignments {
                run.set(assignment.slot, assignment.binding, in: &state)
                assignments.append(assignment)
            }
            return (mark, steps[index].assignments.count)
        }
    }

    private mutating func leave(_ entered: (mark: Int, count: Int), _ state: inout PartialRun.State) {
        run.rollback(&state, to: entered.mark)
        assignments.removeLast(entered.count)
        path.removeLast()
    }

    private mutating func expandInOrder<Goal: SearchGoal>(
        _ children: Children, _ goal: inout Goal, _ state: inout PartialRun.State
    ) -> Step {
        for index in 0..<children.count {
            guard spend() else { return .stopped }
            let entered = enter(children, index, &state)
            judged += 1
            let result = expand(goal.judge(&self, &state), &goal, &state)
            if result != .done { return result }
            leave(entered, &state)
        }
        return .done
    }

    private mutating func expandOrdered<Goal: SearchGoal>(
        _ children: Children, _ goal: inout Goal, _ state: inout PartialRun.State
    ) -> Step {
        var open: [(index: Int, judgement: Judgement, priority: Double)] = []
        for index in 0..<children.count {
            guard spend() else { return .stopped }
            let entered = enter(children, index, &state)
            judged += 1
            let judgement = goal.judge(&self, &state)
            switch judgement {
            case .met: return .found
            case .impossible: break
            case .unproven: proved = false
            case .branch(_, let priority): open.append((index, judgement, priority))
            case .steps: open.append((index, judgement, 0))
            }
            leave(entered, &state)
        }
        open.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.index < $1.index }
        for child in open {
            let entered = enter(children, child.index, &state)
            let result = expand(child.judgement, &goal, &state)
            if result != .done { return result }
            leave(entered, &state)
        }
        return .done
    }

    // MARK: - Cost-ordered

    /// Searches cheapest first from the partial profile `state` holds: a node's priority is its
    /// cost plus its step's estimate, so with admissible estimates the first witness taken from
    /// the heap is a cheapest one; ties go to the node first in step order. Nodes are judged when
    /// taken from the heap. On `.found` the state is left at the witness; otherwise as it was.
    mutating func cheapestFirst<Goal: SearchGoal>(_ goal: inout Goal, _ state: inout PartialRun.State) -> SearchOutcome {
        let base = state.mark
        proved = true
        var heap = SearchHeap()
        heap.push(SearchNode(priority: 0, cost: 0, path: [], assignments: []))
        while let node = heap.pop() {
            run.rollback(&state, to: base)
            for (index, assignment) in node.assignments.enumerated()
            where !node.assignments[(index + 1)...].contains(where: { $0.slot == assignment.slot }) {
                run.set(assignment.slot, assignment.binding, in: &state)
            }
            path = node.path
            cost = node.cost
            judged += 1
            var steps: [SearchStep]
            switch goal.judge(&self, &state) {
            case .met: return .found(node.assignments)
            case .impossible: continue
            case .unproven:
                proved = false
                continue
            case .branch(let slot, _):
                let domain = run.book.domains[slot]
                if !domain.isExact || domain.candidates.isEmpty { proved = false }
                steps = domain.candidates.map { SearchStep(assignments: [(slot, .value($0))], cost: 0, estimate: 0) }
            case .steps(let given):
                steps = given
            }
            for (index, step) in steps.enumerated() {
                guard spend() else {
                    run.rollback(&state, to: base)
                    return .stopped
                }
                heap.push(
                    SearchNode(
                        priority: node.cost + step.cost + step.estimate, cost: node.cost + step.cost, path: node.path + [index],
                        assignments: node.assignments + step.assignments))
            }
        }
        run.rollback(&state, to: base)
        return .exhausted(proved: proved)
    }
}

/// A partial profile waiting in the cost-ordered search's heap.
struct SearchNode {
    var priority: Double
    var cost: Double
    var path: [Int]
    var assignments: [(slot: Int, binding: CELBinding)]

    /// Heap order: priority, then path, so ties resolve the same way every time.
    func precedes(_ other: SearchNode) -> Bool {
        if priority != other.priority { return priority < other.priority }
        return path.lexicographicallyPrecedes(other.path)
    }
}

/// A binary min-heap of search nodes: the one heap of the engine's searches.
struct SearchHeap {
    private var nodes: [SearchNode] = []

    mutating func push(_ node: SearchNode) {
        nodes.append(node)
        var child = nodes.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard nodes[child].precedes(nodes[parent]) else { break }
            nodes.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> SearchNode? {
        guard !nodes.isEmpty else { return nil }
        nodes.swapAt(0, nodes.count - 1)
        let top = nodes.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < nodes.count, nodes[left].precedes(nodes[first]) { first = left }
            if right < nodes.count, nodes[right].precedes(nodes[first]) { first = right }
            if first == parent { break }
            nodes.swapAt(parent, first)
            parent = first
        }
        return top
    }
}
