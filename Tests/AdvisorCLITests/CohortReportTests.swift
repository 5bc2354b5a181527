import Foundation
import Testing

/// `advisor score ... --summary cohort.md`: the report of a whole batch, on generated profiles
/// with bad rows mixed in, checked by the Markdown linter and against the batch's own records.
@Suite struct CohortReportTests {
    /// 400 profiles from the reference generator, with two bad lines among them.
    static func cohort(in folder: URL) throws -> URL {
        let generator = AdvisorProcess.packageRoot.appendingPathComponent("../shared/bench/gen_profiles.py").standardized
        let python = try #require(ExternalTool.require(["python3"], install: "apt-get install python3"))
        let generated = try python.run([generator.path, "--n", "400", "--seed", "7", "--no-yaml"], in: folder)
        #expect(generated.status == 0, "\(generated.output)")
        var lines = try String(contentsOf: folder.appendingPathComponent("profiles.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        lines[100] = #"{"name": "bad-1", "capital": "plenty"}"#
        lines[300] = #"{"name": "bad-2", "capital": 5000,}"#
        let file = folder.appendingPathComponent("cohort.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The numbers of a Markdown table's rows under `heading`: first cell, then the second.
    static func table(_ markdown: String, under heading: String, labels: Int = 1) -> [(String, Int)] {
        let section = markdown.components(separatedBy: "## " + heading).dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        return section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| ---") }.dropFirst().compactMap { row in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > labels, let number = Int(cells[labels].replacingOccurrences(of: ",", with: "")) else { return nil }
            return (cells[0], number)
        }
    }

    @Test func theReportsCountsAddUpToTheBatchAndTheLinterAcceptsIt() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.cohort(in: folder)
        let report = folder.appendingPathComponent("cohort.md")
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", "--summary", report.path, input.path])
        #expect(result.status == 1, "two rows are bad")
        let records = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(records.count == 400)
        let markdown = try String(contentsOf: report, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cohort-mix.svg").path))

        let recommended = records.compactMap { $0["recommendation"] as? String }
        let failed = records.filter { $0["error"] != nil }.count
        let counts = Dictionary(uniqueKeysWithValues: Self.table(markdown, under: "Counts"))
        #expect(counts["recommendation given"] == recommended.count)
        #expect(counts["could not be scored"] == failed && failed == 2)
        #expect(counts["**total**"] == records.count)
        #expect(counts.filter { !$0.key.hasPrefix("**") }.values.reduce(0, +) == records.count)

        // The model mix is the batch's, model by model.
        var mix: [String: Int] = [:]
        for record in records where record["error"] == nil {
            mix[(record["recommendation"] as? String).map { "`\($0)`" } ?? "none (undecided)", default: 0] += 1
        }
        let reported = Self.table(markdown, under: "Model mix")
        #expect(Dictionary(uniqueKeysWithValues: reported.filter { !$0.0.hasPrefix("**") }) == mix)
        #expect(reported.last?.1 == records.count - failed)

        // The margins, grouped, add up to the recommended profiles and match the records.
        let clarity = Self.table(markdown, under: "How clear the recommendations are")
        let margins = records.compactMap { $0["margin"] as? Double }
        #expect(clarity.filter { !$0.0.hasPrefix("**") }.map(\.1).reduce(0, +) == recommended.count)
        #expect(clarity.first { $0.0.hasPrefix("close call") }?.1 == margins.filter { $0 < 8 }.count)
        #expect(clarity.first { $0.0.hasPrefix("decisive") }?.1 == margins.filter { $0 >= 20 }.count)

        // What to ask next: each fact's count is the scored records naming it as one that could change
        // the answer, undecided ones included (an answer could decide them).
        for (fact, count) in Self.table(markdown, under: "What to ask this cohort next") {
            let name = fact.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let naming = records.filter { $0["error"] == nil }.filter { (($0["unknown_facts"] as? [String: Any])?["could_change"] as? [String])?.contains(name) == true }.count
            #expect(count == naming, "\(name)")
        }
        #expect(markdown.contains("cohort.jsonl:101") && markdown.contains("cohort.jsonl:301"), "the failures with their rows")

        // The report is the batch's, whatever the records' format: CSV and text records give the same one.
        for format in ["csv", "text"] {
            let again = folder.appendingPathComponent("cohort-\(format).md")
            let other = try AdvisorProcess.run(["score", "--format", format, "--summary", again.path, input.path])
            #expect(other.status == 1)
            let same = try String(contentsOf: again, encoding: .utf8).replacingOccurrences(of: "cohort-\(format)-mix.svg", with: "cohort-mix.svg")
            #expect(same == markdown, "the report of the \(format) batch")
        }

        guard let linter = ExternalTool.require(["pymarkdownlnt", "pymarkdown"], install: "pip install pymarkdownlnt") else { return }
        let lint = try linter.run(["--enable-extensions", "markdown-tables", "scan", report.path])
        #expect(lint.status == 0, "the linter found problems:\n\(lint.output)")
    }
}
