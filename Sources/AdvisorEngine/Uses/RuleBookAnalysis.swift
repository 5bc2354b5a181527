import AdvisorCEL
import AdvisorDiagnostics

/// What `advisor check` finds in a rule book that compiles but is still wrong: rules that can
/// never fire, models that can never be recommended, facts nothing reads, derived facts nothing
/// derives, and rules that duplicate one another. Every finding is a warning: the rule book
/// still scores, but an author would want to know.
public struct RuleBookAnalysis: Sendable, Hashable {
    /// Whether one model can be the recommendation, and a profile that makes it so.
    public struct ModelReachability: Sendable, Hashable {
        public enum Verdict: String, Sendable, Hashable {
            /// Some profile makes the model the recommendation: `witness` is one.
            case reachable
            /// The search tried every combination of the representative values: no profile can.
            case unreachable
            /// The search hit its budget before deciding.
            case undetermined
        }

        public var model: String
        public var verdict: Verdict
        /// The facts of a profile that makes the model the recommendation, in declaration order;
        /// facts left out can take any value without changing that.
        public var witness: [FactReading]
        /// Partial profiles scored to decide.
        public var explored: Int
    }

    /// The warnings, sorted by position.
    public var findings: [Diagnostic]
    /// Every model, in declaration order.
    public var models: [ModelReachability]
    /// The representative values searched, per asked fact.
    public var domains: [FactDomain]
    /// Most partial profiles one search (one model, or one rule) may score.
    public var budget: Int
    /// Partial profiles scored by all searches together.
    public var explored: Int
    /// True when no search hit its budget: every verdict is final over the representative values.
    public var isComplete: Bool
    /// True when, in addition, every domain is exact, so the verdicts hold for every profile.
    public var isExhaustive: Bool { isComplete && domains.allSatisfy(\.isExact) }
    /// True when every model can be the recommendation.
    public var everyModelReachable: Bool { models.allSatisfy { $0.verdict == .reachable } }
}

extension RuleBook {
    /// The default budget of one search, in partial profiles scored. Deterministic (a count,
    /// not a time), so the same rule book always gives the same findings.
    public static let defaultSearchBudget = 100_000

