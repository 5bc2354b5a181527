import AdvisorCEL

/// An adaptive interview as a value: the answers so far, the questions skipped, and what to do
/// next. It asks only questions whose answer can still change the recommendation, the most
/// decisive first (see `QuestionPlanner`), and finishes as soon as no unanswered question can
/// change it, unless it was told to ask everything. Pure: the terminal lives in the CLI.
public struct Interview: Sendable {
    public let planner: QuestionPlanner
    /// Ask every question, even those that cannot change the recommendation.
    public let asksEverything: Bool
    /// The answers so far, by fact id: pre-filled, resumed or given in this session.
    public private(set) var answers: [String: CELValue]
    /// Facts the founder chose to leave unknown: not asked again.
    public private(set) var skipped: Set<String>
    /// The facts answered or skipped in this session, oldest first: what `goBack` undoes.
    /// Pre-filled answers are not in it, so going back never undoes them.
    public private(set) var history: [String] = []
    /// The fact `goBack` or `change` reopened: asked next, whatever the plan says.
    public private(set) var reopened: String?
    /// The fact reopened by `change` (from the list of answers), until it is answered again or
    /// `cancelChange` puts its earlier answer back.
    public private(set) var changing: String?
    /// The facts answered or skipped, in the order the founder gave them: pre-filled ones first,
    /// in the rule book's order, then this session's. A changed answer keeps its place.
    private var order: [String] = []
    /// Facts skipped before `back` or `change` reopened them.
    private var earlierSkips: Set<String> = []
    /// The answer a reopened fact had, offered as the default when it is asked again.
    private var earlierAnswers: [String: CELValue] = [:]

    public var ruleBook: RuleBook { planner.ruleBook }

    /// Starts an interview. Pre-filled `answers` and `skipped` facts must be asked facts of the
    /// rule book, and answers must fit their declarations; otherwise this throws what is wrong.
    public init(planner: QuestionPlanner, answers: [String: CELValue] = [:], skipped: Set<String> = [], asksEverything: Bool = false) throws {
        self.planner = planner
        self.asksEverything = asksEverything
        let book = planner.ruleBook
        var normalised: [String: CELValue] = [:]
        var problems: [FactValues.Mismatch] = []
        for (id, value) in answers.sorted(by: { $0.key < $1.key }) {
            guard let fact = book.fact(id), !fact.isDerived else {
                problems.append(FactValues.Mismatch(message: "'\(id)' is not a question of the rule book", hint: NameSuggestion.hint(for: id, among: book.askedFacts.map(\.id))))
                continue
            }
            switch FactValues.validate(value, as: fact.kind, factId: id) {
            case .success(let value): normalised[id] = value
            case .failure(let mismatch): problems.append(mismatch)
            }
        }
        for id in skipped.sorted() where book.fact(id).map({ $0.isDerived }) ?? true {
            problems.append(FactValues.Mismatch(message: "'\(id)' is not a question of the rule book", hint: NameSuggestion.hint(for: id, among: book.askedFacts.map(\.id))))
        }
        if !problems.isEmpty { throw InterviewError(problems: problems) }
        self.answers = normalised
        self.skipped = skipped.subtracting(normalised.keys)
        self.order = book.askedFacts.map(\.id).filter { normalised[$0] != nil || skipped.contains($0) }
    }

    // MARK: - Where the interview stands

    /// The answers as a fact set, unknown where not answered.
    public var facts: FactSet {
        var bindings = Array(repeating: CELBinding.unknown, count: ruleBook.askedFactCount)
        for (id, value) in answers {
            if let slot = ruleBook.slot(ofFact: id), slot < bindings.count { bindings[slot] = .value(value) }
        }
        return FactSet(bindings: bindings)
    }

    /// The recommendation and its trace for the answers so far, with the unknown facts (skipped
    /// ones included) that could change it as `advisor explain` states them.
    public var evaluation: Evaluation { planner.withUnknownFactsDecided(ruleBook.score(facts), facts: facts) }

    /// The facts answered or skipped so far, in the order they were given (pre-filled ones first):
    /// what a list of the answers shows, one line each.
    public var answeredFacts: [String] { order.filter { answers[$0] != nil || skipped.contains($0) } }

    /// The number of an answered, skipped or reopened question: its place in the order given.
    public func position(of fact: String) -> Int? { order.firstIndex(of: fact).map { $0 + 1 } }

    /// The plan for the answers so far.
    public func plan() -> QuestionPlan { planner.plan(facts, closed: skipped) }

    /// What to do next: the question to ask, or the end of the interview.
    public func nextStep() -> InterviewStep {
        let plan = plan()
        if let fact = reopened, let declaration = ruleBook.fact(fact), answers[fact] == nil, !skipped.contains(fact) {
            return .ask(question(declaration, plan: plan))
        }
        let next: String?
        if plan.isSettled || plan.next == nil {
            next = asksEverything ? plan.unanswered.first : nil
        } else {
            next = plan.next
        }
        guard let next, let declaration = ruleBook.fact(next) else {
            return .finished(
                InterviewOutcome(
                    reason: plan.unanswered.isEmpty ? .allAnswered : .settled, remaining: plan.unanswered, evaluation: evaluation))
        }
        return .ask(question(declaration, plan: plan))
    }

