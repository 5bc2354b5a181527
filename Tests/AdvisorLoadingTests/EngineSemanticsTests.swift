import AdvisorEngine
import AdvisorLoading
import Testing

/// What a user relies on when the engine scores a profile.
@Suite struct EngineSemanticsTests {
    @Test func derivedFactsChainIntoLaterRules() throws {
        let book = try Fixture.book()
        let evaluation = try Fixture.score("capital: 5000\nbrand: true\n", book: book)
        #expect(evaluation.derived.first { $0.fact == "asset_light" }?.value == .bool(true))
        #expect(evaluation.standing(of: "alpha")?.fit == 70)
        #expect(evaluation.standing(of: "beta")?.fit == 40)
        #expect(evaluation.recommendation == "alpha")
        let status = Dictionary(uniqueKeysWithValues: evaluation.trace.map { ($0.ruleId, $0.status) })
        #expect(status["light-founder"] == .fired)
        #expect(status["light-suits-alpha"] == .fired)
    }

    @Test func rulesAreOrderedByWhatTheyDeriveNotByHowTheyAreWritten() throws {
        // The reader is written before the rule that derives what it reads.
        let rules = """
            rules:
              - id: reader
                when: asset_light
                because: Reads.
                encodes: [alpha/light]
                score: {alpha: 5}
              - id: deriver
                when: capital < 10000
                because: Derives.
                encodes: [alpha/light]
                derive: {asset_light: true}

            """
        let book = try Fixture.book(rules: rules)
        #expect(book.rules.map(\.id) == ["deriver", "reader"])
        let evaluation = try Fixture.score("capital: 1\n", book: book)
        #expect(evaluation.standing(of: "alpha")?.fit == 55)
    }

    @Test func aDerivedFactTakesItsDefaultWhenNoRuleDerivesIt() throws {
        let book = try Fixture.book()
        let evaluation = try Fixture.score("capital: 50000\n", book: book)
        #expect(evaluation.derived.first { $0.fact == "asset_light" }?.value == .bool(false))
        #expect(evaluation.trace.first { $0.ruleId == "light-suits-alpha" }?.status == .notFired)
    }

    @Test func anUnknownFactLeavesItsRulesUndecidedAndIsReportedAsOpen() throws {
        let book = try Fixture.book()
        // beta leads with 65; capital, unknown, could lift alpha to 70.
        let evaluation = try Fixture.score("brand: true\nbreadth: broad\n", book: book)
        let outcome = try #require(evaluation.trace.first { $0.ruleId == "light-founder" })
        #expect(outcome.status == .undecided)
        #expect(outcome.unknownFacts == ["capital"])
        // The derived fact is unknown too, and so is the rule that reads it, through capital.
        #expect(evaluation.derived.first { $0.fact == "asset_light" }?.value == nil)
        #expect(evaluation.trace.first { $0.ruleId == "light-suits-alpha" }?.unknownFacts == ["capital"])
        // Undecided rules neither add points nor exclude.
        #expect(evaluation.standing(of: "alpha")?.fit == 50)
        #expect(evaluation.standing(of: "alpha")?.highestFit == 70)
        #expect(evaluation.recommendation == "beta")
        #expect(evaluation.couldChange.contains("capital"))
    }

    @Test func anUnknownThatCouldBreakATieAtTheTopIsOpen() throws {
        let book = try Fixture.book()
        // All tie at 50, so nothing is recommended (the id order decides nothing); capital can
        // raise alpha above the others, so it is what would decide it.
        let evaluation = try Fixture.score("brand: true\nbreadth: single\naudience: 0\nservices: []\n", book: book)
        #expect(evaluation.recommendation == nil)
        #expect(evaluation.undecided == .tie(between: ["alpha", "beta", "gamma"]))
        #expect(evaluation.couldChange == ["capital"])
        #expect(evaluation.cannotChange.isEmpty)
    }

    @Test func aFalseOperandSettlesAConditionWhateverTheUnknownIs() throws {
        let book = try Fixture.book()
        // services lacks 'payment': the && is false although audience is unknown.
        let evaluation = try Fixture.score("services: [logistics]\n", book: book)
        #expect(evaluation.trace.first { $0.ruleId == "services-suit-gamma" }?.status == .notFired)
    }

    @Test func unknownFactsThatCannotChangeTheRecommendationAreSaidToBeInert() throws {
        let book = try Fixture.book()
        // alpha leads by 30 with everything known but breadth; breadth can lift beta by 15 only,
        // and beta is excluded anyway.
        let evaluation = try Fixture.score(
            "capital: 100\nbrand: false\naudience: 5\nservices: []\n", book: book)
        #expect(evaluation.recommendation == "alpha")
        #expect(evaluation.couldChange.isEmpty)
        #expect(evaluation.cannotChange == ["breadth"])
    }

    @Test func exclusionsAreKeptApartFromTheFit() throws {
        let book = try Fixture.book()
        let evaluation = try Fixture.score("brand: false\nbreadth: broad\n", book: book)
        let beta = try #require(evaluation.standing(of: "beta"))
        #expect(beta.excluded)
        #expect(beta.excludedBy == ["brand-needed-for-beta"])
        #expect(beta.fit == 65)  // the highest fit, but excluded
        #expect(evaluation.recommendation != "beta")
        #expect(evaluation.ranking.last?.model == "beta")
    }

    @Test func tiesAreListedByModelIdButDecideNothing() throws {
        let book = try Fixture.book()
        let evaluation = try Fixture.score("capital: 50000\nbrand: true\n", book: book)
        #expect(evaluation.ranking.map(\.model) == ["alpha", "beta", "gamma"])
        #expect(evaluation.recommendation == nil)
        #expect(evaluation.undecided == .tie(between: ["alpha", "beta", "gamma"]))
    }

    @Test func everyModelExcludedMeansNoRecommendation() throws {
        let rules = Fixture.rules + """
              - id: nothing-fits
                when: capital > 1000000
                because: Too much.
                encodes: [alpha/light]
                exclude: [alpha, beta, gamma]

            """
        let book = try Fixture.book(rules: rules)
        let evaluation = try Fixture.score("capital: 2000000\n", book: book)
        #expect(evaluation.recommendation == nil)
        #expect(evaluation.ranking.allSatisfy { $0.excluded })
    }

    @Test func scoringIsDeterministic() throws {
        let book = try Fixture.book()
        let yaml = "capital: 5000\nbreadth: broad\nservices: [payment]\n"
        let first = try Fixture.score(yaml, book: book)
        for _ in 0..<20 { #expect(try Fixture.score(yaml, book: book) == first) }
    }

    @Test func theTraceSaysWhichPartsOfAConditionHeld() throws {
        let book = try Fixture.book()
        let evaluation = try Fixture.score("services: [payment]\naudience: 50\n", book: book)
        let outcome = try #require(evaluation.trace.first { $0.ruleId == "services-suit-gamma" })
        #expect(outcome.status == .notFired)
        #expect(outcome.clauses.map(\.held) == [true, false])
        #expect(outcome.factsRead.map(\.fact).sorted() == ["audience", "services"])
    }
}
