import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Foundation
import Testing

/// The shipped rule book, the example profiles and their reports, made in process.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let loaded = RuleBookLoader.load(files: ShippedRuleBook.files)

    static func ruleBook() throws -> RuleBook {
        switch loaded {
        case .success(let book): return book
        case .failure(let problems):
            Issue.record("the shipped rule book does not load: \(problems.map(\.description))")
            throw problems[0]
        }
    }

    static func profile(_ yaml: String, book: RuleBook, path: String = "p.yaml") throws -> Profile {
        switch ProfileLoader.parse(SourceFile(path: path, text: yaml), ruleBook: book) {
        case .success(let profile): return profile
        case .failure(let problems):
            Issue.record("profile did not load: \(problems.map(\.description))")
            throw problems[0]
        }
    }

    /// Every example profile of Examples/profiles, by path relative to the repository.
    static func examples(book: RuleBook) throws -> [Profile] {
        let folder = root.appendingPathComponent("Examples/profiles")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try names.map { name in
            try profile(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), book: book, path: "Examples/profiles/" + name)
        }
    }

    static func input(_ profile: Profile, book: RuleBook, chartFile: String? = "chart.svg") -> ReportInput {
        ReportInput(
            profilePath: profile.source, profileName: profile.name, notes: profile.notes, facts: profile.facts,
            explanation: book.explain(profile.facts), ruleBook: book, advisorVersion: "test", chartFile: chartFile)
    }

    static func markdown(_ profile: Profile, book: RuleBook, templates: ReportTemplates? = nil, chartFile: String? = "chart.svg") throws -> String {
        ExplanationReport.markdown(input(profile, book: book, chartFile: chartFile), templates: try templates ?? ReportTemplates.load().get())
    }
}

/// A report split into its two parts at the appendix's heading.
struct ReportParts {
    var founder: String
    var appendix: String

    init(_ report: String) {
        let marker = "\n## Appendix"
        if let range = report.range(of: marker) {
            founder = String(report[..<range.lowerBound])
            appendix = String(report[range.lowerBound...])
        } else {
            founder = report
            appendix = ""
        }
    }
}
