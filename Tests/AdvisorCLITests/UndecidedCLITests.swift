import Foundation
import Testing

/// A founder who gives no answer gets no recommendation, and every command says so the same way.
@Suite struct UndecidedCLITests {
    static let sentence = "No recommendation yet: the profile gives no answer at all, so there is no evidence to recommend on."

    @Test func scoringAProfileWithoutFactsSaysUndecidedInEveryFormatAndExitsZero() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# nothing answered yet\n{}\n".write(to: folder.appendingPathComponent("empty.yaml"), atomically: true, encoding: .utf8)

        for format in ["json", "jsonl"] {
            let result = try AdvisorProcess.run(["score", "--format", format, "empty.yaml"], in: folder)
            #expect(result.status == 0, "\(format): \(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["recommendation"] is NSNull, "\(format)")
            #expect((object["undecided"] as? [String: Any])?["reason"] as? String == "no-facts", "\(format)")
            #expect((object["ranking"] as? [Any])?.count == 9, "\(format): the ranking stays complete")
        }
        let csv = try AdvisorProcess.run(["score", "--format", "csv", "empty.yaml"], in: folder)
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(rows.first?.firstIndex(of: "undecided"))
        #expect(rows.count == 2 && rows[1][column] == "no-facts" && rows[1][2].isEmpty)
        let text = try AdvisorProcess.run(["score", "--format", "text", "empty.yaml"], in: folder)
        #expect(text.status == 0 && text.stdout.contains(Self.sentence) && !text.stdout.contains("Recommendation:"))

        let report = try AdvisorProcess.run(["explain", "empty.yaml", "--output", "report.md"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("## Our advice: no model yet"))
        #expect(markdown.replacingOccurrences(of: "\n", with: " ").contains(Self.sentence))
        #expect(!markdown.contains("ruled out for you by something it requires"))
    }

    @Test func anInterviewWithEveryQuestionSkippedEndsUndecided() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let skips = String(repeating: "skip\n", count: 40)
        let result = try AdvisorProcess.run(["ask", "--all", "--save", "p.yaml", "--report", "r.md"], stdin: skips, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let ending = try #require(result.stdout.range(of: "No recommendation yet:").map { String(result.stdout[$0.lowerBound...]) })
        #expect(ending.replacingOccurrences(of: "\n", with: " ").hasPrefix(Self.sentence))
        #expect(!result.stdout.contains("Recommendation:"))
        // The saved profile scores the same way.
        let scored = try AdvisorProcess.run(["score", "--format", "jsonl", "p.yaml"], in: folder)
        #expect(scored.stdout.contains(#""recommendation": null, "undecided": {"reason": "no-facts"}"#))
    }
}
