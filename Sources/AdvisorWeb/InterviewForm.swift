import AdvisorCEL
import AdvisorEngine
import AdvisorInterview
import AdvisorReports
import AdvisorLoading

/// The names of the interview form's fields. A question's own field is named by its fact id,
/// and carries the rule book's value ids (`true`/`false` for yes or no; one field per ticked
/// value of a list). The answers so far travel beside it as hidden fields, in the order they
/// were given, so the server keeps no session. Every other name holds a dot, which no fact id
/// can, so none collides with a question's field.
public enum FieldName {
    /// `given.FACT`: an earlier answer (repeated for a list's values; one empty value for an
    /// empty list).
    public static let givenPrefix = "given."
    /// `skipped.FACT`: a question the founder skipped, so the fact stays unknown.
    public static let skippedPrefix = "skipped."
    /// The fact the page asked for.
    public static let asked = "form.asked"
    /// The fact being changed from the list of answers (its earlier answer is `given.FACT`).
    public static let changing = "form.changing"
    /// The button pressed: `answer` (the default), `skip`, `back`, `confirm`, or `change.FACT`.
    public static let action = "form.action"
    static let changePrefix = "change."
}

/// What the founder asked for with a form.
enum FormAction: Equatable {
    case answer, skip, back, confirm
    case change(String)
}

/// Everything wrong with a form, one message each.
struct Problems: Error {
    var messages: [String]
}

/// A submitted interview form, read against the rule book: the answers so far in the order
/// given, the question it answers and the button pressed. Reading checks every name and value;
/// turning it into an `Interview` replays the answers.
struct InterviewForm {
    enum Entry: Equatable {
        case answer(CELValue)
        case skipped
    }

    var entries: [(fact: String, entry: Entry)] = []
    var changing: String?
    var asked: String?
    var action: FormAction = .answer
    /// The values sent under the asked fact's own name; nil when none was sent.
    var answerValues: [String]?

    /// The most fields a form of `book` sends: each fact's values twice over (an earlier answer
    /// and a new one while it is changed) and the form's own fields.
    static func fieldLimit(_ book: RuleBook) -> Int {
        let perFact = book.askedFacts.map { fact -> Int in
            if case .list(let options) = fact.kind { return options.count + 1 }
            return 1
        }
        return 2 * perFact.reduce(0, +) + 16
    }

    /// Reads the fields, or says everything that is wrong with them.
    static func read(_ fields: [FormField], book: RuleBook, words: WebWords) -> Result<InterviewForm, Problems> {
        var form = InterviewForm()
        var problems: [String] = []
        var given: [String: [String]] = [:]
        var order: [String] = []
        var skipped: Set<String> = []
        var controls: [String: String] = [:]
        func askedFact(_ id: String) -> FactDeclaration? {
            guard let fact = book.fact(id), !fact.isDerived else {
                problems.append(words.unknownQuestion(id, NameSuggestion.hint(for: id, among: book.askedFacts.map(\.id))))
                return nil
            }
            return fact
        }
        // The asked fact first: its own field is only recognised once it is known.
        let asked = fields.last { $0.name == FieldName.asked }?.value
        for field in fields {
            if field.name.hasPrefix(FieldName.givenPrefix) {
                let id = String(field.name.dropFirst(FieldName.givenPrefix.count))
                guard given[id] != nil || askedFact(id) != nil else { continue }
                if given[id] == nil, !skipped.contains(id) { order.append(id) }
                given[id, default: []].append(field.value)
            } else if field.name.hasPrefix(FieldName.skippedPrefix) {
                let id = String(field.name.dropFirst(FieldName.skippedPrefix.count))
                guard skipped.contains(id) || askedFact(id) != nil else { continue }
                if given[id] != nil || skipped.contains(id) {
                    problems.append(words.givenTwice(id))
                    continue
                }
                order.append(id)
                skipped.insert(id)
            } else if [FieldName.asked, FieldName.changing, FieldName.action].contains(field.name) {
                if controls[field.name] != nil, controls[field.name] != field.value { problems.append(words.repeatedField(field.name)) }
                controls[field.name] = field.value
            } else if let asked, field.name == asked {
                form.answerValues = (form.answerValues ?? []) + [field.value]
            } else {
                problems.append(words.unknownField(field.name))
            }
        }
        for id in order {
            guard let fact = book.fact(id) else { continue }
            if skipped.contains(id) {
                form.entries.append((id, .skipped))
            } else if let values = given[id] {
                switch value(values, for: fact, words: words, tool: ToolWords(book.language)) {
                case .success(let value): form.entries.append((id, .answer(value)))
                case .failure(let problem): problems.append(problem.message)
                }
            }
        }
        if let id = asked, askedFact(id) != nil { form.asked = id }
        if let id = controls[FieldName.changing] {
            if askedFact(id) != nil {
                if form.entries.contains(where: { $0.fact == id }) { form.changing = id } else { problems.append(words.notAnswered(id)) }
            }
        }
        switch controls[FieldName.action] {
        case nil, "answer": form.action = .answer
        case "skip": form.action = .skip
        case "back": form.action = .back
        case "confirm": form.action = .confirm
        case let action? where action.hasPrefix(FieldName.changePrefix):
            let id = String(action.dropFirst(FieldName.changePrefix.count))
            if askedFact(id) != nil {
                if form.entries.contains(where: { $0.fact == id }) { form.action = .change(id) } else { problems.append(words.notAnswered(id)) }
            }
        case let action?: problems.append(words.unknownAction(action))
        }
        // Without a question, a form only carries the answers so far (to return to the list of
        // answers); skipping needs to know what is skipped.
        if form.action == .skip, asked == nil { problems.append(words.missingQuestion) }
        return problems.isEmpty ? .success(form) : .failure(Problems(messages: problems))
    }

