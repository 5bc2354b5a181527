import AdvisorEngine

/// The profile a scorer last scored, as a batch's outputs read it. Its unknown facts are
/// decided once (`Scorer.unknownFacts`: the exact search, most of a profile's cost on the
/// shipped rule book), however many readers ask: the record in any format and the cohort
/// tally (`--summary`) say the same lists for the price of one search.
public struct ScoredProfile {
    public let scorer: Scorer
    private var decided: (couldChange: [Int], cannotChange: [Int])?

    public init(_ scorer: Scorer) {
        self.scorer = scorer
    }

    /// The unknown asked facts (slots, in slot order) that could, and that cannot, change the
    /// recommendation: exactly what `advisor explain` and the JSON's `unknown_facts` say.
    public mutating func unknownFacts() -> (couldChange: [Int], cannotChange: [Int]) {
        if let decided { return decided }
        let facts = scorer.unknownFacts()
        decided = facts
        return facts
    }

    /// The evaluation as a value (the json and text formats); its unknown facts are the same
    /// decision, kept for the readers after it.
    public mutating func evaluation() -> Evaluation {
        let evaluation = scorer.evaluation()
        keep(evaluation)
        return evaluation
    }

    /// The explanation of `facts`, the profile's own facts (`--explain`): its unknown facts are
    /// the same decision too.
    public mutating func explanation(of facts: FactSet) -> Explanation {
        let explanation = scorer.book.explain(facts)
        keep(explanation.evaluation)
        return explanation
    }

    private mutating func keep(_ evaluation: Evaluation) {
        guard decided == nil else { return }
        let book = scorer.book
        decided = (evaluation.couldChange.compactMap(book.slot(ofFact:)), evaluation.cannotChange.compactMap(book.slot(ofFact:)))
    }
}
