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
              advisor score --format csv cohort.csv > ranked.csv
              cat export.jsonl | advisor score - > results.jsonl

            Formats: text (a readable ranking; the default on a terminal), jsonl (the profile \
            contract's object, one a line; the default otherwise), json (the object for one \
            profile file, else an array of them), csv (profile, recommendation, margin, fit of \
            each model, excluded models, top reasons). A profile that cannot be read or scored \
            is reported on standard error with its file and line, and in json/jsonl/csv as an \
            error record in its place; the batch goes on.

            On a terminal, a progress line on standard error shows count, rate and time left; \
            a closing summary counts profiles scored, failed, and recommendations by model \
            (--quiet silences both).

            Exit codes: 0 all scored; 1 some profiles could not be scored (the others were); \
            2 the rule book or the command line is wrong.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @Option(name: .long, help: "Output format: text, json, jsonl or csv (default: text on a terminal, jsonl otherwise).")
    var format: BatchFormat?
    @Option(name: .long, help: "Scoring threads (default: every core).")
    var jobs: Int?
    @Flag(name: .long, help: "With json or jsonl: add reasons, trade-offs, contrast, knock-outs and counterfactuals.")
    var explain = false
    @Flag(name: .long, help: "No progress line and no closing summary on standard error.")
    var quiet = false
    @Argument(help: ArgumentHelp("Profile files, JSON Lines or CSV files, folders, or - for standard input.", valueName: "input"))
    var inputs: [String] = []

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one profile file, folder or -, e.g. advisor score Examples/profiles/") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if explain, format != .json && format != .jsonl {
            throw ValidationError("--explain adds to the JSON: use --format json or jsonl (or advisor explain for a report)")
        }
    }

    func run() throws {
        let book = try ruleBook.load()
        // Results never go into an input: reading them back would never end.
        let resultsFile = FileIdentity(regularFileOf: STDOUT_FILENO)
        if let resultsFile, let input = inputs.first(where: { FileIdentity(path: $0) == resultsFile }) {
            Terminal.error("error: standard output is the input file \(input)\n  hint: write the results to another file")
            throw ExitStatus.usage.exitCode
        }
        let sources = BatchInput.sources(inputs, output: resultsFile)
        let format = self.format ?? (isatty(STDOUT_FILENO) == 1 ? .text : .jsonl)
        var singleObject = false
        if format == .json, inputs.count == 1, sources.count == 1, case .profileFiles(let files) = sources[0], files.count == 1, files[0] == inputs[0] {
            singleObject = true
        }
        let writer = BatchWriter(book: book, format: format, singleObject: singleObject, explain: explain)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let summary = BatchSummary(book: book)
        let progress = Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1, total: BatchSummary.size(of: sources))
        let output = FileHandle.standardOutput
        output.write(Data(writer.header.utf8))

        let scorers = ScorerPool(book)
        let pipeline = OrderedPipeline<BatchInput.Chunk, ChunkResult>(
            jobs: jobs,
            work: { chunk in ChunkResult.score(chunk, writer: writer, scorers: scorers) },
            emit: { result in
                var bytes: [UInt8] = []
                var start = 0
                for end in result.recordEnds {
                    bytes.append(contentsOf: writer.separator(first: summary.written == 0).utf8)
                    bytes.append(contentsOf: result.buffer[start..<end])
                    start = end
                    summary.written += 1
                }
                if !bytes.isEmpty { output.write(Data(bytes)) }
                for message in result.errors { Terminal.error(message) }
                summary.add(result)
                progress.update(profiles: summary.scored, failed: summary.failed, done: summary.units)
            })
        BatchInput.stream(sources, chunkSize: 1024) { chunk in
            pipeline.submit(chunk)
            return true
        }
        pipeline.finish()
        output.write(Data(writer.footer(count: summary.written).utf8))
        progress.clear()
        if !quiet && (summary.scored + summary.failed > 1 || summary.failed > 0) {
            Terminal.error(summary.text)
        }
        if summary.failed > 0 { throw ExitStatus.someProfilesFailed.exitCode }
    }
}

