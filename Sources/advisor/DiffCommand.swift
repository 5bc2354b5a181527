import AdvisorBatch
import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

/// `advisor diff`: what an edit to a rule book does to a set of profiles.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a rule book on a set of profiles.",
        discussion: """
            Scores every profile with the old rule book (--against) and the new one (--rules, \
            or the built-in rule book), and prints the profiles whose outcome changed:

              <profile>: recommendation <old> -> <new>
                  <rule>: <old status> -> <new status>; <model> <old effect> -> <new effect>
              <profile>: same recommendation (<model>), order changed: <model> 3rd -> 2nd, ...

            The rules listed under a changed recommendation are those whose effect on the old \
            or the new recommendation differs between the books (because the rule fired in \
            one and not the other, or its points or knock-outs were edited, added or removed), \
            and the rules whose derived judgements came out differently. A last line counts \
            the profiles that changed recommendation, changed order only, or did not change, \
            and a matrix counts the profiles by old recommendation (rows) and new (columns).

            PROFILES are whatever `advisor score` reads: profile files, JSON Lines and CSV \
            files, folders (searched recursively for all of these) and - for standard input; \
            --pass-columns, --id-field and --ignore-unknown-columns as there.

            Examples:
              git worktree add /tmp/before HEAD && advisor diff --against /tmp/before/Rules --rules Rules Examples/profiles
              advisor diff --against old-rules/ --rules Rules/ Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor diff --against old-rules/ --verbose Examples/profiles    # also the unchanged ones
              advisor diff --against old-rules/ --pass-columns client_id cohort.csv

            Exit codes: 0 the comparison ran, whether or not anything changed (read the \
            summary); 1 some profiles could not be read or scored with one of the books (the \
            others were compared), or an input holds no profile; 2 a rule book or the \
            command line is wrong.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The rule-book folder before the edit.", valueName: "old-dir"))
    var against: String
    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var input: ProfileInputOptions
    @Flag(name: .long, help: "Also list the profiles that did not change.")
    var verbose = false
    @Option(name: .long, help: "Comparing threads (default: every core).")
    var jobs: Int?
    @Argument(help: ArgumentHelp("Profile files, JSON Lines or CSV files, folders, or - for standard input.", valueName: "profiles"))
    var profiles: [String] = []

    func validate() throws {
        if profiles.isEmpty { throw ValidationError("give at least one profile file or folder, e.g. advisor diff --against old/ Examples/profiles") }
    }

    func run() throws {
        let oldBook: RuleBook
        switch RuleBookLoader.load(directory: against) {
        case .success(let book): oldBook = book
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
        let newBook = try language.load(ruleBook).book
        let words = ToolWords(newBook.language)
        let extra = try input.extraKeys(for: newBook)
        _ = try input.extraKeys(for: oldBook)

        var totals = DiffChunk(), written = false
        let verbose = self.verbose
        let pipeline = OrderedPipeline<BatchInput.Chunk, DiffChunk>(
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            work: { chunk in DiffChunk.compare(chunk, old: oldBook, new: newBook, extra: extra, verbose: verbose, words: words) },
            emit: { chunk in
                if !chunk.text.isEmpty {
                    FileHandle.standardOutput.write(Data(chunk.text.utf8))
                    written = true
                }
                if !chunk.errors.isEmpty { Terminal.error(chunk.errors.joined(separator: "\n")) }
                totals.add(chunk)
            })
        BatchInput.stream(BatchInput.sources(profiles), ruleBook: newBook, extra: extra, chunkSize: 256) { chunk in
            pipeline.submit(chunk)
            return true
        }
        pipeline.finish()
        if written { Terminal.output("") }
        let models = oldBook.models.map(\.id) + newBook.models.map(\.id).filter { oldBook.index(ofModel: $0) == nil }
        if totals.matrix.total > 0 { Terminal.output(DiffReport.matrix(totals.matrix, models: models, words: words) + "\n") }
        Terminal.output(DiffReport.summary(changed: totals.changed, orderOnly: totals.orderOnly, unchanged: totals.unchanged, failed: totals.failed, words: words))
        if totals.failed > 0 { throw ExitStatus.someProfilesFailed.exitCode }
    }
}

/// What comparing one chunk of profiles came to: the text for standard output, the errors,
/// the counts and the matrix.
struct DiffChunk: Sendable {
    var text = ""
    var errors: [String] = []
    var changed = 0, orderOnly = 0, unchanged = 0, failed = 0
    var matrix = RecommendationMatrix()

    mutating func add(_ other: DiffChunk) {
        changed += other.changed
        orderOnly += other.orderOnly
        unchanged += other.unchanged
        failed += other.failed
        matrix.add(other.matrix)
    }

    static func compare(_ chunk: BatchInput.Chunk, old oldBook: RuleBook, new newBook: RuleBook, extra: ExtraKeys, verbose: Bool, words: ToolWords) -> DiffChunk {
        var result = DiffChunk()
        let before = BatchInput.records(of: chunk, ruleBook: oldBook, extra: extra)
        let after = BatchInput.records(of: chunk, ruleBook: newBook, extra: extra)
        for (old, new) in zip(before, after) {
            var label = new.label
            if let id = new.passed.first, !extra.carried.isEmpty, id != .absent { label += " (\(extra.carried[0]) \(id.plainText))" }
            guard case .success(let oldProfile) = old.result, case .success(let newProfile) = new.result else {
                result.failed += 1
                switch (old.result, new.result) {
                case (.failure(let before), .failure(let after)) where before == after:
                    result.errors.append(words(.diffEitherBook, ["profile": label]) + "\n" + DiagnosticText.renderEach(before))
                default:
                    for (which, record) in [(Phrase.diffOldBook, old), (.diffNewBook, new)] {
                        if case .failure(let problems) = record.result {
                            result.errors.append(words(which, ["profile": label]) + "\n" + DiagnosticText.renderEach(problems))
                        }
                    }
                }
                continue
            }
            let diff = ProfileDiff.compare(
                old: oldBook, oldBook.score(oldProfile.facts, traced: true), new: newBook, newBook.score(newProfile.facts, traced: true))
            result.matrix.add(old: diff.old.recommendation, new: diff.new.recommendation)
            switch diff.change {
            case .recommendation: result.changed += 1
            case .orderOnly: result.orderOnly += 1
            case .none: result.unchanged += 1
            }
            if let text = DiffReport.text(profile: label, diff, verbose: verbose, words: words) { result.text += text + "\n" }
        }
        return result
    }
}
