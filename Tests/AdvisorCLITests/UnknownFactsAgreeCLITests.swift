import Foundation
import Testing

/// The interview's ending and the report name the same unknown answers that could still change
/// the recommendation, skipped ones included, in the same words (issue 11's interview: the
/// founder skips the appetite for risk, which matters).
@Suite struct UnknownFactsAgreeCLITests {
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test func anInterviewWithASkippedFactThatMattersEndsNamingItAsTheReportDoes() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // What the founder knows; every other question (the appetite for risk among them) is skipped.
        let answers = folder.appendingPathComponent("answers.yaml")
        try """
            logistics_capacity: warehouse
            target_customers: consumers
            category_breadth: single
            capital: 2000000
            content_capability: strong
            audience_size: 50000
            overseas_sourcing: suppliers

            """.write(to: answers, atomically: true, encoding: .utf8)
        let saved = folder.appendingPathComponent("s.yaml").path
        let (transcript, status, asked) = try AskLineModeTests.interview(
            answers.path, arguments: ["--save", saved, "--report", "r.md"], script: try AskScript.load(), folder: folder)
        #expect(status == 0, "\(transcript)")
        #expect(asked.contains("risk_tolerance"), "the appetite for risk was asked, and skipped")

        let ending = Self.flattened(try #require(transcript.components(separatedBy: "\nRanking\n").last))
        let sentence = try #require(
            ending.range(of: "Unknown answers that could still change the recommendation: [^.]*\\.", options: .regularExpression)
                .map { String(ending[$0]) }, "the ending names what could still change it:\n\(ending)")
        #expect(sentence.contains("appetite for risk"))

        let report = try AdvisorProcess.run(["explain", saved, "--output", "again.md"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = Self.flattened(try String(contentsOf: folder.appendingPathComponent("again.md"), encoding: .utf8))
        #expect(markdown.contains(sentence), "the report words it the same way:\n\(sentence)")
        // And the report lists exactly those answers as still missing.
        let missing = try #require(markdown.components(separatedBy: "## Answers still missing").last)
        #expect(missing.contains("could you afford to lose?"), "the appetite for risk is among the missing answers")
    }
}
