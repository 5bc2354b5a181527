import AdvisorBatch
import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and validate a rule book, printing each problem with file, line and column.",
        discussion: """
            Every condition is parsed and type-checked against the declared facts, every \
            reference to a model, fact or trade-off is resolved, and derived facts are put in \
            dependency order (a cycle is an error naming its rules).

            Then check looks for what compiles but is still wrong, and warns:
              - a rule whose condition no profile can satisfy;
              - a model that no profile can make the recommendation;
              - a fact a founder is asked that no rule reads;
              - a derived fact that no rule derives;
              - two rules with the same condition and the same effects;
              - a rule that raises a model citing only that model's disadvantages, or lowers \
            it citing only its advantages, or gives it points citing none of its trade-offs;
              - points on one model that stack through several rules which read the same \
            fact, cite the same trade-off of the model and can fire together (with the total);
              - a number in a condition with no stated basis in the rule book's `thresholds:`, \
            and a stated basis no condition uses.
            The first two search the facts' representative values (`advisor facts` lists the \
            facts; a number is tried at and between the constants conditions compare it with): \
            a branch-and-bound search gives facts values one at a time and drops a partial \
            profile as soon as no completion of it can succeed. The summary says how complete \
            the search was. Each search stops after --search-budget partial profiles; a model \
            or rule it could not decide is a warning too. An empty `because` is an error, not a \
            warning: reports quote it to the founder.

            Examples:
              advisor check                      # the built-in rule book
              advisor check --rules Rules/       # a rule book being edited
              advisor check --verbose            # also a profile that makes each model win
              advisor check --strict             # warnings fail the check (for CI)
              advisor check --sensitivity Examples/profiles   # which weights decide the most answers

            --sensitivity PROFILES... scores the profiles (read as advisor score reads them: \
            profile files, JSON Lines and CSV files, folders searched recursively; \
            --pass-columns, --id-field and --ignore-unknown-columns as for score) and lists, for each rule whose points bear on a recommendation, how many \
            recommendations it alone decides (taking its points away would change them), on how \
            many it bears, and the smallest and median change of its points, for one model, that \
            would change one. Exact, because fit is additive: a rule's points move one model's \
            fit by exactly as much. A tie at the top counts as a change (no recommendation).

            Exit codes: 0 the rule book loads (warnings, if any, are listed on standard error); \
            1 with --sensitivity, some profiles could not be read or an input holds none (the \
            figures are over the others); 2 it has errors, or it has warnings and --strict is given.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @Flag(name: .long, help: "Treat warnings as errors: exit with 2 when there is any.")
    var strict = false
    @Flag(name: .long, help: "Print a profile that makes each model the recommendation.")
    var verbose = false
    @Option(name: .long, help: ArgumentHelp("Most partial profiles one search may score before giving up.", valueName: "n"))
    var searchBudget: Int = RuleBook.defaultSearchBudget
    @Flag(name: .long, help: "Over the profiles given: which rules' weights decide the most recommendations, and by how much.")
    var sensitivity = false
    @OptionGroup var input: ProfileInputOptions
    @Argument(help: ArgumentHelp("Profiles for --sensitivity: files, folders, JSON Lines or CSV files, or - for JSON Lines on standard input.", valueName: "profiles"))
    var profiles: [String] = []

    func validate() throws {
        if searchBudget < 1 { throw ValidationError("--search-budget must be at least 1") }
        if sensitivity, profiles.isEmpty {
            throw ValidationError("--sensitivity needs profiles, e.g. advisor check --sensitivity Examples/profiles")
        }
        if !sensitivity, let first = profiles.first {
            throw ValidationError("check takes profiles only with --sensitivity (got \(first))")
        }
        if !sensitivity, input.passColumns != nil || input.idField != nil || input.ignoreUnknownColumns {
            throw ValidationError("--pass-columns, --id-field and --ignore-unknown-columns read the profiles of --sensitivity")
        }
    }

    func run() throws {
        let book = try ruleBook.load()
        if sensitivity { return try weightSensitivity(book) }
        let analysis = book.check(budget: searchBudget)
        if !analysis.findings.isEmpty {
            Terminal.error(DiagnosticText.render(SourceLines.attach(analysis.findings, from: sourceFiles())))
        }
        Terminal.output(CheckReport.summary(book, analysis, verbose: verbose))
        if strict && !analysis.findings.isEmpty { throw ExitStatus.usage.exitCode }
    }

    /// `--sensitivity`: every profile scored, the figures summed up over them. The profiles are
    /// read as `advisor score` reads them (`BatchInput`) and scored on every core.
    private func weightSensitivity(_ book: RuleBook) throws {
        let extra = try input.extraKeys(for: book)
        var sensitivities: [WeightSensitivity?] = []
        var failed = 0
        BatchScoring(ruleBook: book, extra: extra).run(
            BatchInput.sources(profiles),
            work: { chunk in
                chunk.records.map { record -> Result<WeightSensitivity?, [Diagnostic]> in
                    record.result.map { book.weightSensitivity(of: book.score($0.facts)) }
                }
            },
            emit: { results in
                for result in results {
                    switch result {
                    case .success(let sensitivity): sensitivities.append(sensitivity)
                    case .failure(let problems):
                        failed += 1
                        Terminal.error(DiagnosticText.render(problems))
                    }
                }
                return true
            })
        Terminal.output(CheckReport.sensitivity(WeightSensitivitySummary(ruleBook: book, sensitivities: sensitivities)))
        if failed > 0 {
            Terminal.error("\(failed) profile\(failed == 1 ? "" : "s") could not be read; the figures are over the others.")
            throw ExitStatus.someProfilesFailed.exitCode
        }
    }

    /// The rule book's files, to show the lines findings point at.
    private func sourceFiles() -> [SourceFile] {
        guard let folder = ruleBook.rules else { return ShippedRuleBook.files }
        guard case .success(let paths) = RuleBookLoader.ruleFiles(in: folder) else { return [] }
        return paths.compactMap { try? SourceFile.read(path: $0).get() }
    }
}
