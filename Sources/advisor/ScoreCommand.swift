import AdvisorBatch
import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score founders' profiles, one or millions, and print the ranking of models.",
        discussion: """
            Inputs are profile files (.yaml, .yml, .json: one profile each), JSON Lines files \
            (.jsonl: one profile a line), CSV files (.csv: a header row of fact ids, one profile \
            a row, lists joined with ';', an empty cell unknown), folders (searched recursively \
            for all of these), and '-' for JSON Lines on standard input. Profiles are read, \
            scored on every core and written one after another, in input order, so memory stays \
            flat and the same batch always gives the same bytes.

            Examples:
              advisor score Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor score --format json Examples/profiles/
              advisor score --format csv --pass-columns client_id,email cohort.csv > ranked.csv
              advisor score cohort.csv --summary cohort.md > ranked.jsonl
              cat export.jsonl | advisor score --id-field id - > results.jsonl

            Formats: text (a readable ranking; the default on a terminal), jsonl (the profile \
            contract's object, one a line; the default otherwise), json (the object for one \
            profile file, else an array of them), csv (profile, name, carried columns, \
            recommendation, runner-up, margin, fit of each model, excluded models, top reasons, \
            undecided, could_change and cannot_change (the unknown facts, as the JSON's \
            unknown_facts), error, rule book). Every record carries the rule book's fingerprint (rule_book).

            Keys and columns that are not facts are an error (a CSV header's once for the \
            file), unless --pass-columns carries them into every output or \
            --ignore-unknown-columns drops them. CSV cells take numbers as people write them \
            (30,000, 30k, 1.5m, $30,000 for a fact in USD) and values in any case (Focused).

            A profile that cannot be read or scored is an error record in its place (json, \
            jsonl, csv; its carried keys included) and the batch goes on. As a stage of a \
            pipeline (`advisor score --id-field id -`): one output line for each input line, \
            in order, and nothing on standard error unless it is a terminal or --verbose asks.

            Standard error: on a terminal, the errors, a progress line and a closing summary \
            (--quiet silences them); otherwise only what the output cannot hold (the errors of \
            the text format), unless --verbose.

            Exit codes: 0 all scored; 1 some profiles could not be scored (the others were), \
            or an input holds no profile; 2 the rule book or the command line is wrong.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var languageOptions: LanguageOptions
    @OptionGroup var input: ProfileInputOptions
    @Option(name: .long, help: "Output format: text, json, jsonl or csv (default: text on a terminal, jsonl otherwise).")
    var format: BatchFormat?
    @Option(name: .long, help: "Scoring threads (default: every core).")
    var jobs: Int?
    @Flag(name: .long, help: "With json or jsonl: add reasons, trade-offs, contrast, knock-outs and counterfactuals.")
    var explain = false
    @Flag(name: .long, help: "With csv: top_reasons in the rule book's words, not rule ids and points.")
    var longReasons = false
    @Flag(name: .long, help: "Nothing on standard error: no progress, no summary, no errors (they stay in the output).")
    var quiet = false
    @Flag(name: .long, help: "The errors and the closing summary on standard error even when it is not a terminal.")
    var verbose = false
    @Option(name: .long, help: ArgumentHelp("Write a report of the whole batch (counts, model mix, margins, what to ask next, failures).", valueName: "file"))
    var summary: String?
    @Option(name: .long, help: "The report's format: markdown (default; an SVG chart beside it) or html (one self-contained page).")
    var summaryFormat: CohortReportFormat = .markdown
    @Argument(help: ArgumentHelp("Profile files, JSON Lines or CSV files, folders, or - for standard input.", valueName: "input"))
    var inputs: [String] = []

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one profile file, folder or -, e.g. advisor score Examples/profiles/") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if explain, format != .json && format != .jsonl {
            throw ValidationError("--explain adds to the JSON: use --format json or jsonl (or advisor explain for a report)")
        }
        if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other: give one") }
        if longReasons, format != .csv { throw ValidationError("--long-reasons is for --format csv (top_reasons)") }
    }

    func run() throws {
        let (book, language) = try languageOptions.load(ruleBook)
        let extra = try input.extraKeys(for: book)
        // Results never go into an input: reading them back would never end.
        let resultsFile = FileIdentity(regularFileOf: STDOUT_FILENO)
        if let resultsFile, let input = inputs.first(where: { FileIdentity(path: $0) == resultsFile }) {
            Terminal.error("error: standard output is the input file \(input)\n  hint: write the results to another file")
            throw ExitStatus.usage.exitCode
        }
        let report = try summary.map { try CohortReportFile(path: $0, format: summaryFormat, inputs: inputs) }
        let sources = BatchInput.sources(inputs, output: resultsFile)
        let format = self.format ?? (isatty(STDOUT_FILENO) == 1 ? .text : .jsonl)
        var singleObject = false
        if format == .json, inputs.count == 1, sources.count == 1, case .profileFiles(let files) = sources[0], files.count == 1, files[0] == inputs[0] {
            singleObject = true
        }
        let writer = BatchWriter(book: book, format: format, singleObject: singleObject, explain: explain, carried: extra.carried, longReasons: longReasons)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let showErrors = !quiet && (onTerminal || verbose || format == .text)
        let progress = Progress(enabled: !quiet && onTerminal, total: ChunkResult.size(of: sources), words: ToolWords(book.language))
        let output = FileHandle.standardOutput
        output.write(Data(writer.header.utf8))

        var tally = BatchTally(ruleBook: book, detailed: report != nil)
        var written = 0
        var units = 0.0
        BatchScoring(ruleBook: book, extra: extra, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount).run(
            sources,
            work: { chunk in ChunkResult.score(chunk, writer: writer, detailed: report != nil, keepErrors: showErrors) },
            emit: { result in
                var bytes: [UInt8] = []
                var start = 0
                for end in result.recordEnds {
                    bytes.append(contentsOf: writer.separator(first: written == 0).utf8)
                    bytes.append(contentsOf: result.buffer[start..<end])
                    start = end
                    written += 1
                }
                if !bytes.isEmpty { output.write(Data(bytes)) }
                for message in result.errors { Terminal.error(message) }
                tally.add(result.tally)
                units += result.units
                progress.update(profiles: tally.scored, failed: tally.failed, done: units)
                return true
            })
        output.write(Data(writer.footer(count: written).utf8))
        progress.clear()
        if let report {
            try report.write(tally, ruleBook: book)
        }
        if !quiet, let warning = tally.ignoredWarning(ToolWords(book.language)) { Terminal.error(warning) }
        if !quiet && (onTerminal || verbose) && (tally.total > 1 || tally.failed > 0) {
            Terminal.error(tally.summaryLine(book))
        }
        if tally.failed > 0 { throw ExitStatus.someProfilesFailed.exitCode }
    }
}

/// What a worker made of one chunk: the records' bytes, the messages for standard error, counts.
struct ChunkResult: Sendable {
    var buffer: [UInt8] = []
    /// Where each record ends in `buffer`.
    var recordEnds: [Int] = []
    var errors: [String] = []
    var tally: BatchTally
    /// Progress units (see `size`).
    var units: Double = 0

    static func score(_ chunk: ScoringChunk, writer: BatchWriter, detailed: Bool, keepErrors: Bool) -> ChunkResult {
        var result = ChunkResult(tally: BatchTally(ruleBook: writer.book, detailed: detailed))
        result.units = units(of: chunk.chunk)
        let idIndex = writer.carried.isEmpty ? nil : 0
        chunk.forEach { record, scorer in
            if case .success(let profile) = record.result, let scorer {
                var scored = ScoredProfile(scorer)
                if writer.explain {
                    writer.explained(record.label, name: profile.name, passed: record.passed, facts: profile.facts, profile: &scored, into: &result.buffer)
                } else {
                    writer.scored(record.label, name: profile.name, passed: record.passed, profile: &scored, into: &result.buffer)
                }
                result.recordEnds.append(result.buffer.count)
                result.tally.add(scored: &scored, record: record)
                return
            }
            guard case .failure(let problems) = record.result else { return }
            if writer.failed(record.label, passed: record.passed, diagnostics: problems, into: &result.buffer) {
                result.recordEnds.append(result.buffer.count)
            }
            if keepErrors { result.errors.append(DiagnosticText.renderEach(problems)) }
            let id = idIndex.flatMap { record.passed.indices.contains($0) ? record.passed[$0].plainText : nil }
            result.tally.add(failed: record, problems: problems, id: id)
        }
        return result
    }

    /// Progress units: a profile file counts one; a JSON Lines or CSV file one per 100 bytes
    /// (about a line). Nil when a source's size cannot be known (standard input).
    static func size(of sources: [BatchInput.Source]) -> Double? {
        var total = 0.0
        for source in sources {
            switch source {
            case .profileFiles(let files): total += Double(files.count)
            case .jsonLines("-"): return nil
            case .jsonLines(let file), .csv(let file):
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
                total += size / 100
            case .missing, .empty: total += 1
            }
        }
        return total
    }

    static func units(of chunk: BatchInput.Chunk) -> Double {
        switch chunk {
        case .files(let files): return Double(files.count)
        case .lines(_, let lines): return Double(lines.reduce(0) { $0 + $1.bytes.count + 1 }) / 100
        case .rows(_, _, let items):
            var bytes = 0
            for case .record(_, let cells) in items { bytes += cells.reduce(1) { $0 + $1.text.utf8.count + 1 } }
            return Double(bytes) / 100
        case .failure: return 1
        }
    }
}

extension BatchFormat: ExpressibleByArgument {}
