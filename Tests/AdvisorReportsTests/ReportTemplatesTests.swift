import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Foundation
import Testing

/// The report templates a consultant edits: built in, overridable, and checked with positions.
@Suite struct ReportTemplatesTests {
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates")

    @Test func theEmbeddedTemplatesMatchTemplatesOnDisk() throws {
        // The English templates and each language's folder of them (`Templates/zh-CN/`).
        let names = try FileManager.default.subpathsOfDirectory(atPath: Self.templatesFolder.path)
            .filter { $0.hasSuffix(".mustache") && $0.split(separator: "/").count <= 2 }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(names.contains("zh-CN/report.mustache"))
        #expect(ShippedTemplates.files.map(\.path) == names.map { "Templates/" + $0 }, "run scripts/embed-templates.sh after editing Templates/")
        for (file, name) in zip(ShippedTemplates.files, names) {
            let text = try String(contentsOf: Self.templatesFolder.appendingPathComponent(name), encoding: .utf8)
            #expect(file.text == text, "\(file.path) differs from Templates/: run scripts/embed-templates.sh")
        }
    }

    /// The names a template's tags use (`{{name}}`, `{{#name}}`, `{{{name}}}`, `{{> name}}`).
    static func tagNames(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for part in text.components(separatedBy: "{{").dropFirst() {
            guard let end = part.range(of: "}}") else { continue }
            let tag = part[..<end.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "{}#^/&>< "))
            if !tag.isEmpty, !part.hasPrefix("!") { names.insert(tag) }
        }
        return names
    }

    /// A language's templates use the values the English ones do: a value added to an English
    /// template (a new action, a receipt line) is in the translation too, or it would silently
    /// not show in that language.
    @Test func eachLanguagesTemplatesUseTheValuesOfTheEnglishOnes() throws {
        let english = Dictionary(uniqueKeysWithValues: ShippedTemplates.files.filter { $0.folder == "Templates" }.map { ($0.name, $0.text) })
        let translated = ShippedTemplates.files.filter { $0.folder != "Templates" }
        #expect(!translated.isEmpty)
        for file in translated {
            let original = try #require(english[file.name], "\(file.path) has no English template")
            #expect(Self.tagNames(file.text) == Self.tagNames(original), "\(file.path) and Templates/\(file.name).mustache use different values")
        }
    }

    @Test func theShippedTemplatesLoadWithoutWarnings() throws {
        let templates = try ReportTemplates.load().get()
        #expect(templates.warnings.isEmpty)
    }

    @Test func aTemplateErrorNamesFileLineAndColumn() throws {
        let broken = TemplateFile(path: "mine/reasons.mustache", text: "## Why\n\n{{#reasons}}\n- {{because}}\n{{/against}}\n")
        guard case .failure(let problems) = ReportTemplates.load(overrides: [broken]) else {
            Issue.record("a section closed by the wrong name was accepted")
            return
        }
        let problem = try #require(problems.first)
        #expect(problem.location?.file == "mine/reasons.mustache")
        #expect(problem.location?.line == 5, "the line of the file, not of the text the advisor parses")
        #expect(problem.location?.column != nil)
        #expect(problem.message.contains("does not match"))
        #expect(problem.hint?.contains("{{/name}}") == true)
    }

    @Test func aPartialThatDoesNotExistIsAnErrorAtItsTag() throws {
        let file = TemplateFile(path: "mine/report.mustache", text: "# {{title}}\n\n{{> advise}}\n")
        guard case .failure(let problems) = ReportTemplates.load(overrides: [file]) else {
            Issue.record("a missing partial was accepted")
            return
        }
        #expect(problems.map(\.description).contains { $0.hasPrefix("mine/report.mustache:3:1: error: no template named 'advise'") })
        #expect(problems.first?.hint == "did you mean 'advice'?")
    }

    @Test func templatesThatIncludeEachOtherAreRefused() throws {
        let one = TemplateFile(path: "mine/reasons.mustache", text: "{{> runner-up}}\n")
        let two = TemplateFile(path: "mine/runner-up.mustache", text: "{{> reasons}}\n")
        guard case .failure(let problems) = ReportTemplates.load(overrides: [one, two]) else {
            Issue.record("a loop of partials was accepted (it would recurse forever)")
            return
        }
        #expect(problems.contains { $0.message.contains("in a loop") })
    }

    @Test func aTemplateNobodyIncludesIsAWarningWithTheLikelyName() throws {
        let stray = TemplateFile(path: "mine/reciept.mustache", text: "Receipt\n")
        let templates = try ReportTemplates.load(overrides: [stray]).get()
        #expect(templates.warnings.count == 1)
        #expect(templates.warnings.first?.hint == "did you mean 'receipt.mustache'?")
    }

    @Test func anOverrideReplacesOneSectionAndKeepsTheOthers() throws {
        let book = try Shipped.ruleBook()
        let profile = try Shipped.profile("capital: 1000\ncategory_breadth: single\n", book: book)
        let custom = TemplateFile(path: "mine/advice.mustache", text: "## What we advise\n\n{{#winner}}Go with {{name}}.{{/winner}}\n")
        let templates = try ReportTemplates.load(overrides: [custom]).get()
        let report = try Shipped.markdown(profile, book: book, templates: templates)
        #expect(report.contains("## What we advise\n\nGo with "))
        #expect(!report.contains("## Our advice"))
        #expect(report.contains("## Appendix for consultants"), "the other sections still come from the shipped templates")
    }

    @Test func plainValuesAreEscapedForMarkdownAndTripleTagsAreNot() throws {
        let custom = TemplateFile(path: "mine/report.mustache", text: "{{title}} / {{{title}}}\n")
        let templates = try ReportTemplates.load(overrides: [custom]).get()
        let text = templates.render(ReportTemplates.report, ["title": "*Bold* [link](x) <b> a_b _c_ | #1"])
        #expect(text == "\\*Bold\\* \\[link\\](x) \\<b\\> a_b \\_c\\_ \\| #1 / *Bold* [link](x) <b> a_b _c_ | #1\n")
    }
}

