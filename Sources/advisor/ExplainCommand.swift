import AdvisorBatch
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
              advisor explain cohort.csv --id-field client_id --pass-columns email -o reports/
              advisor explain founder.yaml -o report.md --template my-templates/
              advisor explain founder.yaml --format html -o report.html

            Inputs are read as advisor score reads them: profile files (.yaml, .yml, .json), \
            JSON Lines files (.jsonl, one profile a line), CSV files (.csv, a header row and one \
            profile a row), folders searched recursively for all of these, and - for JSON Lines \
            on standard input; --pass-columns, --id-field and --ignore-unknown-columns as for score.

            One profile file: with -o report.md the report is written to report.md and its \
            chart to report-fit.svg beside it; without -o the report goes to standard output \
            (the chart as text only). Anything else needs -o FOLDER: one report per profile \
            (per line, per row) and an index.md linking them, grouped by recommendation, with \
            the profiles that could not be read and their first error. A profile file's report \
            is named after the file; a row's after its id (the --id-field value, else the first \
            --pass-columns value) or its file and line (cohort-12.md), and the index lists a row \
            that could not be read with the same id; a name already taken gets -2, -3. A row's report carries its id and \
            passed columns in its receipt. Files are written whole or not at all, and an input \
            file is never overwritten.

            --format html writes each report as one self-contained HTML page instead (the chart \
            inline, no external files, a print stylesheet for the browser's "print to PDF"), and \
            the index of a folder as index.html.

            --template DIR replaces any of the shipped templates (report.mustache and the \
            sections it includes, index.mustache, page.html.mustache) with the files of the same name in DIR; \
            Docs/report-templates.md lists the values they can use.

            Exit codes: 0 written; 1 some profiles could not be read or an input holds none (the \
            others were explained); \
            2 the rule book, the templates or the command line is wrong.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var languageOptions: LanguageOptions
    @OptionGroup var input: ProfileInputOptions
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the report here (a folder for several profiles).", valueName: "path"))
    var output: String?
    @Option(name: .long, help: ArgumentHelp("A folder of .mustache files replacing shipped templates of the same name.", valueName: "dir"))
    var template: String?
    @Option(name: .long, help: ArgumentHelp("markdown (with the chart as an SVG file beside it) or html (one self-contained page).", valueName: "format"))
    var format: ReportFormat = .markdown
    @Option(name: .long, help: ArgumentHelp("The most facts one suggested change may touch (1 to 5).", valueName: "n"))
    var maxChanges = 3
    @Option(name: .long, help: "Threads explaining profiles (default: every core).")
    var jobs: Int?
    @Argument(
        help: ArgumentHelp(
            "Profile files (.yaml, .yml, .json), JSON Lines or CSV files (a report per line or row), folders of them, or - for JSON Lines on standard input.",
            valueName: "profile"))
    var profiles: [String] = []

    func validate() throws {
        guard (1...5).contains(maxChanges) else { throw ValidationError("--max-changes must be from 1 to 5, not \(maxChanges)") }
        guard let first = profiles.first else { throw ValidationError("give a profile, e.g. advisor explain Examples/profiles/m2c-korean-skincare-brand.yaml") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !isSingleProfile {
            let what = profiles.count > 1 ? "several profile files" : isDirectory(first) ? "\(first) is a folder" : "\(first) holds one profile a line or row"
            guard let output else {
                throw ValidationError("\(what): give -o FOLDER for their reports and index, e.g. advisor explain \(profiles.joined(separator: " ")) -o reports/")
            }
            if FileManager.default.fileExists(atPath: output), !isDirectory(output) {
                throw ValidationError("\(what): -o \(output) is a file, and their reports need a folder")
            }
        }
    }

    /// One profile file: its report goes to standard output or to -o. Anything else (several
    /// files, folders, JSON Lines, CSV) is a batch: a report per profile and an index.
    private var isSingleProfile: Bool {
        guard profiles.count == 1, let path = profiles.first, path != "-", !isDirectory(path) else { return false }
        return ["yaml", "yml", "json"].contains((path as NSString).pathExtension.lowercased())
    }

    func run() throws {
        let (book, language) = try languageOptions.load(ruleBook)
        let extra = try input.extraKeys(for: book)
        let templates = try loadTemplates(language: language)
        let options = CounterfactualOptions(maximumFactsChanged: maxChanges)
        if isSingleProfile {
            try explainFile(profiles[0], book: book, extra: extra, templates: templates, options: options)
        } else {
            try explainBatch(book: book, extra: extra, templates: templates, options: options, into: output ?? "reports")
        }
    }

    // MARK: - One profile

    private func explainFile(_ profile: String, book: RuleBook, extra: ExtraKeys, templates: ReportTemplates, options: CounterfactualOptions) throws {
        let read = ProfileLoader.load(path: profile, ruleBook: book, extra: extra)
        let loaded: Profile
        switch read.result {
        case .success(let value): loaded = value
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.someProfilesFailed.exitCode
        }
        let explanation = book.explain(loaded.facts, options: options)
        let carried = Self.carried(read.passed, extra: extra)
        guard let output else {
            let input = reportInput(loaded, explanation, carried: carried, book: book, chartFile: nil)
            FileHandle.standardOutput.write(Data(report(input, templates: templates).utf8))
            return
        }
        var reportPath = output
        if output.hasSuffix("/") || isDirectory(output) {
            reportPath = (output.hasSuffix("/") ? output : output + "/") + ExplainCommand.stem(profile) + reportExtension
        }
        if format == .html {
            let input = reportInput(loaded, explanation, carried: carried, book: book, chartFile: nil)
            try refuseToOverwriteInputs([reportPath], protected: protectedPaths([profile]))
            try write(report(input, templates: templates), to: reportPath)
            Terminal.output("wrote \(reportPath)")
            return
        }
        let chartPath = ExplainCommand.chartPath(forReport: reportPath)
        let input = reportInput(loaded, explanation, carried: carried, book: book, chartFile: ExplainCommand.fileName(chartPath))
        try refuseToOverwriteInputs([chartPath, reportPath], protected: protectedPaths([profile]))
        try write(ExplanationReport.chartSVG(input), to: chartPath)
        try write(ExplanationReport.markdown(input, templates: templates), to: reportPath)
        Terminal.output("wrote \(reportPath) and \(chartPath)")
    }

    // MARK: - A batch of profiles

    /// A profile of a batch as read, and its explanation (computed on a worker thread).
    private struct Explained: Sendable {
        var record: BatchInput.Record
        /// The line or row of a JSON Lines or CSV file, not a profile file of its own.
        var isRow: Bool
        var explanation: Explanation?
    }

    /// Every profile of the inputs, read as `advisor score` reads them (`BatchInput`: files,
    /// folders searched recursively, JSON Lines lines, CSV rows), explained on every core and
    /// written in input order, one report each, then the index.
    private func explainBatch(book: RuleBook, extra: ExtraKeys, templates: ReportTemplates, options: CounterfactualOptions, into folder: String) throws {
        let sources = BatchInput.sources(profiles)
        var files: [String] = []
        for source in sources {
            switch source {
            case .profileFiles(let paths): files += paths
            case .jsonLines(let path) where path != "-": files.append(path)
            case .csv(let path): files.append(path)
            default: break
            }
        }
        let protected = protectedPaths(files)
        var names = ReportNames(files: files)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let writesChart = format == .markdown
        let indexPath = base + "index" + reportExtension
        var entries: [ReportIndexEntry] = []
        var failed = 0
        var stopped: Error?
        let reproduce = reproduceArguments(extra: extra)
        BatchScoring(ruleBook: book, extra: extra, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, chunkSize: 16).run(
            sources,
            work: { chunk in
                var isRow = false
                switch chunk.chunk {
                case .lines, .rows: isRow = true
                case .files, .failure: break
                }
                return chunk.records.map { record in
                    guard case .success(let profile) = record.result else { return Explained(record: record, isRow: isRow, explanation: nil) }
                    return Explained(record: record, isRow: isRow, explanation: book.explain(profile.facts, options: options))
                }
            },
            emit: { batch in
                guard stopped == nil else { return false }
                for item in batch {
                    let record = item.record
                    // A row's id: its --id-field value, else its first carried column's (the
                    // same for its report's name and title and for its line in the index, read or not).
                    let id = record.passed.first.map(\.plainText).flatMap { $0.isEmpty ? nil : $0 }
                    guard case .success(let profile) = record.result, let explanation = item.explanation else {
                        guard case .failure(let problems) = record.result else { continue }
                        failed += 1
                        Terminal.error(DiagnosticText.render(problems))
                        entries.append(
                            ReportIndexEntry(
                                profilePath: record.label, reportFile: "", recommendation: nil, runnerUp: nil, margin: nil,
                                error: problems.sorted().first?.description ?? "cannot be read", id: id))
                        continue
                    }
                    let name = item.isRow ? names.name(forRow: record.label, id: id) : names.name(forFile: record.label)
                    let chartFile = writesChart ? name + "-fit.svg" : nil
                    var loaded = profile
                    if item.isRow, loaded.name == nil { loaded.name = id ?? Self.rowTitle(record.label) }
                    var input = reportInput(loaded, explanation, carried: Self.carried(record.passed, extra: extra), book: book, chartFile: chartFile)
                    if item.isRow { input.reproduceArguments = reproduce }
                    do {
                        let outputs = (chartFile.map { [base + $0] } ?? []) + [base + name + reportExtension]
                        try refuseToOverwriteInputs(outputs, protected: protected)
                        if let chartFile { try write(ExplanationReport.chartSVG(input), to: base + chartFile) }
                        try write(report(input, templates: templates), to: base + name + reportExtension)
                    } catch {
                        stopped = error
                        return false
                    }
                    entries.append(
                        ReportIndexEntry(
                            profilePath: record.label, reportFile: name + reportExtension, recommendation: explanation.recommendation,
                            runnerUp: explanation.runnerUp, margin: explanation.margin, id: id))
                }
                return true
            })
        if let stopped { throw stopped }
        let index =
            format == .html
            ? ReportIndex.html(entries, ruleBook: book, advisorVersion: AdvisorVersion.current, templates: templates)
            : ReportIndex.markdown(entries, ruleBook: book, advisorVersion: AdvisorVersion.current, templates: templates)
        try refuseToOverwriteInputs([indexPath], protected: protected)
        try write(index, to: indexPath)
        Terminal.output("wrote \(entries.count - failed) reports and \(indexPath)")
        if failed > 0 {
            Terminal.error("\(failed) of \(entries.count) profiles could not be read; \(ExplainCommand.fileName(indexPath)) lists them.")
            throw ExitStatus.someProfilesFailed.exitCode
        }
    }

    /// The carried keys a profile gives, by name, for its report.
    private static func carried(_ passed: [PassedValue], extra: ExtraKeys) -> [(key: String, value: String)] {
        zip(extra.carried, passed).compactMap { key, value in
            if case .absent = value { return nil }
            return (key, value.plainText)
        }
    }

    /// A row's title when it has neither a name nor an id: `cohort.csv, line 12`.
    static func rowTitle(_ label: String) -> String {
        guard let colon = label.lastIndex(of: ":") else { return label }
        return fileName(String(label[..<colon])) + ", line " + label[label.index(after: colon)...]
    }

    /// How to make a row's report again: the whole file, with the options that read it.
    private func reproduceArguments(extra: ExtraKeys) -> String {
        var words = profiles
        if let id = extra.id { words += ["--id-field", id] }
        let passed = extra.carried.filter { $0 != extra.id }
        if !passed.isEmpty { words += ["--pass-columns", passed.joined(separator: ",")] }
        if extra.ignoreUnknown { words.append("--ignore-unknown-columns") }
        if let output { words += ["-o", output] }
        return words.joined(separator: " ")
    }

    /// One profile's report in the chosen format.
    private func report(_ input: ReportInput, templates: ReportTemplates) -> String {
        switch format {
        case .markdown: return ExplanationReport.markdown(input, templates: templates)
        case .html: return ExplanationReport.html(input, templates: templates)
        }
    }

    private var reportExtension: String { format == .html ? ".html" : ".md" }

    private func reportInput(
        _ loaded: Profile, _ explanation: Explanation, carried: [(key: String, value: String)], book: RuleBook, chartFile: String?
    ) -> ReportInput {
        ReportInput(
            profilePath: loaded.source, profileName: loaded.name, notes: loaded.notes, facts: loaded.facts,
            explanation: explanation, ruleBook: book, advisorVersion: AdvisorVersion.current,
            chartFile: chartFile, carried: carried)
    }

    // MARK: - Files

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
    private func protectedPaths(_ profiles: [String]) -> Set<String> {
        var paths = Set(profiles.map(ExplainCommand.canonical))
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
}

/// The names of a batch's reports, unique in their folder (without regard to case, as some file
/// systems compare names): a profile file's stem (its whole name when two files share a stem),
/// a row's id (`--id-field`, else the first carried column) or its file's stem and line (`cohort-12`); a name already taken
/// gets `-2`, `-3`, ... in input order, so the same inputs always give the same names.
struct ReportNames {
    private var preferred: [String: String] = [:]
    private var taken: Set<String> = ["index"]

    /// - Parameter files: every profile file of the batch, so that stems they share are known.
    init(files: [String]) {
        let stems = files.map(ExplainCommand.stem)
        var counts: [String: Int] = [:]
        for stem in stems { counts[stem.lowercased(), default: 0] += 1 }
        for (path, stem) in zip(files, stems) {
            preferred[path] = (counts[stem.lowercased()] ?? 0) > 1 ? ExplainCommand.fileName(path).replacingOccurrences(of: ".", with: "-") : stem
        }
    }

    mutating func name(forFile path: String) -> String {
        unique(preferred[path] ?? ExplainCommand.stem(path))
    }

    /// `label` is `file:line`.
    mutating func name(forRow label: String, id: String?) -> String {
        let colon = label.lastIndex(of: ":") ?? label.endIndex
        let file = String(label[..<colon]), line = label[colon...].dropFirst()
        let safeId = id.map(Self.safe) ?? ""
        return unique(safeId.isEmpty ? Self.safe(ExplainCommand.stem(file)) + "-" + line : safeId)
    }

    /// Letters, digits, `-`, `_` and `.` kept (a dot not first), anything else a `-`; at most 80 characters.
    static func safe(_ text: String) -> String {
        var result = ""
        for character in text.prefix(80) {
            let keep = character.isLetter || character.isNumber || character == "-" || character == "_" || (character == "." && !result.isEmpty)
            result.append(keep ? character : "-")
        }
        return result
    }

    private mutating func unique(_ name: String) -> String {
        var candidate = name
        var number = 2
        while taken.contains(candidate.lowercased()) {
            candidate = name + "-\(number)"
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}

extension ReportFormat: ExpressibleByArgument {}
