import Foundation
import Testing

/// The advisor as a user runs it: the real binary on real files.
@Suite struct CLITests {
    @Test func helpListsEverySubcommand() throws {
        let result = try AdvisorProcess.run(["--help"])
        #expect(result.status == 0)
        for command in ["score", "check", "expr", "models", "facts"] {
            #expect(result.stdout.contains(command), "help does not list \(command)")
        }
    }

    @Test func checkPassesOnTheShippedRuleBook() throws {
        let builtIn = try AdvisorProcess.run(["check"])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        #expect(builtIn.stdout.hasPrefix("ok"))
        let fromFolder = try AdvisorProcess.run(["check", "--rules", "Rules"])
        #expect(fromFolder.status == 0, "\(fromFolder.stderr)")
        #expect(fromFolder.stdout == builtIn.stdout)
    }

    @Test func checkFailsWithFileLineAndColumnOnABrokenCopy() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent("Rules"), to: copy)
        // Break one condition: misspell the first fact a rule reads.
        let files = try FileManager.default.subpathsOfDirectory(atPath: copy.path).filter { $0.hasPrefix("rules/") && $0.hasSuffix(".yaml") }.sorted()
        let target = copy.appendingPathComponent(try #require(files.first))
        let text = try String(contentsOf: target, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("when:") })
        lines[index] = lines[index].replacingOccurrences(of: "when:", with: "when: capitl > 1 &&")
        try lines.joined(separator: "\n").write(to: target, atomically: true, encoding: .utf8)

        let result = try AdvisorProcess.run(["check", "--rules", copy.path])
        #expect(result.status == 2)
        let column = lines[index].distance(from: lines[index].startIndex, to: try #require(lines[index].range(of: "capitl")).lowerBound) + 1
        #expect(result.stderr.contains("\(target.path):\(index + 1):\(column): error:"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'capital'?"))
        #expect(result.stderr.contains("^"))
    }

    @Test func everyExampleScoresAsTheContractSaysWithItsExpectedModelOnTop() throws {
        let examples = try AdvisorProcess.examples()
        #expect(examples.count >= 9)
        let result = try AdvisorProcess.run(["score", "--format", "jsonl"] + examples.map(\.path))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == examples.count)
        for (line, example) in zip(lines, examples) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["profile"] as? String == example.path)
            #expect(object["recommendation"] as? String == example.expected, "\(example.path)")
            let ranking = try #require(object["ranking"] as? [[String: Any]])
            #expect(ranking.count == 9)
            #expect(ranking.first?["model"] as? String == example.expected)
            for entry in ranking {
                #expect(entry["model"] is String)
                #expect(entry["score"] is NSNumber)
                let excluded = try #require(entry["excluded"] as? Bool)
                #expect((entry["excluded_by"] != nil) == excluded)
            }
        }
    }

    @Test func jsonForOneProfileIsTheContractObject() throws {
        let example = try #require(try AdvisorProcess.examples().first)
        let result = try AdvisorProcess.run(["score", "--format", "json", example.path])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["recommendation"] as? String == example.expected)
        // Same input, same bytes.
        #expect(try AdvisorProcess.run(["score", "--format", "json", example.path]).stdout == result.stdout)
    }

    @Test func aBadProfileIsReportedAndTheOthersAreStillScored() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml")
        try "capital: 1000\ncategory_breadth: wide\n".write(to: bad, atomically: true, encoding: .utf8)
        let good = try #require(try AdvisorProcess.examples().first)
        let result = try AdvisorProcess.run(["score", "--verbose", "--format", "jsonl", bad.path, good.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"error\""))
        #expect(lines[0].contains("\(bad.path):2:19"))
        #expect(lines[1].contains("\"recommendation\""))
        #expect(result.stderr.contains("\(bad.path):2:19: error:"))
        #expect(result.stderr.contains("Scored 1 profile, 1 could not be scored."))
    }

    @Test func aWrongCommandLineExitsWithTwo() throws {
        #expect(try AdvisorProcess.run(["score"]).status == 2)
        #expect(try AdvisorProcess.run(["score", "--format", "xml", "x.yaml"]).status == 2)
        #expect(try AdvisorProcess.run(["score", "--rules", "/nonexistent", "x.yaml"]).status == 2)
    }

    @Test func textOutputNamesTheRecommendation() throws {
        let example = try #require(try AdvisorProcess.examples().first)
        let result = try AdvisorProcess.run(["score", "--format", "text", example.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Recommendation:"))
        #expect(result.stdout.contains("[\(example.expected)]"))
    }

    @Test func modelsAndFactsListTheRuleBook() throws {
        let models = try AdvisorProcess.run(["models"])
        #expect(models.status == 0)
        #expect(models.stdout.split(separator: "\n").count == 9)
        let facts = try AdvisorProcess.run(["facts"])
        #expect(facts.status == 0)
        for id in ["capital", "category_breadth", "logistics_capacity", "risk_tolerance", "service_capabilities"] {
            #expect(facts.stdout.contains(id))
        }
    }

    @Test func theAdvisorWorksFromAnyFolder() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try #require(try AdvisorProcess.examples().first)
        let path = AdvisorProcess.packageRoot.appendingPathComponent(example.path).path
        let result = try AdvisorProcess.run(["score", path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func exprWithARuleBookChecksFactsAndSeesDerivedFacts() throws {
        let derived = try AdvisorProcess.run([
            "expr", "--rules", "Rules", "--facts",
            #"{"capital": 5000, "logistics_capacity": "none", "risk_tolerance": "low", "category_breadth": "single"}"#, "--", "asset_light",
        ])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(derived.stdout == "true\n")
        let typo = try AdvisorProcess.run(["expr", "--rules", "Rules", "--", "capitl > 1"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'capital'?"))
        let unknown = try AdvisorProcess.run(["expr", "--rules", "Rules", "--", "capital > 1"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("depends on capital"))
    }
}
