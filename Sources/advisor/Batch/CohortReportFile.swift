import AdvisorDiagnostics
import AdvisorBatch
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

/// The formats of `advisor score --summary`.
enum CohortReportFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown
    case html
}

/// Where `advisor score --summary FILE` writes the cohort report: checked before the batch
/// runs (a batch of a million profiles should not end on "no such folder"), written after.
struct CohortReportFile {
    let path: String
    let format: CohortReportFormat
    let inputs: [String]

    init(path: String, format: CohortReportFormat, inputs: [String]) throws {
        self.path = path
        self.format = format
        self.inputs = inputs
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            Terminal.error("error: --summary \(path): the folder \(folder) does not exist\n  hint: create the folder first, or write the report elsewhere")
            throw ExitStatus.usage.exitCode
        }
        for file in [path] + (chartPath.map { [$0] } ?? []) where inputs.contains(where: { FileIdentity(path: $0) != nil && FileIdentity(path: $0) == FileIdentity(path: file) }) {
            Terminal.error("error: --summary \(path) would write over the input \(file)\n  hint: choose another file for the report")
            throw ExitStatus.usage.exitCode
        }
    }

    /// The chart beside a Markdown report: `cohort.md` -> `cohort-mix.svg`.
    var chartPath: String? {
        guard format == .markdown else { return nil }
        let stem = (path as NSString).deletingPathExtension
        return stem + "-mix.svg"
    }

    func write(_ tally: BatchTally, ruleBook: RuleBook) throws {
        let context = CohortReport.Context(
            inputs: inputs, advisorVersion: AdvisorVersion.current, chartFile: chartPath.map { ($0 as NSString).lastPathComponent })
        do {
            switch format {
            case .markdown:
                if let chartPath { try AtomicFile.write(Data(CohortReport.chartSVG(tally, ruleBook: ruleBook).utf8), to: chartPath, refusingInputs: inputs) }
                try AtomicFile.write(Data(CohortReport.markdown(tally, ruleBook: ruleBook, context: context).utf8), to: path, refusingInputs: inputs)
            case .html:
                try AtomicFile.write(Data(CohortReport.html(tally, ruleBook: ruleBook, context: context).utf8), to: path, refusingInputs: inputs)
            }
        } catch {
            Terminal.error(DiagnosticText.render([error]))
            throw ExitStatus.usage.exitCode
        }
    }
}