    /// The value the fields give a fact: a number read as `advisor ask` reads it (`AnswerParser`,
    /// on the shared answer syntax, with its problems in the interview's words, `tool`); a
    /// choice by its value (the id the page sends); a list's values one a field (an empty field
    /// alone: none ticked).
    static func value(_ values: [String], for fact: FactDeclaration, words: WebWords, tool: ToolWords) -> Result<CELValue, AnswerSyntax.Problem> {
        let parsed: CELValue
        if case .list(let options) = fact.kind {
            var items: [CELValue] = []
            for text in values where !text.isEmpty {
                guard let index = AnswerSyntax.option(text, among: options) else { return .failure(AnswerSyntax.Problem(words.notOffered(fact.id, text))) }
                let item = CELValue.string(options[index])
                if items.contains(item) { return .failure(AnswerSyntax.Problem(words.valueTwice(fact.id, options[index]))) }
                items.append(item)
            }
            // In the rule book's order, as a profile lists them.
            parsed = .list(options.filter { items.contains(.string($0)) }.map { .string($0) })
        } else {
            guard values.count == 1 else { return .failure(AnswerSyntax.Problem(words.givenTwice(fact.id))) }
            switch (fact.kind, AnswerSyntax.cell(values[0], for: fact)) {
            case (_, .success(nil)): return .failure(AnswerSyntax.Problem(words.typeAnAnswer(AnswerParser.expectation(fact, words: tool))))
            case (.number, _), (.integer, _):
                // What a founder typed: the interview's own reading and words.
                switch AnswerParser.parse(values[0], for: fact, words: tool) {
                case .answer(let value): parsed = value
                case .invalid(let problem): return .failure(AnswerSyntax.Problem(problem))
                case .command: return .failure(AnswerSyntax.Problem(tool(.notANumber, ["text": values[0], "expectation": AnswerParser.expectation(fact, words: tool)])))
                }
            case (_, .failure): return .failure(AnswerSyntax.Problem(words.notOffered(fact.id, values[0])))
            case (_, .success(let value?)): parsed = value
            }
        }
        switch FactValues.validate(parsed, as: fact.kind, factId: fact.id) {
        case .success(let value): return .success(value)
        case .failure(let mismatch): return .failure(AnswerSyntax.Problem(mismatch.message + (mismatch.hint.map { ": \($0)" } ?? "")))
        }
    }

    /// The interview these answers make, from `fresh` (an interview with no answers): each
    /// replayed in the order given, then the question being changed reopened, as it was when
    /// the page was drawn.
    func interview(from fresh: Interview) -> Interview {
        var interview = fresh
        for (fact, entry) in entries {
            switch entry {
            case .answer(let value): _ = interview.answer(fact, with: value)
            case .skipped: interview.skip(fact)
            }
        }
        if let changing { interview.change(changing) }
        return interview
    }
}
