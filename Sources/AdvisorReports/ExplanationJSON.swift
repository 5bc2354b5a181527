import AdvisorEngine

/// The explanation as data, for `advisor score --format json --explain`: reasons, trade-offs,
/// contrast, knock-outs and counterfactuals, after the contract's keys.
public enum ExplanationJSON {
    /// The explanation's keys, in a fixed order (the runner-up and margin are the contract
    /// object's, `ScoreOutput.json`).
    public static func keys(_ explanation: Explanation, ruleBook: RuleBook) -> [(String, JSON)] {
        [
            (
                "reasons",
                .object([
                    ("raised", .array(explanation.raised.map { effect($0, ruleBook: ruleBook) })),
                    ("lowered", .array(explanation.lowered.map { effect($0, ruleBook: ruleBook) })),
                ])
            ),
            ("trade_offs_accepted", .array(explanation.acceptedTradeOffs.map { accepted($0, ruleBook: ruleBook) })),
            ("contrast", explanation.contrast.map { contrast($0, ruleBook: ruleBook) } ?? .null),
            (
                "exclusions",
                .array(
                    explanation.exclusions.map { exclusion in
                        .object([
                            ("model", .string(exclusion.model)), ("score", .double(exclusion.fit)),
                            ("knocked_out_by", .array(exclusion.knockOuts.map { effect($0, ruleBook: ruleBook) })),
                        ])
                    })
            ),
            ("counterfactuals", .array(explanation.counterfactuals.map { counterfactual($0, ruleBook: ruleBook) })),
            ("sensitivity", sensitivity(explanation.evaluation, ruleBook: ruleBook)),
        ]
    }

    /// How sure the recommendation is: the smallest change of one rule's points for one model
    /// that would change it (exact: fit is additive), the entries that change it by that much,
    /// and whether it holds whatever the unknown facts are. Null without a recommendation to hold.
    static func sensitivity(_ evaluation: Evaluation, ruleBook: RuleBook) -> JSON {
        guard let sensitivity = ruleBook.weightSensitivity(of: evaluation) else { return .null }
        func entry(_ entry: WeightSensitivity.Entry) -> JSON {
            .object([
                ("rule", .string(entry.rule)), ("model", .string(entry.model)), ("points", .double(entry.points)),
                ("change", .double(entry.change)), ("decides", .bool(entry.decides)),
            ])
        }
        return .object([
            ("recommendation", .string(sensitivity.recommendation)),
            ("smallest_change", sensitivity.smallestChange.map(JSON.double) ?? .null),
            ("closest", .array(sensitivity.closest.map(entry))),
            ("deciding", .array(sensitivity.deciding.map(entry))),
            ("holds_whatever_the_unknown_facts", .bool(sensitivity.holdsWhateverTheUnknownFacts)),
        ])
    }

    static func effect(_ effect: RuleEffect, ruleBook: RuleBook) -> JSON {
        var pairs: [(String, JSON)] = [("rule", .string(effect.ruleId)), ("status", .string(effect.status.rawValue))]
        if let points = effect.points { pairs.append(("points", .double(points))) }
        if effect.excludes { pairs.append(("excludes", .bool(true))) }
        pairs.append(("because", .string(effect.because)))
        pairs.append(
            ("facts", .object(effect.evidence.map { item in (item.fact, item.value.map(JSON.init) ?? .null) })))
        let derived = effect.evidence.filter { $0.isDerived && $0.derivedBy != nil }
        if !derived.isEmpty {
            pairs.append(
                ("derived_from", .object(derived.map { item in
                    (item.fact, .object([
                        ("rule", .string(item.derivedBy ?? "")),
                        ("facts", .object(item.basis.map { ($0.fact, $0.value.map(JSON.init) ?? .null) })),
                    ]))
                })))
        }
        pairs.append(("encodes", .array(effect.tradeOffs.map(tradeOff))))
        return .object(pairs)
    }

    static func tradeOff(_ tradeOff: TradeOff) -> JSON {
        .object([
            ("id", .string(tradeOff.id)), ("kind", .string(tradeOff.kind.rawValue)), ("seed", .string(tradeOff.seed)),
            ("text", .string(tradeOff.text)),
        ])
    }

    static func accepted(_ accepted: AcceptedTradeOff, ruleBook: RuleBook) -> JSON {
        .object([
            ("trade_off", tradeOff(accepted.tradeOff)),
            ("bearing", .string(accepted.bearing.rawValue)),
            ("rules", .array(accepted.rules.map { effect($0, ruleBook: ruleBook) })),
        ])
    }

    static func contrast(_ contrast: Contrast, ruleBook: RuleBook) -> JSON {
        .object([
            ("winner", .string(contrast.winner)),
            ("runner_up", .string(contrast.runnerUp)),
            ("margin", .double(contrast.margin)),
            (
                "rules",
                .array(
                    contrast.rows.map { row in
                        .object([
                            ("rule", .string(row.rule.ruleId)), ("winner_points", .double(row.winnerPoints)),
                            ("runner_up_points", .double(row.runnerUpPoints)), ("net", .double(row.net)),
                            ("because", .string(row.rule.because)),
                        ])
                    })
            ),
        ])
    }

    static func counterfactual(_ counterfactual: Counterfactual, ruleBook: RuleBook) -> JSON {
        var pairs: [(String, JSON)] = []
        switch counterfactual.target {
        case .model(let id): pairs.append(("target", .string(id)))
        case .anyModel: pairs.append(("target", .null))
        }
        pairs.append(("found", .bool(counterfactual.found)))
        pairs.append(("max_facts_changed", .int(Int64(counterfactual.maximumFactsChanged))))
        pairs.append(("minimal", .bool(counterfactual.isMinimal)))
        guard counterfactual.found else { return .object(pairs) }
        pairs.append(
            ("changes", .array(counterfactual.changes.map { change in
                var fields: [(String, JSON)] = [
                    ("fact", .string(change.fact)), ("from", change.from.map(JSON.init) ?? .null), ("to", JSON(change.to)),
                ]
                if let range = change.range {
                    fields.append(
                        ("range", .object([
                            ("min", range.lower.map(JSON.double) ?? .null), ("min_included", .bool(range.lower != nil && range.lowerIncluded)),
                            ("max", range.upper.map(JSON.double) ?? .null), ("max_included", .bool(range.upper != nil && range.upperIncluded)),
                        ])))
                }
                fields.append(("step", .double(change.step)))
                return .object(fields)
            })))
        pairs.append(("cost", .double(counterfactual.cost)))
        pairs.append(("recommendation", counterfactual.recommendation.map(JSON.string) ?? .null))
        pairs.append(("score", counterfactual.fit.map(JSON.double) ?? .null))
        pairs.append(("runner_up", counterfactual.runnerUp.map(JSON.string) ?? .null))
        pairs.append(("margin", counterfactual.margin.map(JSON.double) ?? .null))
        return .object(pairs)
    }
}
