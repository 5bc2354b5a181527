import AdvisorCEL
import AdvisorEngine

/// The answers so far as the hidden fields of the next page (see `FieldName`): the only place
/// the interview's state lives between two requests.
enum WebState {
    /// The answers given or skipped, in the order given. While a question is changed from the
    /// list of answers, its earlier answer stays in its place (with `form.changing` naming it),
    /// so `back` can give it back and a new answer keeps its number.
    static func fields(_ interview: Interview, asking question: InterviewQuestion? = nil) -> [FormField] {
        var facts = interview.answeredFacts
        var earlier: [String: CELValue] = [:]
        var earlierSkip: Set<String> = []
        if let question, let changing = interview.changing, changing == question.fact.id, let position = interview.position(of: changing) {
            facts.insert(changing, at: min(position - 1, facts.count))
            if let answer = question.previousAnswer { earlier[changing] = answer } else if question.wasSkipped { earlierSkip.insert(changing) }
        }
        var fields: [FormField] = []
        for fact in facts {
            if let value = interview.answers[fact] ?? earlier[fact] {
                let values = fieldValues(value)
                // An empty list is one empty field: answered, nothing ticked.
                fields += (values.isEmpty ? [""] : values).map { FormField(FieldName.givenPrefix + fact, $0) }
            } else if interview.skipped.contains(fact) || earlierSkip.contains(fact) {
                fields.append(FormField(FieldName.skippedPrefix + fact, "1"))
            }
        }
        return fields
    }

    /// A value as form fields carry it: the rule book's value ids, `true`/`false`, a number as
    /// a profile writes it; one value a field for a list.
    static func fieldValues(_ value: CELValue) -> [String] {
        switch value {
        case .bool(let flag): return [flag ? "true" : "false"]
        case .string(let text): return [text]
        case .list(let items): return items.flatMap(fieldValues)
        case .double(let number): return [FactValues.format(number)]
        case .int(let number): return ["\(number)"]
        default: return [FactValues.render(value)]
        }
    }
}
