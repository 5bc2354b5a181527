import AdvisorEngine

/// One profile's line in the index of a folder's reports.
public struct ReportIndexEntry: Sendable, Hashable {
    public var profilePath: String
    /// The report's file, relative to the index.
    public var reportFile: String
    public var recommendation: String?
    public var runnerUp: String?
    public var margin: Double?
    /// Why the profile could not be read (then it has no report).
    public var error: String?
    /// The profile's id (`--id-field`), when it gives one.
    public var id: String?

    public init(
        profilePath: String, reportFile: String, recommendation: String?, runnerUp: String?, margin: Double?, error: String? = nil, id: String? = nil
    ) {
        self.profilePath = profilePath
        self.reportFile = reportFile
        self.recommendation = recommendation
        self.runnerUp = runnerUp
        self.margin = margin
        self.error = error
        self.id = id
    }
}

/// `index.md`: the reports of a folder of profiles, grouped by recommendation, each linked.
public enum ReportIndex {
    public static func markdown(_ entries: [ReportIndexEntry], ruleBook: RuleBook, advisorVersion: String, templates: ReportTemplates) -> String {
        templates.render(ReportTemplates.index, viewModel(entries, ruleBook: ruleBook, advisorVersion: advisorVersion))
    }

    /// The index as an HTML page (its entries' `reportFile`s name the HTML reports).
    public static func html(_ entries: [ReportIndexEntry], ruleBook: RuleBook, advisorVersion: String, templates: ReportTemplates) -> String {
        HTMLPage.render(
            markdown: templates.render(
                ReportTemplates.index, viewModel(entries, ruleBook: ruleBook, advisorVersion: advisorVersion, inlineLinks: true), lineWidth: .max),
            chart: nil, title: ToolWords(ruleBook.language)(.reportsTitle),
            advisorVersion: advisorVersion, language: ruleBook.language, templates: templates)
    }

    /// The values the index template sees (see Docs/report-templates.md). A report's link is a
    /// shortcut reference (`[label]`, its target in the `links` list at the end), or with
    /// `inlineLinks` an inline link (`[label](target)`, and no list): the HTML page's Markdown
    /// renderer knows only those.
    public static func viewModel(_ entries: [ReportIndexEntry], ruleBook: RuleBook, advisorVersion: String, inlineLinks: Bool = false) -> [String: Any] {
        let read = entries.filter { $0.error == nil }
        // Labels are the reports' file names; a label that differs from an earlier one only in
        // case gets a number, because Markdown matches link labels without case.
        var labels: [String: String] = [:]
        var taken: Set<String> = []
        for entry in read {
            var label = ExplanationReport.fileStem(entry.reportFile)
            var number = 2
            while taken.contains(label.lowercased()) {
                label = ExplanationReport.fileStem(entry.reportFile) + " (\(number))"
                number += 1
            }
            taken.insert(label.lowercased())
            labels[entry.reportFile] = label
        }
        func row(_ entry: ReportIndexEntry) -> [String: Any] {
            let label = labels[entry.reportFile] ?? entry.reportFile
            let reference = "[" + MarkdownText.escape(label) + "]"
            var row: [String: Any] = [
                "label": label, "linkMarkup": inlineLinks ? reference + "(" + ReportWords.linkTarget(entry.reportFile) + ")" : reference,
            ]
            if let margin = entry.margin { row["margin"] = Number.fit(margin) }
            if let runnerUp = entry.runnerUp { row["runnerUpCode"] = MarkdownText.code(runnerUp) }
            return row
        }
        var groups: [[String: Any]] = ruleBook.models.compactMap { model in
            let rows = read.filter { $0.recommendation == model.id }
            guard !rows.isEmpty else { return nil }
            return ["model": ["idCode": MarkdownText.code(model.id), "name": model.name], "rows": rows.map(row)]
        }
        let none = read.filter { entry in entry.recommendation.map { ruleBook.index(ofModel: $0) == nil } ?? true }
        if !none.isEmpty { groups.append(["rows": none.map(row)]) }

        let failed = entries.filter { $0.error != nil }
        let values: [String: Any] = [
            "profileCount": ToolWords(ruleBook.language).count(read.count, .profiles).capitalizedFirst,
            "advisorVersion": advisorVersion,
            "ruleBookName": ruleBook.header.name,
            "ruleBookVersion": ruleBook.header.version,
            "fingerprintCode": MarkdownText.code(ruleBook.fingerprint),
            "groups": groups,
            "failed": failed.map { entry in
                ["pathCode": MarkdownText.code(entry.profilePath), "message": entry.error ?? ""].merging(entry.id.map { ["id": $0] } ?? [:]) { $1 }
            },
            "links": inlineLinks ? [] : read.map { ["label": labels[$0.reportFile] ?? $0.reportFile, "target": ReportWords.linkTarget($0.reportFile)] },
        ]
        return TemplateValues.normalized(values)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
