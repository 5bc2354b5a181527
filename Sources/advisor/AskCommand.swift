import ArgumentParser

// Placeholder: being built in its own issue.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ask", abstract: "Interview a founder in the terminal.", shouldDisplay: false)

    func run() throws {
        Terminal.error("advisor ask is not built yet")
        throw ExitStatus.usage.exitCode
    }
}