    /// Looks for mistakes no type checker can see. Pure; its cost is bounded by `budget` per
    /// search (one search per model, one per rule).
    public func analyse(budget: Int = RuleBook.defaultSearchBudget) -> RuleBookAnalysis {
        var findings: [Diagnostic] = []
        var explored = 0
        var complete = true
        let run = PartialRun(book: self)
        let plan = SearchPlan(self)
        var start = run.state(for: FactSet(bindings: Array(repeating: .unknown, count: askedFactCount)))
        /// One search from the empty profile: its outcome and the partial profiles it judged.
        func search<Goal: SearchGoal>(_ goal: Goal) -> (outcome: SearchOutcome, judged: Int) {
            var goal = goal
            // The budget counts partial profiles judged; the first (the empty profile) costs nothing to try.
            var search = BranchAndBound(run: run, budget: max(0, budget - 1))
            let outcome = search.depthFirst(&goal, &start)
            run.rollback(&start, to: 0)
            return (outcome, search.judged)
        }

        // MARK: Rules whose condition no profile satisfies.
        for position in rules.indices.sorted(by: { rules[$0].sourceIndex < rules[$1].sourceIndex }) {
            let rule = rules[position]
            let (outcome, judged) = search(FiringGoal(book: self, positions: [position]))
            explored += judged
            let inputs = askedInputs(of: position)
            let names = inputs.map { facts[$0].id }.joined(separator: ", ")
            if case .stopped = outcome {
                complete = false
                findings.append(
                    Diagnostic(
                        severity: .warning, location: rule.conditionLocation ?? rule.location,
                        message: "could not decide whether rule '\(rule.id)' can fire: the search stopped after \(judged) partial profiles",
                        hint: "raise the search budget (advisor check --search-budget N)"))
            } else if case .exhausted = outcome {
                let inexact = inputs.filter { !domains[$0].isExact }.map { facts[$0].id }
                var hint = "no combination of the representative values of \(names.isEmpty ? "any fact" : names) makes it true; check its comparisons and the rules that derive the facts it reads"
                if !inexact.isEmpty {
                    hint += " (the values tried for \(inexact.joined(separator: ", ")) are representative only, because a condition computes with them)"
                }
                findings.append(
                    Diagnostic(
                        severity: .warning, location: rule.conditionLocation ?? rule.location,
                        message: "rule '\(rule.id)' can never fire: no profile satisfies its condition", hint: hint))
            }
        }

        // MARK: Models no profile can make the recommendation.
        var reachability: [RuleBookAnalysis.ModelReachability] = []
        for (index, model) in models.enumerated() {
            let (outcome, judged) = search(ReachGoal(book: self, plan: plan, target: index))
            explored += judged
            let verdict: RuleBookAnalysis.ModelReachability.Verdict
            var witness: [FactReading] = []
            switch outcome {
            case .found(let assignments):
                verdict = .reachable
                witness = assignments.sorted { $0.slot < $1.slot }.compactMap { slot, binding in
                    binding.knownValue.map { FactReading(fact: facts[slot].id, value: $0) }
                }
            case .stopped:
                verdict = .undetermined
                complete = false
                findings.append(
                    Diagnostic(
                        severity: .warning, location: model.location,
                        message: "could not decide whether model '\(model.id)' can be recommended: the search stopped after \(judged) partial profiles",
                        hint: "raise the search budget (advisor check --search-budget N)"))
            case .exhausted:
                verdict = .unreachable
                let inexact = domains.filter { !$0.isExact }.map(\.fact)
                findings.append(
                    Diagnostic(
                        severity: .warning, location: model.location,
                        message: "model '\(model.id)' can never be recommended: no profile puts it on top",
                        hint: "every combination of the facts' representative values leaves it excluded or below another model"
                            + (inexact.isEmpty ? "" : " (values of \(inexact.joined(separator: ", ")) are representative only)")
                            + "; give it more points where it fits, or fewer knock-outs"))
            }
            reachability.append(.init(model: model.id, verdict: verdict, witness: witness, explored: judged))
        }

        // MARK: Facts nothing reads, derived facts nothing derives.
        let read = Set(rules.flatMap(\.reads))
        for fact in askedFacts where !read.contains(slot(ofFact: fact.id) ?? -1) {
            findings.append(
                Diagnostic(
                    severity: .warning, location: fact.location,
                    message: "fact '\(fact.id)' is asked but no rule reads it",
                    hint: "a founder would answer a question that changes nothing: use it in a condition, or remove it"))
        }
        for fact in derivedFacts where derivers[slot(ofFact: fact.id) ?? -1] == nil {
            findings.append(
                Diagnostic(
                    severity: .warning, location: fact.location,
                    message: "derived fact '\(fact.id)' is never derived: it is always its default",
                    hint: "add a rule with `derive: {\(fact.id): ...}`, or remove the fact"))
        }

        // MARK: Questions that lean on another question's answer.
        findings += questionWordingFindings()

        // MARK: Catalogues that miss, misname or misplace a text (Translations.swift).
        findings += texts.translationFindings()

        // MARK: Rules with the same condition and the same effects.
        var seen: [String: Rule] = [:]
        for rule in rules.sorted(by: { $0.sourceIndex < $1.sourceIndex }) {
            let key = ConditionText.normalised(rule.program.parsed.root) + "\u{0}" + effectKey(rule)
            if let first = seen[key] {
                findings.append(
                    Diagnostic(
                        severity: .warning, location: rule.location,
                        message: "rule '\(rule.id)' has the same condition and effects as rule '\(first.id)'",
                        hint: "\(first.id) is at \(first.location?.description ?? "an earlier file"); its points would count twice: keep one and merge their `encodes`"))
            } else {
                seen[key] = rule
            }
        }

        return RuleBookAnalysis(
            findings: findings.sorted(), models: reachability, domains: domains, budget: budget, explored: explored, isComplete: complete)
    }

