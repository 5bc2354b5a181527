import AdvisorEngine
import AdvisorReports

/// The report of a whole batch (`advisor score --summary cohort.md`): how many profiles were
/// scored, undecided and failed; the model mix (a table and an SVG chart); how clear the
/// recommendations are; the runner-up pairs that come up most among close calls; the unknown
/// facts that most often could change the answer (what to ask this cohort next); the
/// failures with their first error. Markdown that passes the linters like the profile
/// reports, or one self-contained HTML page. Every table's counts add up to the batch.
public enum CohortReport {
    /// Where the report's facts come from, for its first paragraph.
    public struct Context: Sendable {
        public var inputs: [String]
        public var advisorVersion: String
        /// The chart's file name beside a Markdown report (nil: no image link).
        public var chartFile: String?

        public init(inputs: [String], advisorVersion: String, chartFile: String?) {
            self.inputs = inputs
            self.advisorVersion = advisorVersion
            self.chartFile = chartFile
        }
    }

    /// How many rows the ranked tables and the failures list show.
    public static let listed = 10
    public static let listedFailures = 50

    // MARK: - The document, whatever its format

    enum Inline {
        case text(String)
        case code(String)
        case strong(String)
    }

    enum Block {
        case heading(String)
        case paragraph([Inline])
        /// The first `labels` columns are words; the others are numbers, aligned right.
        case table(header: [String], labels: Int = 1, rows: [[[Inline]]])
        case list([[Inline]])
        case chart
    }

