import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// The labels a spreadsheet carries beside the facts (a client's id, an e-mail): the hint for a
/// column nobody named says how to carry it, and a row that cannot be read keeps its id.
@Suite struct SpreadsheetLabelTests {
    /// The fixture with a fact `bid`, one letter from `id`.
    static func book() throws -> RuleBook {
        try Fixture.book(
            rules: Fixture.rules.replacingOccurrences(of: "audience > 100", with: "bid > 100"),
            facts: Fixture.facts.replacingOccurrences(of: "- id: audience\n", with: "- id: bid\n"))
    }

    static func rows(_ csv: String, extra: ExtraKeys = .none, book: RuleBook) throws -> [BatchInput.Record] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var records: [BatchInput.Record] = []
        BatchInput.stream([.csv(file.path)], ruleBook: book, extra: extra, chunkSize: 100) { chunk in
            records += BatchInput.records(of: chunk, ruleBook: book, extra: extra)
            return true
        }
        return records
    }

    @Test func keysThatReadAsIdsOrEMailsAreTold() {
        for key in ["id", "client_id", "ClientID", "clientId", "merchant-no", "order number", "uuid", "ref"] {
            #expect(ExtraKeys.labelKind(of: key) == .id, "\(key)")
        }
        for key in ["email", "E-mail", "contactEmail"] { #expect(ExtraKeys.labelKind(of: key) == .contact, "\(key)") }
        for key in ["capital", "idea", "identity", "audience_size", "bid", "video"] { #expect(ExtraKeys.labelKind(of: key) == nil, "\(key)") }
    }

    @Test func anIdColumnIsToldHowToBeCarriedNotOfferedANearFact() throws {
        let book = try Self.book()
        let records = try Self.rows("id,capitl,capital\nC-1,5,5\n", book: book)
        guard records.count == 1, case .failure(let problems) = records[0].result, let problem = problems.first else {
            Issue.record("the header was accepted: \(records)")
            return
        }
        let hint = problem.hint ?? ""
        #expect(!hint.contains("'id': did you mean"), "\(hint)")
        #expect(hint.contains("'capitl': did you mean 'capital'?"), "a misspelled fact is still told: \(hint)")
        #expect(hint.contains("--pass-columns id, and --id-field id"), "\(hint)")

        let file = SourceFile(path: "p.json", text: "{\"client_id\": \"C-1\", \"capital\": 5}")
        let read = ProfileLoader.parse(file, ruleBook: book)
        guard case .failure(let keyProblems) = read else {
            Issue.record("an unknown key was accepted")
            return
        }
        #expect(keyProblems.first?.hint?.contains("--id-field client_id") == true, "\(keyProblems.map(\.description))")
    }

    @Test func aRowWithABrokenQuoteKeepsTheIdReadBeforeIt() throws {
        let book = try Self.book()
        let extra = ExtraKeys(id: "client_id", passed: ["email"])
        let csv = "client_id,email,capital,breadth\nC-1,a@x.org,5,single\nC-2,b@x.org,\"5,broad\nC-3,c@x.org,5\"0,broad\nC-4,d@x.org,7,broad\n"
        let records = try Self.rows(csv, extra: extra, book: book)
        #expect(records.map(\.label).map { $0.split(separator: ":").last.map(String.init) } == ["2", "3", "4", "5"])
        #expect(records.map { $0.passed.first?.plainText } == ["C-1", "C-2", "C-3", "C-4"], "the id of every row, those that failed too")
        #expect(records.map { $0.passed.last?.plainText } == ["a@x.org", "b@x.org", "c@x.org", "d@x.org"])
        let failed = records.filter { if case .failure = $0.result { return true } else { return false } }.count
        #expect(failed == 2, "the unclosed quote and the stray quote")
    }

    /// The fast path for plain digits reads what the full syntax reads, and leaves the rest to it.
    @Test func plainDigitsReadAsTheFullAnswerSyntaxReadsThem() {
        for text in ["30000", "1.5", ".5", "007", "0", "123456789012"] {
            #expect((try? AnswerSyntax.number(text, unit: nil).get()) == Double(text), "\(text)")
        }
        for text in ["5.", ".", "1.2.3", ""] {
            #expect((try? AnswerSyntax.number(text, unit: nil).get()) == nil, "'\(text)' is not a number")
        }
        #expect((try? AnswerSyntax.number(" 30,000 ", unit: "USD").get()) == 30_000)
        #expect((try? AnswerSyntax.number("\u{00A0}30k", unit: nil).get()) == 30_000, "white space beyond ASCII is still trimmed")
    }
}
