import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score founders' profiles and print the ranking of models.",
        discussion: """
            A profile is a YAML or JSON file mapping fact ids to values (see `advisor facts`), \
            with optional `name` and `notes`. A fact left out is unknown: the advisor reasons \
            with what it has and says which unknown facts could still change the answer.

            Examples:
              advisor score Examples/profiles/m2c-korean-skincare-brand.yaml
              advisor score --format json Examples/profiles/*.yaml
              advisor score --format jsonl Examples/profiles/*.yaml > results.jsonl

            Formats: text (a readable ranking), json (the object of the profile contract, or \
            an array of them for several profiles), jsonl (one object a line). A profile that \
            cannot be read is reported on standard error, and in json/jsonl as an object with \
            `profile` and `error`; the others are still scored.

            Exit codes: 0 all scored; 1 some profiles could not be scored; 2 the rule book or \
            the command line is wrong.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }

    @OptionGroup var ruleBook: RuleBookOptions
    @Option(name: .long, help: "Output format: text, json or jsonl.")
    var format: Format = .text
    @Flag(name: .long, help: "With json or jsonl: add reasons, trade-offs, contrast, knock-outs and counterfactuals.")
    var explain = false
    @Argument(help: ArgumentHelp("Profile files (.yaml, .yml or .json).", valueName: "profile"))
    var profiles: [String] = []

    func validate() throws {
        if profiles.isEmpty { throw ValidationError("give at least one profile file, e.g. advisor score Examples/profiles/<name>.yaml") }
        if explain, format == .text { throw ValidationError("--explain adds to the JSON: use --format json or jsonl (or advisor explain for a report)") }
    }

    func run() throws {
        let book = try ruleBook.load()
        var objects: [JSON] = []
        var failed = 0
        for (index, path) in profiles.enumerated() {
            switch ProfileLoader.load(path: path, ruleBook: book) {
            case .failure(let problems):
                failed += 1
                Terminal.error(DiagnosticText.render(problems))
                let object = ScoreOutput.errorJSON(profile: path, diagnostics: problems)
                switch format {
                case .jsonl: Terminal.output(object.text())
                case .json: objects.append(object)
                case .text: break
                }
            case .success(let profile):
                let evaluation = book.score(profile.facts, traced: false)
                switch format {
                case .text:
                    if index > 0 { Terminal.output("") }
                    Terminal.output(ScoreOutput.text(profile: path, name: profile.name, evaluation: evaluation, ruleBook: book))
                case .json:
                    objects.append(jsonObject(path, profile, evaluation, book))
                case .jsonl:
                    Terminal.output(jsonObject(path, profile, evaluation, book).text())
                }
            }
        }
        if format == .json {
            Terminal.output((objects.count == 1 ? objects[0] : JSON.array(objects)).text(pretty: true))
        }
        if failed > 0 {
            Terminal.error("\(failed) of \(profiles.count) profiles could not be scored.")
            throw ExitStatus.someProfilesFailed.exitCode
        }
    }

    /// The contract's object, with the explanation after its keys when --explain is on.
    private func jsonObject(_ path: String, _ profile: Profile, _ evaluation: Evaluation, _ book: RuleBook) -> JSON {
        guard explain else { return ScoreOutput.json(profile: path, name: profile.name, evaluation: evaluation) }
        return ExplanationJSON.scoreObject(profile: path, name: profile.name, facts: profile.facts, ruleBook: book)
    }
}