    /// Slots ordered by the number of values to try, fewest first (then by slot): the search
    /// branches less where it can.
    func smallestDomainsFirst(_ slots: [Int]) -> [Int] {
        slots.sorted { a, b in
            let (sizeA, sizeB) = (domains[a].candidates.count, domains[b].candidates.count)
            return sizeA != sizeB ? sizeA < sizeB : a < b
        }
    }

    /// The unknown asked slot with fewest values to try (then the first), nil when none is unknown.
    func smallestUnknown(_ state: PartialRun.State) -> Int? {
        smallestDomainsFirst((0..<askedFactCount).filter { state.isUnknown($0) }).first
    }

    /// The asked facts a rule depends on: those its condition reads, and, for each derived fact
    /// it reads, the asked facts behind the rules that derive it.
    func askedInputs(of position: Int) -> [Int] {
        var result: Set<Int> = []
        var visitedDerived: Set<Int> = []
        var pending = rules[position].reads
        while let slot = pending.popLast() {
            if slot < askedFactCount {
                result.insert(slot)
            } else if visitedDerived.insert(slot).inserted {
                for deriver in derivers[slot] ?? [] { pending += rules[deriver].reads }
            }
        }
        return result.sorted()
    }

    /// The effects of a rule as text that is equal exactly when the effects are.
    private func effectKey(_ rule: Rule) -> String {
        var totals: [Int: Double] = [:]
        for (model, points) in rule.scores { totals[model, default: 0] += points }
        let scores = totals.keys.sorted().map { "\(models[$0].id)=\(totals[$0] ?? 0)" }
        let excludes = Set(rule.excludes).sorted().map { models[$0].id }
        let derives = rule.derives.map { "\(facts[$0.slot].id)=\($0.value)" }.sorted()
        return "score:\(scores.joined(separator: ","));exclude:\(excludes.joined(separator: ","));derive:\(derives.joined(separator: ","))"
    }
}

// MARK: - The goals of the check's searches

/// "The rules at `positions` all fire": met when they all fired, impossible once one did not (a
/// rule that fired or did not fire stays so whatever the unknown facts turn out to be); branches
/// on the facts that leave one undecided, fewest values first.
struct FiringGoal: SearchGoal {
    let book: RuleBook
    let positions: [Int]
    var ordersChildren: Bool { true }

    func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement {
        var unknown = SlotSet()
        var undecided = false
        for position in positions {
            switch state.statuses[position] {
            case .fired: continue
            case .notFired, .failed: return .impossible
            case .undecided:
                undecided = true
                unknown.formUnion(state.causes[position])
            }
        }
        guard undecided else { return .met }
        guard let slot = book.smallestDomainsFirst(unknown.elements).first ?? book.smallestUnknown(state) else { return .impossible }
        return .branch(slot: slot, priority: 0)
    }
}

/// "Model `target` is the recommendation".
///
/// The bound: the target cannot win if some rival that is surely not excluded surely ends at or
/// above it (`PartialRun.lead`, the pairwise lead). It branches first on the facts that could
/// knock the target out (so a model every profile excludes is pruned at once), then on the facts
/// of undecided rules, those with most at stake first (so the bounds narrow fastest); children
/// whose closest rival is furthest behind are searched first.
struct ReachGoal: SearchGoal {
    let book: RuleBook
    let plan: SearchPlan
    let target: Int
    var ordersChildren: Bool { true }

