import AdvisorCEL
import AdvisorEngine
import AdvisorReports
import Foundation

/// The words of the interview: progress, help, WHY, answers, and the closing recommendation,
/// the same in the terminal (`advisor ask`) and on the web (`advisor serve`).
/// Everything about the decision comes from the rule book; nothing here knows a model or a fact.
public enum InterviewText {
    /// "Question 3 of at most 17 · 4 of the 9 left can change the recommendation".
    public static func progress(_ question: InterviewQuestion, words: ToolWords = .english) -> String {
        let plan = question.plan
        var text = words(.progress, ["n": String(question.number), "of": String(question.of)])
        let left = plan.unanswered.count
        if plan.isSettled {
            text += left == 1 ? words(.progressOneLeftSettled) : words(.progressNoneLeft, ["left": String(left)])
        } else {
            text += words(.progressSomeLeft, ["can": String(plan.couldChange.count), "left": String(left)])
        }
        return text
    }

    /// The question as the rule book words it (its id when it has no question text).
    public static func question(_ fact: FactDeclaration, words: ToolWords = .english) -> String {
        fact.question ?? words(.questionById, ["id": fact.id])
    }

    /// The help text and why the question is asked, as lines of at most `width` columns.
    public static func why(_ question: InterviewQuestion, reason: QuestionReason, evaluation: Evaluation, book: RuleBook, width: Int) -> [String] {
        let words = ToolWords(book.language)
        var lines: [String] = []
        if let help = question.fact.help, !help.isEmpty { lines += TextLayout.wrap(help, width: width) }
        if !lines.isEmpty { lines.append("") }
        if question.plan.undecided.contains(question.fact.id) {
            lines += TextLayout.wrap(words(.whyUndecided), width: width)
        } else if question.canChangeRecommendation {
            lines += TextLayout.wrap(words(.whyCanChange), width: width)
        } else {
            lines += TextLayout.wrap(words(.whyAskedAnyway), width: width)
        }
        lines += TextLayout.wrap(standing(evaluation, book: book), width: width)
        let separated = separatedModels(reason, book: book)
        if separated.count == book.models.count, separated.count > 2 {
            lines += TextLayout.wrap(words(.separatesAll, ["n": String(separated.count)]), width: width)
        } else if separated.count > 1 {
            lines += TextLayout.wrap(words(.separates, ["models": words.list(separated.map { modelName($0, book) })]), width: width)
        } else if let only = separated.first {
            lines += TextLayout.wrap(words(.movesAgainst, ["model": modelName(only, book)]), width: width)
        }
        if reason.rules.isEmpty {
            lines += TextLayout.wrap(words(.noRuleWaiting), width: width)
        } else {
            lines.append(reason.rules.count == 1 ? words(.decidesThisRule) : words(.decidesRules, ["n": String(reason.rules.count)]))
            let shown = 6
            for influence in reason.rules.prefix(shown) {
                lines += TextLayout.wrap(
                    words(.ruleReason, ["rule": influence.rule, "because": influence.because]) + words.parenthesised(effects(influence, book: book)), width: width, first: "  - ", rest: "    ")
            }
            if reason.rules.count > shown { lines.append(words(.andMore, ["n": String(reason.rules.count - shown)])) }
        }
        return lines
    }

    /// Who leads with the answers so far: "nothing leads yet" while the engine recommends nothing
    /// (no answer yet, or the best fits level).
    public static func standing(_ evaluation: Evaluation, book: RuleBook) -> String {
        let words = ToolWords(book.language)
        let admissible = evaluation.ranking.filter { !$0.excluded }
        guard let top = admissible.first else { return words(.nothingLeadsRuledOut) }
        let level = admissible.filter { $0.fit == top.fit }.map(\.model)
        guard let leader = evaluation.recommendation else {
            if level.count == 1 { return words(.nothingLeadsNoAnswer) }
            let who = level.count == book.models.count ? words(.allModels, ["n": String(level.count)]) : words.list(level.map { modelName($0, book) })
            return words(.standLevel, ["who": who, "fit": Number.fit(top.fit)])
        }
        guard let runnerUp = evaluation.runnerUp else { return words(.leadsAlone, ["model": modelName(leader, book)]) }
        return words(
            .leads, ["model": modelName(leader, book), "fit": Number.fit(top.fit), "runnerUp": modelName(runnerUp.model, book), "runnerUpFit": Number.fit(runnerUp.fit)])
    }

    /// The models the rules waiting on this answer would move or rule out, in the rule book's
    /// order: what the answer tells apart.
    public static func separatedModels(_ reason: QuestionReason, book: RuleBook) -> [String] {
        let touched = Set(reason.rules.flatMap { $0.points.filter { $0.points != 0 }.map(\.model) + $0.excludes })
        return book.models.map(\.id).filter(touched.contains)
    }

