import AdvisorCEL
import AdvisorEngine
import AdvisorInterview
import AdvisorReports

/// The web interview's pages as HTML: one question a page, the list of answers to check, the
/// result (the report's own HTML page with the downloads above it) and the page of a refused
/// request. Plain forms that work without JavaScript; every rule-book and founder string is
/// escaped (`HTMLText.escape`). The pages use the report's page template, so the interview and
/// its report look alike.
struct WebPages {
    let words: WebWords
    let templates: ReportTemplates
    let advisorVersion: String
    /// The pages' language: every form posts with `?lang=` naming it.
    let language: String
    /// The other languages, offered as a switch on every page.
    let switches: [(tag: String, name: String)]

    /// The interview's own words (progress, the ending) in the pages' language, as `advisor ask` says them.
    private var tool: ToolWords { ToolWords(language) }

    /// Where a form posts: a path of the interview, in this page's language.
    private func target(_ path: String) -> String { "\(path)?lang=\(language)" }

    // MARK: - A question

    /// What a question page shows besides the question.
    struct QuestionExtras {
        /// What is wrong with the answer just sent (shown above the question, linked to its field).
        var problems: [String] = []
        /// A note (nothing to go back to).
        var notice: String?
        /// The values just sent, shown again with a problem so nothing typed is lost.
        var sent: [String]?
    }