    private func question(_ fact: FactDeclaration, plan: QuestionPlan) -> InterviewQuestion {
        // Numbered on from the answers given, pre-filled and resumed ones included; a changed
        // answer keeps its number.
        let number = position(of: fact.id) ?? answeredFacts.count + 1
        return InterviewQuestion(
            fact: fact, number: number, of: ruleBook.askedFactCount, previousAnswer: earlierAnswers[fact.id],
            wasSkipped: earlierSkips.contains(fact.id), plan: plan,
            // With no single question shown to matter while the recommendation is not settled,
            // every unanswered question is a candidate (see `QuestionPlanner.plan`).
            canChangeRecommendation: plan.couldChange.contains(fact.id) || (!plan.isSettled && plan.couldChange.isEmpty))
    }

    /// Why the question about `fact` is asked, for the answers so far.
    public func reason(for fact: String) -> QuestionReason {
        ruleBook.reason(forAsking: fact, evaluation: ruleBook.score(facts))
    }

    // MARK: - Answering

    /// Records an answer, checked against the fact's declaration. Whole numbers given for a
    /// `number` become doubles, as when scoring a profile.
    public mutating func answer(_ fact: String, with value: CELValue) -> Result<Void, FactValues.Mismatch> {
        guard let declaration = ruleBook.fact(fact), !declaration.isDerived else {
            return .failure(FactValues.Mismatch(message: "'\(fact)' is not a question of the rule book", hint: nil))
        }
        switch FactValues.validate(value, as: declaration.kind, factId: fact) {
        case .failure(let mismatch): return .failure(mismatch)
        case .success(let normalised):
            answers[fact] = normalised
            skipped.remove(fact)
            record(fact)
            return .success(())
        }
    }

    /// Leaves a fact unknown: it is not asked again, and the recommendation is made without it.
    public mutating func skip(_ fact: String) {
        guard let declaration = ruleBook.fact(fact), !declaration.isDerived else { return }
        answers.removeValue(forKey: fact)
        skipped.insert(fact)
        record(fact)
    }

    private mutating func record(_ fact: String) {
        history.append(fact)
        if !order.contains(fact) { order.append(fact) }
        earlierAnswers.removeValue(forKey: fact)
        earlierSkips.remove(fact)
        if reopened == fact { reopened = nil }
        if changing == fact { changing = nil }
    }

    /// Undoes the last answer or skip of this session and asks that question again next.
    /// Returns the reopened fact, or nil when nothing in this session can be undone.
    @discardableResult
    public mutating func goBack() -> String? {
        guard let last = history.popLast() else { return nil }
        reopen(last)
        order.removeAll { $0 == last }
        return last
    }

    /// Reopens an answered or skipped question, pre-filled ones included, to change its answer:
    /// it is asked next, offering the answer it had, and keeps its place in `answeredFacts`.
    /// The questions the new answer makes relevant are asked after it. Returns false when the
    /// fact was neither answered nor skipped.
    @discardableResult
    public mutating func change(_ fact: String) -> Bool {
        guard answers[fact] != nil || skipped.contains(fact) else { return false }
        reopen(fact)
        changing = fact
        return true
    }

    /// Gives the question being changed its earlier answer (or skip) back, as if `change` had
    /// not been called.
    public mutating func cancelChange() {
        guard let fact = changing else { return }
        if let earlier = earlierAnswers.removeValue(forKey: fact) { answers[fact] = earlier }
        if earlierSkips.remove(fact) != nil { skipped.insert(fact) }
        changing = nil
        if reopened == fact { reopened = nil }
    }

    private mutating func reopen(_ fact: String) {
        if let earlier = answers.removeValue(forKey: fact) { earlierAnswers[fact] = earlier }
        if skipped.remove(fact) != nil { earlierSkips.insert(fact) }
        // One question is reopened at a time: one reopened before and not answered stays unanswered.
        if let other = changing, other != fact { cancelChange() }
        reopened = fact
    }
}

/// What the interview does next.
public enum InterviewStep: Sendable {
    /// Ask this question.
    case ask(InterviewQuestion)
    /// The interview is over.
    case finished(InterviewOutcome)
}

/// A question to put to the founder.
public struct InterviewQuestion: Sendable {
    /// The fact asked for: its question, help, values and unit come from the rule book.
    public var fact: FactDeclaration
    /// The question's number: one more than the questions answered or skipped before it,
    /// pre-filled and resumed ones included (a changed answer keeps its number).
    public var number: Int
    /// The most questions the interview can ask: every asked fact of the rule book.
    public var of: Int
    /// The answer given before `back` or `change` reopened the question, to offer as the default.
    public var previousAnswer: CELValue?
    /// Whether the question had been skipped before `back` or `change` reopened it.
    public var wasSkipped: Bool
    /// The plan behind the choice: what is still open and how each candidate rated.
    public var plan: QuestionPlan
    /// Whether the answer can change the recommendation (false only when asking everything, or
    /// when re-asking a question reopened with `back`).
    public var canChangeRecommendation: Bool
}

/// How an interview ended.
public struct InterviewOutcome: Sendable {
    public enum Reason: Sendable, Hashable {
        /// No unanswered question can change the recommendation: the interview stopped early.
        case settled
        /// Every question was answered or skipped.
        case allAnswered
    }

    public var reason: Reason
    /// The questions left unanswered.
    public var remaining: [String]
    /// The recommendation and its trace.
    public var evaluation: Evaluation
}

/// Pre-filled answers that do not fit the rule book.
public struct InterviewError: Error, Sendable {
    public var problems: [FactValues.Mismatch]
}
