import Foundation
import Testing

/// Batch scoring as consultants run it: folders, JSON Lines, CSV and standard input, on real files.
@Suite struct BatchTests {
    /// The example profiles as flat JSON objects (via the advisor's own JSON output of the profile files).
    static func exampleObjects() throws -> [(path: String, json: String, expected: String, object: [String: Any])] {
        try AdvisorProcess.examples().map { example in
            let text = try String(contentsOf: AdvisorProcess.packageRoot.appendingPathComponent(example.path), encoding: .utf8)
            var object: [String: Any] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") && line.contains(":") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[1].isEmpty, parts[0] != "notes", parts[0] != "name" else { continue }
                let raw = parts[1]
                if raw == "true" || raw == "false" { object[parts[0]] = raw == "true" } else if let number = Double(raw) {
                    object[parts[0]] = number
                } else if raw.hasPrefix("[") {
                    object[parts[0]] = raw.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                } else {
                    object[parts[0]] = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                }
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return (example.path, String(decoding: data, as: UTF8.self), example.expected, object)
        }
    }

    static func recommendations(_ jsonl: String) throws -> [String?] {
        try jsonl.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["recommendation"] as? String
        }
    }

    @Test func jsonLinesScoreLikeTheProfileFilesTheyCameFrom() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try Self.exampleObjects()
        let file = folder.appendingPathComponent("cohort.jsonl")
        try (examples.map(\.json).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.recommendations(result.stdout) == examples.map(\.expected))
        let labels = result.stdout.split(separator: "\n").map { $0.contains("\"profile\": \"\(file.path):") }
        #expect(labels.allSatisfy { $0 })
    }

    @Test func csvRowsScoreLikeTheProfileFilesTheyCameFrom() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try Self.exampleObjects()
        let objects = examples.map(\.object)
        let columns = Array(Set(objects.flatMap(\.keys))).sorted()
        var csv = columns.joined(separator: ",") + "\n"
        for object in objects {
            csv += columns.map { column -> String in
                switch object[column] {
                case let list as [String]: return list.isEmpty ? "[]" : list.joined(separator: ";")
                case let flag as Bool: return flag ? "true" : "false"
                case let number as Double: return String(number)
                case let text as String: return text
                default: return ""
                }
            }.joined(separator: ",") + "\n"
        }
        let file = folder.appendingPathComponent("cohort.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.recommendations(result.stdout) == examples.map(\.expected))

        // And CSV out: a header, then one row a profile with its recommendation third.
        let table = try AdvisorProcess.run(["score", "--format", "csv", file.path])
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("profile,name,recommendation,runner_up,margin,") == true)
        #expect(rows.count == examples.count + 1)
    }

    @Test func mixedInputsKeepTheirOrder() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try Self.exampleObjects()
        let sub = folder.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: sub.appendingPathComponent("deeper"), withIntermediateDirectories: true)
        try examples[0].json.write(to: sub.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        try examples[1].json.write(to: sub.appendingPathComponent("deeper/a.json"), atomically: true, encoding: .utf8)
        try "ignored".write(to: sub.appendingPathComponent("readme.txt"), atomically: true, encoding: .utf8)
        let lines = folder.appendingPathComponent("two.jsonl")
        try (examples[2].json + "\n\n" + examples[3].json + "\n").write(to: lines, atomically: true, encoding: .utf8)
        let yaml = AdvisorProcess.packageRoot.appendingPathComponent(examples[4].path).path

        let result = try AdvisorProcess.run(["score", "--format", "jsonl", yaml, sub.path, "-", lines.path], stdin: examples[5].json + "\n")
        // The blank line is an error record in its place: one record per line, nothing skipped.
        #expect(result.status == 1, "\(result.stderr)")
        let labels = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["profile"] as? String
        }
        #expect(labels == [yaml, sub.path + "/b.json", sub.path + "/deeper/a.json", "stdin:1", lines.path + ":1", lines.path + ":2", lines.path + ":3"])
        #expect(try Self.recommendations(result.stdout) == [4, 0, 1, 5, 2, nil, 3].map { $0.map { examples[$0].expected } })
    }

    @Test func outputIsTheSameBytesWhateverTheNumberOfThreads() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try Self.exampleObjects()
        // 200 copies of every example (over 5,000 profiles): enough for several chunks on each thread.
        let count = examples.count * 200
        let file = folder.appendingPathComponent("many.jsonl")
        try (Array(repeating: examples.map(\.json), count: 200).flatMap { $0 }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let one = try AdvisorProcess.run(["score", "--jobs", "1", "--format", "jsonl", file.path])
        let four = try AdvisorProcess.run(["score", "--jobs", "4", "--verbose", "--format", "jsonl", file.path])
        #expect(one.status == 0)
        #expect(one.stdout.split(separator: "\n").count == count)
        #expect(one.stdout == four.stdout)
        #expect(four.stderr.contains("Scored \(count / 1000),\(String(format: "%03d", count % 1000)) profiles."))
    }

    @Test func aBadLineInTheMiddleIsReportedInItsPlaceAndTheBatchGoesOn() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try Self.exampleObjects()
        var lines = Array(repeating: examples[0].json, count: 3000)
        lines[1499] = #"{"capital": 5000, "category_breadth": "wide"}"#
        lines[2000] = #"{"capital": 5000,"#
        let file = folder.appendingPathComponent("batch.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try AdvisorProcess.run(["score", "--jobs", "2", "--verbose", "--format", "jsonl", file.path])
        #expect(result.status == 1)
        let output = result.stdout.split(separator: "\n").map(String.init)
        #expect(output.count == 3000)
        #expect(output[1499].contains("\"error\": \"\(file.path):1500:39: error: 'category_breadth' cannot be 'wide'"))
        #expect(output[2000].contains("\"error\": \"\(file.path):2001:"))
        #expect(output.enumerated().allSatisfy { [1499, 2000].contains($0.offset) || $0.element.contains("\"recommendation\"") })
        #expect(result.stderr.contains("\(file.path):1500:39: error: 'category_breadth' cannot be 'wide'"))
        #expect(result.stderr.contains("Scored 2,998 profiles, 2 could not be scored."))
    }

    @Test func jsonIsOneArrayForABatchAndTheObjectForOneFile() throws {
        let batch = try AdvisorProcess.run(["score", "--format", "json", "Examples/profiles"])
        #expect(batch.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(batch.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == (try AdvisorProcess.examples().count))
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder without profiles is an error naming it, not an empty array.
        let empty = try AdvisorProcess.run(["score", "--format", "json", folder.path])
        #expect(empty.status == 1)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1 && (records.first?["error"] as? String)?.contains(folder.path) == true)
    }

    @Test func exitCodesFollowTheConvention() throws {
        #expect(try AdvisorProcess.run(["score", "--format", "jsonl", "Examples/profiles"]).status == 0)
        #expect(try AdvisorProcess.run(["score", "--format", "jsonl", "Examples/profiles", "no-such-file.yaml"]).status == 1)
        #expect(try AdvisorProcess.run(["score", "--jobs", "0", "Examples/profiles"]).status == 2)
        #expect(try AdvisorProcess.run(["score", "--rules", "Examples", "Examples/profiles"]).status == 2)
    }

    @Test func withoutATerminalTheDefaultFormatIsJSONLines() throws {
        let result = try AdvisorProcess.run(["score", "Examples/profiles"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == (try AdvisorProcess.examples().count))
        #expect(lines.allSatisfy { $0.hasPrefix("{\"profile\": ") })
        // No progress line when standard error is not a terminal.
        #expect(!result.stderr.contains("\r"))
    }
}
