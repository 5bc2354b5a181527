import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser

/// The `--rules` option every subcommand takes.
struct RuleBookOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The rule-book folder to use (default: the rule book built into advisor, from Rules/).", valueName: "dir"))
    var rules: String?

    init() {}

    init(rules: String?) {
        self.rules = rules
    }

    /// Loads and compiles the rule book, or prints what is wrong with it and exits with 2.
    func load() throws -> RuleBook {
        let result = rules.map { RuleBookLoader.load(directory: $0) } ?? RuleBookLoader.load(files: ShippedRuleBook.files)
        switch result {
        case .success(let ruleBook): return ruleBook
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
    }
}
