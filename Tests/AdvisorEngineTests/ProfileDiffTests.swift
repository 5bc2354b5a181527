import AdvisorCEL
import AdvisorEngine
import Testing

/// Comparing two versions of a rule book on one profile names what changed and why.
@Suite struct ProfileDiffTests {
    func compare(_ old: RuleBook, _ new: RuleBook, _ values: [String: CELValue]) throws -> ProfileDiff {
        ProfileDiff.compare(
            old: old, old.score(try SmallBook.facts(old, values)), new: new, new.score(try SmallBook.facts(new, values)))
    }

    @Test func anEditedScoreThatChangesTheWinnerIsNamedWithItsOldAndNewEffect() throws {
        let old = try SmallBook.book(SmallBook.soundRules)
        var edited = SmallBook.soundRules
        edited[4] = SmallBook.rule("rich-suits-b", "rich", score: [("b", 5), ("a", 20)])
        let new = try SmallBook.book(edited)
        let diff = try compare(old, new, ["tier": .string("high"), "budget": .int(2000), "online": .bool(false)])
        #expect(diff.change == .recommendation(old: "b", new: "a"))
        #expect(diff.responsible.map(\.ruleId) == ["rich-suits-b"])
        #expect(diff.responsible.first?.effects == [.init(model: "a", old: .nothing, new: .init(points: 20, excludes: false))])
        #expect(diff.moves.map(\.model) == ["a", "b"])
    }

    @Test func aChangedJudgementNamesTheRuleThatDerivesItAndTheRulesThatReadIt() throws {
        let old = try SmallBook.book(SmallBook.soundRules)
        var edited = SmallBook.soundRules
        edited[3] = SmallBook.rule("rich-founder", "budget >= 500.0", derive: [("rich", .bool(true))])
        edited[1] = SmallBook.rule("high-tier-suits-b", "tier == 'high'", score: [("b", 3)])
        let new = try SmallBook.book(edited)
        // Low tier, budget 700: a has 10; b now gets 5 as a rich founder, still below a.
        let unchanged = try compare(old, new, ["tier": .string("low"), "budget": .int(700), "online": .bool(false)])
        #expect(unchanged.change == .none)
        // With 8 more points for b when online, b passes a.
        edited.append(SmallBook.rule("online-b", "online && budget > 600.0", score: [("b", 8)]))
        let newer = try SmallBook.book(edited)
        let diff = try compare(old, newer, ["tier": .string("low"), "budget": .int(700), "online": .bool(true)])
        #expect(diff.change == .recommendation(old: "a", new: "b"))
        #expect(diff.responsible.map(\.ruleId) == ["rich-founder", "rich-suits-b", "online-b"])
        #expect(diff.responsible.first?.derived == [.init(fact: "rich", old: .bool(false), new: .bool(true))])
        #expect(diff.responsible.last?.oldStatus == nil)
    }

    @Test func aChangeBelowTheTopIsAnOrderChangeOnly() throws {
        let old = try SmallBook.book(SmallBook.soundRules)
        var edited = SmallBook.soundRules
        edited[0] = SmallBook.rule("low-tier-suits-a", "tier == 'low'", score: [("a", 10), ("c", 2)])
        let new = try SmallBook.book(edited)
        let diff = try compare(old, new, ["tier": .string("low"), "budget": .int(700), "online": .bool(false)])
        #expect(diff.change == .orderOnly)
        #expect(diff.moves == [.init(model: "c", oldPosition: 3, newPosition: 2), .init(model: "b", oldPosition: 2, newPosition: 3)])
        #expect(diff.responsible.isEmpty)
    }
}