    func question(_ question: InterviewQuestion, interview: Interview, extras: QuestionExtras = QuestionExtras()) -> String {
        let fact = question.fact
        let id = fact.id
        var html = "<form method=\"post\" action=\"\(target("/interview"))\" novalidate class=\"question\">\n"
        html += hidden(WebState.fields(interview, asking: question))
        html += hidden([FormField(FieldName.asked, id)] + (interview.changing.map { [FormField(FieldName.changing, $0)] } ?? []))
        if !extras.problems.isEmpty {
            html += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">\n<h2>\(e(words.problemHeading))</h2>\n<ul>\n"
            for problem in extras.problems { html += "<li><a href=\"#\(e(fieldId(id, 0)))\">\(e(problem))</a></li>\n" }
            html += "</ul>\n</div>\n"
        }
        if let notice = extras.notice { html += "<p class=\"notice\" role=\"status\">\(e(notice))</p>\n" }
        html += "<p class=\"caption\">\(e(InterviewText.progress(question, words: tool)))</p>\n"
        let hintId = "hint-\(id)"
        var hints: [String] = []
        if question.wasSkipped { hints.append(words.previouslySkipped) }
        let chosen = chosenValues(question, sent: extras.sent)
        switch fact.kind {
        case .number, .integer:
            hints.insert(AnswerParser.expectation(fact, words: tool), at: 0)
            html += "<h1><label for=\"\(e(fieldId(id, 0)))\">\(e(InterviewText.question(fact, words: tool)))</label></h1>\n"
            html += hint(hints, id: hintId)
            let invalid = extras.problems.isEmpty ? "" : " aria-invalid=\"true\""
            html += "<input type=\"text\" class=\"number\" id=\"\(e(fieldId(id, 0)))\" name=\"\(e(id))\" value=\"\(e(chosen.first ?? ""))\" "
            html += "inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"\(e(hintId))\"\(invalid) autofocus>\n"
        case .bool, .enumeration, .list:
            let isList: Bool
            if case .list = fact.kind { isList = true } else { isList = false }
            if isList { hints.append(words.chooseAnyHint) }
            html += "<fieldset\(hints.isEmpty ? "" : " aria-describedby=\"\(e(hintId))\"")>\n<legend><h1>\(e(InterviewText.question(fact, words: tool)))</h1></legend>\n"
            html += hint(hints, id: hintId)
            // A list with nothing ticked still sends its name: an empty value, read as none.
            if isList { html += hidden([FormField(id, "")]) }
            let firstFocused = chosen.isEmpty ? 0 : choices(fact).firstIndex { chosen.contains($0.value) } ?? 0
            for (index, choice) in choices(fact).enumerated() {
                let inputId = fieldId(id, index)
                let checked = chosen.contains(choice.value) ? " checked" : ""
                // The focus starts on the question: on its chosen answer, or its first choice.
                let autofocus = index == firstFocused ? " autofocus" : ""
                html += "<div class=\"choice\"><input type=\"\(isList ? "checkbox" : "radio")\" id=\"\(e(inputId))\" name=\"\(e(id))\" "
                html += "value=\"\(e(choice.value))\"\(checked)\(autofocus)>"
                html += "<label for=\"\(e(inputId))\">"
                if !choice.label.isEmpty { html += "<span class=\"value\">\(e(choice.label))</span>" }
                if !choice.meaning.isEmpty { html += (choice.label.isEmpty ? "" : " ") + "<span class=\"meaning\">\(e(choice.meaning))</span>" }
                html += "</label></div>\n"
            }
            html += "</fieldset>\n"
        }
        html += why(question, interview: interview)
        html += "<div class=\"buttons\">\n"
        html += button(words.continueButton, action: "answer", primary: true)
        html += button(words.skipButton, action: "skip")
        html += button(words.backButton, action: "back")
        html += "</div>\n</form>\n"
        // After the question, so the Tab key reaches the answer and Continue first.
        html += languageSwitch(WebState.fields(interview, asking: question) + (interview.changing.map { [FormField(FieldName.changing, $0)] } ?? []))
        return page(title: InterviewText.question(fact, words: tool), body: html, ruleBook: interview.ruleBook)
    }

    /// The id of a question's input (the first choice's, for a fieldset).
    private func fieldId(_ fact: String, _ index: Int) -> String { "field-\(fact)-\(index)" }

    private func hint(_ lines: [String], id: String) -> String {
        lines.isEmpty ? "" : "<p class=\"hint\" id=\"\(e(id))\">\(lines.map(e).joined(separator: "<br>"))</p>\n"
    }

    private struct Choice {
        var value: String
        var label: String
        var meaning: String
    }

    private func choices(_ fact: FactDeclaration) -> [Choice] {
        let meaning = { (value: String) in fact.valueMeanings.first { $0.value == value }?.meaning ?? "" }
        switch fact.kind {
        case .bool: return [Choice(value: "true", label: words.yes, meaning: ""), Choice(value: "false", label: words.no, meaning: "")]
        case .enumeration(let options), .list(let options):
            // The id beside its text only for a reader of the ids' language; the value sent stays the id.
            guard InterviewText.showsValueIds(tool) else { return options.map { Choice(value: $0, label: "", meaning: InterviewText.choiceName($0, of: fact, words: tool)) } }
            return options.map { Choice(value: $0, label: $0, meaning: meaning($0)) }
        case .number, .integer: return []
        }
    }

    /// The values to show chosen: those just sent, else the earlier answer of a reopened question.
    private func chosenValues(_ question: InterviewQuestion, sent: [String]?) -> [String] {
        if let sent { return sent }
        guard let earlier = question.previousAnswer else { return [] }
        return WebState.fieldValues(earlier)
    }

    /// The help and why the question is asked, as `advisor ask` shows them for `?`.
    private func why(_ question: InterviewQuestion, interview: Interview) -> String {
        // The plain score, not `interview.evaluation`: the standing the words name (who leads,
        // who follows) is the same in both (the search behind `evaluation` only sorts the
        // unknown facts), and the search would double the cost of a page.
        let lines = InterviewText.why(
            question, reason: interview.reason(for: question.fact.id), evaluation: interview.ruleBook.score(interview.facts),
            book: interview.ruleBook, width: 100_000)
        var html = "<details class=\"why\">\n<summary>\(e(words.whyThisQuestion))</summary>\n"
        var inList = false
        for line in lines {
            let item = line.hasPrefix("  - ") || line.hasPrefix("  and ")
            if item, !inList { html += "<ul>\n" }
            if !item, inList { html += "</ul>\n" }
            inList = item
            if item {
                html += "<li>\(e(line.hasPrefix("  - ") ? String(line.dropFirst(4)) : line.trimmingCharacters(in: .whitespaces)))</li>\n"
            } else if !line.isEmpty {
                html += "<p>\(e(line))</p>\n"
            }
        }
        if inList { html += "</ul>\n" }
        return html + "</details>\n"
    }

    // MARK: - Check your answers

    func check(_ outcome: InterviewOutcome, interview: Interview, notice: String? = nil) -> String {
        var html = "<form method=\"post\" action=\"\(target("/interview"))\" class=\"check\">\n" + hidden(WebState.fields(interview))
        if let notice { html += "<p class=\"notice\" role=\"status\">\(e(notice))</p>\n" }
        html += "<h1>\(e(words.checkTitle))</h1>\n<p>\(e(InterviewText.stopMessage(outcome, words: tool))) \(e(words.checkLead))</p>\n"
        html += "<dl class=\"summary\">\n"
        for line in interview.answerLines() {
            html += "<div class=\"row\"><dt>\(e(line.question))</dt><dd>\(e(line.answer))</dd><dd class=\"change\">"
            html += "<button type=\"submit\" class=\"link\" name=\"\(FieldName.action)\" value=\"\(e(FieldName.changePrefix + line.fact))\" "
            html += "aria-label=\"\(e(words.changeLabel(line.question)))\">\(e(words.changeButton))</button></dd></div>\n"
        }
        html += "</dl>\n<div class=\"buttons\">\n"
        html += button(words.confirmButton, action: "confirm", primary: true, autofocus: true)
        html += button(words.backButton, action: "back")
        html += "</div>\n</form>\n" + languageSwitch(WebState.fields(interview))
        return page(title: words.checkTitle, body: html, ruleBook: interview.ruleBook)
    }

    // MARK: - The result

    /// The report's HTML page, marked with the recommended model (`data-model`, `undecided` when
    /// there is none), with the downloads and a way back to the answers above the report.
    func result(report: String, interview: Interview, notSaved: Bool) -> String {
        let model = interview.evaluation.recommendation ?? "undecided"
        let fields = WebState.fields(interview)
        var actions = "<nav class=\"advisor-actions\" aria-label=\"\(e(words.resultActions))\">\n"
        if notSaved { actions += "<p class=\"notice\" role=\"status\">\(e(words.notSaved))</p>\n" }
        for (path, label) in [("/profile.yaml", words.downloadProfile), ("/report.md", words.downloadReport), ("/interview", words.changeAnswers)] {
            actions += "<form method=\"post\" action=\"\(target(path))\">\n" + hidden(fields) + "<button type=\"submit\" class=\"secondary\">\(e(label))</button>\n</form>\n"
        }
        actions += "<a href=\"\(target("/"))\">\(e(words.startAgain))</a>\n</nav>\n"
        let marked = "<main data-model=\"\(e(model))\">\n" + Self.style + actions
        if let main = report.range(of: "<main>\n") { return report.replacingCharacters(in: main, with: marked) }
        // A page template without <main>: the actions open the body.
        if let body = report.range(of: "<body>\n") { return report.replacingCharacters(in: body, with: "<body>\n" + marked + "</main>\n") }
        return marked + "</main>\n" + report
    }

    // MARK: - A refused request

    func error(_ problems: [String]) -> String {
        var html = "<h1>\(e(words.errorTitle))</h1>\n<p>\(e(words.errorLead))</p>\n<ul class=\"problems\">\n"
        for problem in problems { html += "<li>\(e(problem))</li>\n" }
        html += "</ul>\n<p><a href=\"\(target("/"))\">\(e(words.startAgain))</a></p>\n"
        return page(title: words.errorTitle, body: html, ruleBook: nil)
    }

    // MARK: - Parts

    /// A button for each other language, each posting the answers so far to the same step in
    /// that language (`fields`: what the step needs to be drawn again), so nothing is lost.
    private func languageSwitch(_ fields: [FormField]) -> String {
        guard !switches.isEmpty else { return "" }
        var html = "<nav class=\"languages\" aria-label=\"\(e(words.languageSwitch))\">\n"
        for other in switches {
            html += "<form method=\"post\" action=\"/interview?lang=\(e(other.tag))\">\n" + hidden(fields)
            html += "<button type=\"submit\" class=\"link\" lang=\"\(e(other.tag))\">\(e(other.name))</button>\n</form>\n"
        }
        return html + "</nav>\n"
    }

    private func hidden(_ fields: [FormField]) -> String {
        fields.map { "<input type=\"hidden\" name=\"\(e($0.name))\" value=\"\(e($0.value))\">\n" }.joined()
    }

    private func button(_ label: String, action: String, primary: Bool = false, autofocus: Bool = false) -> String {
        "<button type=\"submit\" name=\"\(FieldName.action)\" value=\"\(action)\"\(primary ? "" : " class=\"secondary\"")\(autofocus ? " autofocus" : "")>\(e(label))</button>\n"
    }

    private func page(title: String, body: String, ruleBook: RuleBook?) -> String {
        let full = ruleBook.map { "\(title) · \(words.pageTitle($0.header.name))" } ?? title
        return templates.renderHTML(ReportTemplates.page, ["title": full, "advisorVersion": advisorVersion, "body": Self.style + body])
    }

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    /// The styles of the interview's forms, besides the report page's own. Inline: the page's
    /// policy allows inline styles and no script at all.
    static let style = """
        <style>
          .caption { color: #4a5568; margin: 0 0 0.4rem; }
          .hint { color: #4a5568; margin: 0 0 0.8rem; }
          fieldset { border: 0; padding: 0; margin: 0 0 1.2rem; }
          legend h1, h1 label { font-size: 1.6rem; }
          legend { padding: 0; margin-bottom: 0.4rem; }
          .choice { display: flex; align-items: flex-start; gap: 0.6rem; margin: 0.5rem 0; }
          .choice input { width: 1.4rem; height: 1.4rem; margin: 0.1rem 0 0; flex: none; }
          .choice label { cursor: pointer; }
          .choice .value { font-weight: 600; }
          .choice .meaning { color: #2d3748; }
          input.number { font-size: 1.1rem; padding: 0.4rem 0.5rem; width: 16rem; max-width: 100%; border: 2px solid #1a202c; }
          input:focus, button:focus, summary:focus, a:focus { outline: 3px solid #f6ad55; outline-offset: 2px; }
          [aria-invalid="true"] { border-color: #c53030; }
          .buttons { display: flex; flex-wrap: wrap; gap: 0.8rem; margin-top: 1.4rem; }
          button { font: inherit; padding: 0.45rem 1rem; border: 2px solid #2f855a; background: #2f855a; color: #fff; cursor: pointer; }
          button.secondary { background: #fff; color: #1a202c; border-color: #a0aec0; }
          button.link { background: none; border: 0; padding: 0; color: #2b6cb0; text-decoration: underline; }
          .why { margin: 1rem 0; }
          .why summary { cursor: pointer; color: #2b6cb0; }
          .error-summary { border: 4px solid #c53030; padding: 0.6rem 1rem; margin-bottom: 1rem; }
          .error-summary h2 { margin-top: 0.2rem; border: 0; }
          .notice { border-left: 4px solid #2b6cb0; padding-left: 0.8rem; }
          .summary .row { display: grid; grid-template-columns: 1fr 12rem 5rem; gap: 0.8rem; border-bottom: 1px solid #e2e8f0; padding: 0.5rem 0; }
          .summary dt { font-weight: 600; }
          .summary dd { margin: 0; }
          .advisor-actions { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin-bottom: 1.5rem;
            padding-bottom: 1rem; border-bottom: 1px solid #e2e8f0; }
          .advisor-actions form { margin: 0; }
          .languages { display: flex; gap: 1rem; margin-top: 2rem; padding-top: 0.6rem; border-top: 1px solid #e2e8f0; }
          .languages form { margin: 0; }
          @media (max-width: 40rem) { .summary .row { grid-template-columns: 1fr; gap: 0.2rem; } }
          @media print { .advisor-actions, .buttons { display: none; } }
        </style>

        """
}
