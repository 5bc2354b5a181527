import ArgumentParser

@main
struct Advisor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisor",
        abstract: "Choose a cross-border e-commerce business model with a rule book you can read.",
        subcommands: [ExprCommand.self]
    )
}
