import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser

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
            the profiles that changed recommendation, changed order only, or did not change.

            PROFILES are files or folders; a folder stands for every .yaml, .yml and .json \
            file under it.

            Examples:
              git worktree add /tmp/before HEAD && advisor diff --against /tmp/before/Rules --rules Rules Examples/profiles
              advisor diff --against old-rules/ --rules Rules/ Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor diff --against old-rules/ --verbose Examples/profiles    # also the unchanged ones

            Exit codes: 0 the comparison ran, whether or not anything changed (read the \
            summary); 1 some profiles could not be read or scored with one of the books (the \
            others were compared); 2 a rule book or the command line is wrong.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The rule-book folder before the edit.", valueName: "old-dir"))
    var against: String
    @OptionGroup var ruleBook: RuleBookOptions
    @Flag(name: .long, help: "Also list the profiles that did not change.")
    var verbose = false
    @Argument(help: ArgumentHelp("Profile files, or folders of them.", valueName: "profiles"))
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
        let newBook = try ruleBook.load()

        let (paths, missing) = ProfilePaths.expand(profiles)
        var failed = missing.count
        if !missing.isEmpty { Terminal.error(DiagnosticText.render(missing)) }
        var changed = 0, orderOnly = 0, unchanged = 0
        for path in paths {
            let oldProfile = ProfileLoader.load(path: path, ruleBook: oldBook)
            let newProfile = ProfileLoader.load(path: path, ruleBook: newBook)
            guard case .success(let before) = oldProfile, case .success(let after) = newProfile else {
                failed += 1
                for (which, result) in [("old", oldProfile), ("new", newProfile)] {
                    if case .failure(let problems) = result {
                        Terminal.error("\(path): cannot be scored with the \(which) rule book:\n" + DiagnosticText.render(problems))
                    }
                }
                continue
            }
            let diff = ProfileDiff.compare(
                old: oldBook, oldBook.score(before.facts, traced: true), new: newBook, newBook.score(after.facts, traced: true))
            switch diff.change {
            case .recommendation: changed += 1
            case .orderOnly: orderOnly += 1
            case .none: unchanged += 1
            }
            if let text = DiffReport.text(profile: path, diff, verbose: verbose) { Terminal.output(text) }
        }
        Terminal.output(DiffReport.summary(changed: changed, orderOnly: orderOnly, unchanged: unchanged, failed: failed))
        if failed > 0 { throw ExitStatus.someProfilesFailed.exitCode }
    }
}