/// Markdown helpers: escaping, code spans and the tidying pass.
@Suite struct MarkdownTextTests {
    @Test func aLeadingCharacterThatWouldStartABlockIsEscaped() {
        #expect(MarkdownText.escape("# not a heading") == "\\# not a heading")
        #expect(MarkdownText.escape("- not a list") == "\\- not a list")
        #expect(MarkdownText.escape("1. not a list") == "1\\. not a list")
        #expect(MarkdownText.escape("0.1.0") == "0.1.0")
        #expect(MarkdownText.escape("-5") == "-5")
        #expect(MarkdownText.escape("R&D &amp;") == "R&D \\&amp;")
        #expect(MarkdownText.escape("two\nlines") == "two lines")
    }

    @Test func aCodeSpanHoldsBackticksVerbatim() {
        #expect(MarkdownText.code("capital") == "`capital`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x`") == "`` `x` ``")
    }

    @Test func tidyingWrapsProseAndKeepsListIndentation() {
        let long = "- " + Array(repeating: "word", count: 30).joined(separator: " ")
        let lines = MarkdownText.tidy(long).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 2)
        #expect(lines.dropLast().allSatisfy { $0.count <= MarkdownText.lineWidth })
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix("  word") })
        #expect(lines.last == "", "one newline at the end")
    }

    @Test func tidyingJoinsTheLinesOfAParagraphButNotOfAListOrATable() {
        let text = "One\ntwo.\n\n\n\n- a\n- b\n\n| x |\n| --- |\n| 1 |\n"
        #expect(MarkdownText.tidy(text) == "One two.\n\n- a\n- b\n\n| x |\n| --- |\n| 1 |\n")
    }

    /// Chinese sets Latin letters against its characters without a space, and a line break in a
    /// Markdown paragraph shows as a space: joining lines adds none beside a Chinese character,
    /// and wrapping breaks between two Chinese characters (or after Chinese punctuation), never
    /// inside 自营B2C, never after an opening bracket or before closing punctuation.
    @Test func chineseLinesJoinWithoutASpaceAndWrapBetweenCharacters() {
        #expect(MarkdownText.tidy("它比M2C得分更多。\nM2C在你的品牌授权上得分更多。\n") == "它比M2C得分更多。M2C在你的品牌授权上得分更多。\n")
        #expect(MarkdownText.tidy("One line\nand the next.\n") == "One line and the next.\n")
        let text = String(repeating: "这是自营B2C的理由（12分）和你的物流能力，", count: 12)
        let lines = MarkdownText.tidy(text).split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(DisplayWidth.of(line) <= MarkdownText.lineWidth, "\(line)")
            #expect(line.last != "（" && !"，。、）".contains(next.first ?? " "), "\(line) | \(next)")
            #expect(!(line.hasSuffix("自营") && next.hasPrefix("B2C")), "\(line) | \(next)")
            #expect(DisplayWidth.of(line.last ?? " ") == 2 && DisplayWidth.of(next.first ?? " ") == 2, "a break between two Chinese characters: \(line) | \(next)")
        }
        #expect(lines.joined() == text, "the lines join back to the paragraph, no space added")
    }

    @Test func tidyingLeavesFencedCodeAsItIs() {
        let code = "```text\n" + String(repeating: "x ", count: 60) + "\n\n\n```\n"
        #expect(MarkdownText.tidy(code) == code.replacingOccurrences(of: "x \n", with: "x\n"))
    }

    @Test func aWrappedLineNeverStartsWithAListMarkerOrAHeading() {
        let text = String(repeating: "a ", count: 38) + "- b # c 1. d"
        for line in MarkdownText.tidy(text).split(separator: "\n").dropFirst() {
            #expect(!line.hasPrefix("- ") && !line.hasPrefix("# ") && !line.hasPrefix("1. "), "\(line)")
        }
    }
}
