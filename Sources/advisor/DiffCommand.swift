import ArgumentParser

// Placeholder: being built in its own issue.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two rule books on a set of profiles.", shouldDisplay: false)

    func run() throws {
        Terminal.error("advisor diff is not built yet")
        throw ExitStatus.usage.exitCode
    }
}
