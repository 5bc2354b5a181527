import Foundation
import Testing

/// `advisor explain` and `advisor check --sensitivity` over what `advisor score` reads: CSV rows,
/// JSON Lines, folders searched recursively. Real files, the real binary.
@Suite struct ExplainBatchCLITests {
    static let root = AdvisorProcess.packageRoot

    /// Two example founders as a consultant's spreadsheet holds them (an id, an e-mail and a
    /// name beside the facts), and a row whose quote is never closed between them.
    static let cohort = """
        client_id,email,name,capital,category_breadth,logistics_capacity,risk_tolerance,brand_authorization,overseas_sourcing,audience_size,content_capability,tech_capability,after_sales,experience_years,service_capabilities,target_customers,price_positioning
        C-1,ana@example.com,Korean skincare brand entering China,25000,single,none,low,true,suppliers,800,some,medium,true,4,quality_control,consumers,premium
        C-2,bo@example.com,Broken row,"5000,broad,forwarder,medium,false,personal,1200,some,low,false,1,[],consumers,mid
        C-3,cy@example.com,Student buyer in Tokyo,5000,broad,forwarder,medium,false,personal,1200,some,low,false,1,[],consumers,mid

        """

    /// The second founder again, as a line of a JSON Lines file.
    static let jsonLine = """
        {"client_id": "J-1", "name": "Student buyer in Tokyo", "capital": 5000, "category_breadth": "broad", "logistics_capacity": "forwarder", "risk_tolerance": "medium", "brand_authorization": false, "overseas_sourcing": "personal", "audience_size": 1200, "content_capability": "some", "tech_capability": "low", "after_sales": false, "experience_years": 1, "service_capabilities": [], "target_customers": "consumers", "price_positioning": "mid"}

        """

    static let examples = ["Examples/profiles/m2c-korean-skincare-brand.yaml", "Examples/profiles/c2c-tokyo-student-daigou.yaml"]

    static func write(_ text: String, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// A report from its first section to the appendix's opening line: what the profile
    /// decides, without the title and the receipt, which name where it came from.
    static func body(_ report: String) throws -> String {
        let start = try #require(report.range(of: "\n## "))
        let end = try #require(report.range(of: "Report by advisor"))
        return String(report[start.lowerBound..<end.lowerBound])
    }

    @Test func aReportPerRowAndLineWithItsIdAndAnIndexListingTheRowThatCouldNotBeRead() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in")
        _ = try Self.write(Self.cohort, "cohort.csv", in: inputs)
        _ = try Self.write(Self.jsonLine, "more/late.jsonl", in: inputs)
        let out = folder.appendingPathComponent("out")

        let result = try AdvisorProcess.run(["explain", inputs.path, "--id-field", "client_id", "--pass-columns", "email", "-o", out.path])
        #expect(result.status == 1, "the broken row fails the run, the others are explained: \(result.stderr)")
        #expect(result.stderr.contains("cohort.csv:3:"), "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["C-1-fit.svg", "C-1.md", "C-3-fit.svg", "C-3.md", "J-1-fit.svg", "J-1.md", "index.md"])

        let report = try String(contentsOf: out.appendingPathComponent("C-1.md"), encoding: .utf8)
        #expect(report.hasPrefix("# Korean skincare brand entering China\n"))
        #expect(report.contains("- client_id: C-1\n") && report.contains("- email: ana@example.com\n"), "the receipt carries the row's id and e-mail")
        // Markdown lines are wrapped at 80 columns.
        let flat = report.replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("`advisor explain \(inputs.path) --id-field client_id --pass-columns email -o \(out.path)`"), "the receipt says how to make it again")

