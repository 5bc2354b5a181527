import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Interview a founder in the terminal, asking only what can change the recommendation.",
        discussion: """
            The questions, choices and help come from the rule book. After each answer the next \
            question is the one whose answer can change the ranking most; the interview stops as \
            soon as no unanswered question can change the recommendation (--all asks everything), \
            then shows the ranking and the recommendation and offers to save the profile and a \
            Markdown report.

            On a terminal: arrow keys and Enter choose; typing a choice's number or first letters \
            moves to it; space ticks choices of a list; numbers are typed (30000, 30,000 or 30k). \
            Type ? for help and why the question is asked, back for the previous question, skip to \
            leave a fact unknown, quit (or Ctrl-C) to save the answers so far and stop.

            Without a terminal (piped input, TERM=dumb) the interview reads one answer a line: a \
            choice's number or value, yes/no, a number, a list as values separated by commas \
            (none for an empty list), or ?, back, skip, quit. The end of input quits and saves. \
            After the last question it reads one more line for each file it offers to write (a \
            file name, or an empty line for no).

            Files: --answers FILE pre-fills answers and is never written to; --resume FILE \
            continues a saved interview and saves back to FILE; quitting without --save writes \
            advisor-answers.yaml (or advisor-answers-2.yaml, ...) in the current folder. Files are \
            written atomically. A fact saved with an empty value was skipped and is not asked again.

            Examples:
              advisor ask
              advisor ask --save founder.yaml --report founder.md
              advisor ask --resume advisor-answers.yaml
              advisor ask --answers Examples/profiles/m2c-korean-skincare-brand.yaml --all
              printf 'warehouse\\nbusinesses\\n800000\\n' | advisor ask --save founder.yaml

            Exit codes: 0 finished, or quit with the answers saved; 2 the rule book, the command \
            line or an --answers/--resume file is wrong, or a file could not be written; 130 \
            interrupted by Ctrl-C (answers saved); 128+N ended by signal N (answers saved).
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var languageOptions: LanguageOptions
    @Option(name: .long, help: ArgumentHelp("Save the profile to this file (YAML) without asking.", valueName: "file"))
    var save: String?
    @Option(name: .long, help: ArgumentHelp("Write the Markdown report to this file without asking.", valueName: "file"))
    var report: String?
    @Option(name: .long, help: ArgumentHelp("Pre-fill answers from a profile and ask only what is missing; the file is not changed.", valueName: "file"))
    var answers: String?
    @Option(name: .long, help: ArgumentHelp("Continue an interview saved earlier, saving back to the same file.", valueName: "file"))
    var resume: String?
    @Flag(name: .long, help: "Ask every question, even those that cannot change the recommendation.")
    var all = false
    @Option(name: .long, help: ArgumentHelp("A name for the profile (kept in the saved file).", valueName: "text"))
    var name: String?
    @Option(name: .long, help: ArgumentHelp("Notes for the profile (kept in the saved file).", valueName: "text"))
    var notes: String?

    func validate() throws {
        if answers != nil && resume != nil {
            throw ValidationError("give --answers or --resume, not both: --resume continues a saved interview, --answers only pre-fills from a profile")
        }
        if let save, let answers, AnswerFiles.sameFile(save, answers) {
            throw ValidationError("--save \(save) would overwrite the --answers file, which is never written to; save elsewhere, or use --resume \(answers) to continue and update it")
        }
        for (option, path) in [("--report", report)] {
            guard let path else { continue }
            for (input, inputPath) in [("--answers", answers), ("--resume", resume)] {
                if let inputPath, AnswerFiles.sameFile(path, inputPath) {
                    throw ValidationError("\(option) \(path) would overwrite the \(input) file; choose another name for the report")
                }
            }
        }
        for (option, path) in [("--save", save), ("--report", report)] {
            guard let path else { continue }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
                throw ValidationError("\(option) \(path): the folder \(folder) does not exist")
            }
        }
    }

    func run() throws {
        let (book, language) = try languageOptions.load(ruleBook)
        var prefilled: [String: CELValue] = [:]
        var skipped: Set<String> = []
        var profileName = name
        var profileNotes = notes
        var welcome: [String] = []
        if let path = answers ?? resume {
            let profile = try loadProfile(path, book: book)
            prefilled = profile.values
            if let file = try? SourceFile.read(path: path).get() {
                skipped = Set(ProfileLoader.emptyAnswers(in: file, ruleBook: book) ?? [])
            }
            profileName = profileName ?? profile.name
            profileNotes = profileNotes ?? profile.notes
            let words = ToolWords(language)
            let skippedText = skipped.isEmpty ? "" : words(.skippedCount, ["n": String(skipped.count)])
            welcome.append(words(resume != nil ? .resuming : .prefilled, ["path": path, "n": String(prefilled.count), "skipped": skippedText]))
        }

        let interview: Interview
        do {
            interview = try Interview(planner: QuestionPlanner(ruleBook: book), answers: prefilled, skipped: skipped, asksEverything: all)
        } catch let error as InterviewError {
            for problem in error.problems { Terminal.error("error: \(problem.message)\(problem.hint.map { " (\($0))" } ?? "")") }
            throw ExitStatus.usage.exitCode
        }

        let style = Style.detect()
        let mode = InteractionMode.detect()
        TerminalControl.installSignalHandlers()
        var prompter: any InterviewPrompter
        switch mode {
        case .menus:
            guard TerminalControl.enterRawMode() else {
                return try runSession(interview, prompter: LinePrompter(style: style, words: ToolWords(language)), style: style, welcome: welcome, name: profileName, notes: profileNotes)
            }
            prompter = MenuPrompter(style: style, words: ToolWords(language))
        case .lines:
            prompter = LinePrompter(style: style, words: ToolWords(language))
        }
        defer { TerminalControl.leaveRawMode() }
        try runSession(interview, prompter: prompter, style: style, welcome: welcome, name: profileName, notes: profileNotes)
    }

    private func runSession(
        _ interview: Interview, prompter: any InterviewPrompter, style: Style, welcome: [String], name: String?, notes: String?
    ) throws {
        var prompter = prompter
        let book = interview.ruleBook
        let words = ToolWords(book.language)
        prompter.say(
            [
                style.bold("advisor ask: \(book.header.name)"),
                book.header.decision,
                words(all ? .atMostQuestionsAll : .atMostQuestionsFewer, ["n": String(book.askedFactCount)]),
                style.dim(words(.welcomeHint)),
            ] + welcome)
        var resumeArguments: [String] = []
        if let rules = ruleBook.rules { resumeArguments += ["--rules", rules] }
        if book.language != RuleBookTexts.sourceLanguage { resumeArguments += ["--lang", book.language] }
        if all { resumeArguments.append("--all") }
        if let report { resumeArguments += ["--report", report] }
        var session = InterviewSession(
            interview: interview, prompter: prompter, style: style,
            files: InterviewFiles(save: save, resume: resume, answers: answers, report: report), name: name, notes: notes,
            resumeArguments: resumeArguments)
        let status = session.run()
        TerminalControl.leaveRawMode()
        if status != 0 { throw ExitCode(status) }
    }

    private func loadProfile(_ path: String, book: RuleBook) throws -> Profile {
        switch ProfileLoader.load(path: path, ruleBook: book) {
        case .success(let profile): return profile
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            Terminal.error("The file given to \(resume != nil ? "--resume" : "--answers") must be a profile; fix it or start without it.")
            throw ExitStatus.usage.exitCode
        }
    }
}
