import AdvisorCEL
import AdvisorEngine

/// The renderings of `advisor diff`: one paragraph per profile whose outcome changed, and a
/// summary count.
public enum DiffReport {
    /// What changed for one profile; nil when its ranking order is the same (unless `verbose`).
    public static func text(profile: String, _ diff: ProfileDiff, verbose: Bool = false) -> String? {
        switch diff.change {
        case .recommendation(let old, let new):
            var lines = ["\(profile): recommendation \(old ?? "none") -> \(new ?? "none")"]
            if diff.responsible.isEmpty {
                lines.append("    no single rule differs for these two models; their fits moved through the rule book's neutral fit or other models' exclusions")
            }
            for change in diff.responsible {
                var parts = ["\(status(change.oldStatus)) -> \(status(change.newStatus))"]
                parts += change.effects.map { "\($0.model) \(effect($0.old)) -> \(effect($0.new))" }
                parts += change.derived.map { "\($0.fact) \(value($0.old)) -> \(value($0.new))" }
                lines.append("    \(change.ruleId): " + parts.joined(separator: "; "))
            }
            if !diff.moves.isEmpty { lines.append("    order: " + moves(diff.moves)) }
            return lines.joined(separator: "\n")
        case .orderOnly:
            return "\(profile): same recommendation (\(diff.new.recommendation ?? "none")), order changed: " + moves(diff.moves)
        case .none:
            return verbose ? "\(profile): unchanged (\(diff.new.recommendation ?? "none"))" : nil
        }
    }

    /// `27 profiles: 2 changed recommendation, 3 changed order only, 22 unchanged` (and the
    /// profiles that could not be compared, if any).
    public static func summary(changed: Int, orderOnly: Int, unchanged: Int, failed: Int) -> String {
        let total = changed + orderOnly + unchanged + failed
        var text = "\(total) profile\(total == 1 ? "" : "s"): \(changed) changed recommendation, \(orderOnly) changed order only, \(unchanged) unchanged"
        if failed > 0 { text += ", \(failed) could not be compared" }
        return text
    }

    static func moves(_ moves: [ProfileDiff.Move]) -> String {
        moves.map { "\($0.model) \(Ordinal.text($0.oldPosition)) -> \(Ordinal.text($0.newPosition))" }.joined(separator: ", ")
    }

    static func status(_ status: RuleStatus?) -> String {
        switch status {
        case nil: return "absent"
        case .fired?: return "fired"
        case .notFired?: return "not fired"
        case .undecided?: return "undecided"
        case .failed?: return "failed"
        }
    }

    static func effect(_ effect: ProfileDiff.Effect) -> String {
        let points = (effect.points > 0 ? "+" : "") + Number.fit(effect.points)
        switch (effect.excludes, effect.points == 0) {
        case (true, true): return "excluded"
        case (true, false): return "excluded, \(points)"
        case (false, true): return "nothing"
        case (false, false): return points
        }
    }

    static func value(_ value: CELValue?) -> String {
        value.map(FactValues.render) ?? "unknown"
    }
}

extension DiffReport {
    /// The matrix of recommendations, old (rows) against new (columns), for the models that
    /// either book recommends to some profile (in `models` order) and `none`; totals last.
    public static func matrix(_ matrix: RecommendationMatrix, models: [String]) -> String {
        let used = models.filter { model in matrix.counts.contains { $0.value > 0 && ($0.key.old == model || $0.key.new == model) } }
        var keys: [String?] = used.map { $0 }
        if matrix.counts.contains(where: { $0.value > 0 && ($0.key.old == nil || $0.key.new == nil) }) { keys.append(nil) }
        let names = keys.map { $0 ?? "none" }
        func grouped(_ number: Int) -> String { Number.grouped(number) }
        var rows: [[String]] = [["old \\ new"] + names + ["total"]]
        for old in keys {
            let cells = keys.map { matrix.count(old: old, new: $0) }
            rows.append([old ?? "none"] + cells.map(grouped) + [grouped(cells.reduce(0, +))])
        }
        let columnTotals = keys.map { new in keys.reduce(0) { $0 + matrix.count(old: $1, new: new) } }
        rows.append(["total"] + columnTotals.map(grouped) + [grouped(matrix.total)])
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { (row: [String]) -> String in
            let cells = row.enumerated().map { (index: Int, cell: String) -> String in
                index == 0 ? cell.padding(to: widths[0]) : cell.leftPadded(to: widths[index])
            }
            return cells.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return "Recommendations, old (rows) -> new (columns):\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
