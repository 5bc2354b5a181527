import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// `advisor ask --lang zh-CN` in a real terminal of 80 columns: the questions and choices are
/// Chinese, no line is wider than the terminal or cut inside a character, 万 is understood, and
/// the profile saved is the same file as the English interview's with the same answers.
@Suite(.serialized) struct BilingualAskTests {
    /// Columns a character takes in a terminal: two for Chinese, Japanese, Korean and full-width forms.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6: return sum + 2
            default: return sum + 1
            }
        }
    }

    /// What the driver reads off the screen in each language.
    struct Words {
        var language: String
        var header: String  // the progress line starts with it, the question number after it
        var check: String
        var continueLine: String
    }

    static let chinese = Words(language: "zh-CN", header: "第", check: "核对你的答案", continueLine: "> 继续：查看推荐")
    static let english = Words(language: "en", header: "Question ", check: "Check your answers", continueLine: "> Continue: see the recommendation")

    /// The number of the question on screen: the last progress line's.
    static func questionNumber(_ screen: String, _ words: Words) -> Int? {
        guard let line = screen.components(separatedBy: "\n").last(where: { $0.hasPrefix(words.header) && $0.contains(" · ") }) else { return nil }
        return Int(line.dropFirst(words.header.count).prefix { $0.isNumber })
    }

    /// The question shown last: its wrapped lines under the progress line, joined.
    static func fact(on screen: String, _ words: Words, book: RuleBook) -> FactDeclaration? {
        let lines = screen.components(separatedBy: "\n")
        guard let header = lines.lastIndex(where: { $0.hasPrefix(words.header) && $0.contains(" · ") }) else { return nil }
        var text = ""
        for line in lines[(header + 1)...].prefix(4) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            text += (text.last.map { columns(String($0)) == 2 } ?? true) && (trimmed.first.map { columns(String($0)) == 2 } ?? false) ? trimmed : (text.isEmpty ? trimmed : " " + trimmed)
            if let fact = book.askedFacts.first(where: { $0.question == text }) { return fact }
        }
        return nil
    }

    /// Answers every question with the example's values (by typing: a choice's number, y or n,
    /// a number, 万 for capital in Chinese), skips what it lacks, confirms the list of answers;
    /// returns every screen seen and the last one.
    static func interview(_ words: Words, values: [String: String], in folder: URL, extra: String) throws -> [String] {
        let book = try RuleBookLoader.load(directory: AdvisorProcess.packageRoot.appendingPathComponent("Rules").path, language: words.language).get()
        let pane = try TmuxPane(
            AskTerminalTests.command("--lang \(words.language) --save founder.yaml --report founder.md \(extra)", in: folder), columns: 80, rows: 40)
        var screens: [String] = []
        let first = try pane.wait { questionNumber($0, words) == 1 }
        var screen = try #require(first, "the first question never appeared")
        var number = 1
        while true {
            screens.append(screen)
            let shown = Self.fact(on: screen, words, book: book)
            let fact = try #require(shown, "no question recognised on:\n\(screen)")
            if let value = values[fact.id] {
                switch fact.kind {
                case .enumeration(let options):
                    try pane.type(String(try #require(options.firstIndex(of: value)) + 1))
                case .bool:
                    try pane.type(value == "true" ? "y" : "n")
                case .list(let options):
                    for item in AskScript.items(value) {
                        try pane.type(String(try #require(options.firstIndex(of: item)) + 1))
                        try pane.keys("Space")
                        Thread.sleep(forTimeInterval: 0.2)
                    }
                default:
                    // A Chinese founder writes money in 万: 25000 is 2.5万.
                    let number = Double(value) ?? 0
                    let typed = words.language == "zh-CN" && number >= 10_000 ? FactValues.format(number / 10_000) + "万" : value
                    try pane.type(typed)
                }
            } else {
                try pane.type("skip")
            }
            try pane.keys("Enter")
            let waited = try pane.wait { $0.contains("EXIT=") || $0.contains(words.check) || (questionNumber($0, words) ?? 0) > number }
            let stalled = waited == nil ? try pane.screen() : ""
            let next = try #require(waited, "the interview stalled after \(fact.id):\n\(stalled)")
            if next.contains(words.check) {
                screens.append(next)
                #expect(next.contains(words.continueLine), "\(next)")
                try pane.keys("Enter")
                break
            }
            try #require(!next.contains("EXIT="), "the interview ended without listing the answers:\n\(next)")
            number += 1
            screen = next
        }
        let ended = try pane.wait { $0.contains("icanon") }
        let end = try #require(ended, "the interview did not end")
        screens.append(end)
        #expect(end.contains("EXIT=0"), "\(end)")
        return screens
    }

    @Test func aWholeChineseInterviewOnEightyColumnsSavesTheSameProfileAsTheEnglishOne() throws {
        guard TmuxPane.available() else { return }
        let values = try AskScript.profileValues("Examples/profiles/m2c-korean-skincare-brand.yaml")
        let zhFolder = try AdvisorProcess.temporaryFolder(), enFolder = try AdvisorProcess.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: zhFolder)
            try? FileManager.default.removeItem(at: enFolder)
        }
        let chinese = try Self.interview(Self.chinese, values: values, in: zhFolder, extra: "--all")
        let english = try Self.interview(Self.english, values: values, in: enFolder, extra: "--all")

        // Chinese questions and choices, every line within 80 columns and whole: a line cut
        // inside a wide character would show a replacement character or run a column over.
        let book = try RuleBookLoader.load(directory: AdvisorProcess.packageRoot.appendingPathComponent("Rules").path, language: "zh-CN").get()
        let firstQuestion = chinese[0]
        #expect(firstQuestion.contains("第1题"), "\(firstQuestion)")
        #expect(firstQuestion.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count > 30, "\(firstQuestion)")
        let meanings = book.askedFacts.flatMap(\.valueMeanings).map(\.meaning).filter { !$0.isEmpty }
        #expect(chinese.contains { screen in meanings.contains { screen.contains($0) } }, "no Chinese choice shown")
        for screen in chinese {
            for line in screen.components(separatedBy: "\n") {
                #expect(Self.columns(line) <= 80, "a line of \(Self.columns(line)) columns: \(line)")
                #expect(!line.contains("\u{FFFD}"), "a character cut in two: \(line)")
            }
        }
        let end = try #require(chinese.last)
        #expect(end.contains("排名") && end.contains("推荐："), "\(end)")

        // The same profile, byte for byte: ids and values stay English whatever the language.
        let zhProfile = try String(contentsOf: zhFolder.appendingPathComponent("founder.yaml"), encoding: .utf8)
        let enProfile = try String(contentsOf: enFolder.appendingPathComponent("founder.yaml"), encoding: .utf8)
        #expect(zhProfile == enProfile)
        #expect(zhProfile.contains("capital: 25000"), "\(zhProfile)")
        // The report written at the end is the Chinese one.
        let report = try String(contentsOf: zhFolder.appendingPathComponent("founder.md"), encoding: .utf8)
        #expect(report.contains("## 我们的建议"))
        #expect(english.count == chinese.count, "the same questions in both languages")
    }
}