    func judge(_ search: inout BranchAndBound, _ state: inout PartialRun.State) -> Judgement {
        let run = search.run
        let standing = run.standing(&state)
        let tallies = state.tallies
        guard !tallies[target].excluded else { return .impossible }
        var closestRival = Double.infinity
        for rival in tallies.indices where rival != target && !tallies[rival].excluded && !tallies[rival].mayBeExcluded {
            let lead = run.lead(of: target, over: rival, state)
            if lead <= 0 { return .impossible }  // the target must end strictly above every rival
            closestRival = min(closestRival, lead)
        }
        let priority = closestRival.isFinite ? closestRival : tallies[target].highest
        let givesFacts = (0..<book.askedFactCount).contains { !state.isUnknown($0) }
        if standing.open.isEmpty {
            guard standing.winner == target else { return .impossible }
            if givesFacts { return .met }
            // Settled, but without any fact there is no recommendation (`Undecided.noFacts`): give one.
            return book.smallestUnknown(state).map { .branch(slot: $0, priority: priority) } ?? .impossible
        }
        var knockOuts = SlotSet()
        var stakes: [Int: Double] = [:]
        let table = book.table
        for position in state.statuses.indices where state.statuses[position] == .undecided {
            for effect in Int(table.excludeStart[position])..<Int(table.excludeStart[position + 1])
            where Int(table.excludeModel[effect]) == target {
                for slot in plan.inputs[position] where state.isUnknown(slot) { knockOuts.insert(slot) }
            }
            let stake = plan.stake[position]
            guard stake > 0 else { continue }
            for slot in state.causes[position].elements { stakes[slot, default: 0] += stake }
        }
        if let slot = book.smallestDomainsFirst(knockOuts.elements).first { return .branch(slot: slot, priority: priority) }
        let open = stakes.keys.sorted { a, b in
            if stakes[a] != stakes[b] { return (stakes[a] ?? 0) > (stakes[b] ?? 0) }
            return plan.weightiestFirst([a, b]).first == a
        }
        guard let slot = open.first ?? book.smallestUnknown(state) else { return .impossible }
        return .branch(slot: slot, priority: priority)
    }
}

/// What the model search works out once, before it starts: the asked facts behind each rule,
/// and how much rides on each asked fact.
struct SearchPlan {
    /// By rule position, the asked facts the rule depends on (through derived facts too).
    let inputs: [[Int]]
    /// By asked slot, the points and knock-outs of every rule depending on the fact (a
    /// knock-out weighs as much as 50 points).
    let weight: [Double]
    let domainSizes: [Int]
    /// By rule position: its points and knock-outs (a knock-out weighs as much as 50 points).
    let stake: [Double]

    init(_ book: RuleBook) {
        var weight = Array(repeating: 0.0, count: book.askedFactCount)
        var stake = Array(repeating: 0.0, count: book.rules.count)
        inputs = book.rules.indices.map { book.askedInputs(of: $0) }
        for position in book.rules.indices {
            let rule = book.rules[position]
            stake[position] = rule.scores.reduce(0) { $0 + abs($1.points) } + 50 * Double(rule.excludes.count)
            for slot in inputs[position] { weight[slot] += stake[position] }
        }
        self.weight = weight
        self.stake = stake
        self.domainSizes = book.domains.map(\.candidates.count)
    }

    /// Slots ordered by weight, heaviest first, then by fewest values, then by slot.
    func weightiestFirst(_ slots: [Int]) -> [Int] {
        slots.sorted { a, b in
            if weight[a] != weight[b] { return weight[a] > weight[b] }
            if domainSizes[a] != domainSizes[b] { return domainSizes[a] < domainSizes[b] }
            return a < b
        }
    }
}

/// A condition as text that ignores how it is written: spacing, parentheses, the order of the
/// operands of `&&`, `||`, `==` and `!=`, and which way a comparison faces (`a > b` is `b < a`).
enum ConditionText {
    static func normalised(_ node: CELNode) -> String {
        guard case .call(let function, let target, let args) = node.kind else { return node.description }
        if let (op, _) = node.operatorCall, op == .logicalAnd || op == .logicalOr {
            var operands: [CELNode] = []
            func flatten(_ node: CELNode) {
                if let (inner, parts) = node.operatorCall, inner == op { parts.forEach(flatten) } else { operands.append(node) }
            }
            flatten(node)
            return "(\(function) " + operands.map(normalised).sorted().joined(separator: " ") + ")"
        }
        var parts = args.map(normalised)
        var name = function
        if let (op, _) = node.operatorCall {
            switch op {
            case .equals, .notEquals: parts.sort()
            // `a >= b` is `b <= a`, `a > b` is `b < a`.
            case .greaterEquals: (name, parts) = (CELOperator.lessEquals.rawValue, parts.reversed())
            case .greater: (name, parts) = (CELOperator.less.rawValue, parts.reversed())
            default: break
            }
        }
        let head = target.map { "\(name) \(normalised($0))" } ?? name
        return "(" + ([head] + parts).joined(separator: " ") + ")"
    }
}
