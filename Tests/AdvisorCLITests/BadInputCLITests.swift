import Foundation
import Testing

/// Bad input through the real binary: each gets its message on standard error with file, line
/// and column, the documented exit code, and the rest of the work goes on where it can.
@Suite struct BadInputCLITests {
    /// A copy of the shipped rule book to break.
    func copyOfRules(in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent("Rules"), to: copy)
        return copy
    }

    @Test func aRuleBookWithByteOrderMarksAndWindowsLineEndsChecksTheSame() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try copyOfRules(in: folder)
        for file in try FileManager.default.subpathsOfDirectory(atPath: rules.path) where file.hasSuffix(".yaml") {
            let url = rules.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)).write(to: url)
        }
        let converted = try AdvisorProcess.run(["check", "--rules", rules.path])
        let original = try AdvisorProcess.run(["check", "--rules", "Rules"])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout == original.stdout)
    }

    @Test func eachBrokenRuleFileIsAnErrorWithItsPlaceAndExitCodeTwo() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try copyOfRules(in: folder)
        let broken: [(name: String, bytes: [UInt8], expected: String)] = [
            ("syntax.yaml", Array("rules:\n  - id: x\n    when: [capital\n".utf8), "syntax.yaml:4:1: error: YAML syntax: did not find expected ',' or ']'"),
            ("latin1.yaml", Array("rules:\n  - id: caf".utf8) + [0xE9] + Array("\n".utf8), "latin1.yaml:2:12: error: the file is not valid UTF-8 text"),
            ("bomb.yaml", Array(Self.billionLaughs.utf8), "bomb.yaml:7:8: error: with the alias '*f', the document expands to more than 1,000,000 values"),
            ("tagged.yaml", Array("rules:\n  - id: t\n    when: !expr brand_authorization\n".utf8), "tagged.yaml:3:11: error: the tag '!expr' is not supported"),
            ("twice.yaml", Array("rules:\n  - id: t\n    id: u\n".utf8), "twice.yaml:3:5: error: 'id' is given twice in this mapping (first at line 2, column 5)"),
        ]
        for file in broken {
            let path = rules.appendingPathComponent("rules/" + file.name)
            try Data(file.bytes).write(to: path)
            let result = try AdvisorProcess.run(["check", "--rules", rules.path])
            #expect(result.status == 2, "\(file.name)")
            #expect(result.stderr.contains(rules.path + "/rules/" + file.expected), "\(file.name): \(result.stderr)")
            #expect(result.stderr.contains("hint: "), "\(file.name)")
            try FileManager.default.removeItem(at: path)
        }
        // An empty file, or one holding only comments, declares nothing and is no error.
        try Data().write(to: rules.appendingPathComponent("rules/empty.yaml"))
        try Data("# to do\n".utf8).write(to: rules.appendingPathComponent("rules/later.yaml"))
        #expect(try AdvisorProcess.run(["check", "--rules", rules.path]).status == 0)
    }

    static let billionLaughs = (["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        + zip("bcdefghi", "abcdefgh").map { name, previous in "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]" })
        .joined(separator: "\n") + "\n"

    @Test func everyBadProfileIsReportedWhileTheGoodOnesAreScored() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profiles: [(name: String, bytes: [UInt8], expected: String)] = [
            ("a-bom-crlf.yaml", [0xEF, 0xBB, 0xBF] + Array("capital: 5000\r\nrisk_tolerance: low\r\n".utf8), ""),
            ("b-empty.yaml", [], "b-empty.yaml:1:1: error: the profile is empty"),
            ("c-latin1.yaml", Array("name: caf".utf8) + [0xE9] + Array("\n".utf8), "c-latin1.yaml:1:10: error: the file is not valid UTF-8 text"),
            ("d-twice.yaml", Array("capital: 5\ncapital: 6\n".utf8), "d-twice.yaml:2:1: error: 'capital' is given twice"),
            ("e-nan.yaml", Array("capital: .nan\n".utf8), "e-nan.yaml:1:10: error: 'capital' must be a finite number"),
            ("f-enum.yaml", Array("risk_tolerance: hihg\n".utf8), "f-enum.yaml:1:17: error: 'risk_tolerance' cannot be 'hihg'\n    risk_tolerance: hihg\n                    ^\n  hint: did you mean 'high'?"),
            ("g-key.yaml", Array("captial: 5\n".utf8), "g-key.yaml:1:1: error: unknown fact 'captial'\n    captial: 5\n    ^\n  hint: did you mean 'capital'?"),
            ("h-bomb.yaml", Array(Self.billionLaughs.utf8), "h-bomb.yaml:7:8: error: with the alias '*f', the document expands"),
            ("i-tag.yaml", Array("capital: !money 5\n".utf8), "i-tag.yaml:1:10: error: the tag '!money' is not supported"),
            ("j-deep.json", Array(("{\"notes\": " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}").utf8), "j-deep.json:1:75: error: the value nests deeper than 64 levels"),
            ("k-good.json", Array("{\"capital\": 250000, \"logistics_capacity\": \"network\"}".utf8), ""),
        ]
        for profile in profiles { try Data(profile.bytes).write(to: folder.appendingPathComponent(profile.name)) }
        let result = try AdvisorProcess.run(["score", "--verbose", "--format", "jsonl", folder.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == profiles.count)
        for (line, profile) in zip(lines, profiles) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["profile"] as? String)?.hasSuffix(profile.name) == true)
            if profile.expected.isEmpty {
                #expect(object["recommendation"] != nil, "\(profile.name): \(line)")
            } else {
                #expect((object["error"] as? String)?.contains(profile.expected.components(separatedBy: "\n")[0]) == true, "\(profile.name): \(line)")
                #expect(result.stderr.contains(folder.path + "/" + profile.expected), "\(profile.name): \(result.stderr)")
            }
        }
        #expect(result.stderr.contains("Scored 2 profiles, 9 could not be scored."))
    }

    @Test func badJSONLinesOnStandardInputAreReportedByLine() throws {
        let input = "\u{FEFF}{\"capital\": 5000}\r\n{\"capital\": 5000,}\n\n{\"capital\": 1e999}\n{\"capital\": 5000}\n"
        let result = try AdvisorProcess.run(["score", "--verbose", "--format", "jsonl", "-"], stdin: input)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "one record per line, the blank one included")
        #expect(lines[2].contains("\"profile\": \"stdin:3\"") && lines[2].contains("the line is empty"))
        #expect(lines[0].contains("\"profile\": \"stdin:1\"") && lines[0].contains("recommendation"))
        #expect(result.stderr.contains("stdin:2:17: error: a trailing comma: JSON allows no comma before '}'"))
        #expect(result.stderr.contains("stdin:4:13: error: '1e999' is too large a number"))
        #expect(lines[4].contains("\"profile\": \"stdin:5\"") && lines[4].contains("recommendation"))
    }

    @Test func badLinesRowsAndPathsOfABatchAreReportedByLineAndCell() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Array("{\"capital\": 5000}\n{\"name\": \"caf".utf8) + [0xE9] + Array("\"}\n{\"capital\": 5, \"capital\": 6}\n".utf8)
        try Data(lines).write(to: folder.appendingPathComponent("a.jsonl"))
        try "capital,risk_tolerance\nlots,hihg\n5,low,extra\n7,high\n".write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        try "capital,capital\n5,6\n".write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("d-missing.yaml").path
        let result = try AdvisorProcess.run(["score", "--verbose", "--format", "jsonl", folder.appendingPathComponent("a.jsonl").path, folder.appendingPathComponent("b.csv").path, folder.appendingPathComponent("c.csv").path, missing])
        #expect(result.status == 1)
        let expected = [
            "a.jsonl:2:14: error: the text is not valid UTF-8",
            "a.jsonl:3:16: error: 'capital' is given twice (first at line 3, column 2)",
            "b.csv:2:1: error: 'capital': 'lots' is not a number",
            "b.csv:2:6: error: 'risk_tolerance' cannot be 'hihg'",
            "b.csv:3:7: error: the row has 3 cells and the header 2; the row is not scored",
            "c.csv:1:9: error: columns 1 and 2 both name 'capital'",
        ]
        for message in expected {
            #expect(result.stderr.contains(folder.path + "/" + message), "\(message): \(result.stderr)")
        }
        #expect(result.stderr.contains("\(missing): no such file or folder"))
        let records = result.stdout.split(separator: "\n")
        #expect(records.count == 8)
        #expect(records.filter { $0.contains("\"recommendation\"") }.count == 2)
        #expect(result.stderr.contains("Scored 2 profiles, 6 could not be scored."))
    }

    @Test func badExpressionsExitWithTwoAndFailedEvaluationsWithOne() throws {
        let cases: [(expression: String, status: Int32, message: String)] = [
            ("capital <", 2, "1:10: error: expected an expression after '<'"),
            ("1 / 0", 1, "error: division by zero"),
            ("9223372036854775807 + 1", 1, "error: integer overflow"),
            ("'a' + 1", 1, "error: no such overload"),
            (String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200), 2, "1:201: error: the expression nests more than 200 levels deep"),
            (String(repeating: "1+", count: 60_000) + "1", 2, "1:1: error: the expression is too long (120001 bytes; the limit is 100000)"),
        ]
        for (expression, status, message) in cases {
            let result = try AdvisorProcess.run(["expr", "--", expression])
            #expect(result.status == status, "\(expression.prefix(30))")
            #expect(result.stderr.hasPrefix(message), "\(expression.prefix(30)): \(result.stderr.prefix(300))")
            // A long expression is shown cut around the problem, never whole.
            #expect(result.stderr.split(separator: "\n").allSatisfy { $0.count < 200 })
        }
        let typed = try AdvisorProcess.run(["expr", "--rules", "Rules", "--", "risk_tolerance == 'hihg' || capitl > 1"])
        #expect(typed.status == 2)
        #expect(typed.stderr.contains("did you mean 'capital'?"))
        let facts = try AdvisorProcess.run(["expr", "--facts", "{\"a\": [1", "--", "a"])
        #expect(facts.status == 2)
        #expect(facts.stderr.hasPrefix("--facts:1:9: error: the list is not closed with ']'"), "\(facts.stderr)")
    }
}