    static func share(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let percent = Double(count) * 100 / Double(total)
        let tenths = (percent * 10).rounded() / 10
        return (tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)) + "%"
    }

    static func count(_ number: Int) -> [Inline] { [.text(Number.grouped(number))] }

    /// A phrase of the tool's words as inline parts: the `{name}` placeholders of `parts`
    /// replaced by those parts (code spans), the others filled in from `values`.
    static func inlines(_ words: ToolWords, _ phrase: Phrase, _ values: [String: String] = [:], parts: [String: [Inline]] = [:]) -> [Inline] {
        var rest = Substring(words(phrase, values))
        var result: [Inline] = []
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
            let part = parts[String(rest[rest.index(after: open)..<close])]
        {
            if open > rest.startIndex { result.append(.text(String(rest[..<open]))) }
            result += part
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { result.append(.text(String(rest))) }
        return result
    }

    /// A model in a table or chart: its id as code, or in a language that names models by
    /// their short names (`modelRef`) that name.
    static func model(_ index: Int, _ tally: BatchTally, ruleBook: RuleBook, words: ToolWords) -> [Inline] {
        let id = tally.modelIds[index]
        let named = modelLabel(id, ruleBook: ruleBook, words: words)
        return named == id ? [.code(id)] : [.text(named)]
    }

    static func modelLabel(_ id: String, ruleBook: RuleBook, words: ToolWords) -> String {
        words(.modelRef, ["id": id, "short": ruleBook.index(ofModel: id).map { ruleBook.models[$0].shortName } ?? id])
    }

    static func blocks(_ tally: BatchTally, ruleBook: RuleBook, context: Context) -> [Block] {
        let words = ToolWords(ruleBook.language)
        let recommended = tally.scored - tally.undecided
        var blocks: [Block] = []
        var inputs: [Inline] = []
        for (index, input) in context.inputs.enumerated() {
            if index > 0 { inputs.append(.text(index == context.inputs.count - 1 ? words(.listAnd) : words.comma)) }
            inputs.append(.code(input))
        }
        blocks.append(
            .paragraph(
                inlines(
                    words, .cohortIntro,
                    [
                        "profiles": words.counted(tally.total, .cohortProfiles), "name": ruleBook.header.name, "version": String(ruleBook.header.version),
                        "advisorVersion": context.advisorVersion,
                    ], parts: ["inputs": inputs, "fingerprint": [.code(ruleBook.fingerprint)]])))

        let header = [words(.cohortProfilesColumn), words(.cohortShare)]
        blocks.append(.heading(words(.cohortCounts)))
        blocks.append(
            .table(
                header: [words(.cohortOutcome)] + header,
                rows: [
                    [[.text(words(.cohortRecommended))], count(recommended), [.text(share(recommended, of: tally.total))]],
                    [[.text(words(.cohortUndecided))], count(tally.undecided), [.text(share(tally.undecided, of: tally.total))]],
                    [[.text(words(.cohortFailed))], count(tally.failed), [.text(share(tally.failed, of: tally.total))]],
                    [[.strong(words(.cohortTotal))], count(tally.total), [.text(tally.total > 0 ? "100%" : "0%")]],
                ]))

        blocks.append(.heading(words(.cohortMix)))
        blocks.append(.paragraph([.text(words(.cohortMixLead))]))
        blocks.append(.chart)
        var mix: [[[Inline]]] = mixOrder(tally).map { model in
            [Self.model(model, tally, ruleBook: ruleBook, words: words), count(tally.recommendations[model]), [.text(share(tally.recommendations[model], of: tally.scored))]]
        }
        if tally.undecided > 0 { mix.append([[.text(words(.cohortNoneUndecided))], count(tally.undecided), [.text(share(tally.undecided, of: tally.scored))]]) }
        mix.append([[.strong(words(.cohortTotalScored))], count(tally.scored), [.text(tally.scored > 0 ? "100%" : "0%")]])
        blocks.append(.table(header: [words(.cohortModel)] + header, rows: mix))

        blocks.append(.heading(words(.cohortClarity)))
        let limits = ["clear": Number.fit(LeadStrength.clear.lowerBound), "decisive": Number.fit(LeadStrength.decisive.lowerBound)]
        blocks.append(.paragraph([.text(words(.cohortClarityLead, limits))]))
        let labels: [BatchTally.Clarity: Phrase] = [.close: .cohortClose, .clear: .cohortClear, .decisive: .cohortDecisive, .unrivalled: .cohortUnrivalled]
        var clarity: [[[Inline]]] = BatchTally.Clarity.allCases.map { kind in
            [[.text(labels[kind].map { words($0, limits) } ?? "")], count(tally.clarity[kind.rawValue]), [.text(share(tally.clarity[kind.rawValue], of: recommended))]]
        }
        clarity.append([[.strong(words(.cohortTotalRecommended))], count(recommended), [.text(recommended > 0 ? "100%" : "0%")]])
        blocks.append(.table(header: [words(.cohortMargin)] + header, rows: clarity))

        blocks.append(.heading(words(.cohortCloseCalls)))
        let pairs = tally.closePairs.sorted { a, b in
            a.value != b.value ? a.value > b.value : (a.key.winner, a.key.runnerUp) < (b.key.winner, b.key.runnerUp)
        }
        let closeCount = tally.clarity[BatchTally.Clarity.close.rawValue]
        if pairs.isEmpty {
            blocks.append(.paragraph([.text(words(.cohortNoCloseCall))]))
        } else {
            let first = pairs.count > listed ? words(.cohortFirstPairs, ["n": String(listed)]) : ""
            blocks.append(
                .paragraph([
                    .text(
                        words(
                            .cohortCloseCallsLead,
                            ["closeCalls": words.counted(closeCount, .cohortCloseCallCount), "pairs": words.counted(pairs.count, .cohortPairs), "first": first]))
                ]))
            blocks.append(
                .table(
                    header: [words(.cohortRecommendation), words(.cohortRunnerUp), words(.cohortProfilesColumn)], labels: 2,
                    rows: pairs.prefix(listed).map { pair in
                        [
                            Self.model(pair.key.winner, tally, ruleBook: ruleBook, words: words), Self.model(pair.key.runnerUp, tally, ruleBook: ruleBook, words: words),
                            count(pair.value),
                        ]
                    }))
        }

        blocks.append(.heading(words(.cohortAskNext)))
        let facts = tally.factIds.indices.filter { tally.couldChange[$0] > 0 }.sorted {
            tally.couldChange[$0] != tally.couldChange[$1] ? tally.couldChange[$0] > tally.couldChange[$1] : $0 < $1
        }
        if facts.isEmpty {
            blocks.append(.paragraph([.text(words(.cohortNothingToAsk))]))
        } else {
            let first = facts.count > listed ? words(.cohortFirstFacts, ["n": String(listed), "count": String(facts.count)]) : ""
            blocks.append(.paragraph([.text(words(.cohortAskNextLead, ["first": first]))]))
            func fact(_ slot: Int) -> [Inline] {
                let id = tally.factIds[slot]
                let named = words(.factRef, ["id": id, "name": ruleBook.fact(id)?.displayName ?? id])
                return named == id ? [.code(id)] : [.text(named)]
            }
            blocks.append(
                .table(
                    header: [words(.cohortFact), words(.cohortCouldChange), words(.cohortUnknownIn)],
                    rows: facts.prefix(listed).map { slot in [fact(slot), count(tally.couldChange[slot]), count(tally.unknown[slot])] }))
        }

        blocks.append(.heading(words(.cohortFailures)))
        if tally.failed == 0 {
            blocks.append(.paragraph([.text(words(.cohortNoFailure))]))
        } else {
            let shown = tally.failures.prefix(listedFailures)
            let profiles = words.counted(tally.failed, .cohortProfiles)
            blocks.append(
                .paragraph([
                    .text(
                        shown.count < tally.failed
                            ? words(.cohortFailuresFirst, ["profiles": profiles, "n": String(shown.count)]) : words(.cohortFailuresLead, ["profiles": profiles]))
                ]))
            blocks.append(
                .list(
                    shown.map { failure in
                        let id = failure.id.flatMap { $0.isEmpty ? nil : inlines(words, .cohortFailureId, parts: ["id": [.code($0)]]) } ?? []
                        return inlines(words, .cohortFailureItem, ["error": failure.firstError], parts: ["label": [.code(failure.label)], "id": id])
                    }))
        }
        return blocks
    }

    /// Models by how often they are recommended, most first; the rule book's order among equals.
    static func mixOrder(_ tally: BatchTally) -> [Int] {
        tally.modelIds.indices.sorted {
            tally.recommendations[$0] != tally.recommendations[$1] ? tally.recommendations[$0] > tally.recommendations[$1] : $0 < $1
        }
    }

    // MARK: - Markdown

    /// The report in Markdown; `context.chartFile` names the SVG written beside it.
    public static func markdown(_ tally: BatchTally, ruleBook: RuleBook, context: Context) -> String {
        func inline(_ parts: [Inline]) -> String {
            parts.map { part in
                switch part {
                case .text(let text): return MarkdownText.escape(text)
                case .code(let text): return MarkdownText.code(text)
                case .strong(let text): return "**" + MarkdownText.escape(text) + "**"
                }
            }.joined()
        }
        let words = ToolWords(ruleBook.language)
        var lines = ["# " + MarkdownText.escape(words(.cohortTitle)), ""]
        for block in blocks(tally, ruleBook: ruleBook, context: context) {
            switch block {
            case .heading(let text): lines += ["## " + MarkdownText.escape(text), ""]
            case .paragraph(let parts): lines += [inline(parts), ""]
            case .table(let header, let labels, let rows):
                lines.append("| " + header.map(MarkdownText.escape).joined(separator: " | ") + " |")
                lines.append("|" + String(repeating: " --- |", count: labels) + String(repeating: " --: |", count: header.count - labels))
                for row in rows { lines.append("| " + row.map(inline).joined(separator: " | ") + " |") }
                lines.append("")
            case .list(let items):
                lines += items.map { "- " + inline($0) }
                lines.append("")
            case .chart:
                if let chart = context.chartFile { lines += ["![\(MarkdownText.escape(words(.cohortChartAlt)))](\(chart))", ""] }
            }
        }
        return MarkdownText.tidy(lines.joined(separator: "\n"))
    }

    // MARK: - HTML

    /// The report as one self-contained HTML page (the chart inline), every text escaped.
    public static func html(_ tally: BatchTally, ruleBook: RuleBook, context: Context) -> String {
        func inline(_ parts: [Inline]) -> String {
            parts.map { part in
                switch part {
                case .text(let text): return XML.escape(text)
                case .code(let text): return "<code>" + XML.escape(text) + "</code>"
                case .strong(let text): return "<strong>" + XML.escape(text) + "</strong>"
                }
            }.joined()
        }
        let words = ToolWords(ruleBook.language)
        let title = XML.escape(words(.cohortTitle))
        var page = [
            "<!DOCTYPE html>", "<html lang=\"\(XML.escape(words.language))\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "<title>\(title)</title>",
            "<style>",
            "body { font-family: \(FitChart.fontStack); max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a202c; line-height: 1.5; }",
            "table { border-collapse: collapse; margin: 1rem 0; }",
            "th, td { border: 1px solid #cbd5e0; padding: 0.25rem 0.75rem; text-align: left; }",
            "td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }",
            "code { background: #edf2f7; padding: 0 0.2rem; }",
            "svg { max-width: 100%; height: auto; }",
            "</style>", "</head>", "<body>", "<h1>\(title)</h1>",
        ]
        for block in blocks(tally, ruleBook: ruleBook, context: context) {
            switch block {
            case .heading(let text): page.append("<h2>\(XML.escape(text))</h2>")
            case .paragraph(let parts): page.append("<p>\(inline(parts))</p>")
            case .table(let header, let labels, let rows):
                page.append("<table>")
                page.append(
                    "<thead><tr>" + header.enumerated().map { "<th\($0.offset >= labels ? " class=\"number\"" : "")>\(XML.escape($0.element))</th>" }.joined()
                        + "</tr></thead>")
                page.append("<tbody>")
                for row in rows {
                    page.append("<tr>" + row.enumerated().map { "<td\($0.offset >= labels ? " class=\"number\"" : "")>\(inline($0.element))</td>" }.joined() + "</tr>")
                }
                page.append("</tbody>")
                page.append("</table>")
            case .list(let items):
                page.append("<ul>")
                page += items.map { "<li>\(inline($0))</li>" }
                page.append("</ul>")
            case .chart:
                // Inline, without the XML declaration: the page holds everything it shows.
                page.append(chartSVG(tally, ruleBook: ruleBook).split(separator: "\n").dropFirst().joined(separator: "\n"))
            }
        }
        page += ["</body>", "</html>"]
        return page.joined(separator: "\n") + "\n"
    }

    // MARK: - The chart

    /// A bar chart of the recommendations by model (and undecided), most first, as SVG.
    public static func chartSVG(_ tally: BatchTally, ruleBook: RuleBook) -> String {
        let words = ToolWords(ruleBook.language)
        var bars = mixOrder(tally).map {
            (label: modelLabel(tally.modelIds[$0], ruleBook: ruleBook, words: words), name: words(.modelName, ["name": ruleBook.models[$0].name, "short": ruleBook.models[$0].shortName]), count: tally.recommendations[$0], undecided: false)
        }
        if tally.undecided > 0 { bars.append((label: words(.cohortChartNone), name: words(.cohortChartUndecided), count: tally.undecided, undecided: true)) }
        let labelWidth = 170.0, barArea = 380.0, rowHeight = 26.0, top = 50.0, left = 20.0
        let width = left + labelWidth + barArea + 150
        let height = top + Double(bars.count) * rowHeight + 20
        let most = Double(max(bars.map(\.count).max() ?? 0, 1))
        let sans = ("font-family", FitChart.fontStack)
        let title = words(.cohortChartTitle, ["profiles": words.counted(tally.scored, .cohortProfiles)])
        var svg = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        svg.append(
            XML.open(
                "svg",
                [
                    ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)), ("height", SVGNumber.format(height)),
                    ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"), ("role", "img"), ("aria-labelledby", "cohort-title cohort-desc"),
                ]))
        svg.append("  " + XML.element("title", [("id", "cohort-title")], text: title))
        let description = bars.map { words(.cohortChartDescriptionBar, ["label": $0.label, "n": words.digits($0.count)]) }.joined(separator: words.comma)
        svg.append("  " + XML.element("desc", [("id", "cohort-desc")], text: words(.cohortChartDescription, ["bars": description])))
        svg.append("  " + XML.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]))
        svg.append(
            "  " + XML.element("text", [("x", SVGNumber.format(left)), ("y", "28"), sans, ("font-size", "15"), ("font-weight", "bold"), ("fill", "#1a202c")], text: title))
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * rowHeight
            let length = Double(bar.count) / most * barArea
            svg.append(
                "  " + XML.element(
                    "text",
                    [("x", SVGNumber.format(left + labelWidth - 10)), ("y", SVGNumber.format(y + 17)), sans, ("font-size", "13"), ("fill", "#1a202c"), ("text-anchor", "end")],
                    text: bar.label))
            let rect = XML.open(
                "rect",
                [
                    ("x", SVGNumber.format(left + labelWidth)), ("y", SVGNumber.format(y + 4)), ("width", SVGNumber.format(length)),
                    ("height", SVGNumber.format(rowHeight - 8)), ("fill", bar.undecided ? "#a0aec0" : "#2b6cb0"),
                ])
            svg.append("  " + rect + XML.element("title", [], text: words(.cohortChartBar, ["name": bar.name, "n": words.digits(bar.count)])) + "</rect>")
            svg.append(
                "  " + XML.element(
                    "text", [("x", SVGNumber.format(left + labelWidth + length + 6)), ("y", SVGNumber.format(y + 17)), sans, ("font-size", "12"), ("fill", "#2d3748")],
                    text: "\(Number.grouped(bar.count)) (\(share(bar.count, of: tally.scored)))"))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }
}
