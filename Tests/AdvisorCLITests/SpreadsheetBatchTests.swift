import Foundation
import Testing

/// Batch scoring of files as consultants get them (a spreadsheet's CSV export, hand-written
/// JSON) and as a Spark stage drives it (JSON Lines through standard input): real files, the
/// real binary.
@Suite struct SpreadsheetBatchTests {
    /// A CSV as a spreadsheet saves it: a byte-order mark, CRLF line ends, a client id and an
    /// e-mail beside the facts, a thousands separator in a quoted number and a capitalised value.
    static let spreadsheet =
        "\u{FEFF}client_id,Email,Capital,category_breadth,risk_tolerance\r\n"
        + "c-001,ana@example.com,\"30,000\",Focused,low\r\n"
        + "c-002,bo@example.com,1.5m,broad,High\r\n"
        + "c-003,cy@example.com,$20k,single,medium\r\n"

    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    static func objects(_ jsonl: String) throws -> [[String: Any]] {
        try jsonl.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func aSpreadsheetCSVScoresWithItsIdAndEmailCarriedIntoEveryFormat() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.write(Self.spreadsheet, "cohort.csv", in: folder)
        let ids = ["c-001", "c-002", "c-003"]

        let jsonl = try AdvisorProcess.run(["score", "--format", "jsonl", "--pass-columns", "client_id,Email", file.path])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let objects = try Self.objects(jsonl.stdout)
        #expect(objects.map { $0["client_id"] as? String } == ids)
        #expect(objects.map { $0["Email"] as? String } == ["ana@example.com", "bo@example.com", "cy@example.com"])
        #expect(objects.allSatisfy { $0["error"] == nil && $0["recommendation"] is String && $0["runner_up"] is String && $0["margin"] is Double })

        let json = try AdvisorProcess.run(["score", "--format", "json", "--pass-columns", "client_id,Email", file.path])
        #expect(json.status == 0, "\(json.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["client_id"] as? String } == ids)

        let csv = try AdvisorProcess.run(["score", "--format", "csv", "--pass-columns", "client_id,Email", file.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let idColumn = try #require(header.firstIndex(of: "client_id"))
        #expect(header.contains("Email") && header.contains("runner_up") && header.contains("margin"))
        #expect(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)[idColumn] } == ids)

        let text = try AdvisorProcess.run(["score", "--format", "text", "--pass-columns", "client_id,Email", file.path])
        #expect(text.status == 0, "\(text.stderr)")
        for id in ids { #expect(text.stdout.contains(id), "the text output names \(id)") }
    }

    /// The rows of a CSV file as RFC 4180 reads them (quoted fields, doubled quotes), each a
    /// dictionary by the header's names.
    static func csvRecords(_ text: String) -> [[String: String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append(characters.removeFirst()) } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" {
                rows.append(row + [field])
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// A consultant's spreadsheet says what the JSON says about the unknown facts: which could
    /// still change the recommendation and which cannot, row by row, on generated profiles that
    /// leave some facts out.
    @Test func csvOutputNamesTheSameUnknownFactsAsTheJSON() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = AdvisorProcess.packageRoot.appendingPathComponent("../shared/bench/gen_profiles.py").standardized
        let python = try #require(ExternalTool.require(["python3"], install: "apt-get install python3"))
        let generated = try python.run([generator.path, "--n", "300", "--seed", "11", "--no-yaml"], in: folder)
        #expect(generated.status == 0, "\(generated.output)")
        let file = folder.appendingPathComponent("profiles.jsonl").path

        let jsonl = try AdvisorProcess.run(["score", "--format", "jsonl", file])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let csv = try AdvisorProcess.run(["score", "--format", "csv", file])
        #expect(csv.status == 0, "\(csv.stderr)")
        let objects = try Self.objects(jsonl.stdout)
        let rows = Self.csvRecords(csv.stdout)
        #expect(rows.count == objects.count && rows.count == 300)
        var couldChange = 0
        for (object, row) in zip(objects, rows) {
            let unknown = try #require(object["unknown_facts"] as? [String: [String]])
            #expect(row["profile"] == object["profile"] as? String)
            #expect(row["could_change"] == unknown["could_change"]?.joined(separator: ";"), "\(row["profile"] ?? "")")
            #expect(row["cannot_change"] == unknown["cannot_change"]?.joined(separator: ";"), "\(row["profile"] ?? "")")
            if row["could_change"]?.isEmpty == false { couldChange += 1 }
        }
        #expect(couldChange > 0, "some generated profiles leave out a fact that could change their answer")
        #expect(rows.contains { $0["could_change"]?.contains(";") == true }, "a list of several facts is joined with ';'")
    }

    @Test func theSameFileWithoutTheOptionIsOneErrorAtTheHeaderNotOnePerRow() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.write(Self.spreadsheet, "cohort.csv", in: folder)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", file.path])
        #expect(result.status == 1)
        let objects = try Self.objects(result.stdout)
        #expect(objects.count == 1, "one error for the file, not one per row: \(result.stdout)")
        let error = try #require(objects.first?["error"] as? String)
        #expect(error.hasPrefix("\(file.path):1:"))
        #expect(error.contains("client_id") && error.contains("--pass-columns"))

        let ignored = try AdvisorProcess.run(["score", "--format", "jsonl", "--ignore-unknown-columns", file.path])
        #expect(ignored.status == 0)
        #expect(try Self.objects(ignored.stdout).allSatisfy { $0["recommendation"] is String && $0["client_id"] == nil })
        #expect(ignored.stderr.contains("client_id"), "one warning names the dropped columns: \(ignored.stderr)")
    }

    @Test func anUnclosedQuoteAndARaggedRowAreErrorsAtTheirRowsAndEveryOtherRowIsScored() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv =
            "name,capital,category_breadth\n" + "Ana,30000,focused\n" + "Bo,\"5000,single\n" + "Cy,20000,broad\n" + "Di,1000\n"
            + "Ed,7000,single\n"
        let file = try Self.write(csv, "broken.csv", in: folder)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", file.path])
        #expect(result.status == 1)
        let objects = try Self.objects(result.stdout)
        #expect(objects.map { $0["profile"] as? String } == (2...6).map { "\(file.path):\($0)" }, "one object per row, in order")
        let errors = objects.compactMap { $0["error"] as? String }
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("\(file.path):3:4:") == true, "the unclosed quote at its row and column: \(errors)")
        #expect(errors.last?.hasPrefix("\(file.path):5:") == true, "the ragged row at its row: \(errors)")
        #expect(objects.filter { $0["error"] == nil }.map { $0["name"] as? String } == ["Ana", "Cy", "Ed"], "scored (a recommendation or undecided)")

        // With the client's id carried, each error record keeps the id of its row, in every format.
        let withIds = try Self.write(
            "client_id,capital,category_breadth\r\n" + "c-1,30000,focused\r\n" + "c-2,\"5000,single\r\n" + "c-3,1000\r\n" + "c-4,20000,broad,extra\r\n"
                + "c-5,7000,single\r\n", "ids.csv", in: folder)
        let ids = ["c-1", "c-2", "c-3", "c-4", "c-5"]
        let carried = try AdvisorProcess.run(["score", "--format", "jsonl", "--pass-columns", "client_id", withIds.path])
        #expect(carried.status == 1)
        let records = try Self.objects(carried.stdout)
        #expect(records.map { $0["client_id"] as? String } == ids, "\(carried.stdout)")
        #expect(records.map { $0["error"] != nil } == [false, true, true, true, false])
        let table = try AdvisorProcess.run(["score", "--format", "csv", "--pass-columns", "client_id", withIds.path])
        #expect(Self.csvRecords(table.stdout).map { $0["client_id"] } == ids, "\(table.stdout)")
        let explained = try AdvisorProcess.run(["explain", "--pass-columns", "client_id", withIds.path, "-o", folder.appendingPathComponent("reports").path])
        #expect(explained.status == 1)
        let index = try String(contentsOf: folder.appendingPathComponent("reports/index.md"), encoding: .utf8)
        for id in ["c-2", "c-3", "c-4"] { #expect(index.contains("(id \(id))"), "the index names the failed row \(id):\n\(index)") }
    }

    @Test func strictJSONRefusesATrailingCommaWithItsLineAndColumn() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.write("{\n  \"capital\": 30000,\n  \"category_breadth\": \"focused\",\n}\n", "founder.json", in: folder)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", file.path])
        #expect(result.status == 1)
        let error = try #require(try Self.objects(result.stdout).first?["error"] as? String)
        #expect(error.hasPrefix("\(file.path):3:32:"), "at the comma: \(error)")

        let facts = try AdvisorProcess.run(["expr", "--facts", "{\"capital\": 1,}", "--", "capital > 0"])
        #expect(facts.status == 2)
        #expect(facts.stderr.contains("--facts:1:"), "\(facts.stderr)")
    }

