import ArgumentParser

// Placeholder: being built in its own issue.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run the rule book's tests.", shouldDisplay: false)

    func run() throws {
        Terminal.error("advisor test is not built yet")
        throw ExitStatus.usage.exitCode
    }
}
