import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// `advisor explain --lang zh-CN` as a Chinese founder reads it: every example's report passes
/// the same linter and renderer as the English ones, recommends what the English one does, and
/// holds no rule-book text left in English.
@Suite(.serialized) struct BilingualReportTests {
    /// The zh-CN and English reports of every example, written once: (rule-book arguments, zh folder, en folder).
    static let shared: (rules: [String], zh: URL, en: URL)? = try? {
        let folder = try AdvisorProcess.temporaryFolder()
        let rules = try BilingualFixture.rulesArguments(in: folder)
        let zh = folder.appendingPathComponent("zh"), en = folder.appendingPathComponent("en")
        let chinese = try AdvisorProcess.run(["explain", "Examples/profiles", "--lang", "zh-CN", "-o", zh.path] + rules)
        #expect(chinese.status == 0, "\(chinese.stderr)")
        let english = try AdvisorProcess.run(["explain", "Examples/profiles", "--lang", "en", "-o", en.path] + rules)
        #expect(english.status == 0, "\(english.stderr)")
        return (rules, zh, en)
    }()

    static func reports() throws -> (rules: [String], zh: URL, en: URL) { try #require(shared, "advisor explain --lang zh-CN failed") }

    @Test func everyChineseReportPassesTheLinterAndRendersWithTables() throws {
        let folders = try Self.reports()
        // Every example's, and the pinned ones of Examples/reports/zh-CN/ in the shipped catalogue's Chinese.
        let pinned = try ExplainCLITests.files(in: AdvisorProcess.packageRoot.appendingPathComponent("Examples/reports/zh-CN"), ending: ".md")
        let reports = try ExplainCLITests.files(in: folders.zh, ending: ".md") + pinned
        #expect(reports.count == (try AdvisorProcess.examples().count) + 1 + pinned.count)
        if let linter = ExternalTool.require(["pymarkdownlnt", "pymarkdown"], install: "pip install pymarkdownlnt") {
            let result = try linter.run(["--enable-extensions", "markdown-tables", "scan"] + reports.map(\.path))
            #expect(result.status == 0, "the linter found problems:\n\(result.output)")
        }
        guard let renderer = ExternalTool.require(["cmark-gfm"], install: "apt-get install cmark-gfm") else { return }
        for report in reports {
            let result = try renderer.run(["-e", "table", report.path])
            #expect(result.status == 0)
            #expect(result.output.contains("<table>"), "\(report.lastPathComponent): no table rendered")
            #expect(!result.output.contains("| --- |"), "\(report.lastPathComponent): a table rendered as text")
        }
    }

    /// Report name -> the model its index files it under, from an index.md.
    static func recommendations(_ index: URL) throws -> [String: String] {
        var model = "none"
        var found: [String: String] = [:]
        for line in try String(contentsOf: index, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("## ") { model = line.split(separator: "`").dropFirst().first.map(String.init) ?? "none" }
            if line.hasPrefix("| ["), let name = line.dropFirst(3).split(separator: "]").first { found[String(name)] = model }
        }
        return found
    }

    @Test func everyChineseReportRecommendsWhatTheEnglishOneDoes() throws {
        let folders = try Self.reports()
        let zh = try Self.recommendations(folders.zh.appendingPathComponent("index.md"))
        let en = try Self.recommendations(folders.en.appendingPathComponent("index.md"))
        #expect(zh.count == (try AdvisorProcess.examples().count))
        #expect(zh == en)
        for example in try AdvisorProcess.examples() {
            let name = URL(fileURLWithPath: example.path).deletingPathExtension().lastPathComponent
            let english = try String(contentsOf: folders.en.appendingPathComponent(name + ".md"), encoding: .utf8)
            let chinese = try String(contentsOf: folders.zh.appendingPathComponent(name + ".md"), encoding: .utf8)
            // The same ids, in the same order, in the consultant's appendix: one explanation, two languages.
            #expect(Self.codeSpans(chinese).filter(Self.isId) == Self.codeSpans(english).filter(Self.isId), "\(name): the ids differ")
            #expect(chinese.contains("## 我们的建议"), "\(name)")
        }
    }

    static func codeSpans(_ text: String) -> [String] {
        text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    static func isId(_ span: String) -> Bool {
        !span.isEmpty && span.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "/") }
    }

    /// The rule book the reports were written with, as the test reads it.
    static func book(_ rules: [String]) throws -> RuleBook {
        let folder = rules.last ?? AdvisorProcess.packageRoot.appendingPathComponent("Rules").path
        return try RuleBookLoader.load(directory: folder).get()
    }

