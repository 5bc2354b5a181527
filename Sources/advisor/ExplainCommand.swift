import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Write a report (Markdown or HTML) that explains a recommendation.",
        discussion: """
            The report has two parts. The founder's page, in plain words and by name: the \
            recommendation and how clear it is, the chart of every model's fit, the strongest \
            reasons, what the founder accepts with it, why not the runner-up, the changes that \
            would change the answer (each checked by scoring again) and the unknown answers that \
            matter. The consultant's appendix: the profile, the ranking, every rule that decided it \
            with its points, facts and sources, the knock-outs, the changes as checked, the unknown \
            facts, the full rule trace, and a receipt (advisor version and rule-book fingerprint) \
            to reproduce it.

            Examples:
              advisor explain Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor explain Examples/profiles/m2c-korean-skincare-brand.yaml -o report.md
              advisor explain Examples/profiles -o reports/
              advisor explain founder.yaml -o report.md --template my-templates/
              advisor explain founder.yaml --format html -o report.html

            With -o report.md the report is written to report.md and its chart to report-fit.svg \
            beside it; \
            without -o the report goes to standard output (the chart as text only). A folder of \
            profiles needs -o FOLDER: one report per profile and an index.md linking them. Files \
            are written whole or not at all, and an input file is never overwritten.

            --format html writes each report as one self-contained HTML page instead (the chart \
            inline, no external files, a print stylesheet for the browser's "print to PDF"), and \
            the index of a folder as index.html.

            --template DIR replaces any of the shipped templates (report.mustache and the \
            sections it includes, index.mustache, page.html.mustache) with the files of the same name in DIR; \
            Docs/report-templates.md lists the values they can use.

            Exit codes: 0 written; 1 some profiles could not be read (the others were explained); \
            2 the rule book, the templates or the command line is wrong.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var languageOptions: LanguageOptions
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report here (a folder for a folder of profiles).", valueName: "path"))
    var output: String?
    @Option(name: .long, help: ArgumentHelp("A folder of .mustache files replacing shipped templates of the same name.", valueName: "dir"))
    var template: String?
    @Option(name: .long, help: ArgumentHelp("markdown (with the chart as an SVG file beside it) or html (one self-contained page).", valueName: "format"))
    var format: ReportFormat = .markdown
    @Option(name: .long, help: ArgumentHelp("The most facts one suggested change may touch (1 to 5).", valueName: "n"))
    var maxChanges = 3
    @Argument(help: ArgumentHelp("A profile file (.yaml, .yml or .json), or a folder of them.", valueName: "profile"))
    var profile: String

    func validate() throws {
        guard (1...5).contains(maxChanges) else { throw ValidationError("--max-changes must be from 1 to 5, not \(maxChanges)") }
        if isDirectory(profile), output == nil {
            throw ValidationError("\(profile) is a folder: give -o FOLDER for its reports, e.g. advisor explain \(profile) -o reports/")
        }
    }

    func run() throws {
        let (book, language) = try languageOptions.load(ruleBook)
        let templates = try loadTemplates(language: language)
        let options = CounterfactualOptions(maximumFactsChanged: maxChanges)
        if isDirectory(profile) {
            try explainFolder(book: book, templates: templates, options: options, into: output ?? "reports")
        } else {
            try explainFile(book: book, templates: templates, options: options)
        }
    }

    // MARK: - One profile

    private func explainFile(book: RuleBook, templates: ReportTemplates, options: CounterfactualOptions) throws {
        let loaded: Profile
        switch ProfileLoader.load(path: profile, ruleBook: book) {
        case .success(let value): loaded = value
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.someProfilesFailed.exitCode
        }
        guard let output else {
            let input = reportInput(loaded, book: book, options: options, chartFile: nil)
            FileHandle.standardOutput.write(Data(report(input, templates: templates).utf8))
            return
        }
        var reportPath = output
        if output.hasSuffix("/") || isDirectory(output) {
            reportPath = (output.hasSuffix("/") ? output : output + "/") + ExplainCommand.stem(profile) + reportExtension
        }
        if format == .html {
            let input = reportInput(loaded, book: book, options: options, chartFile: nil)
            try refuseToOverwriteInputs([reportPath], protected: protectedPaths())
            try write(report(input, templates: templates), to: reportPath)
            Terminal.output("wrote \(reportPath)")
            return
        }
        let chartPath = ExplainCommand.chartPath(forReport: reportPath)
        let input = reportInput(loaded, book: book, options: options, chartFile: ExplainCommand.fileName(chartPath))
        try refuseToOverwriteInputs([chartPath, reportPath], protected: protectedPaths())
        try write(ExplanationReport.chartSVG(input), to: chartPath)
        try write(ExplanationReport.markdown(input, templates: templates), to: reportPath)
        Terminal.output("wrote \(reportPath) and \(chartPath)")
    }

    // MARK: - A folder of profiles

    private func explainFolder(book: RuleBook, templates: ReportTemplates, options: CounterfactualOptions, into folder: String) throws {
        let profiles = try profileFiles(in: profile)
        let names = ExplainCommand.reportNames(for: profiles)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let writesChart = format == .markdown
        let indexPath = base + "index" + reportExtension
        try refuseToOverwriteInputs(
            names.flatMap { [base + $0 + reportExtension] + (writesChart ? [base + $0 + "-fit.svg"] : []) } + [indexPath], protected: protectedPaths(profiles))
        var entries: [ReportIndexEntry] = []
        var failed = 0
        for (path, name) in zip(profiles, names) {
            switch ProfileLoader.load(path: path, ruleBook: book) {
            case .failure(let problems):
                failed += 1
                Terminal.error(DiagnosticText.render(problems))
                entries.append(
                    ReportIndexEntry(
                        profilePath: path, reportFile: name + reportExtension, recommendation: nil, runnerUp: nil, margin: nil,
                        error: problems.sorted().first?.description ?? "cannot be read"))
            case .success(let loaded):
                let input = reportInput(loaded, book: book, options: options, chartFile: writesChart ? name + "-fit.svg" : nil)
                if writesChart { try write(ExplanationReport.chartSVG(input), to: base + name + "-fit.svg") }
                try write(report(input, templates: templates), to: base + name + reportExtension)
                entries.append(
                    ReportIndexEntry(
                        profilePath: path, reportFile: name + reportExtension, recommendation: input.explanation.recommendation,
                        runnerUp: input.explanation.runnerUp, margin: input.explanation.margin))
            }
        }
        let index =
            format == .html
            ? ReportIndex.html(entries, ruleBook: book, advisorVersion: AdvisorVersion.current, templates: templates)
            : ReportIndex.markdown(entries, ruleBook: book, advisorVersion: AdvisorVersion.current, templates: templates)
        try write(index, to: indexPath)
        Terminal.output("wrote \(profiles.count - failed) reports and \(indexPath)")
        if failed > 0 {
            Terminal.error("\(failed) of \(profiles.count) profiles could not be read; \(ExplainCommand.fileName(indexPath)) lists them.")
            throw ExitStatus.someProfilesFailed.exitCode
        }
    }

    /// One profile's report in the chosen format.
    private func report(_ input: ReportInput, templates: ReportTemplates) -> String {
        switch format {
        case .markdown: return ExplanationReport.markdown(input, templates: templates)
        case .html: return ExplanationReport.html(input, templates: templates)
        }
    }

    private var reportExtension: String { format == .html ? ".html" : ".md" }

    private func reportInput(_ loaded: Profile, book: RuleBook, options: CounterfactualOptions, chartFile: String?) -> ReportInput {
        ReportInput(
            profilePath: loaded.source, profileName: loaded.name, notes: loaded.notes, facts: loaded.facts,
            explanation: book.explain(loaded.facts, options: options), ruleBook: book, advisorVersion: AdvisorVersion.current,
            chartFile: chartFile)
    }

    // MARK: - Files

    /// The profile files of a folder (not its subfolders), in name order.
    private func profileFiles(in folder: String) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let profiles = names.filter { name in [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) } && !name.hasPrefix(".") }.sorted()
        guard !profiles.isEmpty else {
            Terminal.error("error: \(folder) holds no profiles (.yaml, .yml or .json files)")
            throw ExitStatus.usage.exitCode
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return profiles.map { base + $0 }
    }

    /// The templates: the shipped ones of the language, with those of --template replacing them
    /// (its `*.mustache` in every language, then those of its `<language>/` folder in that one).
    private func loadTemplates(language: String) throws -> ReportTemplates {
        var overrides: [TemplateFile] = []
        if let template {
            guard isDirectory(template) else {
                Terminal.error("error: --template \(template): no such folder\n  hint: give a folder of .mustache files, e.g. a copy of Templates/")
                throw ExitStatus.usage.exitCode
            }
            let base = template.hasSuffix("/") ? template : template + "/"
            func mustache(in folder: String) -> [String] {
                ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
            }
            let names = mustache(in: template)
            let languageBase = base + ReportTemplates.languageFolder(language) + "/"
            let languageNames = language == RuleBookTexts.sourceLanguage ? [] : mustache(in: languageBase)
            var problems: [Diagnostic] = []
            for path in names.map({ base + $0 }) + languageNames.map({ languageBase + $0 }) {
                switch SourceFile.read(path: path) {
                case .success(let file): overrides.append(TemplateFile(path: file.path, text: file.text))
                case .failure(let problem): problems.append(problem)
                }
            }
            if names.isEmpty && languageNames.isEmpty {
                problems.append(Diagnostic(location: nil, message: "\(template) holds no .mustache files", hint: "copy the templates of Templates/ there and edit them"))
            }
            if !problems.isEmpty {
                Terminal.error(DiagnosticText.render(problems))
                throw ExitStatus.usage.exitCode
            }
        }
        switch ReportTemplates.load(language: language, overrides: overrides) {
        case .success(let templates):
            for warning in templates.warnings { Terminal.error(DiagnosticText.render(warning)) }
            return templates
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
    }

    /// Files the command reads, which it must never write over.
    private func protectedPaths(_ profiles: [String] = []) -> Set<String> {
        var paths = Set((profiles.isEmpty ? [profile] : profiles).map(ExplainCommand.canonical))
        if let template, let names = try? FileManager.default.contentsOfDirectory(atPath: template) {
            for name in names { paths.insert(ExplainCommand.canonical((template.hasSuffix("/") ? template : template + "/") + name)) }
        }
        if let rules = ruleBook.rules, case .success(let files) = RuleBookLoader.ruleFiles(in: rules) {
            for file in files { paths.insert(ExplainCommand.canonical(file)) }
        }
        return paths
    }

    /// Stops before anything is written when an output would replace an input.
    private func refuseToOverwriteInputs(_ outputs: [String], protected: Set<String>) throws {
        for path in outputs where protected.contains(ExplainCommand.canonical(path)) {
            Terminal.error("error: \(path) is an input of this command; it would be overwritten\n  hint: choose another -o")
            throw ExitStatus.usage.exitCode
        }
    }

    /// Writes a file whole or not at all (`AtomicFile`: a temporary file in the same folder,
    /// flushed, then renamed over the destination), creating the folder if needed.
    private func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            Terminal.error("error: cannot create the folder \(folder): \(error.localizedDescription)")
            throw ExitStatus.usage.exitCode
        }
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            Terminal.error(DiagnosticText.render(error))
            throw ExitStatus.usage.exitCode
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The file name without its extension.
    static func stem(_ path: String) -> String {
        let name = fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// `report.md` -> `report-fit.svg`, beside it.
    static func chartPath(forReport path: String) -> String {
        let name = fileName(path)
        let folder = String(path.dropLast(name.count))
        return folder + stem(name) + "-fit.svg"
    }

    /// A report name per profile: its file stem, or its whole name when two profiles share a stem.
    static func reportNames(for profiles: [String]) -> [String] {
        let stems = profiles.map(stem)
        var counts: [String: Int] = [:]
        for stem in stems { counts[stem, default: 0] += 1 }
        return zip(profiles, stems).map { path, stem in
            (counts[stem] ?? 0) > 1 ? fileName(path).replacingOccurrences(of: ".", with: "-") : stem
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
