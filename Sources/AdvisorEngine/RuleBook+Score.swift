import AdvisorCEL

extension RuleBook {
    /// Turns fact values by id into a fact set, checking each against its declaration.
    /// Ids the rule book does not declare, derived facts, and values that do not fit are errors.
    public func factSet(_ values: [String: CELValue]) -> Result<FactSet, [FactValues.Mismatch]> {
        var bindings = Array(repeating: CELBinding.unknown, count: askedFactCount)
        var problems: [FactValues.Mismatch] = []
        for (id, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let slot = factSlots[id], slot < askedFactCount else {
                let isDerived = factSlots[id] != nil
                problems.append(
                    FactValues.Mismatch(
                        message: isDerived ? "'\(id)' is concluded by the rules, not given in a profile" : "unknown fact '\(id)'",
                        hint: isDerived ? "remove it from the profile" : NameSuggestion.hint(for: id, among: askedFacts.map(\.id))))
                continue
            }
            switch FactValues.validate(value, as: facts[slot].kind, factId: id) {
            case .success(let normalised): bindings[slot] = .value(normalised)
            case .failure(let mismatch): problems.append(mismatch)
            }
        }
        return problems.isEmpty ? .success(FactSet(bindings: bindings)) : .failure(problems)
    }

    /// Scores a profile. Pure: the same rule book and facts always give the same evaluation.
    ///
    /// - Parameter traced: record, for every rule, the facts it read and which parts of its
    ///   condition held (for explanations); off for batch ranking.
    public func score(_ facts: FactSet, traced: Bool = true) -> Evaluation {
        var slots = facts.bindings
        slots.reserveCapacity(self.facts.count)
        // Derived facts: the default for those no rule derives, unknown until their rules have run.
        for slot in askedFactCount..<self.facts.count {
            if derivers[slot] == nil, let value = self.facts[slot].defaultValue {
                slots.append(.value(value))
            } else {
                slots.append(.unknown)
            }
        }
        // For an unknown slot, the asked facts that made it unknown.
        var unknownCause: [Int: [Int]] = [:]
        func askedCauses(_ unknownSlots: [Int]) -> [Int] {
            var result: Set<Int> = []
            for slot in unknownSlots {
                if slot < askedFactCount { result.insert(slot) } else { result.formUnion(unknownCause[slot] ?? []) }
            }
            return result.sorted()
        }

        let modelCount = models.count
        var fit = Array(repeating: header.neutral, count: modelCount)
        var lowest = Array(repeating: 0.0, count: modelCount)
        var highest = Array(repeating: 0.0, count: modelCount)
        var excludedBy = Array(repeating: [String](), count: modelCount)
        var mayBeExcludedBy = Array(repeating: [String](), count: modelCount)
        var statuses = Array(repeating: RuleStatus.notFired, count: rules.count)
        var undecidedCauses = Array(repeating: [Int](), count: rules.count)
        var trace: [RuleOutcome] = []
        if traced { trace.reserveCapacity(rules.count) }

        for (position, rule) in rules.enumerated() {
            let activation = CELSlotActivation(slots)
            let status: RuleStatus
            var errorMessage: String?
            switch rule.program.evaluate(activation) {
            case .value(.bool(true)): status = .fired
            case .value(.bool(false)): status = .notFired
            case .unknown(let unknownSlots):
                status = .undecided
                undecidedCauses[position] = askedCauses(unknownSlots)
            case .error(let error):
                status = .failed
                errorMessage = error.message
            case .value(let other):
                status = .failed
                errorMessage = "the condition gave \(FactValues.render(other)), not true or false"
            }
            statuses[position] = status

            switch status {
            case .fired:
                for (model, points) in rule.scores { fit[model] += points }
                for model in rule.excludes { excludedBy[model].append(rule.id) }
            case .undecided:
                for (model, points) in rule.scores {
                    if points < 0 { lowest[model] += points } else { highest[model] += points }
                }
                for model in rule.excludes { mayBeExcludedBy[model].append(rule.id) }
            case .notFired, .failed:
                break
            }

            for slot in finalizeAfter[position] {
                let (binding, causes) = derivedValue(slot, statuses: statuses, undecidedCauses: undecidedCauses)
                slots[slot] = binding
                if case .unknown = binding { unknownCause[slot] = causes }
            }

            if traced {
                let readings = rule.reads.map { slot -> FactReading in
                    if case .value(let value) = slots[slot] { return FactReading(fact: self.facts[slot].id, value: value) }
                    return FactReading(fact: self.facts[slot].id, value: nil)
                }
                let clauses = rule.clauses.map { clause -> ClauseOutcome in
                    if case .value(.bool(let held)) = clause.program.evaluate(activation) {
                        return ClauseOutcome(text: clause.text, held: held)
                    }
                    return ClauseOutcome(text: clause.text, held: nil)
                }
                trace.append(
                    RuleOutcome(
                        ruleIndex: position, ruleId: rule.id, status: status, factsRead: readings, clauses: clauses,
                        unknownFacts: undecidedCauses[position].map { self.facts[$0].id }, error: errorMessage))
            }
        }

        var ranking = (0..<modelCount).map { index in
            ModelStanding(
                model: models[index].id, modelIndex: index, fit: fit[index], excludedBy: excludedBy[index],
                lowestFit: fit[index] + lowest[index], highestFit: fit[index] + highest[index],
                mayBeExcludedBy: mayBeExcludedBy[index])
        }
        ranking.sort(by: RuleBook.ranksBefore)

        let open = openFacts(ranking: ranking, statuses: statuses, undecidedCauses: undecidedCauses)
        let unknownAsked = (0..<askedFactCount).filter { if case .unknown = facts.bindings[$0] { return true } else { return false } }
        let derived = (askedFactCount..<self.facts.count).map { slot -> FactReading in
            if case .value(let value) = slots[slot] { return FactReading(fact: self.facts[slot].id, value: value) }
            return FactReading(fact: self.facts[slot].id, value: nil)
        }
        return Evaluation(
            ranking: ranking, trace: trace, derived: derived,
            openFacts: unknownAsked.filter { open.contains($0) }.map { self.facts[$0].id },
            inertFacts: unknownAsked.filter { !open.contains($0) }.map { self.facts[$0].id })
    }

