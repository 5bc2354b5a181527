@preconcurrency import Glibc
import AdvisorEngine
import AdvisorInterview
import AdvisorReports
import Foundation

/// Where the interview reads and writes its files.
struct InterviewFiles {
    /// `--save`: where the profile goes, without asking.
    var save: String?
    /// `--resume`: the file being continued; the answers are saved back to it.
    var resume: String?
    /// `--answers`: pre-filled answers; never written to.
    var answers: String?
    /// `--report`: where the Markdown report goes, without asking.
    var report: String?

    /// Where answers are saved when the founder quits: `--save`, the resumed file, or a new file
    /// in the current folder.
    func quitPath() -> String { save ?? resume ?? AnswerFiles.freshName(stem: "advisor-answers", extension: "yaml") }

    /// Why a path chosen at the end cannot be written, if it would overwrite an input file (or,
    /// for the report, the profile being continued).
    func refusal(for path: String, isReport: Bool) -> String? {
        if let answers, AnswerFiles.sameFile(path, answers) {
            return "\(path) is the --answers file, which the interview only reads; choose another name"
        }
        if isReport, let profile = save ?? resume, AnswerFiles.sameFile(path, profile) {
            return "\(path) holds your answers; choose another name for the report"
        }
        return nil
    }
}

/// Runs an interview with a prompter: asks, records, goes back, skips, saves on quit, and at the
/// end shows the ranking and the recommendation and offers to save the profile and the report.
struct InterviewSession {
    var interview: Interview
    var prompter: any InterviewPrompter
    let style: Style
    let files: InterviewFiles
    let name: String?
    let notes: String?
    /// The arguments that resume this session (`--rules DIR`, `--all`), for the resume hint.
    let resumeArguments: [String]

    /// The interview's words, in the rule book's language.
    var words: ToolWords { ToolWords(interview.ruleBook.language) }

    /// Runs to the end; returns the exit status.
    mutating func run() -> Int32 {
        let status = converse()
        prompter.close()
        return status
    }

    /// Asks until the planner is done, lists the answers to check, then shows the result and
    /// offers the files; changing an answer goes back into the questions and returns to the list.
    private mutating func converse() -> Int32 {
        while true {
            switch interview.nextStep() {
            case .ask(let question):
                if let status = ask(question) { return status }
            case .finished(let outcome):
                switch prompter.review(interview.answerLines()) {
                case .confirm:
                    if let status = finish(outcome) { return status }
                case .change(let fact):
                    interview.change(fact)
                case .command(.back):
                    if interview.goBack() == nil {
                        prompter.warn(words(.nothingToGoBackHere))
                    }
                case .command(.quit), .endOfInput:
                    return quit(status: 0)
                case .command:
                    continue
                case .interrupted(let signal):
                    return quit(status: 128 + signal)
                }
            }
        }
    }

    /// Puts one question and records what came of it; the exit status when the interview ends.
    private mutating func ask(_ question: InterviewQuestion) -> Int32? {
        let current = interview
        let context = QuestionContext(answers: interview.answerLines(), isChange: interview.changing == question.fact.id) { width in
            InterviewText.why(question, reason: current.reason(for: question.fact.id), evaluation: current.evaluation, book: current.ruleBook, width: width)
        }
        switch prompter.ask(question, context: context) {
        case .answer(let value):
            if case .failure(let mismatch) = interview.answer(question.fact.id, with: value) {
                prompter.warn(mismatch.message + (mismatch.hint.map { ": \($0)" } ?? ""))
            }
        case .command(.skip):
            interview.skip(question.fact.id)
        case .command(.back):
            if interview.changing == question.fact.id {
                interview.cancelChange()
            } else if interview.goBack() == nil {
                prompter.warn(words(.nothingToGoBackFirst))
            }
        case .command(.quit), .endOfInput:
            return quit(status: 0)
        case .command(.help):
            break
        case .interrupted(let signal):
            return quit(status: 128 + signal)
        }
        return nil
    }

    // MARK: - Quitting

    /// Saves the answers so far and says how to resume.
    private mutating func quit(status: Int32) -> Int32 {
        guard !interview.answers.isEmpty || !interview.skipped.isEmpty else {
            prompter.say(["", words(.nothingSaved)])
            return status
        }
        let path = files.quitPath()
        do {
            try AnswerFiles.write(profileText(), to: path)
        } catch {
            Terminal.error("error: \(error.message)")
            Terminal.error("Your answers so far, as a profile:\n" + profileText())
            return ExitStatus.usage.rawValue
        }
        let command = (["advisor", "ask"] + resumeArguments + ["--resume", path]).map(shellWord).joined(separator: " ")
        prompter.say(["", words(.savedSoFar, ["path": path]), words(.resumeWith, ["command": command])])
        return status
    }

