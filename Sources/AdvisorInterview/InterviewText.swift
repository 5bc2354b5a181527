import AdvisorCEL
import AdvisorEngine
import AdvisorReports
import Foundation

/// The words of the interview: progress, help, WHY, answers, and the closing recommendation,
/// the same in the terminal (`advisor ask`) and on the web (`advisor serve`).
/// Everything about the decision comes from the rule book; nothing here knows a model or a fact.
public enum InterviewText {
    /// "Question 3 of at most 17 · 4 of the 9 left can change the recommendation".
    public static func progress(_ question: InterviewQuestion) -> String {
        let plan = question.plan
        var text = "Question \(question.number) of at most \(question.of)"
        let left = plan.unanswered.count
        if plan.isSettled {
            text += left == 1 ? " · the 1 left cannot change the recommendation" : " · none of the \(left) left can change the recommendation"
        } else {
            text += " · \(plan.couldChange.count) of the \(left) left can change the recommendation"
        }
        return text
    }

    /// The question as the rule book words it (its id when it has no question text).
    public static func question(_ fact: FactDeclaration) -> String {
        fact.question ?? "What is \(fact.id)?"
    }

    /// The help text and why the question is asked, as lines of at most `width` columns.
    public static func why(_ question: InterviewQuestion, reason: QuestionReason, evaluation: Evaluation, book: RuleBook, width: Int) -> [String] {
        var lines: [String] = []
        if let help = question.fact.help, !help.isEmpty { lines += TextLayout.wrap(help, width: width) }
        if !lines.isEmpty { lines.append("") }
        if question.plan.undecided.contains(question.fact.id) {
            lines += TextLayout.wrap("Why this question: the search could not rule out that your answer changes the recommendation, so it asks.", width: width)
        } else if question.canChangeRecommendation {
            lines += TextLayout.wrap("Why this question: your answer can still change the recommendation.", width: width)
        } else {
            lines += TextLayout.wrap("Why this question: its answer can no longer change the recommendation; it is asked because you asked for every question or went back to it.", width: width)
        }
        lines += TextLayout.wrap(standing(evaluation, book: book), width: width)
        let separated = separatedModels(reason, book: book)
        if separated.count == book.models.count, separated.count > 2 {
            lines += TextLayout.wrap("Your answer separates all \(separated.count) models.", width: width)
        } else if separated.count > 1 {
            lines += TextLayout.wrap("Your answer separates \(ReportWords.list(separated.map { modelName($0, book) })).", width: width)
        } else if let only = separated.first {
            lines += TextLayout.wrap("Your answer moves \(modelName(only, book)) against the others.", width: width)
        }
        if reason.rules.isEmpty {
            lines += TextLayout.wrap("No rule is waiting for this answer any more.", width: width)
        } else {
            lines.append("Your answer decides \(reason.rules.count == 1 ? "this rule" : "these \(reason.rules.count) rules"):")
            let shown = 6
            for influence in reason.rules.prefix(shown) {
                lines += TextLayout.wrap("\(influence.rule): \(influence.because) (\(effects(influence)))", width: width, first: "  - ", rest: "    ")
            }
            if reason.rules.count > shown { lines.append("  and \(reason.rules.count - shown) more") }
        }
        return lines
    }

    /// Who leads with the answers so far: "nothing leads yet" while the engine recommends nothing
    /// (no answer yet, or the best fits level).
    public static func standing(_ evaluation: Evaluation, book: RuleBook) -> String {
        let admissible = evaluation.ranking.filter { !$0.excluded }
        guard let top = admissible.first else { return "Nothing leads yet: every model is ruled out so far." }
        let level = admissible.filter { $0.fit == top.fit }.map(\.model)
        guard let leader = evaluation.recommendation else {
            if level.count == 1 { return "Nothing leads yet: no answer so far." }
            let who = level.count == book.models.count ? "all \(level.count) models" : ReportWords.list(level.map { modelName($0, book) })
            return "Nothing leads yet: \(who) stand level at a fit of \(Number.fit(top.fit))."
        }
        guard let runnerUp = evaluation.runnerUp else { return "\(modelName(leader, book)) leads: every other model is ruled out." }
        return "\(modelName(leader, book)) leads with a fit of \(Number.fit(top.fit)); \(modelName(runnerUp.model, book)) follows at \(Number.fit(runnerUp.fit))."
    }

