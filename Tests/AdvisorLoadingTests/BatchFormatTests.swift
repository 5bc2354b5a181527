import AdvisorEngine
import AdvisorBatch
@testable import AdvisorLoading
import AdvisorReports
import Foundation
import Testing

/// The batch fast paths say exactly what the reference paths say.
@Suite struct BatchFormatTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/profiles")

    static func exampleFiles() throws -> [SourceFile] {
        try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }.sorted().map {
            SourceFile(path: $0, text: try String(contentsOf: examples.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test func theJSONWriterWritesTheContractObjectByteForByte() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        let scorer = Scorer(book)
        let writer = BatchWriter(book: book, format: .jsonl)
        let planner = QuestionPlanner(ruleBook: book)
        for file in try Self.exampleFiles() {
            let profile = try ProfileLoader.parse(file, ruleBook: book).get()
            scorer.score(profile.facts)
            var bytes: [UInt8] = []
            var scored = ScoredProfile(scorer)
            writer.scored(file.path, name: profile.name, profile: &scored, into: &bytes)
            let reference = ScoreOutput.json(
                profile: file.path, name: profile.name,
                evaluation: planner.withUnknownFactsDecided(book.score(profile.facts, traced: false), facts: profile.facts),
                fingerprint: book.fingerprint
            ).text()
            #expect(String(decoding: bytes, as: UTF8.self) == reference + "\n")
        }
    }

    @Test func theFlatYAMLReaderReadsWhatYamsReads() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        var files = try Self.exampleFiles()
        files.append(SourceFile(path: "numbers.yaml", text: "capital: -0\naudience_size: +12\nexperience_years: 1.5e+2\nafter_sales: Yes\nbrand_authorization: off\n"))
        files.append(SourceFile(path: "flow.json", text: #"{"capital": 1.25, "service_capabilities": ["payment", "logistics"], "name": 2024}"#))
        files.append(SourceFile(path: "quoted.yaml", text: "category_breadth: 'single'\nnotes: \"two\\nlines\"\ncapital: ~\n"))
        for file in files {
            let entries = try #require(FlatYAMLReader.entries(of: file.text), "\(file.path) fell back to Yams")
            let fast = ProfileLoader.build(source: file.path, file: file.path, entries: entries, ruleBook: book)
            let reference = ProfileLoader.parseThroughYams(file, ruleBook: book, extra: .none).result
            #expect(try fast.get() == reference.get(), "\(file.path)")
        }
    }

    @Test func unusualYAMLGoesTheFullWay() {
        for text in ["capital: 0x10\n", "capital: 1_000\n", "a: &x 1\nb: *x\n", "capital: !!str 5\n", "nested:\n  a: 1\n", "capital: .inf\n", "- 1\n", "", "capital: 010\n", "capital: 1e5\n"] {
            #expect(FlatYAMLReader.entries(of: text) == nil, "\(text)")
        }
    }
}