    @Test func aFolderWithNoProfileIsAnErrorNamingIt() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("cohort")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for command in [["score", "--format", "jsonl"], ["diff", "--against", "Rules"]] {
            let result = try AdvisorProcess.run(command + [empty.path], in: AdvisorProcess.packageRoot)
            #expect(result.status == 1, "\(command): \(result.stdout) \(result.stderr)")
            #expect((result.stdout + result.stderr).contains(empty.path), "\(command) names the folder")
        }
    }

    /// What a Spark stage relies on: `advisor score -` gives one line per input line in input
    /// order, the id in every object (error objects too), the rule book on every row, nothing on
    /// standard error, and exit code 1 at the end when a row was bad.
    @Test func standardInputAsAStreamingStageKeepsOneLineInOneLineOutWithTheId() throws {
        let input = [
            "{\"id\": \"m1\", \"capital\": 30000, \"category_breadth\": \"focused\"}",
            "{\"id\": \"m2\", \"capital\": \"lots\"}",
            "not json at all",
            "",
            "{\"id\": 17, \"capital\": 1000,}",
            "{\"id\": \"m6\", \"capital\": 5000, \"risk_tolerance\": \"low\"}",
        ]
        let result = try AdvisorProcess.run(["score", "-", "--id-field", "id"], stdin: input.joined(separator: "\n") + "\n")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let objects = try Self.objects(result.stdout)
        #expect(objects.count == input.count)
        #expect(objects.map { $0["profile"] as? String } == (1...input.count).map { "stdin:\($0)" })
        #expect(objects.map { $0["id"] as? String } == ["m1", "m2", nil, nil, nil, "m6"])
        #expect(objects[4]["id"] as? Int == 17, "a number id is echoed as the number it is, even when the line is bad")
        #expect(objects.allSatisfy { $0.keys.contains("id") }, "the id key is in every object")
        let fingerprints = Set(objects.compactMap { $0["rule_book"] as? String })
        #expect(fingerprints.count == 1 && objects.allSatisfy { $0["rule_book"] != nil })
        #expect(objects.map { $0["error"] != nil } == [false, true, true, true, true, false])
    }
}
