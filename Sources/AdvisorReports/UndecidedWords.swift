import AdvisorEngine

/// The one wording of an `undecided` profile (profile contract, revision 2), shared by
/// `advisor score`'s text, the reports and the interview's ending, so that every command says it
/// the same way: why there is no recommendation, and which unknown facts would decide it.
public enum UndecidedWords {
    /// "No recommendation yet: ..." in one or two sentences. `couldChange` are the unknown facts
    /// that could change the recommendation (`Evaluation.couldChange`), named by their display names.
    public static func sentences(_ undecided: Undecided, couldChange: [String], ruleBook: RuleBook) -> String {
        let words = ToolWords(ruleBook.language)
        var text: String
        switch undecided {
        case .noFacts:
            text = words(.undecidedNoFacts)
        case .tie(let between):
            let names = between.map { id in ruleBook.index(ofModel: id).map { ruleBook.models[$0].shortName } ?? id }
            text = words(.undecidedTie, ["models": words.list(names)])
        }
        let facts = couldChange.map { ruleBook.fact($0)?.displayName ?? $0 }
        if facts.isEmpty {
            text += words(undecided == .noFacts ? .noAnswerCouldChange : .noUnknownCanSeparate)
        } else {
            text += words(facts.count == 1 ? .thisAnswerDecides : .theseAnswersDecide, ["facts": words.list(facts)])
        }
        return text
    }
}

/// The one wording of the unknown facts that could, and that cannot, change the recommendation
/// (`Evaluation.couldChange` and `cannotChange`, as `QuestionPlanner.withUnknownFactsDecided` sorts
/// them), shared by `advisor score`'s text, the report and the interview's ending.
public enum UnknownFactWords {
    /// "Unknown answers that could still change the recommendation: appetite for risk and audience."
    /// nil when there is none.
    public static func couldChange(_ facts: [String], ruleBook: RuleBook) -> String? {
        guard !facts.isEmpty else { return nil }
        return ToolWords(ruleBook.language)(.couldChangeSentence, ["facts": names(facts, ruleBook)])
    }

    /// "Unknown answers that cannot change it, whatever they are: ..." nil when there is none.
    public static func cannotChange(_ facts: [String], ruleBook: RuleBook) -> String? {
        guard !facts.isEmpty else { return nil }
        return ToolWords(ruleBook.language)(.cannotChangeSentence, ["facts": names(facts, ruleBook)])
    }

    static func names(_ facts: [String], _ ruleBook: RuleBook) -> String {
        ToolWords(ruleBook.language).list(facts.map { ruleBook.fact($0)?.displayName ?? $0 })
    }
}