    /// The models the rules waiting on this answer would move or rule out, in the rule book's
    /// order: what the answer tells apart.
    public static func separatedModels(_ reason: QuestionReason, book: RuleBook) -> [String] {
        let touched = Set(reason.rules.flatMap { $0.points.filter { $0.points != 0 }.map(\.model) + $0.excludes })
        return book.models.map(\.id).filter(touched.contains)
    }

    /// What a rule would do: "b2c +20, m2c -15, rules out m2c".
    public static func effects(_ influence: RuleInfluence) -> String {
        var parts = influence.points.map { "\($0.model) \($0.points > 0 ? "+" : "")\(Number.fit($0.points))" }
        if !influence.excludes.isEmpty { parts.append("rules out " + influence.excludes.joined(separator: ", ")) }
        return parts.isEmpty ? "no direct effect; it sets a judgement other rules read" : parts.joined(separator: ", ")
    }

    /// An answer as the founder would say it.
    public static func describe(_ value: CELValue, for fact: FactDeclaration) -> String {
        switch value {
        case .bool(let flag): return flag ? "yes" : "no"
        case .string(let text): return text
        case .list(let items):
            let names = items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
            return names.isEmpty ? "none" : names.joined(separator: ", ")
        case .double(let number): return FactValues.format(number) + (fact.unit.map { " \($0)" } ?? "")
        case .int(let number): return "\(number)" + (fact.unit.map { " \($0)" } ?? "")
        default: return FactValues.render(value)
        }
    }

    /// The model's name and id: "Overseas direct mail (direct_mail)".
    public static func modelName(_ id: String, _ book: RuleBook) -> String {
        guard let index = book.index(ofModel: id) else { return id }
        let name = book.models[index].name
        return name.isEmpty || name == id ? id : "\(name) (\(id))"
    }

    // MARK: - The end

    /// Why the interview ended.
    public static func stopMessage(_ outcome: InterviewOutcome) -> String {
        switch outcome.reason {
        case .settled:
            let count = outcome.remaining.count
            return count == 1
                ? "None of the remaining 1 question can change the recommendation, so the interview stops here."
                : "None of the remaining \(count) questions can change the recommendation, so the interview stops here."
        case .allAnswered:
            return "Every question has been answered or skipped."
        }
    }

    /// The recommendation in two or three sentences: the winner and its lead, the strongest reason
    /// for it, and the strongest reason against it.
    public static func recommendation(_ evaluation: Evaluation, book: RuleBook) -> [String] {
        if let undecided = evaluation.undecided {
            return [UndecidedWords.sentences(undecided, couldChange: evaluation.couldChange, ruleBook: book)]
        }
        guard let winner = evaluation.ranking.first, !winner.excluded else {
            return ["No \(book.header.decision) can be recommended: your answers rule every one out. The ranking shows what excluded each."]
        }
        var first = "Recommendation: \(modelName(winner.model, book)), with a fit of \(Number.fit(winner.fit))"
        if let runnerUp = evaluation.runnerUp {
            let lead = winner.fit - runnerUp.fit
            first += ", \(Number.fit(lead)) ahead of \(runnerUp.model)."
        } else {
            first += "."
        }
        var sentences = [first]
        let fired = evaluation.trace.filter { $0.status == .fired && $0.ruleIndex < book.rules.count }.map { book.rules[$0.ruleIndex] }
        let forWinner = fired.compactMap { rule -> (Rule, Double)? in
            guard let points = rule.scores.first(where: { book.models[$0.model].id == winner.model })?.points else { return nil }
            return (rule, points)
        }
        if let best = forWinner.filter({ $0.1 > 0 }).max(by: { $0.1 < $1.1 }) {
            sentences.append("Most in its favour: \(sentence(best.0.because))")
        }
        if let worst = forWinner.filter({ $0.1 < 0 }).min(by: { $0.1 < $1.1 }) {
            sentences.append("Most against it: \(sentence(worst.0.because))")
        }
        return sentences
    }

    private static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        return ".!?".contains(last) ? trimmed : trimmed + "."
    }
}
