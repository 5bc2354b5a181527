import AdvisorEngine

/// The renderings of `advisor test`: failures as `file:line:col: FAIL name: expected ..., got ...`
/// (the position of the expectation that failed), a summary line, and coverage.
public enum RuleTestReport {
    /// One line per failed expectation, in test order; with `verbose`, a line per passing test too.
    public static func results(_ run: RuleTestRun, verbose: Bool = false) -> String {
        var lines: [String] = []
        for result in run.results {
            if result.passed {
                if verbose {
                    let place = result.testCase.location.map { "\($0): " } ?? ""
                    lines.append("\(place)PASS \(result.testCase.name) (\(result.results.count) expectation\(result.results.count == 1 ? "" : "s"))")
                }
                continue
            }
            for failure in result.failures {
                let place = (failure.expectation.location ?? result.testCase.location).map { "\($0): " } ?? ""
                lines.append("\(place)FAIL \(result.testCase.name): expected \(failure.expected), got \(failure.actual)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The mutants that survived, one a line at the mutated entry (`file:line:col: survived:
    /// rule r: m2c +10 -> -10 (sign flipped)`); with `verbose`, the killed ones too with the
    /// test that killed them; then the score.
    public static func mutation(_ run: MutationRun, verbose: Bool = false) -> String {
        var lines: [String] = []
        for result in run.results {
            let place = result.mutant.location.map { "\($0): " } ?? ""
            let what = "rule \(result.mutant.ruleId): \(result.mutant.description)"
            if let problem = result.problem {
                lines.append("\(place)not run: \(what): the mutant does not compile: \(problem)")
            } else if let killer = result.killedBy {
                if verbose { lines.append("\(place)killed: \(what), by \(killer)") }
            } else {
                lines.append("\(place)survived: \(what)")
            }
        }
        let survived = run.survivors.count
        lines.append(
            "Mutation score: \(run.killedCount) of \(run.runCount) mutants killed (\(percent(run.score))), \(survived) survived; "
                + "each mutant was run against the \(run.testCount) rule tests until one failed.")
        return lines.joined(separator: "\n")
    }

    /// `27 passed, 0 failed`.
    public static func summary(_ run: RuleTestRun) -> String {
        "\(run.passedCount) passed, \(run.failedCount) failed"
    }

    /// Per rule, whether a test made it fire; per trade-off, the rules that encode it; the two
    /// totals; and whether coverage is complete.
    public static func coverage(_ coverage: RuleCoverage) -> String {
        var lines: [String] = []
        lines.append("Rules fired by some test: \(coverage.coveredRuleCount) of \(coverage.rules.count) (\(percent(coverage.rulePercent)))")
        let ruleWidth = coverage.rules.map(\.ruleId.count).max() ?? 0
        for line in coverage.rules {
            let what: String
            switch line.firedIn.count {
            case 0: what = "NOT FIRED by any test"
            case 1: what = "fired in: \(line.firedIn[0])"
            default: what = "fired in \(line.firedIn.count) tests, first: \(line.firedIn[0])"
            }
            lines.append("  \(line.isCovered ? "+" : "-") \(line.ruleId.padding(to: ruleWidth))  \(what)".trimmingTrailingSpaces())
        }
        lines.append("")
        lines.append("Trade-offs encoded by some rule (or from the platform's side, needing none): \(coverage.coveredTradeOffCount) of \(coverage.tradeOffs.count) (\(percent(coverage.tradeOffPercent)))")
        let tradeOffWidth = coverage.tradeOffs.map(\.tradeOff.id.count).max() ?? 0
        for line in coverage.tradeOffs {
            let what =
                line.isPlatformSide
                ? "the platform's side: not scored for a founder" : line.isCovered ? line.encodedBy.joined(separator: ", ") : "NOT ENCODED by any rule"
            lines.append("  \(line.isCovered ? "+" : "-") \(line.tradeOff.id.padding(to: tradeOffWidth))  [\(line.tradeOff.seed)]  \(what)")
        }
        lines.append("")
        if coverage.isComplete {
            lines.append("Coverage: 100% of rules fired and 100% of trade-offs encoded.")
        } else {
            var missing: [String] = []
            let rules = coverage.rules.filter { !$0.isCovered }.map(\.ruleId)
            let tradeOffs = coverage.tradeOffs.filter { !$0.isCovered }.map(\.tradeOff.id)
            if !rules.isEmpty { missing.append("no test fires \(rules.joined(separator: ", "))") }
            if !tradeOffs.isEmpty { missing.append("no rule encodes \(tradeOffs.joined(separator: ", "))") }
            lines.append(
                "Coverage: \(percent(coverage.rulePercent)) of rules fired and \(percent(coverage.tradeOffPercent)) of trade-offs encoded: "
                    + missing.joined(separator: "; ") + ".")
        }
        return lines.joined(separator: "\n")
    }

    /// A share as people read it: whole numbers bare, others to one decimal, rounded down so
    /// that an incomplete share never reads as 100%.
    public static func percent(_ value: Double) -> String {
        let tenths = (value * 10).rounded(.down) / 10
        return (tenths.rounded() == tenths ? String(Int(tenths)) : String(tenths)) + "%"
    }
}