    /// The ranking order: models not excluded first, then higher fit, then model id.
    static func ranksBefore(_ a: ModelStanding, _ b: ModelStanding) -> Bool {
        if a.excluded != b.excluded { return !a.excluded }
        if a.fit != b.fit { return a.fit > b.fit }
        return a.model < b.model
    }

    /// A derived fact's value once every rule deriving it has run: the first rule in written order
    /// that fired gives it; an undecided rule before it leaves it unknown unless it would give the
    /// same value; with none fired it is the default, or unknown while any deriver is undecided.
    private func derivedValue(_ slot: Int, statuses: [RuleStatus], undecidedCauses: [[Int]]) -> (CELBinding, [Int]) {
        var undecidedValues: [CELValue] = []
        var causes: Set<Int> = []
        for position in derivers[slot] ?? [] {
            guard let value = rules[position].derives.first(where: { $0.slot == slot })?.value else { continue }
            switch statuses[position] {
            case .fired:
                if undecidedValues.allSatisfy({ $0 == value }) { return (.value(value), []) }
                return (.unknown, causes.sorted())
            case .undecided:
                undecidedValues.append(value)
                causes.formUnion(undecidedCauses[position])
            case .notFired, .failed:
                continue
            }
        }
        if undecidedValues.isEmpty, let value = facts[slot].defaultValue { return (.value(value), []) }
        if undecidedValues.allSatisfy({ $0 == facts[slot].defaultValue }), let value = facts[slot].defaultValue {
            return (.value(value), [])
        }
        return (.unknown, causes.sorted())
    }

    /// The asked slots whose being unknown could still change the recommendation. Sound: a fact
    /// left out of this set cannot change it, because no undecided rule reading it (directly or
    /// through derived facts) can lower or exclude the recommendation or lift a model whose
    /// highest reachable fit could pass the recommendation's lowest.
    private func openFacts(ranking: [ModelStanding], statuses: [RuleStatus], undecidedCauses: [[Int]]) -> Set<Int> {
        guard let winner = ranking.first, !winner.excluded else { return [] }  // knock-outs are final
        let winnerMayFall = !winner.mayBeExcludedBy.isEmpty
        var contenders: Set<Int> = []
        for standing in ranking.dropFirst() where !standing.excluded {
            let couldPass =
                standing.highestFit > winner.lowestFit
                || (standing.highestFit == winner.lowestFit && standing.model < winner.model)
            if winnerMayFall || couldPass { contenders.insert(standing.modelIndex) }
        }
        var open: Set<Int> = []
        for (position, rule) in rules.enumerated() where statuses[position] == .undecided {
            let relevant =
                rule.excludes.contains(winner.modelIndex)
                || rule.scores.contains { ($0.model == winner.modelIndex && $0.points < 0) || (contenders.contains($0.model) && $0.points > 0) }
            if relevant { open.formUnion(undecidedCauses[position]) }
        }
        return open
    }
}
