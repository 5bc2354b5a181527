import AdvisorDiagnostics

/// What `advisor check` finds in the knowledge itself, from the rule book's own data (trade-off
/// kinds, what rules cite, the threshold catalogue), so it works for any rule book:
///
/// - a rule that raises a model citing only the model's disadvantages, or lowers it citing only
///   its advantages (or gives it points citing none of its trade-offs, or only claims written
///   from the side of the platform that hosts founders, unless the rule says it is read from
///   that side, `perspective: platform`, for founders who run the platform themselves);
/// - points on one model that stack through several rules which read the same fact, cite the
///   same trade-off and can fire together: one claim counted more than once;
/// - a number in a condition with no stated basis, and a stated basis no condition uses.
extension RuleBook {
    /// What `advisor check` reports: the analysis (`analyse`) with the knowledge warnings added.
    public func check(budget: Int = RuleBook.defaultSearchBudget) -> RuleBookAnalysis {
        var analysis = analyse(budget: budget)
        analysis.findings = (analysis.findings + knowledgeFindings(budget: budget)).sorted()
        return analysis
    }

    /// The knowledge warnings, sorted by position. The stacking check searches for a profile
    /// firing the rules together, at most `budget` partial profiles per search.
    public func knowledgeFindings(budget: Int = RuleBook.defaultSearchBudget) -> [Diagnostic] {
        (directionFindings() + stackingFindings(budget: budget) + thresholdFindings() + changeFindings()).sorted()
    }

    // MARK: - Changes

    /// Once a rule book declares how founders can change some fact (`change:`), an asked fact that
    /// declares nothing is probably forgotten: the search would move it either way as if it were
    /// a free choice.
    func changeFindings() -> [Diagnostic] {
        let asked = facts.filter { !$0.isDerived }
        guard asked.contains(where: { $0.change != nil }) else { return [] }
        return asked.filter { $0.change == nil }.map { fact in
            Diagnostic(
                severity: .warning, location: fact.location,
                message: "fact '\(fact.id)' does not say whether a founder can change it, so suggestions may move it either way",
                hint: "add `change: fixed`, or `change: {direction: increase | decrease | any, effort: 1}`")
        }
    }

    /// The rules in the order they are written.
    private var writtenOrder: [Int] { rules.indices.sorted { rules[$0].sourceIndex < rules[$1].sourceIndex } }

    /// Each model's points from one rule (entries for the same model added), in the order written,
    /// with where the first entry for the model is written.
    private func points(of rule: Rule) -> [(model: Int, points: Double, location: SourceLocation?)] {
        var result: [(model: Int, points: Double, location: SourceLocation?)] = []
        for (index, entry) in rule.scores.enumerated() {
            if let existing = result.firstIndex(where: { $0.model == entry.model }) {
                result[existing].points += entry.points
            } else {
                result.append((entry.model, entry.points, rule.scoreLocations.indices.contains(index) ? rule.scoreLocations[index] : nil))
            }
        }
        return result
    }

    // MARK: - Direction