    @Test func noRuleBookTextIsLeftInEnglish() throws {
        let folders = try Self.reports()
        let book = try Self.book(folders.rules)
        let texts = book.texts
        let catalogue = try #require(texts.catalogues["zh-CN"])
        // Ids and values stay English in every language (the appendix quotes a profile's values
        // as it writes them): an English text that is also one ("logistics") is not counted.
        let ids = Set(book.facts.flatMap { [$0.id] + $0.kind.allowedValues } + book.models.map(\.id) + book.rules.map(\.id))
        // Every English text the catalogue translates differently; the shortest are names ("M2C"
        // is M2C in both), which must not be found inside other words.
        let english = texts.source.compactMap { key, text -> String? in
            guard let translated = catalogue.texts[key]?.text, translated != text.text, !ids.contains(text.text) else { return nil }
            return text.text
        }
        #expect(english.count > 100)
        for report in try ExplainCLITests.files(in: folders.zh, ending: ".md") {
            let prose = Self.prose(try String(contentsOf: report, encoding: .utf8))
            let left = english.filter { Self.containsWord($0, in: prose) }
            #expect(left.isEmpty, "\(report.lastPathComponent) still says in English: \(left.prefix(5))")
        }
    }

    /// A report without what is not the rule book's text: its title (the profile's name), the
    /// profile's notes (a quote), code spans (ids, conditions) and the text chart.
    static func prose(_ report: String) -> String {
        var fenced = false
        return report.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix("```") { fenced.toggle(); return nil }
            if fenced || line.hasPrefix("# ") || line.hasPrefix(">") { return nil }
            return codeSpans("`" + line + "`").isEmpty ? String(line) : String(line).components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
        }.joined(separator: "\n")
    }

    static func containsWord(_ word: String, in text: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: word) {
            let before = rest[..<range.lowerBound].last, after = rest[range.upperBound...].first
            let inWord = { (c: Character?) in c.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } ?? false }
            if !inWord(before) && !inWord(after) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// Examples/reports/zh-CN/ holds what `advisor explain --lang zh-CN` writes today
    /// (scripts/make-example-reports.sh writes them again).
    @Test func theChineseExampleReportsAreCurrent() throws {
        let pinned = AdvisorProcess.packageRoot.appendingPathComponent("Examples/reports/zh-CN")
        let reports = try ExplainCLITests.files(in: pinned, ending: ".md")
        #expect(reports.count >= 3)
        let scratch = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for report in reports {
            let name = report.deletingPathExtension().lastPathComponent
            let result = try AdvisorProcess.run(["explain", "--lang", "zh-CN", "Examples/profiles/\(name).yaml", "-o", scratch.appendingPathComponent(name + ".md").path])
            #expect(result.status == 0, "\(result.stderr)")
            for file in [name + ".md", name + "-fit.svg"] {
                let expected = try String(contentsOf: pinned.appendingPathComponent(file), encoding: .utf8)
                let actual = try String(contentsOf: scratch.appendingPathComponent(file), encoding: .utf8)
                #expect(actual == expected, "Examples/reports/zh-CN/\(file) is out of date: run scripts/make-example-reports.sh and review the diff")
            }
        }
    }

    @Test func theChineseHTMLPageSaysItIsChineseAndABrowserShowsChineseText() throws {
        let folders = try Self.reports()
        let folder = try AdvisorProcess.temporaryFolder()
        let page = folder.appendingPathComponent("report.html")
        let result = try AdvisorProcess.run(
            ["explain", "Examples/profiles/b2c-discount-importer-vs-flash-sales.yaml", "--lang", "zh-CN", "--format", "html", "-o", page.path] + folders.rules)
        try #require(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<html lang=\"zh-CN\">"))
        guard let dom = try HTMLReportTests.chromium(["--dump-dom"], page: page) else { return }
        // The founder's page as the browser lays it out (tags, styles and the SVG's markup taken
        // away, up to the consultant's appendix, which quotes ids and conditions): Chinese.
        let main = dom.components(separatedBy: "<main>").dropFirst().first ?? ""
        let body = main.components(separatedBy: "顾问附录").first ?? main
        var text = "", inTag = false
        for character in body {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        let han = text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
        let latin = text.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }.count
        #expect(han > 300, "only \(han) Chinese characters on the page")
        #expect(Double(han) > Double(latin), "more Latin letters (\(latin)) than Chinese characters (\(han)): the page is not Chinese")
        let screenshot = folder.appendingPathComponent("report.png")
        guard let log = try HTMLReportTests.chromium(["--screenshot=\(screenshot.path)", "--window-size=1000,1400"], page: page) else { return }
        #expect(FileManager.default.fileExists(atPath: screenshot.path), "no screenshot:\n\(log)")
        #expect(!log.contains(":CONSOLE"), "the browser's console says:\n\(log)")
    }
}
