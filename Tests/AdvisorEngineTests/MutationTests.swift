import AdvisorCEL
@testable import AdvisorEngine
import Testing

/// `advisor test --mutate`: every single mutant of a rule book run against its tests; a mutant
/// some test catches is killed, one every test passes survived.
@Suite struct MutationTests {
    /// Two rules and a knock-out over facts budget, tier and online (models a, b, c).
    static let rules = [
        SmallBook.rule("small-budget-suits-a", "budget < 100.0", score: [("a", 10), ("b", -5)]),
        SmallBook.rule("big-budget-suits-b", "budget >= 1000.0", score: [("b", 20)]),
        SmallBook.rule("offline-excludes-c", "online == false", exclude: ["c"]),
        SmallBook.rule("high-tier-suits-c", "tier == 'high'", score: [("c", 30)]),
    ]

    static func source() -> RuleBookSource {
        let models = ["a", "b", "c"].map { id in
            Model(id: id, name: id.uppercased(), summary: "", tradeOffs: [TradeOff(id: "\(id)/t", kind: .scope, seed: "000", text: "T.")])
        }
        return RuleBookSource(header: RuleBookHeader(neutral: 0), facts: SmallBook.facts, models: models, rules: rules)
    }

    static func test(_ book: RuleBook, _ name: String, _ facts: [String: CELValue], _ claims: [RuleExpectation.Claim]) throws -> RuleTestCase {
        RuleTestCase(name: name, facts: try SmallBook.facts(book, facts), expectations: claims.map { RuleExpectation($0) })
    }

    @Test func everySingleMutantIsMadeAndOnlyWhatTheTestsPinIsKilled() throws {
        let source = Self.source()
        let book = try RuleBook.compile(source).get()
        // The tests pin small-budget-suits-a's points for a and the knock-out of c, and nothing else.
        let tests = [
            try Self.test(book, "a shoestring founder gets a's points", ["budget": .int(50)], [.points(rule: "small-budget-suits-a", model: "a", NumberExpectation(.equal, 10))]),
            try Self.test(book, "an offline founder cannot run c", ["online": .bool(false), "tier": .string("high")], [.excluded("c")]),
        ]
        #expect(book.runTests(tests).allPassed)
        let run = MutationTesting.run(source: source, book: book, tests: tests)
        let lines = run.results.map { "\($0.mutant.ruleId): \($0.mutant.description): \($0.killed ? "killed" : "survived")" }
        #expect(lines == [
            "small-budget-suits-a: a +10 -> -10 (sign flipped): killed",
            "small-budget-suits-a: a +10 -> 0 (score zeroed): killed",
            "small-budget-suits-a: b -5 -> +5 (sign flipped): survived",
            "small-budget-suits-a: b -5 -> 0 (score zeroed): survived",
            // budget is compared with 100 and 1000: 100 moves up past 1000, and down to half of itself.
            "small-budget-suits-a: budget compared with 1450 instead of 100 (constant moved): survived",
            "small-budget-suits-a: budget compared with 50 instead of 100 (constant moved): killed",
            "big-budget-suits-b: b +20 -> -20 (sign flipped): survived",
            "big-budget-suits-b: b +20 -> 0 (score zeroed): survived",
            "big-budget-suits-b: budget compared with 2000 instead of 1000 (constant moved): survived",
            "big-budget-suits-b: budget compared with 50 instead of 1000 (constant moved): survived",
            "offline-excludes-c: exclude c dropped (knock-out dropped): killed",
            "high-tier-suits-c: c +30 -> -30 (sign flipped): survived",
            "high-tier-suits-c: c +30 -> 0 (score zeroed): survived",
        ])
        #expect(run.killedCount == 4)
        #expect(run.runCount == 13)
        #expect(run.survivors.count == 9)
        #expect(abs(run.score - 400.0 / 13) < 1e-9)
        #expect(run.results.first?.killedBy == "a shoestring founder gets a's points: expected rule small-budget-suits-a gives a 10, got rule small-budget-suits-a gives a -10")
    }

    @Test func aMovedConstantLandsPastItsNeighbourAndKeepsItsType() {
        let compared = [10.0, 30.0, 100.0, 150.0]
        #expect(RuleBookSource.moves(of: .double(30), among: compared) == [.double(125), .double(5)])
        #expect(RuleBookSource.moves(of: .double(150), among: compared) == [.double(300), .double(65)])
        #expect(RuleBookSource.moves(of: .double(10), among: compared) == [.double(65), .double(5)])
        #expect(RuleBookSource.moves(of: .int(3), among: [0, 3]) == [.int(6)])
        #expect(RuleBookSource.moves(of: .int(0), among: [0, 3]) == [.int(5)])
    }
}
