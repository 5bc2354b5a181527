import AdvisorCEL
import AdvisorEngine

/// The renderings of `advisor diff`: one paragraph per profile whose outcome changed, and a
/// summary count.
public enum DiffReport {
    /// What changed for one profile; nil when its ranking order is the same (unless `verbose`).
    public static func text(profile: String, _ diff: ProfileDiff, verbose: Bool = false, words: ToolWords = .english) -> String? {
        let none = words(.none)
        switch diff.change {
        case .recommendation(let old, let new):
            var lines = [words(.diffRecommendation, ["profile": profile, "old": old ?? none, "new": new ?? none])]
            if diff.responsible.isEmpty {
                lines.append("    " + words(.diffNoSingleRule))
            }
            for change in diff.responsible {
                var parts = ["\(status(change.oldStatus, words)) -> \(status(change.newStatus, words))"]
                parts += change.effects.map { "\($0.model) \(effect($0.old, words)) -> \(effect($0.new, words))" }
                parts += change.derived.map { "\($0.fact) \(value($0.old, words)) -> \(value($0.new, words))" }
                lines.append("    " + words(.diffRule, ["rule": change.ruleId, "changes": parts.joined(separator: words.semicolon)]))
            }
            if !diff.moves.isEmpty { lines.append("    " + words(.diffOrder, ["moves": moves(diff.moves, words)])) }
            return lines.joined(separator: "\n")
        case .orderOnly:
            return words(.diffOrderOnly, ["profile": profile, "model": diff.new.recommendation ?? none, "moves": moves(diff.moves, words)])
        case .none:
            return verbose ? words(.diffUnchanged, ["profile": profile, "model": diff.new.recommendation ?? none]) : nil
        }
    }

    /// `27 profiles: 2 changed recommendation, 3 changed order only, 22 unchanged` (and the
    /// profiles that could not be compared, if any).
    public static func summary(changed: Int, orderOnly: Int, unchanged: Int, failed: Int, words: ToolWords = .english) -> String {
        let total = changed + orderOnly + unchanged + failed
        var text = words(
            .diffSummary,
            ["profiles": words.counted(total, .cohortProfiles), "changed": words.digits(changed), "orderOnly": words.digits(orderOnly), "unchanged": words.digits(unchanged)])
        if failed > 0 { text += words(.diffFailed, ["n": words.digits(failed)]) }
        return text
    }

    static func moves(_ moves: [ProfileDiff.Move], _ words: ToolWords) -> String {
        func ordinal(_ n: Int) -> String { words(.diffOrdinal, ["n": String(n), "nth": Ordinal.text(n)]) }
        return moves.map { words(.diffMove, ["model": $0.model, "old": ordinal($0.oldPosition), "new": ordinal($0.newPosition)]) }.joined(separator: words.comma)
    }

    static func status(_ status: RuleStatus?, _ words: ToolWords) -> String {
        switch status {
        case nil: return words(.diffAbsent)
        case .fired?: return words(.fired)
        case .notFired?: return words(.didNotFire)
        case .undecided?: return words(.undecided)
        case .failed?: return words(.failed)
        }
    }

    static func effect(_ effect: ProfileDiff.Effect, _ words: ToolWords) -> String {
        let points = (effect.points > 0 ? "+" : "") + Number.fit(effect.points)
        switch (effect.excludes, effect.points == 0) {
        case (true, true): return words(.diffExcluded)
        case (true, false): return words(.diffExcludedPoints, ["points": points])
        case (false, true): return words(.diffNothing)
        case (false, false): return points
        }
    }

    static func value(_ value: CELValue?, _ words: ToolWords) -> String {
        value.map(FactValues.render) ?? words(.unknown)
    }
}

extension DiffReport {
    /// The matrix of recommendations, old (rows) against new (columns), for the models that
    /// either book recommends to some profile (in `models` order) and `none`; totals last.
    public static func matrix(_ matrix: RecommendationMatrix, models: [String], words: ToolWords = .english) -> String {
        let used = models.filter { model in matrix.counts.contains { $0.value > 0 && ($0.key.old == model || $0.key.new == model) } }
        var keys: [String?] = used.map { $0 }
        if matrix.counts.contains(where: { $0.value > 0 && ($0.key.old == nil || $0.key.new == nil) }) { keys.append(nil) }
        let none = words(.none)
        let names = keys.map { $0 ?? none }
        func grouped(_ number: Int) -> String { Number.grouped(number) }
        var rows: [[String]] = [[words(.diffOldNew)] + names + [words(.diffTotal)]]
        for old in keys {
            let cells = keys.map { matrix.count(old: old, new: $0) }
            rows.append([old ?? none] + cells.map(grouped) + [grouped(cells.reduce(0, +))])
        }
        let columnTotals = keys.map { new in keys.reduce(0) { $0 + matrix.count(old: $1, new: new) } }
        rows.append([words(.diffTotal)] + columnTotals.map(grouped) + [grouped(matrix.total)])
        let widths = rows[0].indices.map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        let lines = rows.map { (row: [String]) -> String in
            let cells = row.enumerated().map { (index: Int, cell: String) -> String in
                index == 0 ? TextLayout.padded(cell, to: widths[0]) : TextLayout.leftPadded(cell, to: widths[index])
            }
            return cells.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return words(.diffMatrix) + "\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
