import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The suggestions of `advisor score --format json --explain` are actions a founder can take.
@Suite struct ActionableChangesCLITests {
    /// A JSON value of a change as the CEL value the rule book compares, read by the fact's kind
    /// (JSON's true and 1 look alike once parsed).
    static func value(_ json: Any, kind: FactKind) -> CELValue? {
        switch kind {
        case .bool: return (json as? NSNumber).map { .bool($0.boolValue) }
        case .number, .integer: return (json as? NSNumber).map { .double($0.doubleValue) }
        case .list: return (json as? [String]).map { .list($0.map(CELValue.string)) }
        default: return (json as? String).map(CELValue.string)
        }
    }

    /// For every example founder: no suggested change moves a fixed fact or a fact against its
    /// declared direction, and each suggestion re-scores to the model it was searched for.
    @Test func noSuggestionMovesAFixedFactOrAgainstItsDirection() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        let result = try AdvisorProcess.run(["score", "--format", "json", "--explain", "Examples/profiles"])
        #expect(result.status == 0, "\(result.stderr)")
        let profiles = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(profiles.count >= 27)
        var checked = 0
        for profile in profiles {
            let name = profile["profile"] as? String ?? "?"
            for counterfactual in profile["counterfactuals"] as? [[String: Any]] ?? [] where counterfactual["found"] as? Bool == true {
                #expect(counterfactual["recommendation"] as? String == counterfactual["target"] as? String, "\(name)")
                for change in counterfactual["changes"] as? [[String: Any]] ?? [] {
                    let fact = try #require(book.fact(change["fact"] as? String ?? ""), "\(name)")
                    let rule = try #require(fact.change, "\(fact.id) declares no change")
                    guard let fromJSON = change["from"], !(fromJSON is NSNull) else { continue }  // an unknown answered
                    let from = try #require(Self.value(fromJSON, kind: fact.kind)), to = try #require(Self.value(change["to"] as Any, kind: fact.kind))
                    #expect(rule.direction != .fixed, "\(name): \(fact.id) is fixed")
                    #expect(rule.allows(from: from, to: to, kind: fact.kind), "\(name): \(fact.id) \(from) -> \(to) against \(rule.direction)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }
}
