import Foundation
import Testing

/// `advisor explain` and `advisor score --explain` as a user runs them, checked with the tools a
/// user would use: a Markdown linter, a CommonMark renderer, an XML parser.
@Suite(.serialized) struct ExplainCLITests {
    static let root = AdvisorProcess.packageRoot

    /// Writes every example's report into a fresh folder and returns it.
    static func reportsOfEveryExample() throws -> URL {
        let folder = try AdvisorProcess.temporaryFolder().appendingPathComponent("reports")
        let result = try AdvisorProcess.run(["explain", "Examples/profiles", "-o", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    /// The reports of every example, written once for the tests that only read them (in the
    /// temporary folder).
    static let shared: URL? = try? reportsOfEveryExample()

    static func sharedReports() throws -> URL { try #require(shared, "advisor explain Examples/profiles -o ... failed") }

    static func files(in folder: URL, ending suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(suffix) }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    @Test func everyExampleGetsAReportThatTheMarkdownLinterAccepts() throws {
        let folder = try Self.sharedReports()
        let reports = try Self.files(in: folder, ending: ".md")
        #expect(reports.count == (try AdvisorProcess.examples().count) + 1, "one report per profile and index.md")
        guard let linter = ExternalTool.require(["pymarkdownlnt", "pymarkdown"], install: "pip install pymarkdownlnt") else { return }
        // Default rules (80-column lines included), with GitHub tables checked too.
        let result = try linter.run(["--enable-extensions", "markdown-tables", "scan"] + reports.map(\.path))
        #expect(result.status == 0, "the linter found problems:\n\(result.output)")
    }

    @Test func everyReportRendersWithACommonMarkRendererWithRealTables() throws {
        let folder = try Self.sharedReports()
        guard let renderer = ExternalTool.require(["cmark-gfm"], install: "apt-get install cmark-gfm") else { return }
        for report in try Self.files(in: folder, ending: ".md") {
            let result = try renderer.run(["-e", "table", report.path])
            #expect(result.status == 0)
            let html = result.output
            #expect(html.contains("<h1>"), "\(report.lastPathComponent)")
            #expect(html.components(separatedBy: "<table>").count - 1 >= 1, "\(report.lastPathComponent): no table rendered")
            // A table that did not parse comes out as a paragraph of pipes.
            #expect(!html.contains("| --- |"), "\(report.lastPathComponent): a table rendered as text")
        }
    }

    @Test func everyChartIsWellFormedSVGLinkedFromItsReport() throws {
        let folder = try Self.sharedReports()
        let charts = try Self.files(in: folder, ending: ".svg")
        #expect(charts.count == (try AdvisorProcess.examples().count))
        for chart in charts {
            let report = folder.appendingPathComponent(chart.lastPathComponent.replacingOccurrences(of: "-fit.svg", with: ".md"))
            let text = try String(contentsOf: report, encoding: .utf8)
            #expect(text.contains("](\(chart.lastPathComponent))"), "\(report.lastPathComponent) does not link its chart")
        }
        // Nothing half-written is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasPrefix(".") })
        guard let python = ExternalTool.require(["python3"], install: "apt-get install python3") else { return }
        let script = "import sys, xml.dom.minidom\nfor path in sys.argv[1:]:\n    root = xml.dom.minidom.parse(path).documentElement\n    assert root.tagName == 'svg', path\n"
        let result = try python.run(["-c", script] + charts.map(\.path))
        #expect(result.status == 0, "an SVG does not parse as XML:\n\(result.output)")
    }

    @Test func theIndexLinksEveryReportWithItsRecommendationAndRunnerUp() throws {
        let folder = try Self.sharedReports()
        let index = try String(contentsOf: folder.appendingPathComponent("index.md"), encoding: .utf8)
        for example in try AdvisorProcess.examples() {
            let name = URL(fileURLWithPath: example.path).deletingPathExtension().lastPathComponent
            #expect(index.contains("[\(name)]: \(name).md"), "index.md does not link \(name)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + ".md").path))
            // The row sits under the heading of the model it recommends.
            let heading = try #require(index.range(of: "## Recommended: `\(example.expected)`"))
            let row = try #require(index.range(of: "| [\(name)] |"))
            #expect(heading.lowerBound < row.lowerBound)
        }
    }

    @Test func reportsAreByteIdenticalOnRepeatedRuns() throws {
        let first = try Self.sharedReports()
        let second = try Self.reportsOfEveryExample()
        defer { try? FileManager.default.removeItem(at: second.deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: second.path).sorted()))
        for name in names {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs")
        }
        let stdout1 = try AdvisorProcess.run(["explain", "Examples/profiles/b2c-discount-importer-vs-flash-sales.yaml"]).stdout
        let stdout2 = try AdvisorProcess.run(["explain", "Examples/profiles/b2c-discount-importer-vs-flash-sales.yaml"]).stdout
        #expect(stdout1 == stdout2)
    }

    /// The reports in Examples/reports/ are what the advisor writes today. Set
    /// ADVISOR_RECORD_REPORTS=1 to write them again on purpose (the test then fails once, so a
    /// re-record never passes unnoticed); scripts/make-example-reports.sh does the same.
    @Test func theExampleReportsAreCurrent() throws {
        let pinned = Self.root.appendingPathComponent("Examples/reports")
        let reports = try Self.files(in: pinned, ending: ".md").filter { $0.lastPathComponent != "README.md" }
        #expect(reports.count >= 3, "Examples/reports should pin at least three reports")
        let record = ProcessInfo.processInfo.environment["ADVISOR_RECORD_REPORTS"] == "1"
        let scratch = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for report in reports {
            let name = report.deletingPathExtension().lastPathComponent
            let profile = "Examples/profiles/\(name).yaml"
            let output = record ? "Examples/reports/\(name).md" : scratch.appendingPathComponent(name + ".md").path
            let result = try AdvisorProcess.run(["explain", profile, "-o", output])
            #expect(result.status == 0, "\(result.stderr)")
            if record { continue }
            for file in [name + ".md", name + "-fit.svg"] {
                let expected = try String(contentsOf: pinned.appendingPathComponent(file), encoding: .utf8)
                let actual = try String(contentsOf: scratch.appendingPathComponent(file), encoding: .utf8)
                #expect(
                    actual == expected,
                    "Examples/reports/\(file) is out of date: run scripts/make-example-reports.sh (or the tests with ADVISOR_RECORD_REPORTS=1) and review the diff")
            }
        }
        if record { Issue.record("re-recorded \(reports.count) example reports: review the diff, then run the tests again without ADVISOR_RECORD_REPORTS") }
    }

    /// Every counterfactual `score --explain` gives (the same the reports state) is scored again
    /// by the binary from a changed copy of the profile, and gives the stated recommendation.
    @Test func everyCounterfactualOfEveryExampleHoldsWhenTheChangedProfileIsScored() throws {
        let examples = try AdvisorProcess.examples()
        let result = try AdvisorProcess.run(["score", "--format", "jsonl", "--explain"] + examples.map(\.path))
        #expect(result.status == 0, "\(result.stderr)")
        let scratch = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var changed: [(path: String, target: String, score: Double)] = []
        for (line, example) in zip(result.stdout.split(separator: "\n"), examples) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let name = URL(fileURLWithPath: example.path).deletingPathExtension().lastPathComponent
            let report = try String(contentsOf: try Self.sharedReports().appendingPathComponent(name + ".md"), encoding: .utf8)
            let counterfactuals = try #require(object["counterfactuals"] as? [[String: Any]])
            for (index, counterfactual) in counterfactuals.enumerated() where counterfactual["found"] as? Bool == true {
                let target = try #require(counterfactual["target"] as? String)
                #expect(counterfactual["recommendation"] as? String == target)
                let changes = try #require(counterfactual["changes"] as? [[String: Any]])
                // The report's appendix states the same change.
                let checked = try #require(report.components(separatedBy: "### The changes, as checked").last)
                #expect(checked.contains("- `\(target)`:"), "\(example.path)")
                for change in changes { #expect(checked.contains("`\(change["fact"] as? String ?? "")` "), "\(example.path)") }
                // A copy of the profile with the changed facts put last (a later key would be a duplicate: drop the old line).
                let facts = Set(changes.compactMap { $0["fact"] as? String })
                let original = try String(contentsOf: Self.root.appendingPathComponent(example.path), encoding: .utf8)
                var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                lines.removeAll { line in facts.contains { line.hasPrefix($0 + ":") } }
                // Folded `notes:` continuation lines stay; the changed facts are plain one-line keys.
                for change in changes {
                    let value = try JSONSerialization.data(withJSONObject: try #require(change["to"]), options: [.fragmentsAllowed])
                    lines.append("\(change["fact"] as? String ?? ""): \(String(decoding: value, as: UTF8.self))")
                }
                let path = scratch.appendingPathComponent("\(URL(fileURLWithPath: example.path).deletingPathExtension().lastPathComponent)-\(index).yaml")
                try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
                changed.append((path.path, target, try #require(counterfactual["score"] as? Double)))
            }
        }
        #expect(changed.count >= 40)
        let rescored = try AdvisorProcess.run(["score", "--format", "jsonl"] + changed.map(\.path))
        #expect(rescored.status == 0, "\(rescored.stderr)")
        for (line, expected) in zip(rescored.stdout.split(separator: "\n"), changed) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["recommendation"] as? String == expected.target, "\(expected.path)")
            let ranking = try #require(object["ranking"] as? [[String: Any]])
            #expect(ranking.first?["score"] as? Double == expected.score, "\(expected.path)")
        }
    }

    @Test func scoreExplainAddsTheExplanationAfterTheContractsKeys() throws {
        let result = try AdvisorProcess.run(["score", "--format", "json", "--explain", "Examples/profiles/m2c-korean-skincare-brand.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let keys = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(
            keys == [
                "profile", "name", "recommendation", "runner_up", "margin", "ranking", "unknown_facts", "rule_book", "reasons", "trade_offs_accepted", "contrast",
                "exclusions", "counterfactuals", "sensitivity",
            ])
        // How sure: the smallest change of one rule's points that changes the answer is never more
        // than the lead, and the entries that reach it are named.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let sensitivity = try #require(object["sensitivity"] as? [String: Any])
        let smallest = try #require(sensitivity["smallest_change"] as? Double)
        #expect(smallest > 0 && smallest <= (object["margin"] as? Double ?? 0))
        let closest = try #require(sensitivity["closest"] as? [[String: Any]])
        #expect(!closest.isEmpty && closest.allSatisfy { abs($0["change"] as? Double ?? 0) == smallest && $0["rule"] is String })
        #expect(sensitivity["holds_whatever_the_unknown_facts"] as? Bool == true)
        let text = try AdvisorProcess.run(["score", "--explain", "Examples/profiles/m2c-korean-skincare-brand.yaml"])
        #expect(text.status == 2)
        #expect(text.stderr.contains("--format json"))
    }

    @Test func checkSensitivityListsTheRulesWhosePointsDecideTheMostAnswers() throws {
        let result = try AdvisorProcess.run(["check", "--sensitivity", "Examples/profiles"])
        #expect(result.status == 0, "\(result.stderr)")
        let examples = try AdvisorProcess.examples().count
        #expect(result.stdout.hasPrefix("Weight sensitivity over \(examples) profiles"))
        let rows = result.stdout.split(separator: "\n").drop { !$0.hasPrefix("rule ") }.dropFirst()
        #expect(rows.count >= 10, "\(result.stdout)")
        // Most answers decided first.
        let decides = rows.compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } }
        #expect(decides == decides.sorted(by: >), "\(decides)")
        let bare = try AdvisorProcess.run(["check", "--sensitivity"])
        #expect(bare.status == 2 && bare.stderr.contains("--sensitivity needs profiles"))
        let stray = try AdvisorProcess.run(["check", "Examples/profiles"])
        #expect(stray.status == 2 && stray.stderr.contains("only with --sensitivity"))
    }

    @Test func withoutOutputTheReportGoesToStandardOutputWithATextChart() throws {
        let result = try AdvisorProcess.run(["explain", "Examples/profiles/m2c-korean-skincare-brand.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# "))
        #expect(result.stdout.contains("```text\nM2C "))
        #expect(!result.stdout.contains("!["), "no image is linked when none is written")
    }

    @Test func anInputFileIsNeverOverwritten() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = folder.appendingPathComponent("founder.yaml")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Examples/profiles/c2c-tokyo-student-daigou.yaml"), to: profile)
        let before = try Data(contentsOf: profile)
        let result = try AdvisorProcess.run(["explain", profile.path, "-o", profile.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is an input of this command"))
        #expect(try Data(contentsOf: profile) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["founder.yaml"], "nothing else was written")
    }

    @Test func aFolderOfProfilesNeedsAnOutputFolder() throws {
        let result = try AdvisorProcess.run(["explain", "Examples/profiles"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("-o FOLDER"))
    }

    @Test func aProfileThatCannotBeReadIsListedAndTheOthersAreExplained() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profiles = folder.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("Examples/profiles/m2c-korean-skincare-brand.yaml"), to: profiles.appendingPathComponent("good.yaml"))
        try "capitl: 5\n".write(to: profiles.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try AdvisorProcess.run(["explain", profiles.path, "-o", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("typo.yaml:1:1: error: unknown fact 'capitl'"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("good.md").path))
        let index = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
        #expect(index.contains("## Profiles that could not be read"))
        #expect(index.contains("typo.yaml"))
    }

    @Test func aConsultantsTemplateReplacesTheShippedOneAndItsErrorsNameTheLine() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mine = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "## What we advise\n\n{{#winner}}\nStart with {{name}}.\n{{/winner}}\n".write(
            to: mine.appendingPathComponent("advice.mustache"), atomically: true, encoding: .utf8)
        let custom = try AdvisorProcess.run(["explain", "Examples/profiles/m2c-korean-skincare-brand.yaml", "--template", mine.path])
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(custom.stdout.contains("## What we advise\n\nStart with M2C"))
        #expect(custom.stdout.contains("## Appendix for consultants"))

        try "## Why\n\n{{#reasons}}\n- {{because}}\n{{/against}}\n".write(to: mine.appendingPathComponent("reasons.mustache"), atomically: true, encoding: .utf8)
        let broken = try AdvisorProcess.run(["explain", "Examples/profiles/m2c-korean-skincare-brand.yaml", "--template", mine.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(mine.path)/reasons.mustache:5:"), "\(broken.stderr)")
        #expect(broken.stdout.isEmpty)
    }

    @Test func aProfileWithEveryModelExcludedGetsTheRelaxationThatReAdmitsOne() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Rules"), to: rules)
        let models = ["m2c", "b2c", "c2c", "b2b", "direct_mail", "rebate_guide", "flash_sale", "service_provider", "content_commerce"]
        let knockOut = """

              - id: nothing-without-money
                when: capital < 1000.0
                because: Without 1,000 USD no model can start.
                encodes: [m2c/light-model]
                exclude: [\(models.joined(separator: ", "))]

            """
        let handle = try FileHandle(forWritingTo: rules.appendingPathComponent("rules/02-knockouts.yaml"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(knockOut.utf8))
        try handle.close()
        let profile = folder.appendingPathComponent("broke.yaml")
        try "name: Broke founder\ncapital: 500\nrisk_tolerance: low\n".write(to: profile, atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("broke.md")
        let result = try AdvisorProcess.run(["explain", profile.path, "--rules", rules.path, "-o", report.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("## Our advice: no model yet"))
        let flat = text.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("For a model to open to you: raise your first-year budget to at least 1,000 USD."))
        #expect(flat.contains("- any model: `capital` 500 USD → 1,000 USD (any of at least 1,000 USD)"))
        guard let linter = ExternalTool.require(["pymarkdownlnt", "pymarkdown"], install: "pip install pymarkdownlnt") else { return }
        let lint = try linter.run(["--enable-extensions", "markdown-tables", "scan", report.path])
        #expect(lint.status == 0, "\(lint.output)")
    }
}
