import ArgumentParser

struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "expr", abstract: "Evaluate a CEL expression.")
    func run() throws {}
}
