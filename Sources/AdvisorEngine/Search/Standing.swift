/// Where the models stand for a profile that may leave facts unknown: per model its fit, its
/// lowest and highest reachable fit (the fit plus every undecided rule's points against, or for,
/// it), whether a rule knocked it out, and whether an undecided one still may. Every search and
/// every bound reads it the one way the profile contract states: a model is recommended only
/// when it is admissible and strictly above every other admissible model; a tie at the top is
/// `undecided`, never broken by model id. Conformers only give the numbers.
protocol ModelStandings {
    var modelCount: Int { get }
    func fit(_ model: Int) -> Double
    /// The lowest and highest fit the model can still reach (absolute).
    func lowestFit(_ model: Int) -> Double
    func highestFit(_ model: Int) -> Double
    func isExcluded(_ model: Int) -> Bool
    func mayBeExcluded(_ model: Int) -> Bool
}

/// Models as bits (at most `capacity`, as `RuleBook.compile` allows).
struct ModelMask: Equatable {
    static let capacity = 64
    var bits: UInt64 = 0
    func contains(_ model: Int) -> Bool { model < 64 && bits & (1 << UInt64(model)) != 0 }
    mutating func insert(_ model: Int) { if model < 64 { bits |= 1 << UInt64(model) } }
    var isEmpty: Bool { bits == 0 }
}

/// Which undecided effects could still change the recommendation: points for a model in `up`,
/// and points against (or a knock-out of) a model in `down`.
struct Relevance {
    var up = ModelMask()
    var down = ModelMask()
    var isEmpty: Bool { up.isEmpty && down.isEmpty }

    /// Whether an undecided rule with these effects could change the recommendation.
    func matters(points: Double, model: Int) -> Bool {
        (points > 0 && up.contains(model)) || (points < 0 && down.contains(model))
    }
    func matters(excluding model: Int) -> Bool { down.contains(model) }
}

extension ModelStandings {
    /// The admissible model with the highest fit (the lowest index among equals), nil when every
    /// model is excluded.
    var leader: Int? {
        var best: Int?
        for model in 0..<modelCount where !isExcluded(model) {
            if let current = best, fit(model) <= fit(current) { continue }
            best = model
        }
        return best
    }

    /// Whether another admissible model has the leader's fit: no recommendation then.
    func isTied(_ leader: Int) -> Bool {
        (0..<modelCount).contains { $0 != leader && !isExcluded($0) && fit($0) == fit(leader) }
    }

    /// The recommendation as the facts stand (unknown facts left out): the leader when it is
    /// strictly above every other admissible model.
    var winner: Int? {
        guard let leader, !isTied(leader) else { return nil }
        return leader
    }

    /// Whether some values of the unknown facts could still make `model` the recommendation: it
    /// is not knocked out, and every other model could still end below it (its lowest reachable
    /// fit is under the model's highest, or it may still be knocked out).
    func canWin(_ model: Int) -> Bool {
        guard !isExcluded(model) else { return false }
        let highest = highestFit(model)
        for other in 0..<modelCount where other != model && !isExcluded(other) && !mayBeExcluded(other) {
            if lowestFit(other) >= highest { return false }
        }
        return true
    }

    /// Which undecided effects could change the recommendation. With a winner: anything that
    /// could lower or knock it out, and points for a model whose highest reachable fit reaches
    /// the winner's lowest (or for any model, when the winner may be knocked out). With a tie at
    /// the top: points for a model that could still get above every other, and anything against
    /// a model that could stand in its way. Empty when every model is excluded (knock-outs are
    /// final) or no model can get above the others.
    var relevance: Relevance {
        var relevance = Relevance()
        guard let leader else { return relevance }
        if !isTied(leader) {
            relevance.down.insert(leader)
            let leaderLowest = lowestFit(leader), leaderMayFall = mayBeExcluded(leader)
            for model in 0..<modelCount where model != leader && !isExcluded(model) {
                if leaderMayFall || highestFit(model) >= leaderLowest { relevance.up.insert(model) }
            }
            return relevance
        }
        for model in 0..<modelCount where canWin(model) { relevance.up.insert(model) }
        guard !relevance.up.isEmpty else { return relevance }
        for model in 0..<modelCount where !isExcluded(model) { relevance.down.insert(model) }
        return relevance
    }
}

extension Evaluation: ModelStandings {
    var modelCount: Int { ranking.count }
    private func standing(_ model: Int) -> ModelStanding? { ranking.first { $0.modelIndex == model } }
    func fit(_ model: Int) -> Double { standing(model)?.fit ?? 0 }
    func lowestFit(_ model: Int) -> Double { standing(model)?.lowestFit ?? 0 }
    func highestFit(_ model: Int) -> Double { standing(model)?.highestFit ?? 0 }
    func isExcluded(_ model: Int) -> Bool { standing(model)?.excluded ?? true }
    func mayBeExcluded(_ model: Int) -> Bool { !(standing(model)?.mayBeExcludedBy.isEmpty ?? true) }
}