    /// What a rule would do: "b2c +20, m2c -15, rules out m2c" (the table's `modelPoints`
    /// names the model by id or by its short name).
    public static func effects(_ influence: RuleInfluence, book: RuleBook) -> String {
        let words = ToolWords(book.language)
        var parts = influence.points.map { words(.modelPoints, ["model": modelRef($0.model, book), "points": ($0.points > 0 ? "+" : "") + Number.fit($0.points)]) }
        if !influence.excludes.isEmpty {
            parts.append(words(.rulesOut, ["models": influence.excludes.map { modelRef($0, book) }.joined(separator: words.comma)]))
        }
        return parts.isEmpty ? words(.noDirectEffect) : parts.joined(separator: words.comma)
    }

    /// An answer as the founder would say it.
    public static func describe(_ value: CELValue, for fact: FactDeclaration, words: ToolWords = .english) -> String {
        switch value {
        case .bool(let flag): return flag ? words(.yes) : words(.no)
        case .string(let text): return choiceName(text, of: fact, words: words)
        case .list(let items):
            let names = items.compactMap { if case .string(let text) = $0 { return choiceName(text, of: fact, words: words) } else { return nil } }
            return names.isEmpty ? words(.none) : names.joined(separator: words.comma)
        case .double(let number): return words.withUnit(words.number(number), fact.unit)
        case .int(let number): return words.withUnit(words.number(Double(number)), fact.unit)
        default: return FactValues.render(value)
        }
    }

    /// A choice as the founder reads it: its value (an id, written in the rule book's own
    /// language) for a reader of that language, else the value's text in the reader's language
    /// ("consumers" in English, 个人消费者 in Chinese). What is typed or sent stays the value.
    public static func choiceName(_ value: String, of fact: FactDeclaration, words: ToolWords) -> String {
        guard !showsValueIds(words),
            let meaning = fact.valueMeanings.first(where: { $0.value == value })?.meaning, !meaning.isEmpty
        else { return value }
        return meaning
    }

    /// A model named in passing: its id, or in Chinese its short name (the table's `modelRef`).
    public static func modelRef(_ id: String, _ book: RuleBook) -> String {
        let short = book.index(ofModel: id).map { book.models[$0].shortName } ?? id
        return ToolWords(book.language)(.modelRef, ["id": id, "short": short])
    }

    /// Whether choices are shown by their values (ids) beside their texts: only to a reader of
    /// the rule book's own language, in which the ids are written.
    public static func showsValueIds(_ words: ToolWords) -> Bool { words.language == RuleBookTexts.sourceLanguage }

    /// The model as the interview names it: "Overseas direct mail (direct_mail)"; in Chinese
    /// its short name, 海外直邮 (the table's `modelWithId`).
    public static func modelName(_ id: String, _ book: RuleBook) -> String {
        guard let index = book.index(ofModel: id) else { return id }
        let model = book.models[index]
        return model.name.isEmpty || model.name == id ? id : ToolWords(book.language)(.modelWithId, ["name": model.name, "short": model.shortName, "id": id])
    }

    // MARK: - The end

    /// Why the interview ended.
    public static func stopMessage(_ outcome: InterviewOutcome, words: ToolWords = .english) -> String {
        switch outcome.reason {
        case .settled:
            let count = outcome.remaining.count
            return count == 1 ? words(.stopSettledOne) : words(.stopSettled, ["n": String(count)])
        case .allAnswered:
            return words(.stopAllAnswered)
        }
    }

    /// The recommendation in two or three sentences: the winner and its lead, the strongest reason
    /// for it, and the strongest reason against it.
    public static func recommendation(_ evaluation: Evaluation, book: RuleBook) -> [String] {
        if let undecided = evaluation.undecided {
            return [UndecidedWords.sentences(undecided, couldChange: evaluation.couldChange, ruleBook: book)]
        }
        let words = ToolWords(book.language)
        guard let winner = evaluation.ranking.first, !winner.excluded else {
            return [words(.noneRecommendable)]
        }
        var first = words(.recommendationLine, ["model": modelName(winner.model, book), "fit": Number.fit(winner.fit)])
        if let runnerUp = evaluation.runnerUp {
            first += words(.recommendationAhead, ["lead": Number.fit(winner.fit - runnerUp.fit), "runnerUp": modelRef(runnerUp.model, book)])
        }
        first += words.fullStop
        var sentences = [first]
        let fired = evaluation.trace.filter { $0.status == .fired && $0.ruleIndex < book.rules.count }.map { book.rules[$0.ruleIndex] }
        let forWinner = fired.compactMap { rule -> (Rule, Double)? in
            guard let points = rule.scores.first(where: { book.models[$0.model].id == winner.model })?.points else { return nil }
            return (rule, points)
        }
        if let best = forWinner.filter({ $0.1 > 0 }).max(by: { $0.1 < $1.1 }) {
            sentences.append(words(.mostInFavour, ["reason": sentence(best.0.because, words)]))
        }
        if let worst = forWinner.filter({ $0.1 < 0 }).min(by: { $0.1 < $1.1 }) {
            sentences.append(words(.mostAgainst, ["reason": sentence(worst.0.because, words)]))
        }
        return sentences
    }

    private static func sentence(_ text: String, _ words: ToolWords) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        return ".!?。！？".contains(last) ? trimmed : trimmed + words.fullStop
    }
}
