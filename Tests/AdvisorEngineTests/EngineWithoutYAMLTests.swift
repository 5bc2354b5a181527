import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Testing

/// The engine is usable on its own: a program can build a rule book as values, with no files.
@Suite struct EngineWithoutYAMLTests {
    static func rule(_ id: String, _ when: String, score: [(String, Double)] = [], exclude: [String] = [], derive: [(String, CELValue)] = []) -> RuleSource {
        RuleSource(
            id: id, location: nil, condition: PlacedText(unplaced: when), because: "Because \(id).",
            encodes: [.init(id: "a/t", location: nil)],
            scores: score.map { .init(model: $0.0, points: $0.1, location: nil) },
            excludes: exclude.map { .init(id: $0, location: nil) },
            derives: derive.map { .init(fact: $0.0, value: $0.1, location: nil) })
    }

    static func book(_ rules: [RuleSource]) -> Result<RuleBook, [Diagnostic]> {
        let facts = [
            FactDeclaration(id: "budget", kind: .number(min: 0, max: nil)),
            FactDeclaration(id: "tier", kind: .enumeration(["low", "high"])),
            FactDeclaration(id: "rich", kind: .bool, isDerived: true, defaultValue: .bool(false)),
            FactDeclaration(id: "premium", kind: .bool, isDerived: true, defaultValue: .bool(false)),
        ]
        let models = ["a", "b", "c"].map { id in
            Model(id: id, name: id.uppercased(), summary: "", tradeOffs: [TradeOff(id: "\(id)/t", kind: .trait, seed: "domain", text: "T.")])
        }
        return RuleBook.compile(RuleBookSource(header: RuleBookHeader(neutral: 0), facts: facts, models: models, rules: rules))
    }

    @Test func aRuleBookBuiltAsValuesScores() throws {
        let book = try Self.book([
            Self.rule("rich", "budget >= 1000.0", derive: [("rich", .bool(true))]),
            Self.rule("rich-likes-b", "rich", score: [("b", 3)]),
            Self.rule("low-excludes-c", "tier == 'low'", exclude: ["c"]),
        ]).get()
        let facts = try book.factSet(["budget": .int(5000), "tier": .string("low")]).get()
        let evaluation = book.score(facts)
        #expect(evaluation.ranking.map(\.model) == ["b", "a", "c"])
        #expect(evaluation.ranking.map(\.fit) == [3, 0, 0])
        #expect(evaluation.standing(of: "c")?.excludedBy == ["low-excludes-c"])
        #expect(evaluation.recommendation == "b")
    }

    @Test func equalFitsRankByModelId() throws {
        let book = try Self.book([Self.rule("noop", "tier == 'high'", score: [("c", 1), ("a", 1), ("b", 1)])]).get()
        let evaluation = book.score(try book.factSet(["tier": .string("high")]).get())
        #expect(evaluation.ranking.map(\.model) == ["a", "b", "c"])
    }

    @Test func aCycleThroughDerivedFactsIsRefusedNamingItsRules() {
        let result = Self.book([
            Self.rule("one", "premium", derive: [("rich", .bool(true))]),
            Self.rule("two", "rich", derive: [("premium", .bool(true))]),
        ])
        guard case .failure(let problems) = result else {
            Issue.record("a cycle was accepted")
            return
        }
        #expect(problems.count == 1)
        #expect(problems[0].message == "rules derive facts from each other in a cycle: 'one' -> 'two' -> 'one'")
    }

    @Test func aRuleMayNotDeriveAnAskedFact() {
        guard case .failure(let problems) = Self.book([Self.rule("bad", "true", derive: [("budget", .int(1))])]) else {
            Issue.record("deriving an asked fact was accepted")
            return
        }
        #expect(problems[0].message.contains("asked of the founder"))
    }

    @Test func factValuesAreCheckedAgainstTheirDeclarations() throws {
        let book = try Self.book([Self.rule("r", "budget > 1.0", score: [("a", 1)])]).get()
        guard case .failure(let problems) = book.factSet(["tier": .string("hgh"), "budgett": .int(1)]) else {
            Issue.record("bad facts were accepted")
            return
        }
        #expect(problems.map(\.hint) == ["did you mean 'budget'?", "did you mean 'high'?"])
    }

    @Test func scoringWithoutATraceRanksTheSame() throws {
        let book = try Self.book([
            Self.rule("rich", "budget >= 1000.0", derive: [("rich", .bool(true))]),
            Self.rule("rich-likes-b", "rich", score: [("b", 3)]),
        ]).get()
        let facts = try book.factSet(["budget": .double(2000)]).get()
        let traced = book.score(facts, traced: true)
        let plain = book.score(facts, traced: false)
        #expect(plain.ranking == traced.ranking)
        #expect(plain.trace.isEmpty)
        #expect(traced.trace.count == 2)
    }

    @Test func factDomainsCutNumbersAtTheConstantsConditionsCompareWith() throws {
        let book = try Self.book([
            Self.rule("r1", "budget >= 1000.0 && budget < 5000.0", score: [("a", 1)]),
            Self.rule("r2", "tier == 'high'", score: [("b", 1)]),
        ]).get()
        let budget = try #require(book.domains.first { $0.fact == "budget" })
        #expect(budget.candidates == [.double(0), .double(1000), .double(3000), .double(5000), .double(10000)])
        #expect(budget.isExact)
        #expect(book.domains.first { $0.fact == "tier" }?.candidates == [.string("low"), .string("high")])
    }

    @Test func arithmeticOnANumberMakesItsDomainInexact() throws {
        let book = try Self.book([Self.rule("r", "budget * 2.0 > 10.0", score: [("a", 1)])]).get()
        #expect(book.domains.first { $0.fact == "budget" }?.isExact == false)
    }
}
