import Foundation
import Testing

/// The rule book in two languages from the command line: `advisor check` holds the catalogue
/// complete, `--lang` picks the language, and only the texts change.
@Suite struct BilingualCLITests {
    @Test func checkStrictPassesWithACompleteCatalogueAndFailsWithOneTranslationRemoved() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try BilingualFixture.rules(in: folder)
        let complete = try AdvisorProcess.run(["check", "--strict", "--rules", rules.path])
        #expect(complete.status == 0, "\(complete.stderr)")
        #expect(!complete.stderr.contains("translation"))

        // Take out the first question's translation.
        let catalogue = rules.appendingPathComponent(BilingualFixture.catalogueFile)
        var lines = try String(contentsOf: catalogue, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("    question:") })
        lines.remove(at: index)
        try lines.joined(separator: "\n").write(to: catalogue, atomically: true, encoding: .utf8)
        let incomplete = try AdvisorProcess.run(["check", "--strict", "--rules", rules.path])
        #expect(incomplete.status == 2)
        let warnings = incomplete.stderr.components(separatedBy: "\n").filter { $0.contains("has no zh-CN translation") }
        #expect(warnings.count == 1, "\(incomplete.stderr)")
        #expect(warnings.first?.contains("rules/") == false && warnings.first?.contains("facts.yaml:") == true, "shown at the English text")
        #expect(incomplete.stderr.contains("hint: add `facts."))
        let lenient = try AdvisorProcess.run(["check", "--rules", rules.path])
        #expect(lenient.status == 0, "without --strict a missing translation is a warning")
    }

    @Test func anUnknownLanguageIsAClearErrorNamingTheAvailableOnes() throws {
        for arguments in [["explain", "--lang", "fr", "Examples/profiles/m2c-korean-skincare-brand.yaml"], ["score", "--lang", "de", "Examples/profiles"]] {
            let result = try AdvisorProcess.run(arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains("available: en, zh-CN"), "\(result.stderr)")
        }
    }

    @Test func scoreReasonsComeInTheLanguageAskedForWithIdsUnchanged() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try BilingualFixture.rulesArguments(in: folder)
        let profile = "Examples/profiles/m2c-korean-skincare-brand.yaml"
        let english = try AdvisorProcess.run(["score", "--format", "json", "--explain"] + rules + [profile])
        let chinese = try AdvisorProcess.run(["score", "--format", "json", "--explain", "--lang", "zh-CN"] + rules + [profile])
        #expect(english.status == 0 && chinese.status == 0, "\(chinese.stderr)")
        let a = try #require(try JSONSerialization.jsonObject(with: Data(english.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(chinese.stdout.utf8)) as? [String: Any])
        #expect(a["recommendation"] as? String == b["recommendation"] as? String)
        #expect(Set(a.keys) == Set(b.keys), "the JSON's keys are the contract's, in any language")
        #expect(Self.strip(english.stdout) == Self.strip(chinese.stdout), "the same JSON but for the texts")
        let reasons = chinese.stdout.components(separatedBy: "\"because\": ").dropFirst()
        #expect(reasons.count > 3)
        #expect(reasons.allSatisfy { Self.isChinese($0.prefix { $0 != "\n" }) }, "every reason is in Chinese")
        let environment = try AdvisorProcess.run(["score", "--format", "json", "--explain"] + rules + [profile], environment: ["ADVISOR_LANG": "zh-CN"])
        #expect(environment.stdout == chinese.stdout, "ADVISOR_LANG is the default of --lang")
        let locale = try AdvisorProcess.run(
            ["score", "--format", "json", "--explain"] + rules + [profile], environment: ["ADVISOR_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(locale.stdout == chinese.stdout, "then the locale")

        let csv = try AdvisorProcess.run(["score", "--format", "csv", "--long-reasons", "--lang", "zh-CN"] + rules + [profile])
        let row = try #require(csv.stdout.split(separator: "\n").dropFirst().first)
        #expect(Self.isChinese(row), "CSV's top reasons in Chinese: \(row)")
    }

    static func isChinese<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// JSON with its text values ("because", "text") blanked out.
    static func strip(_ json: String) -> String {
        json.split(separator: "\n").map { line in
            for key in ["\"because\": ", "\"text\": "] where line.contains(key) {
                return String(line[..<(line.range(of: key)?.upperBound ?? line.endIndex)])
            }
            return String(line)
        }.joined(separator: "\n")
    }
}
