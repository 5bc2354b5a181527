import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Testing

/// `advisor check` holds authors to honest knowledge: points go the way the cited trade-offs
/// say, one claim is counted once, and every number in a condition has a stated basis. Each
/// warning is shown on a small book that triggers it and on one that does not.
@Suite struct KnowledgeChecksTests {
    /// Facts capital (number) and shops (list); model alpha with one trade-off of each kind, beta with one.
    static let base = """
        facts:
          - {id: capital, type: number, min: 0}
          - {id: audience, type: integer, min: 0}
          - id: shops
            type: list
            values: [own, partner]
        models:
          - id: alpha
            name: Alpha
            tradeoffs:
              - {id: light, kind: advantage, seed: "000", text: Light.}
              - {id: cheap-goods, kind: disadvantage, seed: "004", text: Goods are cheap.}
              - {id: needs-shops, kind: requirement, seed: "004", text: Needs shops.}
              - {id: float, kind: advantage, perspective: platform, seed: "000", text: Cash stays with the platform.}
          - id: beta
            name: Beta
            tradeoffs:
              - {id: heavy, kind: disadvantage, seed: "000", text: Heavy.}
        thresholds:
          - {fact: capital, value: 10000, basis: A first container of stock costs about that., source: judgement}

        """

    /// The catalogue entry for capital 50000, for books that compare with it.
    static let fiftyThousand = """
        thresholds:
          - {fact: capital, value: 50000, basis: Enough for a season of stock., source: judgement}
          - {fact: shops, value: 1, basis: At least one shop., source: judgement}

        """

    static func files(_ rules: String) -> [SourceFile] {
        [SourceFile(path: "a.yaml", text: base), SourceFile(path: "b.yaml", text: rules)]
    }

    static func book(_ rules: String) throws -> RuleBook { try RuleBookLoader.load(files: files(rules)).get() }

    static func findings(_ rules: String) throws -> [Diagnostic] { try book(rules).knowledgeFindings() }

    static func messages(_ rules: String) throws -> [String] { try findings(rules).map(\.message) }

    // MARK: - Direction

    @Test func raisingAModelCitingOnlyItsDisadvantagesIsFlaggedAtTheScore() throws {
        let rules = """
            rules:
              - id: cheap-goods-suit-alpha
                when: capital < 10000.0
                because: Cheap goods.
                encodes: [alpha/cheap-goods, beta/heavy]
                score: {beta: -5, alpha: 8}
            """
        let found = try Self.findings(rules)
        #expect(found.map(\.message) == ["rule 'cheap-goods-suit-alpha' raises model 'alpha' (+8) citing only its disadvantages (alpha/cheap-goods)"])
        #expect(found.first?.location == SourceLocation(file: "b.yaml", line: 6, column: 23))
        #expect(found.first?.severity == .warning)
        // Citing the requirement the founder meets makes it a reason.
        #expect(try Self.messages(rules.replacingOccurrences(of: "[alpha/cheap-goods, beta/heavy]", with: "[alpha/cheap-goods, alpha/needs-shops, beta/heavy]")) == [])
        // Lowering for the disadvantage is what a disadvantage may do.
        #expect(try Self.messages(rules.replacingOccurrences(of: "alpha: 8", with: "alpha: -8")) == [])
    }

