import AdvisorEngine
import AdvisorLoading
import Testing

/// A condition that type-checks can still fail for some profiles (a division by zero, an
/// integer overflow): the rule is then `failed` for that profile, adds and excludes nothing,
/// and the trace says why; every other rule and profile is scored as usual.
@Suite struct ConditionErrorTests {
    static let rules = """
        rules:
          - id: per-follower
            when: 1000 / audience > 2
            because: Few followers each.
            encodes: [alpha/light]
            score: {alpha: 20}
          - id: huge-audience
            when: audience * 4611686018427387904 > 0
            because: Overflows for any audience above 1.
            encodes: [beta/heavy]
            exclude: [beta]
          - id: brand-helps-gamma
            when: brand
            because: Brands.
            encodes: [gamma/services]
            score: {gamma: 5}

        """

    @Test func aFailingConditionIsReportedAndTreatedAsNotFired() throws {
        let book = try Fixture.book(rules: Self.rules)
        let evaluation = try Fixture.score("audience: 0\nbrand: true\n", book: book)
        let failed = try #require(evaluation.trace.first { $0.ruleId == "per-follower" })
        #expect(failed.status == .failed)
        #expect(failed.error == "division by zero")
        #expect(evaluation.ranking.first { $0.model == "alpha" }?.fit == 50)
        #expect(evaluation.ranking.first { $0.model == "gamma" }?.fit == 55)

        let overflowing = try Fixture.score("audience: 3\nbrand: false\n", book: book)
        let overflow = try #require(overflowing.trace.first { $0.ruleId == "huge-audience" })
        #expect(overflow.status == .failed)
        #expect(overflow.error == "integer overflow")
        #expect(overflowing.ranking.first { $0.model == "beta" }?.excluded == false)
        // The same rules decide normally where they can be evaluated.
        let fine = try Fixture.score("audience: 1\nbrand: false\n", book: book)
        #expect(fine.trace.first { $0.ruleId == "per-follower" }?.status == .fired)
        #expect(fine.trace.first { $0.ruleId == "huge-audience" }?.status == .fired)
    }

    @Test func theBatchScorerAgreesOnFailingConditions() throws {
        let book = try Fixture.book(rules: Self.rules)
        let scorer = Scorer(book)
        for text in ["audience: 0\nbrand: true\n", "audience: 3\n", "audience: 1\n", "brand: true\n"] {
            let profile = try Fixture.profile(text, book: book)
            scorer.score(profile.facts)
            #expect(scorer.recommendation.map { book.models[$0].id } == book.score(profile.facts).recommendation, "\(text)")
        }
    }
}
