import AdvisorEngine
import AdvisorReports
import ArgumentParser
import Foundation

/// The `--lang` option of the commands that speak to a founder (ask, explain, score).
struct LanguageOptions: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "The language of questions, reports and reasons: en or zh-CN (default: $ADVISOR_LANG, else the locale of LC_ALL, LC_MESSAGES or LANG, else en).",
            valueName: "language"))
    var lang: String?

    /// The language to speak with a rule book that has catalogues in `catalogued`, or the error
    /// (exit 2) naming the languages available.
    func resolve(catalogued: [String]) throws -> String {
        let available = Language.available(catalogued: catalogued)
        switch Language.resolve(requested: lang, environment: ProcessInfo.processInfo.environment, available: available) {
        case .success(let language): return language
        case .failure(let problem):
            Terminal.error(DiagnosticText.render([problem]))
            throw ExitStatus.usage.exitCode
        }
    }

    /// Loads the rule book with its texts in the language asked for, and that language.
    func load(_ ruleBook: RuleBookOptions) throws -> (book: RuleBook, language: String) {
        let source = try ruleBook.source()
        let language = try resolve(catalogued: source.catalogues.map(\.language))
        return (try ruleBook.compile(source, language: language), language)
    }
}
