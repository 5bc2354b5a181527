import AdvisorEngine
import Testing

/// The interview's state machine and its stopping rule, on small rule books built as values.
@Suite struct InterviewTests {
    static func rule(_ id: String, _ when: String, score: [(String, Double)] = [], exclude: [String] = []) -> RuleSource {
        RuleSource(
            id: id, location: nil, condition: PlacedText(unplaced: when), because: "Because \(id).",
            encodes: [.init(id: "x/t", location: nil)],
            scores: score.map { .init(model: $0.0, points: $0.1, location: nil) },
            excludes: exclude.map { .init(id: $0, location: nil) }, derives: [])
    }

    static func book(_ facts: [FactDeclaration], _ rules: [RuleSource]) throws -> RuleBook {
        let models = ["x", "y", "z"].map { id in
            Model(id: id, name: id.uppercased(), summary: "", tradeOffs: [TradeOff(id: "\(id)/t", kind: .trait, seed: "domain", text: "T.")])
        }
        return try RuleBook.compile(RuleBookSource(header: RuleBookHeader(neutral: 50), facts: facts, models: models, rules: rules)).get()
    }

    /// x leads on `base`; `t` can add 4 to y (answer a) or take 4 from x (answer b), never both:
    /// the per-rule bound keeps `t` open, yet no answer to it changes the winner.
    static func exclusiveAnswersBook() throws -> RuleBook {
        try book(
            [
                FactDeclaration(id: "base", kind: .bool, question: "Base?"),
                FactDeclaration(id: "t", kind: .enumeration(["a", "b", "c"]), question: "T?"),
                FactDeclaration(id: "u", kind: .bool, question: "U?"),
            ],
            [
                rule("base-favours-x", "base", score: [("x", 5)]),
                rule("a-lifts-y", "t == 'a'", score: [("y", 4)]),
                rule("b-lowers-x", "t == 'b'", score: [("x", -4)]),
                rule("u-lifts-z", "u", score: [("z", 30)]),
            ])
    }

    @Test func theRecommendationIsSettledWhenNoCombinationOfAnswersChangesItThoughTheBoundKeepsAFactOpen() throws {
        let book = try Self.exclusiveAnswersBook()
        let facts = try book.factSet(["base": .bool(true), "u": .bool(false)]).get()
        #expect(book.score(facts).couldChange == ["t"], "the bound alone would keep asking")
        let plan = QuestionPlanner(ruleBook: book).plan(facts)
        #expect(plan.isSettled)
        #expect(plan.recommendation == "x")
        #expect(plan.unanswered == ["t"])
        #expect(plan.couldChange.isEmpty)
    }

    @Test func aQuestionThatCanChangeTheWinnerIsAskedAndOneThatCannotIsNot() throws {
        let book = try Self.exclusiveAnswersBook()
        let plan = QuestionPlanner(ruleBook: book).plan(try book.factSet(["base": .bool(true)]).get())
        #expect(!plan.isSettled)
        #expect(plan.couldChange == ["u"], "t alone can never unseat x; u can lift z over it")
        #expect(plan.cannotChange == ["t"])
        #expect(plan.next == "u")
    }

    @Test func aSearchBudgetThatRunsOutAsksRatherThanStops() throws {
        let book = try Self.exclusiveAnswersBook()
        let starved = QuestionPlanner(
            ruleBook: book, budget: SearchBudget(settle: 0, influence: 0, perQuestion: 0, lookahead: 0, perAnswer: 0, samples: 0))
        let plan = starved.plan(try book.factSet(["base": .bool(true), "u": .bool(false)]).get())
        #expect(!plan.isSettled)
        #expect(plan.next == "t")
        #expect(plan.undecided == ["t"])
    }

    @Test func aSkippedQuestionStaysUnknownAndIsNotAskedAgain() throws {
        let book = try Self.exclusiveAnswersBook()
        var interview = try Interview(planner: QuestionPlanner(ruleBook: book), answers: ["base": .bool(true)])
        guard case .ask(let first) = interview.nextStep() else {
            Issue.record("the interview ended before asking u")
            return
        }
        #expect(first.fact.id == "u")
        interview.skip("u")
        #expect(interview.skipped == ["u"])
        #expect(interview.answers["u"] == nil)
        // With u left unknown nothing else can change x's lead: the interview ends.
        guard case .finished(let outcome) = interview.nextStep() else {
            Issue.record("the interview asked again after u was skipped")
            return
        }
        #expect(outcome.reason == .settled)
        #expect(outcome.remaining == ["t"])
        #expect(outcome.evaluation.recommendation == "x")
    }

    @Test func backReopensTheLastQuestionOfferingTheEarlierAnswerAndNeverUndoesPrefilledAnswers() throws {
        let book = try Self.exclusiveAnswersBook()
        var interview = try Interview(planner: QuestionPlanner(ruleBook: book), answers: ["base": .bool(true)], asksEverything: true)
        guard case .ask(let first) = interview.nextStep() else {
            Issue.record("nothing asked")
            return
        }
        try interview.answer(first.fact.id, with: .bool(true)).get()
        #expect(interview.history == [first.fact.id])
        #expect(interview.goBack() == first.fact.id)
        #expect(interview.answers[first.fact.id] == nil)
        guard case .ask(let again) = interview.nextStep() else {
            Issue.record("back did not reopen the question")
            return
        }
        #expect(again.fact.id == first.fact.id)
        #expect(again.previousAnswer == .bool(true))
        #expect(interview.goBack() == nil, "the pre-filled answer to base is not undone")
        #expect(interview.answers["base"] == .bool(true))
    }

