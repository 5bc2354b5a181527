import Foundation
import Testing

/// The interview's screens on ordinary terminal sizes, driven through tmux: nothing is cut, a
/// long help panel scrolls, `back` and a resize leave a clean screen, and the answers can be
/// checked and changed before the result.
@Suite(.serialized) struct AskScreenLayoutTests {
    /// The text without any white space: wrapped text joins up again whatever its line breaks.
    static func squeezed(_ text: String) -> String { String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)) }

    /// Checks that the screen shows `fact`'s question, its choices' meanings and the key hint
    /// whole, and that no line was cut short with "...".
    static func expectWhole(_ screen: String, _ fact: AskScript.Fact, columns: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let all = squeezed(screen)
        #expect(all.contains(squeezed(fact.question)), "the question is cut at \(columns) columns:\n\(screen)", sourceLocation: sourceLocation)
        for (value, meaning) in fact.meanings {
            #expect(all.contains(squeezed(meaning)), "choice \(value) is cut at \(columns) columns:\n\(screen)", sourceLocation: sourceLocation)
        }
        #expect(all.contains(squeezed("? why · type back, skip or quit")), "the key hint is cut:\n\(screen)", sourceLocation: sourceLocation)
        let cut = screen.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasSuffix("...") }
        #expect(cut.isEmpty, "lines cut at \(columns) columns: \(cut)", sourceLocation: sourceLocation)
    }

    /// The lines that are on screen more than once (blank lines aside).
    static func repeatedLines(_ screen: String) -> [String] {
        var seen: Set<String> = []
        var repeated: [String] = []
        for line in screen.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if !seen.insert(line).inserted { repeated.append(line) }
        }
        return repeated
    }

    /// The screen from the current question's header down: what a fresh draw of the question shows.
    static func questionBlock(_ screen: String) -> String {
        let lines = screen.components(separatedBy: "\n")
        guard let header = lines.lastIndex(where: { $0.hasPrefix("Question ") }) else { return "" }
        return lines[header...].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [80, 60])
    func choicesHelpAndKeyHintsWrapToTheTerminalWithNoWordCut(columns: Int) throws {
        guard TmuxPane.available() else { return }
        let script = try AskScript.load()
        let values = try AskScript.profileValues("Examples/profiles/m2c-korean-skincare-brand.yaml")
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pane = try TmuxPane(AskTerminalTests.command("", in: folder), columns: columns, rows: 24)
        var number = 1
        // The first questions, whole; then ? on one of them shows help without cutting a line.
        while number <= 4 {
            let screen = try #require(try pane.wait { AskScreen(text: $0).questionNumber == number }, "question \(number) never came")
            let fact = try #require(script.fact(askedIn: screen), "no question on:\n\(screen)")
            Self.expectWhole(screen, fact, columns: columns)
            if number == 1 {
                try pane.type("?")
                let help = try #require(try pane.wait { $0.contains("Why this question:") }, "? showed no help")
                let cut = help.split(separator: "\n").filter { $0.hasSuffix("...") || $0.contains("a taller terminal") }
                #expect(cut.isEmpty, "help lines cut: \(cut)")
                try pane.type("?")
                _ = try pane.wait { !$0.contains("Why this question:") }
            }
            let value = values[fact.id] ?? ""
            if let index = fact.values.firstIndex(of: value) {
                try pane.type("\(index + 1)")
            } else if fact.type == "bool" {
                try pane.type(value == "true" ? "y" : "n")
            } else if fact.type == "list" {
                try pane.type("none")  // typed text on a list is refused; go on with nothing ticked
                try pane.keys("Escape")
            } else {
                try pane.type(value.isEmpty ? "0" : value)
            }
            try pane.keys("Enter")
            number += 1
        }
        try pane.keys("C-c")
        #expect(try pane.wait { $0.contains("EXIT=130") } != nil)
    }

    @Test func wideCharactersCountTwoColumnsAndAreNeverCutInHalf() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("book")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        try Self.chineseBook.write(to: book.appendingPathComponent("book.yaml"), atomically: true, encoding: .utf8)
        let pane = try TmuxPane(AskTerminalTests.command("--rules book", in: folder), columns: 60, rows: 24)
        let screen = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 }, "no question")
        let all = Self.squeezed(screen)
        for text in ["你的货物现在是怎样从海外送到国内买家手中的？", "没有自己的物流：依靠平台或合作伙伴把货物运进保税区，再由平台统一清关和配送给买家", "自己经营保税仓或海外仓，成批备货、报关、入区，并按订单分拣发货"] {
            #expect(all.contains(Self.squeezed(text)), "\(text) is cut:\n\(screen)")
        }
        // Each row fits the 60 columns, counting a CJK character or fullwidth sign as two.
        for line in screen.split(separator: "\n") {
            let columns = line.unicodeScalars.reduce(0) { sum, scalar in
                let wide = (0x2E80...0xA4CF).contains(scalar.value) || (0xAC00...0xD7A3).contains(scalar.value)
                    || (0xF900...0xFAFF).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                return sum + (wide ? 2 : 1)
            }
            #expect(columns <= 60, "a row wider than the terminal: \(line)")
        }
        try pane.keys("C-c")
        #expect(try pane.wait { $0.contains("EXIT=") } != nil)
    }

    @Test(arguments: [80, 60])
    func backNeverLeavesAQuestionOnScreenTwice(columns: Int) throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try AskScript.load()
        let pane = try TmuxPane(AskTerminalTests.command("", in: folder), columns: columns, rows: 24)
        let first = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 })
        let fact = try #require(script.fact(askedIn: first))
        try pane.keys("Enter")
        let second = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 2 })
        // The answer is listed above the next question (its question shortened to fit the line).
        #expect(second.contains("Q1 \(fact.question.prefix(30))"), "the answer is shown above the next question:\n\(second)")
        try pane.type("back")
        try pane.keys("Enter")
        let back = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 }, "back did not return")
        #expect(back.components(separatedBy: fact.question).count == 2, "the first question shows once:\n\(back)")
        #expect(!back.contains("Q1 "), "the undone answer is no longer listed:\n\(back)")
        #expect(Self.repeatedLines(back).isEmpty, "repeated lines: \(Self.repeatedLines(back))")
        try pane.keys("C-c")
        #expect(try pane.wait { $0.contains("EXIT=") } != nil)
    }

    @Test func aResizeMidQuestionRedrawsTheScreenAsAFreshStartAtThatSizeWould() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pane = try TmuxPane(AskTerminalTests.command("", in: folder), columns: 80, rows: 24)
        let opening = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 })
        let fact = try #require(try AskScript.load().fact(askedIn: opening), "no question recognised:\n\(opening)")
        let answer = try #require(fact.values.count >= 3 ? fact.values[2] : nil, "the first question has a third choice")
        try pane.type("3")  // the third choice, whichever question the planner opens with
        try pane.keys("Enter")
        _ = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 2 })
        try pane.type("?")
        let wide = try #require(try pane.wait { $0.contains("Why this question:") })
        // What a fresh interview at 60x20 shows with the same answer, and ? on the same question.
        try "\(fact.id): \(answer)\n".write(to: folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let fresh = try TmuxPane(AskTerminalTests.command("--answers one.yaml", in: folder), columns: 60, rows: 20)
        _ = try #require(try fresh.wait { AskScreen(text: $0).questionNumber == 2 }, "the resumed interview did not number on")
        try fresh.type("?")
        let freshScreen = try #require(try fresh.wait { $0.contains("| ") })
        let expected = Self.questionBlock(freshScreen)

        try pane.resize(columns: 60, rows: 20)
        let redrawn = try pane.wait { Self.questionBlock($0) == expected }
        let resized = try redrawn ?? pane.screen()
        #expect(redrawn != nil, "after the resize:\n\(resized)\na fresh draw:\n\(freshScreen)")
        #expect(resized != wide)
        #expect(Self.repeatedLines(resized).isEmpty, "stale lines: \(Self.repeatedLines(resized))\n\(resized)")
        // Above the question, only the opening and the answer given, each once.
        let above = resized.components(separatedBy: "\n").prefix { !$0.hasPrefix("Question ") }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let conversation = wide.components(separatedBy: "\n").prefix { !$0.hasPrefix("Question ") }
        for line in above {
            #expect(conversation.contains { $0.hasPrefix(line.prefix(50)) }, "a line that is not part of the conversation: \(line)")
        }

        // Ctrl-L redraws from nothing: the same screen.
        try pane.keys("C-l")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try pane.screen() == resized)
        try pane.keys("C-c")
        try fresh.keys("C-c")
        #expect(try pane.wait { $0.contains("EXIT=130") } != nil)
    }

    @Test func aLongHelpPanelScrollsWithPageKeysAndSaysHow() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pane = try TmuxPane(AskTerminalTests.command("", in: folder), columns: 80, rows: 24)
        _ = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 })
        try pane.type("?")
        let top = try #require(try pane.wait { $0.contains("PgDn scrolls") }, "a long help panel does not say how to scroll")
        let total = try #require(Self.helpTotal(top), "no line count in:\n\(top)")
        #expect(top.contains("| lines 1-"))
        var screen = top
        var pages = 0
        while !screen.contains("of \(total) · PgUp scrolls back"), pages < 40 {
            try pane.keys("NPage")
            let before = screen
            screen = try #require(try pane.wait { $0 != before }, "PgDn changed nothing:\n\(before)")
            pages += 1
        }
        #expect(screen.contains("-\(total) of \(total)"), "the help's last line is reachable:\n\(screen)")
        #expect(!screen.contains("Why this question:") || total < 20, "the panel scrolled past its first lines")
        try pane.keys("PPage")
        #expect(try pane.wait { $0.contains("PgDn/PgUp scroll") } != nil)
        try pane.keys("C-c")
        #expect(try pane.wait { $0.contains("EXIT=") } != nil)
    }

    /// M in "lines 1-10 of M" of the help panel's footer.
    static func helpTotal(_ screen: String) -> Int? {
        guard let range = screen.range(of: #"lines \d+-\d+ of \d+"#, options: .regularExpression) else { return nil }
        return Int(screen[range].split(separator: " ").last ?? "")
    }

    @Test func checkYourAnswersListsEveryAnswerAndChangingOneReturnsToTheList() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/b2b-dutch-dairy-bonded-distributor.yaml").path
        let script = try AskScript.load()
        let pane = try TmuxPane(AskTerminalTests.command("--answers \(AskTerminalTests.shellQuoted(profile)) --save out.yaml --report report.md", in: folder), columns: 80, rows: 24)
        let list = try #require(try pane.wait { $0.contains("Check your answers") }, "a complete profile goes to the list of answers")
        #expect(list.contains("> Continue: see the recommendation"), "Continue is highlighted first:\n\(list)")
        // Jump to the logistics answer (listed in the profile's order) and change it.
        let logistics = try #require(script.facts.firstIndex { $0.id == "logistics_capacity" })
        try pane.type("\(logistics + 1)")
        try pane.keys("Enter")
        let question = try #require(try pane.wait { AskScreen(text: $0).questionNumber == logistics + 1 }, "the answer was not reopened")
        #expect(question.contains("Changing an answer"))
        #expect(AskScreen(text: question).choices.cursor == script.facts[logistics].values.firstIndex(of: "warehouse"), "the answer given is offered")
        try pane.keys("Down", "Enter")  // network
        let changed = try #require(try pane.wait { $0.contains("Check your answers") && !$0.contains("Changing an answer") }, "the change did not come back to the list")
        _ = changed
        // Changing another and typing back keeps the earlier answer.
        try pane.type("1")
        try pane.keys("Enter")
        let capital = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 })
        #expect(capital.contains("> 600000_"), "the number given is offered:\n\(capital)")
        try pane.type("back")  // typing replaces the number offered
        try pane.keys("Enter")
        _ = try #require(try pane.wait { $0.contains("Check your answers") }, "back did not return to the list")
        try pane.keys("End", "Enter")
        let end = try #require(try pane.wait { $0.contains("EXIT=") }, "Continue did not finish")
        #expect(end.contains("EXIT=0"), "\(end)")
        #expect(end.contains("Recommendation: "))
        let saved = try AskScript.profileValues(folder.appendingPathComponent("out.yaml").path)
        #expect(saved["logistics_capacity"] == "network", "the changed answer is saved")
        #expect(saved["capital"] == "600000", "the answer changed and then kept is unchanged")
    }

    @Test func lineModeListsTheAnswersAndChangesOneByNumber() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/b2b-dutch-dairy-bonded-distributor.yaml").path
        let script = try AskScript.load()
        let logistics = try #require(script.facts.firstIndex { $0.id == "logistics_capacity" }) + 1
        // Change logistics to network, then change capital and keep it with back, then go on.
        let input = "\(logistics)\nnetwork\n1\nback\n\n"
        let result = try AdvisorProcess.run(["ask", "--answers", profile, "--save", "out.yaml"], stdin: input, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "Check your answers").count == 4, "the list comes back after each change:\n\(result.stdout)")
        #expect(result.stdout.contains("Question \(logistics) of at most \(script.facts.count) · "), "the changed question keeps its number")
        #expect(result.stdout.contains("Before: warehouse."))
        #expect(result.stdout.contains("back keeps your answer"))
        #expect(result.stdout.contains("Recommendation: "))
        let saved = try AskScript.profileValues(folder.appendingPathComponent("out.yaml").path)
        #expect(saved["logistics_capacity"] == "network")
        #expect(saved["capital"] == "600000")
        // A word that is no answer's number is explained, and the list asked again.
        let wrong = try AdvisorProcess.run(["ask", "--answers", profile], stdin: "founder.yaml\nquit\n", in: folder)
        #expect(wrong.stdout.contains("'founder.yaml' is not an answer's number: type 1 to \(script.facts.count) to change an answer"))
    }

    @Test func lineModeFilePromptsTakeOnlyFileNames() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/b2b-dutch-dairy-bonded-distributor.yaml").path
        // The issue's case: quit where the answers are listed, then at the first file prompt.
        for input in ["quit\n", "\nquit\n"] {
            let result = try AdvisorProcess.run(["ask", "--answers", profile], stdin: input, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("quit").path), "saved to a file called quit")
            #expect(result.stdout.contains("Saved your answers so far to advisor-answers.yaml."), "quit saves the answers, as everywhere")
            try FileManager.default.removeItem(at: folder.appendingPathComponent("advisor-answers.yaml"))
        }
        // ? explains, skip declines, back returns to the list, a folder is refused, yes takes the suggestion.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("reports"), withIntermediateDirectories: true)
        let result = try AdvisorProcess.run(["ask", "--answers", profile], stdin: "\n?\nback\n\nskip\nreports\nyes\n", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("A file called quit, back, skip or yes is typed ./quit"))
        #expect(result.stdout.components(separatedBy: "Check your answers").count == 3, "back returned to the list")
        #expect(result.stdout.contains("reports is a folder: add a file name, for example reports/advisor-report.md"))
        #expect(result.stdout.contains("Saved the report to advisor-report.md."))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["advisor-report.md", "reports"], "only the report was written: \(names)")
    }

    /// A rule book in Chinese, long choices included, to measure wide characters.
    static let chineseBook = """
        rulebook:
          name: 跨境电商模式
          version: 1
          decision: 选择哪种跨境电商模式？
          neutral: 50
        facts:
          - id: logistics
            type: enum
            values:
              none: 没有自己的物流：依靠平台或合作伙伴把货物运进保税区，再由平台统一清关和配送给买家
              warehouse: 自己经营保税仓或海外仓，成批备货、报关、入区，并按订单分拣发货
            question: 你的货物现在是怎样从海外送到国内买家手中的？
            help: 选择你现在已经能做到的，而不是计划要做的。
          - id: brand
            type: bool
            question: 你是否拥有海外品牌，或持有品牌的零售授权？
        models:
          - id: bonded
            name: 保税区模式
            summary: 保税备货。
            tradeoffs:
              - id: stock
                kind: trait
                seed: domain
                text: 需要备货。
          - id: direct
            name: 海外直邮
            summary: 海外直邮。
            tradeoffs:
              - id: mail
                kind: trait
                seed: domain
                text: 从海外直接寄出。
        rules:
          - id: warehouse-favours-bonded
            when: logistics == 'warehouse'
            because: 有仓库就能保税备货。
            encodes: [bonded/stock]
            score:
              bonded: 20
          - id: brand-favours-direct
            when: brand
            because: 有品牌授权可以直邮。
            encodes: [direct/mail]
            score:
              direct: 10
        """
}
