import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Testing

/// Without evidence the advisor does not recommend (profile contract, revision 2): a profile with
/// no fact, or with the best admissible models tied, is `undecided`, whatever the model ids say.
@Suite struct UndecidedTests {
    /// Scores a profile both ways the engine offers (traced evaluation, reused scorer).
    static func both(_ yaml: String, book: RuleBook) throws -> (Evaluation, Scorer) {
        let facts = try Fixture.profile(yaml, book: book).facts
        let scorer = Scorer(book)
        scorer.score(facts)
        return (book.score(facts), scorer)
    }

    @Test func aProfileWithoutAnyFactIsUndecidedForWantOfEvidence() throws {
        let book = try Fixture.book()
        let (evaluation, scorer) = try Self.both("{}\n", book: book)
        #expect(evaluation.recommendation == nil)
        #expect(evaluation.undecided == .noFacts)
        #expect(evaluation.runnerUp == nil)
        #expect(evaluation.ranking.map(\.model) == ["alpha", "beta", "gamma"], "the ranking stays complete, ties by id")
        #expect(scorer.recommendation == nil && scorer.undecided == .noFacts)
        #expect(QuestionPlanner(ruleBook: book).plan(try Fixture.profile("{}\n", book: book).facts).recommendation == nil)
    }

    @Test func aTieAtTheTopIsUndecidedBetweenTheTiedModels() throws {
        let book = try Fixture.book()
        // beta is knocked out (no brand); alpha and gamma both stay at the neutral 50.
        let (evaluation, scorer) = try Self.both("capital: 50000\nbrand: false\n", book: book)
        #expect(evaluation.recommendation == nil)
        #expect(evaluation.undecided == .tie(between: ["alpha", "gamma"]))
        #expect(evaluation.undecided?.reason == "tie")
        #expect(scorer.recommendation == nil && scorer.undecided == .tie(between: ["alpha", "gamma"]))
        // What could separate them is named: gamma can still gain through services and audience.
        #expect(evaluation.couldChange.contains("services") && evaluation.couldChange.contains("audience"))
        #expect(!evaluation.couldChange.contains("breadth"), "breadth only scores the excluded beta")
    }

    @Test func aModelAboveEveryOtherIsRecommended() throws {
        let book = try Fixture.book()
        let (evaluation, scorer) = try Self.both("capital: 5000\n", book: book)
        #expect(evaluation.undecided == nil && evaluation.recommendation == "alpha")
        #expect(scorer.undecided == nil && scorer.recommendation.map { book.models[$0].id } == "alpha")
    }

    @Test func everyOutputOfScoreSaysUndecidedAndWhy() throws {
        let book = try Fixture.book()
        let tied = try Fixture.score("capital: 50000\nbrand: false\n", book: book)
        let json = ScoreOutput.json(profile: "p.yaml", name: nil, evaluation: tied).text()
        #expect(json.contains(#""recommendation": null, "undecided": {"reason": "tie", "between": ["alpha", "gamma"]}"#))
        let empty = try Fixture.score("{}\n", book: book)
        #expect(ScoreOutput.json(profile: "p.yaml", name: nil, evaluation: empty).text().contains(#""undecided": {"reason": "no-facts"}"#))
        let text = ScoreOutput.text(profile: "p.yaml", name: nil, evaluation: tied, ruleBook: book)
        #expect(text.contains("No recommendation yet: Alpha and Gamma are tied at the top"))
        #expect(!text.contains("Recommendation:"))
        #expect(UndecidedWords.sentences(.noFacts, couldChange: ["capital"], ruleBook: book).contains("gives no answer at all"))
    }
}
