import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and validate a rule book, printing each problem with file, line and column.",
        discussion: """
            Every condition is parsed and type-checked against the declared facts, every \
            reference to a model, fact or trade-off is resolved, and derived facts are put in \
            dependency order (a cycle is an error naming its rules).

            Examples:
              advisor check                      # the built-in rule book
              advisor check --rules Rules/       # a rule book being edited

            Exit codes: 0 the rule book is sound; 2 it has errors (listed on standard error).
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions

    func run() throws {
        let book = try ruleBook.load()
        let asked = book.askedFacts.count
        let derived = book.derivedFacts.count
        Terminal.output(
            "ok: \(book.header.name) (version \(book.header.version)): \(asked) facts, \(derived) derived facts, "
                + "\(book.models.count) models, \(book.tradeOffs.count) trade-offs, \(book.rules.count) rules")
    }
}