        // A row explains exactly as the same profile saved as a file.
        let saved = folder.appendingPathComponent("saved")
        for example in Self.examples {
            let run = try AdvisorProcess.run(["explain", example, "-o", saved.path + "/"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let fromFile = try String(contentsOf: saved.appendingPathComponent("m2c-korean-skincare-brand.md"), encoding: .utf8)
        #expect(try Self.body(report) == Self.body(fromFile.replacingOccurrences(of: "m2c-korean-skincare-brand-fit.svg", with: "C-1-fit.svg")))
        let line = try String(contentsOf: out.appendingPathComponent("J-1.md"), encoding: .utf8)
        let tokyo = try String(contentsOf: saved.appendingPathComponent("c2c-tokyo-student-daigou.md"), encoding: .utf8)
        #expect(try Self.body(line) == Self.body(tokyo.replacingOccurrences(of: "c2c-tokyo-student-daigou-fit.svg", with: "J-1-fit.svg")))

        let index = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
        for id in ["C-1", "C-3", "J-1"] { #expect(index.contains("[\(id)]: \(id).md"), "index.md links \(id)") }
        #expect(index.contains("## Profiles that could not be read"))
        #expect(index.replacingOccurrences(of: "\n  ", with: " ").contains("cohort.csv:3` (id C-2):"), "the row that could not be read is listed with its id:\n\(index)")
    }

    @Test func reportNamesStayUniqueAcrossSubfoldersAndRowsWithoutAnId() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("in")
        let profile = try String(contentsOf: Self.root.appendingPathComponent(Self.examples[0]), encoding: .utf8)
        _ = try Self.write(profile, "north/founder.yaml", in: inputs)
        _ = try Self.write(profile, "south/founder.yaml", in: inputs)
        let rows = Self.cohort.split(separator: "\n").enumerated().filter { $0.offset != 2 }.map { String($0.element.drop { $0 != "," }.dropFirst()) }
        // Without --id-field the id column is not carried: drop it and the e-mail.
        let csv = rows.map { String($0.drop { $0 != "," }.dropFirst()) }.joined(separator: "\n") + "\n"
        _ = try Self.write(csv, "cohort.csv", in: inputs)
        let out = folder.appendingPathComponent("out")
        let result = try AdvisorProcess.run(["explain", inputs.path, "--format", "html", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["cohort-2.html", "cohort-3.html", "founder-yaml-2.html", "founder-yaml.html", "index.html"])
        let page = try String(contentsOf: out.appendingPathComponent("cohort-3.html"), encoding: .utf8)
        #expect(page.contains("Student buyer in Tokyo"), "a row's report is titled by its name")
    }

    @Test func anInputThatHoldsNoProfileIsAnErrorNamingIt() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try AdvisorProcess.run(["explain", empty.path, "-o", folder.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(empty.path) holds no profiles"), "\(result.stderr)")
        let sensitivity = try AdvisorProcess.run(["check", "--sensitivity", empty.path])
        #expect(sensitivity.status == 1)
        #expect(sensitivity.stderr.contains("\(empty.path) holds no profiles"), "\(sensitivity.stderr)")
    }

    @Test func checkSensitivityGivesTheSameFiguresOverCSVRowsAndJSONLinesAsOverTheFiles() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let overFiles = try AdvisorProcess.run(["check", "--sensitivity"] + Self.examples)
        #expect(overFiles.status == 0, "\(overFiles.stderr)")
        #expect(overFiles.stdout.hasPrefix("Weight sensitivity over 2 profiles"))

        let good = Self.cohort.split(separator: "\n").enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\n") + "\n"
        let csv = try Self.write(good, "cohort.csv", in: folder)
        let overRows = try AdvisorProcess.run(["check", "--sensitivity", "--pass-columns", "client_id,email", csv.path])
        #expect(overRows.status == 0, "\(overRows.stderr)")
        #expect(overRows.stdout == overFiles.stdout)

        let jsonl = try Self.write(Self.jsonLine.replacingOccurrences(of: "\"client_id\": \"J-1\", ", with: ""), "one.jsonl", in: folder)
        let mixed = try AdvisorProcess.run(["check", "--sensitivity", Self.examples[0], jsonl.path])
        #expect(mixed.stdout == overFiles.stdout, "\(mixed.stderr)")

        let withoutOption = try AdvisorProcess.run(["check", "--sensitivity", csv.path])
        #expect(withoutOption.status == 1, "a column that is not a fact fails as in score")
        #expect(withoutOption.stderr.contains("--pass-columns"), "\(withoutOption.stderr)")
    }
}
