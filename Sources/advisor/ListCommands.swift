import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models the rule book chooses between, with their trade-offs.",
        discussion: """
            Examples:
              advisor models
              advisor models --trade-offs
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @Flag(name: .long, help: "Also list each model's trade-offs and their sources.")
    var tradeOffs = false

    func run() throws {
        let book = try ruleBook.load()
        for model in book.models {
            Terminal.output("\(model.id)\t\(model.name)")
            guard tradeOffs else { continue }
            if !model.summary.isEmpty { Terminal.output("    \(model.summary)") }
            for tradeOff in model.tradeOffs {
                Terminal.output("    [\(tradeOff.seed)] \(tradeOff.kind.rawValue): \(tradeOff.text)  (\(tradeOff.id))")
            }
        }
    }
}

struct FactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "List the facts a profile can give, with their types and allowed values.",
        discussion: """
            Examples:
              advisor facts
              advisor facts --derived      # also the judgements rules derive
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @Flag(name: .long, help: "Also list derived facts.")
    var derived = false

    func run() throws {
        let book = try ruleBook.load()
        for fact in book.askedFacts {
            Terminal.output("\(fact.id)\t\(describe(fact))")
            if let question = fact.question { Terminal.output("    \(question)") }
            for meaning in fact.valueMeanings where !meaning.meaning.isEmpty {
                Terminal.output("    - \(meaning.value): \(meaning.meaning)")
            }
        }
        guard derived else { return }
        for fact in book.derivedFacts {
            Terminal.output("\(fact.id)\t\(describe(fact)), derived\(fact.means.map { ": \($0)" } ?? "")")
        }
    }

    func describe(_ fact: FactDeclaration) -> String {
        var text = fact.kind.typeName
        switch fact.kind {
        case .enumeration(let values), .list(let values): text += " (\(values.joined(separator: ", ")))"
        case .number(let low, let high):
            if let low { text += ", >= \(FactValues.format(low))" }
            if let high { text += ", <= \(FactValues.format(high))" }
        case .integer(let low, let high):
            if let low { text += ", >= \(low)" }
            if let high { text += ", <= \(high)" }
        case .bool: break
        }
        if let unit = fact.unit { text += ", \(unit)" }
        return text
    }
}
