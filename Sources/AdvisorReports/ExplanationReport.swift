import AdvisorCEL
import AdvisorEngine

/// What a report is made from: the profile as given, its explanation, and where it came from.
public struct ReportInput: Sendable {
    /// The profile's path as the user gave it.
    public var profilePath: String
    public var profileName: String?
    public var notes: String?
    public var facts: FactSet
    public var explanation: Explanation
    public var ruleBook: RuleBook
    public var advisorVersion: String
    /// The chart image's file name, relative to the report (nil: no image is written).
    public var chartFile: String?
    /// The keys that are not facts carried with the profile (`--id-field`, `--pass-columns`),
    /// by name: a row's id and e-mail, shown in the receipt.
    public var carried: [(key: String, value: String)]
    /// The arguments of `advisor explain` that give this report again, when they are not the
    /// profile's path (a row of a CSV or JSON Lines file: the whole file and its options).
    public var reproduceArguments: String?

    public init(
        profilePath: String, profileName: String?, notes: String?, facts: FactSet, explanation: Explanation, ruleBook: RuleBook,
        advisorVersion: String, chartFile: String?, carried: [(key: String, value: String)] = [], reproduceArguments: String? = nil
    ) {
        self.profilePath = profilePath
        self.profileName = profileName
        self.notes = notes
        self.facts = facts
        self.explanation = explanation
        self.ruleBook = ruleBook
        self.advisorVersion = advisorVersion
        self.chartFile = chartFile
        self.carried = carried
        self.reproduceArguments = reproduceArguments
    }
}

/// The report of one profile, and the values its templates see.
///
/// It has two parts. The founder's page says, in plain words and by name (no ids, no seed
/// codes): the recommendation and how clear it is, the strongest reasons, what the founder
/// accepts with it, why not the runner-up, the changes that would change the answer and the
/// unknown answers that matter. The consultant's appendix holds the rest: the profile, the
/// ranking, every rule that decided it with its points, facts and sources, the checked
/// changes, the trace and the receipt.
public enum ExplanationReport {
    /// The Markdown report, rendered with the templates.
    public static func markdown(_ input: ReportInput, templates: ReportTemplates, lineWidth: Int = MarkdownText.lineWidth) -> String {
        templates.render(ReportTemplates.report, viewModel(input), lineWidth: lineWidth)
    }

    /// The report as one self-contained HTML page: the same templates, rendered to HTML, with the
    /// chart inline (see `HTMLPage`).
    public static func html(_ input: ReportInput, templates: ReportTemplates) -> String {
        var inline = input
        inline.chartFile = HTMLPage.chartPlaceholder
        return HTMLPage.render(
            markdown: markdown(inline, templates: templates, lineWidth: .max), chart: chartSVG(input), title: title(input), advisorVersion: input.advisorVersion,
            language: input.ruleBook.language, templates: templates)
    }

    /// The chart image beside the report.
    public static func chartSVG(_ input: ReportInput) -> String {
        FitChart.svg(input.explanation.evaluation, ruleBook: input.ruleBook, title: ToolWords(input.ruleBook.language)(.chartTitle, ["title": title(input)]))
    }

    static func title(_ input: ReportInput) -> String {
        input.profileName ?? fileStem(input.profilePath)
    }

    /// The values the report templates see (documented in Docs/report-templates.md). Values named
    /// `...Code` or `...Markup` hold markup of the format already and go in `{{{triple}}}` tags;
    /// the others are plain text for `{{double}}` tags.
    public static func viewModel(_ input: ReportInput, format: ReportFormat = .markdown) -> [String: Any] {
        let book = input.ruleBook
        let words = ReportWords(ruleBook: book, markup: Markup(format: format))
        var model: [String: Any] = [
            "title": title(input),
            "profilePath": input.profilePath,
            "profilePathCode": words.markup.code(input.profilePath),
            "advisorVersion": input.advisorVersion,
            "ruleBookName": book.header.name,
            "ruleBookVersion": book.header.version,
            "decision": book.header.decision,
            "neutral": Number.fit(book.header.neutral),
            "fingerprintCode": words.markup.code(book.fingerprint),
            "modelCount": String(book.models.count),
            "reproduceCode": words.markup.code(
                "advisor explain " + (book.language == RuleBookTexts.sourceLanguage ? "" : "--lang \(book.language) ") + (input.reproduceArguments ?? input.profilePath)),
            "lang": book.language,
            "carried": input.carried.map { ["key": $0.key, "value": $0.value] },
        ]
        if let notes = input.notes { model["notes"] = notes }
        model["chartText"] = FitChart.text(input.explanation.evaluation, ruleBook: book)
        if let chartFile = input.chartFile {
            model["chartImage"] = ["file": ReportWords.linkTarget(chartFile), "alt": words.tool(.chartAlt)]
        }
        let founder = FounderPage(words: words, explanation: input.explanation)
        let appendix = ConsultantAppendix(words: words, explanation: input.explanation, facts: input.facts)
        model.merge(founder.values()) { $1 }
        model.merge(appendix.values()) { $1 }
        return TemplateValues.normalized(model)
    }

    /// A file name without folders and extension.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

/// The conventions every view model follows, so templates can test values simply.
enum TemplateValues {
    /// Empty text is left out (an empty string would count as true in a `{{#section}}`), and each
    /// list `xs` gets a flag `hasXs`, true when it is not empty; nested values alike.
    static func normalized(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in values {
            switch value {
            case let text as String:
                if !text.isEmpty { result[key] = text }
            case let nested as [String: Any]:
                result[key] = normalized(nested)
            case let list as [[String: Any]]:
                result[key] = list.map(normalized)
                result["has" + key.prefix(1).uppercased() + key.dropFirst()] = !list.isEmpty
            case let list as [Any]:
                result[key] = list
                result["has" + key.prefix(1).uppercased() + key.dropFirst()] = !list.isEmpty
            default:
                result[key] = value
            }
        }
        return result
    }
}
