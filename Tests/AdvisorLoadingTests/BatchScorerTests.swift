import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Testing

/// The batch scorer (packed facts, conditions compiled to bit tests) gives exactly what the
/// reference scorer (every condition through CEL) gives, with the unknown facts decided as
/// `advisor explain` decides them.
@Suite struct BatchScorerTests {
    /// A small deterministic generator (SplitMix64), so a failure replays.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// A random profile over the rule book's representative values, with about a quarter unknown.
    static func randomFacts(_ book: RuleBook, _ generator: inout Generator) -> FactSet {
        var bindings = Array(repeating: CELBinding.unknown, count: book.askedFactCount)
        for domain in book.domains where generator.below(4) > 0 {
            bindings[domain.slot] = .value(domain.candidates[generator.below(domain.candidates.count)])
        }
        return FactSet(bindings: bindings)
    }

    static func assertSame(_ book: RuleBook, profiles: Int, seed: UInt64) {
        let scorer = Scorer(book)
        let planner = QuestionPlanner(ruleBook: book)
        var generator = Generator(state: seed)
        for _ in 0..<profiles {
            let facts = randomFacts(book, &generator)
            var reference = planner.withUnknownFactsDecided(book.score(facts, traced: false), facts: facts)
            reference.derived = []
            scorer.score(facts)
            let batch = scorer.evaluation()
            #expect(batch == reference, "facts \(facts.bindings)")
            if batch != reference { return }
        }
    }

    @Test func theShippedRuleBookScoresTheSameThroughBothPaths() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        #expect(book.encoding != nil)
        Self.assertSame(book, profiles: 3000, seed: 20251121)
    }

    @Test func aRuleBookWithDerivedFactsAndCELOnlyConditionsScoresTheSame() throws {
        // `size()` compiles to a bit test; `exists` and arithmetic stay CEL.
        let rules = Fixture.rules + """
              - id: arithmetic
                when: capital * 2.0 > 15000.0 && services.exists(s, s == 'logistics')
                because: Mixed.
                encodes: [gamma/services]
                score: {gamma: 3, alpha: -2}
              - id: sized
                when: size(services) >= 1 || !brand
                because: Sized.
                encodes: [beta/heavy]
                score: {beta: 4}
                exclude: [gamma]

            """
        let book = try Fixture.book(rules: rules)
        Self.assertSame(book, profiles: 3000, seed: 7)
    }
}
