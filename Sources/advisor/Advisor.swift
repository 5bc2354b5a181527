import ArgumentParser
import Foundation

/// The `advisor` command: one subcommand per task, errors to standard error, documented exit codes.
@main
struct Advisor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Choose a cross-border e-commerce business model with a rule book you can read.",
        discussion: """
            The advisor scores a founder's profile (capital, category breadth, logistics, risk \
            tolerance and more) against the trade-offs of nine business models, as a YAML rule \
            book states them, and says which model fits and why.

            Examples:
              advisor score Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor serve --port 8080
              advisor score --format json Examples/profiles/*.yaml
              advisor explain Examples/profiles/m2c-korean-skincare-brand.yaml -o report.md
              advisor check --rules Rules/
              advisor test --coverage
              advisor diff --against /tmp/before/Rules --rules Rules/ Examples/profiles
              advisor expr --facts '{"capital": 30000}' -- 'capital < 50000'

            Exit codes: 0 success; 1 some profiles could not be scored (the others were); \
            2 the rule book or the command line is wrong.
            """,
        version: AdvisorVersion.current,
        subcommands: [
            AskCommand.self, ServeCommand.self, ScoreCommand.self, ExplainCommand.self, CheckCommand.self, TestCommand.self, DiffCommand.self,
            ExprCommand.self, ModelsCommand.self, FactsCommand.self,
        ]
    )

    /// Parses and runs, mapping every failure onto the documented exit codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.error(message) }
            if code == .validationFailure {
                Terminal.error("Run 'advisor help' for the commands and their options.")
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// The advisor's exit codes, as documented in the README and `advisor --help`.
enum ExitStatus: Int32 {
    case success = 0
    /// Some profiles could not be scored; the others were.
    case someProfilesFailed = 1
    /// The rule book or the command line is wrong.
    case usage = 2

    var exitCode: ExitCode { ExitCode(rawValue) }
}

enum AdvisorVersion {
    static let current = "0.1.0"
}

/// Writing to the terminal's streams.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