    // MARK: - The end

    /// Shows the result and offers the files; the exit status, or nil when the founder went
    /// back to the list of answers.
    private mutating func finish(_ outcome: InterviewOutcome) -> Int32? {
        let evaluation = outcome.evaluation
        var lines = ["", style.bold(InterviewText.stopMessage(outcome, words: words)), "", style.bold(words(.ranking))]
        lines += InterviewText.ranking(evaluation, book: interview.ruleBook, style: style)
        lines.append("")
        let width = max(TerminalControl.columns - 1, 40)
        var sentences = InterviewText.recommendation(evaluation, book: interview.ruleBook)
        // The unknown answers (skipped ones included) that could still change it, as the report says.
        if evaluation.undecided == nil, let open = UnknownFactWords.couldChange(evaluation.couldChange, ruleBook: interview.ruleBook) {
            sentences.append(open)
        }
        for sentence in sentences {
            lines += TextLayout.wrap(sentence, width: width)
        }
        prompter.conclude(lines)

        // The profile.
        if let path = files.save ?? files.resume {
            guard write(profileText(), to: path, saved: .savedAnswers) else { return ExitStatus.usage.rawValue }
        } else {
            switch offerFile(
                words(.saveProfileQuestion), suggestion: AnswerFiles.freshName(stem: "advisor-profile", extension: "yaml"), about: words(.saveProfileAbout),
                text: profileText(), saved: .savedAnswers, isReport: false)
            {
            case .interrupted(let signal): return quit(status: 128 + signal)
            case .command(.back): return nil
            case .command(.quit): return quit(status: 0)
            default: break
            }
        }
        // The report.
        let report = fullReport()
        if let path = files.report {
            guard write(report, to: path, saved: .savedReport) else { return ExitStatus.usage.rawValue }
        } else {
            switch offerFile(
                words(.writeReportQuestion), suggestion: AnswerFiles.freshName(stem: "advisor-report", extension: "md"), about: words(.writeReportAbout),
                text: report, saved: .savedReport, isReport: true)
            {
            case .interrupted(let signal): return 128 + signal
            case .command(.back): return nil
            default: break
            }
        }
        return ExitStatus.success.rawValue
    }

    /// Offers to write a file until the founder declines, steers elsewhere, or it is written.
    private mutating func offerFile(_ prompt: String, suggestion: String, about: String, text: String, saved: Phrase, isReport: Bool) -> OfferOutcome {
        while true {
            let outcome = prompter.offer(prompt, suggestion: suggestion, about: about)
            guard case .accepted(let path) = outcome else { return outcome }
            if let refusal = files.refusal(for: path, isReport: isReport) {
                prompter.warn(refusal)
                continue
            }
            if write(text, to: path, saved: saved) { return outcome }
        }
    }

    /// `saved`: what to say once it is written ("Saved the report to {path}.").
    private mutating func write(_ text: String, to path: String, saved: Phrase) -> Bool {
        do {
            try AnswerFiles.write(text, to: path)
            prompter.say([words(saved, ["path": path])])
            return true
        } catch {
            prompter.say([style.bad("error: \(error.message)")])
            return false
        }
    }

    /// The report `advisor explain` writes for the answers (with its text chart; the SVG chart is
    /// `advisor explain`'s, for a saved profile).
    private func fullReport() -> String {
        let templates: ReportTemplates
        switch ReportTemplates.load(language: interview.ruleBook.language, overrides: []) {
        case .success(let loaded): templates = loaded
        case .failure(let problems):
            // The built-in templates are tested to load; say so plainly if that ever breaks.
            return "# Report\n\nThe report templates built into advisor do not load:\n\n" + problems.map { "- \($0)\n" }.joined()
        }
        let input = interview.reportInput(
            profilePath: files.save ?? files.resume ?? "advisor ask", name: name, notes: notes, advisorVersion: AdvisorVersion.current)
        return ExplanationReport.markdown(input, templates: templates)
    }

    private func profileText() -> String {
        interview.profileText(name: name, notes: notes, command: "advisor ask")
    }

    /// A word as a shell would need it.
    private func shellWord(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