    func directionFindings() -> [Diagnostic] {
        let tradeOffsById = Dictionary(tradeOffs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Diagnostic] = []
        for position in writtenOrder {
            let rule = rules[position]
            for (model, points, location) in points(of: rule) where points != 0 {
                let id = models[model].id
                let cited = rule.encodes.compactMap { tradeOffsById[$0] }.filter { $0.model == id }
                let list = cited.map(\.id).joined(separator: ", ")
                let amount = FactValues.signed(points)
                let place = location ?? rule.location
                if cited.isEmpty {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: place,
                            message: "rule '\(rule.id)' gives model '\(id)' \(amount) citing none of its trade-offs",
                            hint: "every point rests on a claim about the model: add the trade-off of '\(id)' it encodes to `encodes`"))
                } else if rule.perspective == .platform, !cited.contains(where: { $0.perspective == .platform }) {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: place,
                            message: "rule '\(rule.id)' is read from the platform's side but gives model '\(id)' \(amount) "
                                + "citing none of the platform's claims (\(list))",
                            hint: "a founder who runs the platform lives the platform's claims: cite one of '\(id)' with "
                                + "`perspective: platform`, or drop the rule's `perspective: platform`"))
                } else if rule.perspective != .platform, cited.allSatisfy({ $0.perspective == .platform }) {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: place,
                            message: "rule '\(rule.id)' gives model '\(id)' \(amount) resting only on claims from the platform's side (\(list))",
                            hint: "a claim about the platform that hosts founders is not the founder's experience: cite what the "
                                + "founder who runs '\(id)' gains, bears or needs, or, for a rule whose condition holds only for "
                                + "founders who run the platform themselves, add `perspective: platform` to the rule"))
                } else if points > 0, cited.allSatisfy({ $0.kind == .disadvantage }) {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: place,
                            message: "rule '\(rule.id)' raises model '\(id)' (\(amount)) citing only its disadvantages (\(list))",
                            hint: "a disadvantage is never a reason for a model: a founder who can bear it is lowered less or not at all; "
                                + "cite the advantage or requirement that raises it, or remove the points"))
                } else if points < 0, cited.allSatisfy({ $0.kind == .advantage }) {
                    findings.append(
                        Diagnostic(
                            severity: .warning, location: place,
                            message: "rule '\(rule.id)' lowers model '\(id)' (\(amount)) citing only its advantages (\(list))",
                            hint: "an advantage the founder cannot use is no reason against the model: cite the requirement or "
                                + "disadvantage behind the penalty, or remove the points"))
                }
            }
        }
        return findings
    }

    // MARK: - Stacking

    /// Rules scoring one model the same way that share a fact and a cited trade-off, with the
    /// largest set of them that can fire together.
    func stackingFindings(budget: Int) -> [Diagnostic] {
        let inputs = rules.indices.map { Set(askedInputs(of: $0)) }
        var findings: [Diagnostic] = []
        for model in models.indices {
            for sign in [1.0, -1.0] {
                var reported: [Set<Int>] = []
                // Rules giving the model points of this sign, with those points.
                var giving: [Int: Double] = [:]
                for position in rules.indices {
                    let total = points(of: rules[position]).filter { $0.model == model }.reduce(0) { $0 + $1.points }
                    if total * sign > 0 { giving[position] = total }
                }
                // Groups: the rules among them citing one trade-off of the model and reading one fact.
                var groups: [[Int]] = []
                let own = models[model].id + "/"
                let cited = Set(giving.keys.flatMap { rules[$0].encodes }.filter { $0.hasPrefix(own) }).sorted()
                for tradeOff in cited {
                    for fact in Set(giving.keys.flatMap { inputs[$0] }).sorted() {
                        let group = giving.keys.filter { rules[$0].encodes.contains(tradeOff) && inputs[$0].contains(fact) }.sorted()
                        if group.count >= 2, !groups.contains(group) { groups.append(group) }
                    }
                }
                // The largest stack in each group that some profile fires at once, biggest groups first.
                for group in groups.sorted(by: { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }) {
                    guard let (stack, undecided) = largestStack(group, points: giving, budget: budget) else { continue }
                    if reported.contains(where: { stack.isSubset(of: $0) }) { continue }
                    reported.append(stack)
                    findings.append(stackingFinding(Array(stack), model: model, points: giving, inputs: inputs, undecided: undecided))
                }
            }
        }
        return findings
    }

    /// The subset of two or more rules with the most points that can fire together (a search
    /// that ran out of budget counts as "may"), largest totals first.
    private func largestStack(_ group: [Int], points: [Int: Double], budget: Int) -> (Set<Int>, Bool)? {
        let capped = Array(group.prefix(12))
        var subsets: [[Int]] = []
        for mask in 1..<(1 << capped.count) where mask.nonzeroBitCount >= 2 {
            subsets.append(capped.indices.filter { mask & (1 << $0) != 0 }.map { capped[$0] })
        }
        let total = { (subset: [Int]) in abs(subset.reduce(0) { $0 + (points[$1] ?? 0) }) }
        subsets.sort { total($0) != total($1) ? total($0) > total($1) : ($0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)) }
        let run = PartialRun(book: self)
        var start = run.state(for: FactSet(bindings: Array(repeating: .unknown, count: askedFactCount)))
        for subset in subsets {
            var goal = FiringGoal(book: self, positions: subset)
            var search = BranchAndBound(run: run, budget: max(0, budget - 1))  // partial profiles judged, the first free
            let outcome = search.depthFirst(&goal, &start)
            run.rollback(&start, to: 0)
            switch outcome {
            case .found: return (Set(subset), false)
            case .stopped: return (Set(subset), true)
            case .exhausted: continue
            }
        }
        return nil
    }

    private func stackingFinding(_ stack: [Int], model: Int, points: [Int: Double], inputs: [Set<Int>], undecided: Bool) -> Diagnostic {
        let ordered = stack.sorted { rules[$0].sourceIndex < rules[$1].sourceIndex }
        let total = ordered.reduce(0) { $0 + (points[$1] ?? 0) }
        let names = ordered.map { "'\(rules[$0].id)' (\(FactValues.signed(points[$0] ?? 0)))" }
        let facts = ordered.dropFirst().reduce(inputs[ordered[0]]) { $0.intersection(inputs[$1]) }.sorted().map { self.facts[$0].id }
        let id = models[model].id
        let tradeOffs = ordered.dropFirst().reduce(Set(rules[ordered[0]].encodes)) { $0.intersection(rules[$1].encodes) }
            .filter { $0.hasPrefix(id + "/") }.sorted()
        let together = undecided ? "may fire together (the search stopped at its budget)" : "can fire together"
        let last = ordered.last.map { rules[$0] }
        return Diagnostic(
            severity: .warning, location: last?.location,
            message:
                "model '\(id)' gets \(FactValues.signed(total)) from rules \(names.joined(separator: ", ")), which all read "
                + "\(facts.joined(separator: ", ")), cite \(tradeOffs.joined(separator: ", ")) and \(together): one claim counted \(ordered.count) times",
            hint: "state the claim once: merge the rules, make their conditions exclusive (tiers of one fact), or cite in each what only it adds")
    }

    // MARK: - Thresholds

    func thresholdFindings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var used: Set<ThresholdBasis> = []
        for position in writtenOrder {
            let rule = rules[position]
            for constant in rule.constants where constant.needsBasis {
                if let basis = constant.basis {
                    used.insert(basis)
                    continue
                }
                let value = FactValues.format(constant.number)
                let fact = constant.facts.first
                findings.append(
                    Diagnostic(
                        severity: .warning, location: constant.location ?? rule.conditionLocation,
                        message: "rule '\(rule.id)' compares \(fact.map { "'\($0)'" } ?? "nothing") with \(value) and no basis is stated for it",
                        hint: "add to `thresholds:` an entry `{fact: \(fact ?? "<fact>"), value: \(value), basis: <one sentence>, "
                            + "source: seed | market | judgement}` saying where the number comes from"))
            }
        }
        for entry in thresholds where !used.contains(entry) {
            findings.append(
                Diagnostic(
                    severity: .warning, location: entry.location,
                    message: "the threshold \(FactValues.format(entry.value)) of '\(entry.fact)' is stated but no condition compares '\(entry.fact)' with it",
                    hint: "remove it, or correct its fact or value"))
        }
        return findings
    }
}
