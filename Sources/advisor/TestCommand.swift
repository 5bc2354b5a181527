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

            --mutate runs mutation testing once the tests pass: it makes every single \
            mutant of the rule book (a score's sign flipped, a score zeroed, a knock-out \
            dropped, a number in a condition moved past the next number the same fact is \
            compared with, up and down), runs the tests against each, and lists with file, \
            line and column every mutant no test caught ("survived"), then the share killed. \
            A survivor is an edit of the rule book that no test would notice.

            Examples:
              advisor test                          # the tests of Rules/ in this folder
              advisor test --rules Rules/ --coverage
              advisor test --verbose                # also list the tests that pass
              advisor test --mutate --min-score 90  # fail when under 90% of mutants are killed

            Exit codes: 0 every test passed (and, with --mutate, the mutation score is at least \
            --min-score); 1 some test failed, or the mutation score is below --min-score; 2 the \
            rule book or a test file is wrong (listed with file, line and column), or there are \
            no tests.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The rule-book folder whose tests/ to run.", valueName: "dir"))
    var rules: String = "Rules"
    @Flag(name: .long, help: "Also report which rules the tests fire and which rules encode each trade-off.")
    var coverage = false
    @Flag(name: .long, help: "Also list the tests that pass (with --mutate: the mutants killed, and by which test).")
    var verbose = false
    @Flag(name: .long, help: "Run every single mutant of the rule book against the tests and report the survivors.")
    var mutate = false
    @Option(name: .long, help: ArgumentHelp("With --mutate: exit with 1 when fewer than this percentage of mutants are killed.", valueName: "percent"))
    var minScore: Double = 0

    func validate() throws {
        if !(0...100).contains(minScore) { throw ValidationError("--min-score must be a percentage from 0 to 100") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rules, isDirectory: &isDirectory), isDirectory.boolValue else {
            Terminal.error(
                "error: \(rules): no such folder\n  hint: rule tests live in the rule-book folder on disk: run advisor test from the "
                    + "project folder (the one holding Rules/), or give --rules DIR")
            throw ExitStatus.usage.exitCode
        }
        let source: RuleBookSource
        let book: RuleBook
        switch RuleBookLoader.source(directory: rules).flatMap({ source in RuleBook.compile(source).map { (source, $0) } }) {
        case .success(let loaded): (source, book) = loaded
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

        let run = book.runTests(tests)
        let results = RuleTestReport.results(run, verbose: verbose)
        if !results.isEmpty { Terminal.output(results) }
        if coverage {
            if !results.isEmpty { Terminal.output("") }
            Terminal.output(RuleTestReport.coverage(book.coverage(of: run)))
            Terminal.output("")
        }
        Terminal.output(RuleTestReport.summary(run))
        if !run.allPassed { throw ExitStatus.someProfilesFailed.exitCode }
        if mutate {
            let mutation = MutationTesting.run(source: source, book: book, tests: tests)
            Terminal.output("")
            Terminal.output(RuleTestReport.mutation(mutation, verbose: verbose))
            if mutation.score < minScore { throw ExitStatus.someProfilesFailed.exitCode }
        }
    }
}
