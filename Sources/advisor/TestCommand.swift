import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

/// `advisor test`: runs the rule book's tests (`tests/*.yaml` in the rule-book folder).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule book's tests: profiles and what must hold for them.",
        discussion: """
            A rule test names a profile (a file, or facts written inline) and what the rule \
            book must conclude for it: the recommendation, an order ("b2c > direct_mail"), \
            models excluded or not, rules fired or not, derived facts, unknown facts that could \
            or cannot change the answer. Tests live in the rule-book folder under tests/; the \
            format is in Docs/rule-book-format.md.

            Each failed expectation is printed as
              file:line:col: FAIL <test>: expected <what the test says>, got <what came out>
            followed by a summary line, `N passed, M failed`.

            --coverage adds, for every rule, whether some test made it fire, and for every \
            trade-off of every model, the rules that encode it, with the totals.

            Examples:
              advisor test                          # the tests of Rules/ in this folder
              advisor test --rules Rules/ --coverage
              advisor test --verbose                # also list the tests that pass

            Exit codes: 0 every test passed; 1 some test failed; 2 the rule book or a test \
            file is wrong (listed with file, line and column), or there are no tests.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The rule-book folder whose tests/ to run.", valueName: "dir"))
    var rules: String = "Rules"
    @Flag(name: .long, help: "Also report which rules the tests fire and which rules encode each trade-off.")
    var coverage = false
    @Flag(name: .long, help: "Also list the tests that pass.")
    var verbose = false

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rules, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.error(
                "error: \(rules): no such folder\n  hint: rule tests live in the rule-book folder on disk: run advisor test from the "
                    + "project folder (the one holding Rules/), or give --rules DIR")
            throw ExitStatus.usage.exitCode
        }
        let book: RuleBook
        switch RuleBookLoader.load(directory: rules) {
        case .success(let loaded): book = loaded
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
        let tests: [RuleTestCase]
        switch RuleTestLoader.load(directory: rules, ruleBook: book) {
        case .success(let loaded): tests = loaded
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
        guard !tests.isEmpty else {
            Terminal.error("error: \(rules) has no rule tests\n  hint: write them in \(rules)/tests/*.yaml (see Docs/rule-book-format.md, \"Rule tests\")")
            throw ExitStatus.usage.exitCode
        }

        let run = book.run(tests)
        let results = RuleTestReport.results(run, verbose: verbose)
        if !results.isEmpty { Terminal.output(results) }
        if coverage {
            if !results.isEmpty { Terminal.output("") }
            Terminal.output(RuleTestReport.coverage(book.coverage(of: run)))
            Terminal.output("")
        }
        Terminal.output(RuleTestReport.summary(run))
        if !run.allPassed { throw ExitStatus.someProfilesFailed.exitCode }
    }
}