    @Test func pointsRestingOnlyOnThePlatformsSideAreFlagged() throws {
        let rules = """
            rules:
              - id: float-suits-alpha
                when: capital < 10000.0
                because: The platform keeps the cash.
                encodes: [alpha/float]
                score: {alpha: 6}
            """
        #expect(
            try Self.messages(rules) == [
                "rule 'float-suits-alpha' gives model 'alpha' +6 resting only on claims from the platform's side (alpha/float)"
            ])
        // A founder's own claim beside it carries the points.
        #expect(try Self.messages(rules.replacingOccurrences(of: "[alpha/float]", with: "[alpha/float, alpha/light]")) == [])
    }

    @Test func aRuleReadFromThePlatformsSideMayRestOnThePlatformsClaimsAndOnlyThen() throws {
        let rules = """
            rules:
              - id: platform-runner-keeps-the-float
                when: capital >= 10000.0
                because: You run the platform, so its float is yours.
                perspective: platform
                encodes: [alpha/float]
                score: {alpha: 6}
            """
        // A founder who runs the platform lives the platform's claims.
        #expect(try Self.messages(rules) == [])
        #expect(try Self.book(rules).rules.first?.perspective == .platform)
        // Read from the platform's side, the points must rest on one of the platform's claims.
        #expect(
            try Self.messages(rules.replacingOccurrences(of: "[alpha/float]", with: "[alpha/light]")) == [
                "rule 'platform-runner-keeps-the-float' is read from the platform's side but gives model 'alpha' +6 "
                    + "citing none of the platform's claims (alpha/light)"
            ])
        guard case .failure(let problems) = RuleBookLoader.load(files: Self.files(rules.replacingOccurrences(of: "perspective: platform", with: "perspective: host"))) else {
            Issue.record("an unknown rule perspective loaded")
            return
        }
        #expect(problems.map(\.message) == ["rule 'platform-runner-keeps-the-float' has an unknown perspective 'host'"])
    }

    @Test func aPlatformsClaimNoRuleEncodesIsCoveredAsThePlatformsSideAndAFoundersClaimIsNot() throws {
        let book = try Self.book("rules: []\n")
        let lines = book.coverage(of: book.runTests([])).tradeOffs
        #expect(lines.filter(\.isCovered).map(\.tradeOff.id) == ["alpha/float"], "only the platform's claim needs no rule")
        #expect(lines.first { $0.tradeOff.id == "alpha/float" }?.isPlatformSide == true)
    }

    @Test func loweringAModelCitingOnlyItsAdvantagesIsFlagged() throws {
        let rules = """
            rules:
              - id: no-capital-against-alpha
                when: capital < 10000.0
                because: Little money.
                encodes: [alpha/light, alpha/float, beta/heavy]
                score: {alpha: -6, beta: -6}
            """
        #expect(try Self.messages(rules) == ["rule 'no-capital-against-alpha' lowers model 'alpha' (-6) citing only its advantages (alpha/light, alpha/float)"])
        // The requirement behind the penalty is the honest citation.
        #expect(try Self.messages(rules.replacingOccurrences(of: "alpha/float", with: "alpha/needs-shops")) == [])
    }

    @Test func pointsForAModelCitingNoneOfItsTradeOffsAreFlagged() throws {
        let rules = """
            rules:
              - id: beta-for-the-rich
                when: capital >= 10000.0
                because: Money.
                encodes: [alpha/light]
                score: {alpha: 5, beta: 5}
            """
        #expect(try Self.messages(rules) == ["rule 'beta-for-the-rich' gives model 'beta' +5 citing none of its trade-offs"])
    }

    // MARK: - Stacking

    static let stacked = fiftyThousand + """
        rules:
          - id: light-budget
            when: capital < 10000.0
            because: Little money.
            encodes: [alpha/light]
            score: {alpha: 10}
          - id: light-and-online
            when: capital < 50000.0 && 'own' in shops
            because: Online and light.
            encodes: [alpha/light, alpha/needs-shops]
            score: {alpha: 15}
          - id: shops-for-alpha
            when: size(shops) >= 1
            because: Shops.
            encodes: [alpha/needs-shops]
            score: {alpha: 4}
        """

    @Test func oneClaimCountedTwiceThroughTheSameFactIsFlaggedWithTheTotal() throws {
        let found = try Self.findings(Self.stacked)
        #expect(found.map(\.message) == [
            "model 'alpha' gets +25 from rules 'light-budget' (+10), 'light-and-online' (+15), which all read capital, cite alpha/light "
                + "and can fire together: one claim counted 2 times",
            "model 'alpha' gets +19 from rules 'light-and-online' (+15), 'shops-for-alpha' (+4), which all read shops, cite alpha/needs-shops "
                + "and can fire together: one claim counted 2 times",
        ])
        #expect(found.map { $0.location?.description ?? "" } == ["b.yaml:10:5", "b.yaml:15:5"])
    }

    @Test func tiersThatCannotFireTogetherAreNotAStack() throws {
        // Exclusive tiers of one fact, and rules that share no fact, count once each.
        let tiers = Self.stacked
            .replacingOccurrences(of: "capital < 50000.0 && 'own' in shops", with: "capital >= 10000.0 && capital < 50000.0 && 'own' in shops")
            .replacingOccurrences(of: "when: size(shops) >= 1", with: "when: capital >= 50000.0")
        #expect(try Self.messages(tiers) == ["the threshold 1 of 'shops' is stated but no condition compares 'shops' with it"])
    }

    // MARK: - Thresholds

    @Test func aNumberWithNoStatedBasisIsFlaggedAtTheNumber() throws {
        let rules = """
            rules:
              - id: big-audience-for-alpha
                when: audience >= 5000 && capital >= 10000.0 && size(shops) > 0
                because: An audience.
                encodes: [alpha/light]
                score: {alpha: 5}
            """
        let found = try Self.findings(rules)
        #expect(found.map(\.message) == ["rule 'big-audience-for-alpha' compares 'audience' with 5000 and no basis is stated for it"])
        #expect(found.first?.location == SourceLocation(file: "b.yaml", line: 3, column: 23))
        #expect(found.first?.hint?.contains("{fact: audience, value: 5000, basis:") == true)
        // The catalogue entry for capital 10000 is used, and zero needs no basis.
        let book = try Self.book(rules)
        let constants = try #require(book.rules.first?.constants)
        #expect(constants.map(\.number) == [5000, 10000, 0])
        #expect(constants.map { $0.basis?.basis } == [nil, "A first container of stock costs about that.", nil])
        #expect(constants.map(\.facts) == [["audience"], ["capital"], ["shops"]])
    }

    @Test func aStatedBasisNoConditionUsesIsFlagged() throws {
        let rules = Self.fiftyThousand + """
            rules:
              - id: small-budget-for-alpha
                when: capital < 10000.0
                because: Little money.
                encodes: [alpha/light]
                score: {alpha: 5}
            """
        let found = try Self.findings(rules)
        #expect(found.map(\.message) == [
            "the threshold 50000 of 'capital' is stated but no condition compares 'capital' with it",
            "the threshold 1 of 'shops' is stated but no condition compares 'shops' with it",
        ])
        #expect(found.first?.location?.description == "b.yaml:2:5")
    }

    @Test func aCatalogueEntryForAnUndeclaredFactOrSourceIsALoadError() {
        let unknownSource = """
            thresholds:
              - {fact: capital, value: 7, basis: Where from?, source: rumour}
            """
        guard case .failure(let problems) = RuleBookLoader.load(files: Self.files(unknownSource)) else {
            Issue.record("the rule book loaded")
            return
        }
        #expect(problems.map(\.description) == [
            "b.yaml:2:59: error: the threshold of 'capital' has an unknown source 'rumour'\n  hint: expected one of: judgement, market, seed"
        ])
        let wrongEntries = """
            thresholds:
              - {fact: capitl, value: 5, basis: Typo., source: judgement}
              - {fact: capital, value: 10000, basis: Twice., source: judgement}
              - {fact: capital, value: 20000, basis: "", source: judgement}
            """
        guard case .failure(let compileProblems) = RuleBookLoader.load(files: Self.files(wrongEntries)) else {
            Issue.record("the rule book loaded")
            return
        }
        #expect(compileProblems.map(\.message) == [
            "the threshold 5 names unknown fact 'capitl'", "the threshold 10000 of 'capital' is stated twice",
            "the threshold 20000 of 'capital' has no basis",
        ])
        #expect(compileProblems.first?.hint == "did you mean 'capital'?")
    }

    // MARK: - Trade-off kinds and perspective

    @Test func tradeOffsStateTheirKindAndWhoseExperienceTheyAre() throws {
        let book = try Self.book("rules: []\n")
        let alpha = try #require(book.models.first)
        #expect(alpha.tradeOffs.map(\.kind) == [.advantage, .disadvantage, .requirement, .advantage])
        #expect(alpha.tradeOffs.map(\.perspective) == [.founder, .founder, .founder, .platform])
        let wrong = Self.base.replacingOccurrences(of: "perspective: platform", with: "perspective: marketplace")
        guard case .failure(let problems) = RuleBookLoader.load(files: [SourceFile(path: "a.yaml", text: wrong)]) else {
            Issue.record("an unknown perspective loaded")
            return
        }
        #expect(problems.map(\.message) == ["trade-off 'float' has an unknown perspective 'marketplace'"])
        #expect(problems.first?.hint == "expected one of: founder, platform")
    }
}