/// What a worker made of one chunk: the records' bytes, the messages for standard error, counts.
struct ChunkResult: Sendable {
    var buffer: [UInt8] = []
    /// Where each record ends in `buffer`.
    var recordEnds: [Int] = []
    var errors: [String] = []
    var scored = 0
    var failed = 0
    /// Recommendations by model index; the last entry counts profiles with none.
    var recommendations: [Int]
    /// Progress units (see `BatchSummary.size`).
    var units: Double = 0

    static func score(_ chunk: BatchInput.Chunk, writer: BatchWriter, scorers: ScorerPool) -> ChunkResult {
        let book = writer.book
        var result = ChunkResult(recommendations: Array(repeating: 0, count: book.models.count + 1))
        result.units = BatchSummary.units(of: chunk)
        let scorer = scorers.take()
        defer { scorers.give(scorer) }
        for record in BatchInput.records(of: chunk, ruleBook: book) {
            switch record.result {
            case .success(let profile):
                scorer.score(profile.facts)
                if writer.explain {
                    writer.explained(record.label, name: profile.name, facts: profile.facts, into: &result.buffer)
                } else {
                    writer.scored(record.label, name: profile.name, scorer: scorer, into: &result.buffer)
                }
                result.recordEnds.append(result.buffer.count)
                result.scored += 1
                result.recommendations[scorer.recommendation ?? book.models.count] += 1
            case .failure(let problems):
                if writer.failed(record.label, diagnostics: problems, into: &result.buffer) {
                    result.recordEnds.append(result.buffer.count)
                }
                result.errors.append(DiagnosticText.renderEach(problems))
                result.failed += 1
            }
        }
        return result
    }
}

/// Scorers for the worker threads: each takes one, uses it alone, and gives it back.
final class ScorerPool: @unchecked Sendable {
    private let book: RuleBook
    private var idle: [Scorer] = []
    private let lock = NSLock()

    init(_ book: RuleBook) {
        self.book = book
    }

    func take() -> Scorer {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? Scorer(book)
    }

    func give(_ scorer: Scorer) {
        lock.lock()
        idle.append(scorer)
        lock.unlock()
    }
}

/// Counts for the closing summary and the progress line (touched only by the emitting thread).
final class BatchSummary: @unchecked Sendable {
    let book: RuleBook
    var written = 0
    var scored = 0
    var failed = 0
    var units = 0.0
    var recommendations: [Int]

    init(book: RuleBook) {
        self.book = book
        recommendations = Array(repeating: 0, count: book.models.count + 1)
    }

    func add(_ result: ChunkResult) {
        scored += result.scored
        failed += result.failed
        units += result.units
        for index in recommendations.indices { recommendations[index] += result.recommendations[index] }
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
            case .missing: total += 1
            }
        }
        return total
    }

    static func units(of chunk: BatchInput.Chunk) -> Double {
        switch chunk {
        case .files(let files): return Double(files.count)
        case .lines(_, let lines): return Double(lines.reduce(0) { $0 + $1.bytes.count + 1 }) / 100
        case .rows(_, _, let rows): return Double(rows.reduce(0) { $0 + $1.fields.reduce(1) { $0 + $1.utf8.count + 1 } }) / 100
        case .failure: return 1
        }
    }

    /// "Scored 27 profiles, 1 failed. Recommendations: m2c 3, b2c 3, ..."
    var text: String {
        var parts = ["Scored \(Progress.grouped(scored)) profile\(scored == 1 ? "" : "s")"]
        if failed > 0 { parts.append("\(Progress.grouped(failed)) could not be scored") }
        var line = parts.joined(separator: ", ") + "."
        let counts = book.models.indices.filter { recommendations[$0] > 0 }.map { "\(book.models[$0].id) \(Progress.grouped(recommendations[$0]))" }
        if !counts.isEmpty || recommendations[book.models.count] > 0 {
            var all = counts
            if recommendations[book.models.count] > 0 { all.append("none \(Progress.grouped(recommendations[book.models.count]))") }
            line += " Recommendations: " + all.joined(separator: ", ") + "."
        }
        return line
    }
}

extension BatchFormat: ExpressibleByArgument {}
