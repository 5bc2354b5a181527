import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// What a Chinese reader sees with `--lang zh-CN` (or ADVISOR_LANG=zh-CN) is Chinese: the batch
/// summary, the cohort report (Markdown, its chart, HTML), `advisor diff`, and the interview's
/// own messages when a typed answer is refused. Ids, numbers, file names and codes stay as they
/// are; any other run of Latin letters left in the output is an untranslated English word.
@Suite struct ChineseOutputTests {
    static let examples = "Examples/profiles"

    /// The words of the output that may stay in Latin letters: the rule book's ids (facts,
    /// values, models, rules), the profiles' own names and notes (the founder's data), the
    /// seed codes, file names, the tool's name and command words, and the trade's codes.
    static func allowed() throws -> Set<String> {
        let book = try RuleBookLoader.load(directory: AdvisorProcess.packageRoot.appendingPathComponent("Rules").path).get()
        var ids: [String] = book.facts.map(\.id) + book.models.map(\.id) + book.rules.map(\.id)
        for fact in book.facts { ids += fact.valueMeanings.map(\.value) }
        for fact in book.facts {
            if case .enumeration(let values) = fact.kind { ids += values }
            if case .list(let values) = fact.kind { ids += values }
        }
        var words: Set<String> = [
            "advisor", "ask", "score", "explain", "diff", "lang", "zh", "CN", "resume", "answers", "yaml", "md", "html", "svg", "jsonl",
            "back", "skip", "quit", "yes", "no", "none", "id", "YAML", "Markdown", "SKU", "M2C", "B2C", "C2C", "B2B", "BBC", "B2B2C",
            "USD", "Ctrl", "domain", "abc", "Examples", "profiles", "profile", "tmp", "Rules", "PgDn", "PgUp", "esc", "ignore", "unknown", "columns",
            "App",  // a loanword Chinese writes in Latin letters, as it does SKU (the software question's choices)
        ]
        for id in ids { words.formUnion(latinWords(id)) }
        // The example founders' names and notes are their own words, in English.
        let folder = AdvisorProcess.packageRoot.appendingPathComponent(examples)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("name:") || line.hasPrefix("notes:") || line.hasPrefix("  ") {
                words.formUnion(latinWords(String(line)))
            }
            words.formUnion(latinWords(file))
        }
        return words
    }

    /// The runs of Latin letters in a text, code spans, link targets and paths (words with /
    /// or a file's extension) left out.
    static func latinWords(_ text: String) -> [String] {
        let text = text.replacingOccurrences(of: "\\]\\([^)]*\\)", with: "] ", options: .regularExpression)
            .replacingOccurrences(of: "[A-Za-z0-9_-]+\\.(svg|md|yaml|html|jsonl|csv)", with: " ", options: .regularExpression)
        var kept = ""
        var inCode = false
        for character in text {
            if character == "`" { inCode.toggle(); kept.append(" "); continue }
            kept.append(inCode ? " " : character)
        }
        return kept.split(whereSeparator: { $0.isWhitespace }).filter { !$0.contains("/") && !$0.hasPrefix("--") }.flatMap { token in
            token.split(whereSeparator: { !($0.isASCII && $0.isLetter) }).map(String.init).filter { $0.count > 1 }
        }
    }

    /// The English words of `text` that are none of `allowed`.
    static func english(_ text: String, allowed: Set<String>) -> [String] {
        Array(Set(latinWords(text)).subtracting(allowed)).sorted()
    }

    static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The text of an HTML or SVG document: its tags, entities and code (ids, a fingerprint) taken out.
    static func visibleText(_ markup: String) -> String {
        let noStyle = markup.replacingOccurrences(of: "<(style|code)>[^<]*</(style|code)>", with: " ", options: .regularExpression)
        return noStyle.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&[a-z#0-9]+;", with: " ", options: .regularExpression)
    }

    @Test func scoreSummaryAndTheCohortReportAreChinese() throws {
        let allowed = try Self.allowed()
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let markdown = folder.appendingPathComponent("cohort.md"), html = folder.appendingPathComponent("cohort.html")
        let text = try AdvisorProcess.run(["score", "--lang", "zh-CN", "--format", "text", "--verbose", "--summary", markdown.path, Self.examples])
        #expect(text.status == 0, "\(text.stderr)")
        let summary = text.stderr.split(separator: "\n").map(String.init).last ?? ""
        #expect(summary.hasPrefix("已评分36份档案。推荐："), "the batch summary on standard error: \(summary)")
        #expect(Self.english(text.stdout + text.stderr, allowed: allowed).isEmpty, "English in score's text: \(Self.english(text.stdout + text.stderr, allowed: allowed))")

        let report = try String(contentsOf: markdown, encoding: .utf8)
        #expect(report.hasPrefix("# 批量评分报告"))
        #expect(Self.english(report, allowed: allowed).isEmpty, "English in the cohort report: \(Self.english(report, allowed: allowed))")
        let chart = try String(contentsOf: folder.appendingPathComponent("cohort-mix.svg"), encoding: .utf8)
        #expect(Self.isChinese(Self.visibleText(chart)))
        #expect(Self.english(Self.visibleText(chart), allowed: allowed).isEmpty, "English in the chart: \(Self.english(Self.visibleText(chart), allowed: allowed))")

        // The same through ADVISOR_LANG, as HTML.
        let page = try AdvisorProcess.run(
            ["score", "--format", "jsonl", "--summary", html.path, "--summary-format", "html", Self.examples], environment: ["ADVISOR_LANG": "zh-CN"])
        #expect(page.status == 0, "\(page.stderr)")
        let document = try String(contentsOf: html, encoding: .utf8)
        #expect(document.contains("<html lang=\"zh-CN\">"))
        let shown = Self.visibleText(document)
        #expect(Self.isChinese(shown))
        #expect(Self.english(shown, allowed: allowed).isEmpty, "English in the HTML cohort report: \(Self.english(shown, allowed: allowed))")
    }

    @Test func diffIsChinese() throws {
        let allowed = try Self.allowed()
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The rule book before an edit: every score for b2c turned around.
        let old = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent("Rules"), to: old)
        for file in try FileManager.default.contentsOfDirectory(atPath: old.appendingPathComponent("rules").path) where file.hasSuffix(".yaml") {
            let path = old.appendingPathComponent("rules").appendingPathComponent(file)
            let text = try String(contentsOf: path, encoding: .utf8)
            try text.replacingOccurrences(of: "(\n      b2c: )\\+?([0-9])", with: "$1-$2", options: .regularExpression).write(to: path, atomically: true, encoding: .utf8)
        }
        let result = try AdvisorProcess.run(["diff", "--lang", "zh-CN", "--verbose", "--against", old.path, Self.examples])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("推荐的变化，旧（行）-> 新（列）："))
        #expect(result.stdout.contains("份推荐改变"))
        #expect(result.stdout.contains("：推荐 "), "a changed recommendation is listed")
        #expect(Self.english(result.stdout, allowed: allowed).isEmpty, "English in diff: \(Self.english(result.stdout, allowed: allowed))")
    }

    @Test func theInterviewRefusesBadAnswersInChinese() throws {
        let allowed = try Self.allowed()
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each question gets what it cannot take before what it can: letters for a number or a
        // choice, a number out of range, a choice that does not exist, then 2 (the second
        // choice, or two); 是 answers a yes-or-no question and is refused by the others. The
        // second choices keep the recommendation open long enough for number questions to come
        // (the first ones settle it on M2C after nine choices in rule book version 4).
        let script = String(repeating: "abc\n-5\n1.5\n9\n2\n是\n", count: 20)
        let result = try AdvisorProcess.run(
            ["ask", "--lang", "zh-CN", "--save", folder.appendingPathComponent("founder.yaml").path, "--report", folder.appendingPathComponent("founder.md").path],
            stdin: script, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let transcript = result.stdout
        for refusal in ["“abc”不是选项：请输入1到", "没有第9个选项", "“abc”不是数字：请输入", "-5太小了：这一题的答案不能小于0", "“是”不是选项"] {
            #expect(transcript.contains(refusal), "the interview says \(refusal)")
        }
        #expect(!transcript.contains("businesses"), "choices are shown by their Chinese text, not their ids (the one chosen included)")
        #expect(Self.english(transcript, allowed: allowed).isEmpty, "English in the interview: \(Self.english(transcript, allowed: allowed))")
        let saved = try String(contentsOf: folder.appendingPathComponent("founder.yaml"), encoding: .utf8)
        #expect(saved.contains("target_customers: businesses"), "the saved profile keeps the ids: \(saved)")
    }
}
