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

    static func blocks(_ tally: BatchTally, ruleBook: RuleBook, context: Context) -> [Block] {
        func grouped(_ number: Int) -> String { Number.grouped(number) }
        let recommended = tally.scored - tally.undecided
        var blocks: [Block] = []
        var intro: [Inline] = [.text("\(grouped(tally.total)) profile\(tally.total == 1 ? "" : "s") read from ")]
        for (index, input) in context.inputs.enumerated() {
            if index > 0 { intro.append(.text(index == context.inputs.count - 1 ? " and " : ", ")) }
            intro.append(.code(input))
        }
        intro += [
            .text(", scored with the rule book \(ruleBook.header.name) (version \(ruleBook.header.version), fingerprint "),
            .code(ruleBook.fingerprint), .text(") by advisor \(context.advisorVersion)."),
        ]
        blocks.append(.paragraph(intro))

        blocks.append(.heading("Counts"))
        blocks.append(
            .table(
                header: ["outcome", "profiles", "share"],
                rows: [
                    [[.text("recommendation given")], count(recommended), [.text(share(recommended, of: tally.total))]],
                    [[.text("undecided: no recommendation")], count(tally.undecided), [.text(share(tally.undecided, of: tally.total))]],
                    [[.text("could not be scored")], count(tally.failed), [.text(share(tally.failed, of: tally.total))]],
                    [[.strong("total")], count(tally.total), [.text(tally.total > 0 ? "100%" : "0%")]],
                ]))

        blocks.append(.heading("Model mix"))
        blocks.append(.paragraph([.text("The recommendation of each profile that was scored, by model.")]))
        blocks.append(.chart)
        var mix: [[[Inline]]] = mixOrder(tally).map { model in
            [[.code(tally.modelIds[model])], count(tally.recommendations[model]), [.text(share(tally.recommendations[model], of: tally.scored))]]
        }
        if tally.undecided > 0 { mix.append([[.text("none (undecided)")], count(tally.undecided), [.text(share(tally.undecided, of: tally.scored))]]) }
        mix.append([[.strong("total scored")], count(tally.scored), [.text(tally.scored > 0 ? "100%" : "0%")]])
        blocks.append(.table(header: ["model", "profiles", "share"], rows: mix))

        blocks.append(.heading("How clear the recommendations are"))
        let clear = LeadStrength.clear.lowerBound, decisive = LeadStrength.decisive.lowerBound
        blocks.append(
            .paragraph([
                .text(
                    "The margin is the recommended model's lead over the runner-up, in points of fit: a close call is under \(Number.fit(clear)) points, clear from \(Number.fit(clear)), decisive from \(Number.fit(decisive))."
                )
            ]))
        let words: [BatchTally.Clarity: String] = [
            .close: "close call (under \(Number.fit(clear)))", .clear: "clear (\(Number.fit(clear)) to \(Number.fit(decisive)))",
            .decisive: "decisive (\(Number.fit(decisive)) or more)", .unrivalled: "no admissible runner-up",
        ]
        var clarity: [[[Inline]]] = BatchTally.Clarity.allCases.map { kind in
            [[.text(words[kind] ?? "")], count(tally.clarity[kind.rawValue]), [.text(share(tally.clarity[kind.rawValue], of: recommended))]]
        }
        clarity.append([[.strong("total recommended")], count(recommended), [.text(recommended > 0 ? "100%" : "0%")]])
        blocks.append(.table(header: ["margin", "profiles", "share"], rows: clarity))

        blocks.append(.heading("Close calls"))
        let pairs = tally.closePairs.sorted { a, b in
            a.value != b.value ? a.value > b.value : (a.key.winner, a.key.runnerUp) < (b.key.winner, b.key.runnerUp)
        }
        let closeCount = tally.clarity[BatchTally.Clarity.close.rawValue]
        if pairs.isEmpty {
            blocks.append(.paragraph([.text("No recommendation is a close call.")]))
        } else {
            blocks.append(
                .paragraph([
                    .text(
                        "The pairs of recommendation and runner-up that come up most among the \(grouped(closeCount)) close call\(closeCount == 1 ? "" : "s") (\(pairs.count) pair\(pairs.count == 1 ? "" : "s") in all\(pairs.count > listed ? "; the first \(listed)" : "")).")
                ]))
            blocks.append(
                .table(
                    header: ["recommendation", "runner-up", "profiles"], labels: 2,
                    rows: pairs.prefix(listed).map { pair in
                        [[.code(tally.modelIds[pair.key.winner])], [.code(tally.modelIds[pair.key.runnerUp])], count(pair.value)]
                    }))
        }

        blocks.append(.heading("What to ask this cohort next"))
        let facts = tally.factIds.indices.filter { tally.couldChange[$0] > 0 }.sorted {
            tally.couldChange[$0] != tally.couldChange[$1] ? tally.couldChange[$0] > tally.couldChange[$1] : $0 < $1
        }
        if facts.isEmpty {
            blocks.append(.paragraph([.text("No unknown fact could change any recommendation.")]))
        } else {
            blocks.append(
                .paragraph([
                    .text(
                        "The unknown facts that could change the recommendation of the most profiles: asking them would settle those answers\(facts.count > listed ? " (the first \(listed) of \(facts.count))" : "").")
                ]))
            blocks.append(
                .table(
                    header: ["fact", "could change it", "unknown in"],
                    rows: facts.prefix(listed).map { slot in [[.code(tally.factIds[slot])], count(tally.couldChange[slot]), count(tally.unknown[slot])] }))
        }

        blocks.append(.heading("Failures"))
        if tally.failed == 0 {
            blocks.append(.paragraph([.text("Every profile was read and scored.")]))
        } else {
            let shown = tally.failures.prefix(listedFailures)
            let more = tally.failed - shown.count
            blocks.append(
                .paragraph([
                    .text(
                        "\(grouped(tally.failed)) profile\(tally.failed == 1 ? "" : "s") could not be scored\(more > 0 ? "; the first \(shown.count), each with its first error (the output holds every error record)" : ", each with its first error"):")
                ]))
            blocks.append(
                .list(
                    shown.map { failure in
                        var item: [Inline] = [.code(failure.label)]
                        if let id = failure.id, !id.isEmpty { item += [.text(" (id "), .code(id), .text(")")] }
                        return item + [.text(": " + failure.firstError)]
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
        var lines = ["# Cohort report", ""]
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
                if let chart = context.chartFile { lines += ["![Recommendations by model](\(chart))", ""] }
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
        var page = [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "<title>Cohort report</title>",
            "<style>",
            "body { font-family: sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a202c; line-height: 1.5; }",
            "table { border-collapse: collapse; margin: 1rem 0; }",
            "th, td { border: 1px solid #cbd5e0; padding: 0.25rem 0.75rem; text-align: left; }",
            "td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }",
            "code { background: #edf2f7; padding: 0 0.2rem; }",
            "svg { max-width: 100%; height: auto; }",
            "</style>", "</head>", "<body>", "<h1>Cohort report</h1>",
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
        var bars = mixOrder(tally).map { (label: tally.modelIds[$0], name: ruleBook.models[$0].name, count: tally.recommendations[$0]) }
        if tally.undecided > 0 { bars.append((label: "none", name: "No recommendation (undecided)", count: tally.undecided)) }
        let labelWidth = 170.0, barArea = 380.0, rowHeight = 26.0, top = 50.0, left = 20.0
        let width = left + labelWidth + barArea + 150
        let height = top + Double(bars.count) * rowHeight + 20
        let most = Double(max(bars.map(\.count).max() ?? 0, 1))
        let sans = ("font-family", "sans-serif")
        let title = "Recommendations by model (\(Number.grouped(tally.scored)) profiles scored)"
        var svg = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        svg.append(
            XML.open(
                "svg",
                [
                    ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)), ("height", SVGNumber.format(height)),
                    ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"), ("role", "img"), ("aria-labelledby", "cohort-title cohort-desc"),
                ]))
        svg.append("  " + XML.element("title", [("id", "cohort-title")], text: title))
        let description = bars.map { "\($0.label) \($0.count)" }.joined(separator: ", ")
        svg.append("  " + XML.element("desc", [("id", "cohort-desc")], text: "Profiles recommended each model, most first: \(description)."))
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
                    ("height", SVGNumber.format(rowHeight - 8)), ("fill", bar.label == "none" ? "#a0aec0" : "#2b6cb0"),
                ])
            svg.append("  " + rect + XML.element("title", [], text: "\(bar.name): \(Number.grouped(bar.count))") + "</rect>")
            svg.append(
                "  " + XML.element(
                    "text", [("x", SVGNumber.format(left + labelWidth + length + 6)), ("y", SVGNumber.format(y + 17)), sans, ("font-size", "12"), ("fill", "#2d3748")],
                    text: "\(Number.grouped(bar.count)) (\(share(bar.count, of: tally.scored)))"))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }
}