    @Test func anAnswerThatDoesNotFitIsRefusedWithTheReasonAndNotRecorded() throws {
        let book = try Self.book(
            [FactDeclaration(id: "budget", kind: .number(min: 0, max: nil), question: "Budget?")],
            [Self.rule("rich", "budget >= 100.0", score: [("y", 10)])])
        var interview = try Interview(planner: QuestionPlanner(ruleBook: book))
        guard case .failure(let mismatch) = interview.answer("budget", with: .double(-5)) else {
            Issue.record("a negative budget was accepted")
            return
        }
        #expect(mismatch.message == "'budget' is -5, below its minimum 0")
        #expect(interview.answers.isEmpty)
        #expect(interview.history.isEmpty)
        try interview.answer("budget", with: .int(150)).get()
        #expect(interview.answers["budget"] == .double(150), "a whole number given for a number is held as a double")
    }

    @Test func resumingAsksOnlyWhatIsMissingAndAskingEverythingAsksTheRest() throws {
        let book = try Self.exclusiveAnswersBook()
        let planner = QuestionPlanner(ruleBook: book)
        let resumed = try Interview(planner: planner, answers: ["base": .bool(true), "u": .bool(false)])
        guard case .finished(let outcome) = resumed.nextStep() else {
            Issue.record("a settled resume asked again")
            return
        }
        #expect(outcome.remaining == ["t"])
        let everything = try Interview(planner: planner, answers: ["base": .bool(true), "u": .bool(false)], asksEverything: true)
        guard case .ask(let question) = everything.nextStep() else {
            Issue.record("--all did not ask the last question")
            return
        }
        #expect(question.fact.id == "t")
        #expect(!question.canChangeRecommendation)
    }

    @Test func prefilledAnswersThatDoNotFitTheRuleBookAreRefused() throws {
        let book = try Self.exclusiveAnswersBook()
        let planner = QuestionPlanner(ruleBook: book)
        #expect(throws: InterviewError.self) { _ = try Interview(planner: planner, answers: ["t": .string("d")]) }
        #expect(throws: InterviewError.self) { _ = try Interview(planner: planner, skipped: ["nope"]) }
    }

    @Test func whyNamesTheUndecidedRulesTheAnswerDecidesThoseBearingOnTheLeadFirst() throws {
        let book = try Self.exclusiveAnswersBook()
        let evaluation = book.score(try book.factSet(["base": .bool(true)]).get())
        let reason = book.reason(forAsking: "t", evaluation: evaluation)
        #expect(reason.leader?.model == "x")
        #expect(reason.rules.map(\.rule) == ["a-lifts-y", "b-lowers-x"])
        #expect(reason.rules.allSatisfy { $0.bearsOnLead })
        #expect(reason.rules[1].points == [ModelPoints(model: "x", points: -4)])
        #expect(book.reason(forAsking: "base", evaluation: evaluation).rules.isEmpty, "base is answered")
    }

    @Test func questionsAreNumberedOnFromTheAnswersGivenResumedOnesIncluded() throws {
        let book = try Self.exclusiveAnswersBook()
        var interview = try Interview(planner: QuestionPlanner(ruleBook: book), answers: ["base": .bool(true)], asksEverything: true)
        guard case .ask(let first) = interview.nextStep() else {
            Issue.record("nothing asked")
            return
        }
        #expect(first.number == 2, "one answer was resumed, so this is the second question")
        #expect(first.of == 3)
        interview.skip(first.fact.id)
        guard case .ask(let second) = interview.nextStep() else {
            Issue.record("nothing asked after the skip")
            return
        }
        #expect(second.number == 3, "a skipped question counts")
        interview.goBack()
        guard case .ask(let again) = interview.nextStep() else { return }
        #expect(again.fact.id == first.fact.id && again.number == 2 && again.wasSkipped)
    }

    @Test func changingAnAnswerReopensItKeepsItsPlaceAndAsksWhatTheNewAnswerMakesRelevant() throws {
        let book = try Self.exclusiveAnswersBook()
        let planner = QuestionPlanner(ruleBook: book)
        // base = false: x has no lead, so u and t matter; the founder answers, then changes base.
        var interview = try Interview(planner: planner, answers: ["base": .bool(true), "u": .bool(false)])
        guard case .finished = interview.nextStep() else {
            Issue.record("a settled interview asked")
            return
        }
        #expect(interview.answeredFacts == ["base", "u"], "pre-filled answers in the rule book's order")
        let changed = interview.change("u")
        #expect(changed)
        #expect(interview.changing == "u" && interview.answers["u"] == nil)
        guard case .ask(let reopened) = interview.nextStep() else {
            Issue.record("change did not reopen u")
            return
        }
        #expect(reopened.fact.id == "u" && reopened.number == 2 && reopened.previousAnswer == .bool(false))
        #expect(interview.answeredFacts == ["base"])
        // Cancelling puts the answer back, and the interview is finished again.
        interview.cancelChange()
        #expect(interview.answers["u"] == .bool(false) && interview.changing == nil)
        guard case .finished = interview.nextStep() else {
            Issue.record("cancelling the change left a question open")
            return
        }
        // Changing base to false: x loses its lead, and t can now change the recommendation.
        let changedBase = interview.change("base")
        #expect(changedBase)
        try interview.answer("base", with: .bool(false)).get()
        #expect(interview.changing == nil)
        #expect(interview.answeredFacts == ["base", "u"], "a changed answer keeps its place")
        guard case .ask(let relevant) = interview.nextStep() else {
            Issue.record("the change made t relevant, yet the interview ended")
            return
        }
        #expect(relevant.fact.id == "t" && relevant.number == 3)
        let changedUnanswered = interview.change("t")
        #expect(!changedUnanswered, "an unanswered fact has no answer to change")
    }
}
