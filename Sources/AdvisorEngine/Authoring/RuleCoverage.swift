import AdvisorCEL
import AdvisorDiagnostics

/// How much of a rule book a set of rule tests exercises: for each rule, the tests that made it
/// fire; for each trade-off a model declares, the rules that encode it.
///
/// Coverage is read from the same evaluation traces the tests were checked against, so a rule
/// counts as exercised exactly when some test's trace says it fired.
public struct RuleCoverage: Sendable, Hashable {
    /// One rule and the tests in which it fired.
    public struct RuleLine: Sendable, Hashable {
        public var ruleId: String
        public var location: SourceLocation?
        /// Names of the tests whose profile made the rule fire, in test order.
        public var firedIn: [String]
        public var isCovered: Bool { !firedIn.isEmpty }
    }

    /// One trade-off and the rules that encode it.
    public struct TradeOffLine: Sendable, Hashable {
        public var tradeOff: TradeOff
        /// Ids of the rules whose `encodes` names it, in rule-book order.
        public var encodedBy: [String]
        /// A claim from the side of the platform that hosts founders, which no rule encodes: it
        /// is not the experience of the founder the rule book advises, so it needs no rule.
        public var isPlatformSide: Bool { encodedBy.isEmpty && tradeOff.perspective == .platform }
        public var isCovered: Bool { !encodedBy.isEmpty || isPlatformSide }
    }

    /// Every rule, in the order the rule book is written.
    public var rules: [RuleLine]
    /// Every trade-off, model by model, in declaration order.
    public var tradeOffs: [TradeOffLine]

    public var coveredRuleCount: Int { rules.filter(\.isCovered).count }
    public var coveredTradeOffCount: Int { tradeOffs.filter(\.isCovered).count }
    /// Share of rules fired by some test, 0...100 (100 when there are no rules).
    public var rulePercent: Double { Self.percent(coveredRuleCount, of: rules.count) }
    /// Share of trade-offs encoded by some rule, 0...100 (100 when there are none).
    public var tradeOffPercent: Double { Self.percent(coveredTradeOffCount, of: tradeOffs.count) }
    /// True when every rule fired and every trade-off is encoded.
    public var isComplete: Bool { coveredRuleCount == rules.count && coveredTradeOffCount == tradeOffs.count }

    static func percent(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 100 : Double(part) * 100 / Double(whole)
    }
}

extension RuleBook {
    /// The coverage of a test run over this rule book. Pure.
    public func coverage(of run: RuleTestRun) -> RuleCoverage {
        var firedIn = Array(repeating: [String](), count: rules.count)
        for result in run.results {
            for outcome in result.evaluation.trace where outcome.status == .fired && firedIn.indices.contains(outcome.ruleIndex) {
                firedIn[outcome.ruleIndex].append(result.testCase.name)
            }
        }
        let written = rules.indices.sorted { rules[$0].sourceIndex < rules[$1].sourceIndex }
        let ruleLines = written.map { position in
            RuleCoverage.RuleLine(ruleId: rules[position].id, location: rules[position].location, firedIn: firedIn[position])
        }
        var encoders: [String: [String]] = [:]
        for position in written {
            for tradeOff in rules[position].encodes where encoders[tradeOff]?.contains(rules[position].id) != true {
                encoders[tradeOff, default: []].append(rules[position].id)
            }
        }
        let tradeOffLines = tradeOffs.map { RuleCoverage.TradeOffLine(tradeOff: $0, encodedBy: encoders[$0.id] ?? []) }
        return RuleCoverage(rules: ruleLines, tradeOffs: tradeOffLines)
    }
}
