import ArgumentParser

// Placeholder: being built in its own issue.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Write a Markdown report that explains a recommendation.", shouldDisplay: false)

    func run() throws {
        Terminal.error("advisor explain is not built yet")
        throw ExitStatus.usage.exitCode
    }
}
