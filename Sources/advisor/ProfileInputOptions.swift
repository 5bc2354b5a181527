import AdvisorBatch
import AdvisorEngine
import AdvisorLoading
import ArgumentParser

/// The options of every command that reads batches of profiles (`score`, `diff`): what to do
/// with the keys and columns that are not facts.
struct ProfileInputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keys or columns that are not facts, carried unchanged into every output (a client's id, an e-mail), separated by commas.",
            valueName: "a,b"))
    var passColumns: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A key every profile must give, echoed in every output record, error records included (for joining results with inputs).",
            valueName: "name"))
    var idField: String?
    @Flag(name: .long, help: "Drop keys and columns that are not facts (with one warning) instead of refusing them.")
    var ignoreUnknownColumns = false

    /// The keys as the loaders take them, or exit 2 when one cannot be carried.
    func extraKeys(for book: RuleBook) throws -> ExtraKeys {
        let passed = (passColumns ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let extra = ExtraKeys(id: idField, passed: passed, ignoreUnknown: ignoreUnknownColumns)
        if let problem = extra.problem(ruleBook: book) {
            Terminal.error("error: \(problem)\n  hint: name keys of the profiles that are not facts, e.g. --pass-columns client_id,email")
            throw ExitStatus.usage.exitCode
        }
        return extra
    }
}
