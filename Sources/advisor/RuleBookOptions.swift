import AdvisorDiagnostics
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
    /// `language`: the texts' language, where the rule book's catalogue has them (see `LanguageOptions`).
    func load(language: String = RuleBookTexts.sourceLanguage) throws -> RuleBook {
        try compile(try source(), language: language)
    }

    /// The rule book as read, not yet compiled, or the errors printed and exit 2.
    func source() throws -> RuleBookSource {
        let result = rules.map { RuleBookLoader.source(directory: $0) } ?? RuleBookLoader.source(files: ShippedRuleBook.files)
        return try Self.orExit(result)
    }

    func compile(_ source: RuleBookSource, language: String) throws -> RuleBook {
        try Self.orExit(RuleBook.compile(source, language: language))
    }

    private static func orExit<T>(_ result: Result<T, [Diagnostic]>) throws -> T {
        switch result {
        case .success(let value): return value
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
    }
}
