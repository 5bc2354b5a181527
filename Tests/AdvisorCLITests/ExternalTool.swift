import Foundation
import Testing

/// A program a user would check the advisor's output with (a Markdown linter, a CommonMark
/// renderer, Python's XML parser), found on the PATH and run on real files.
struct ExternalTool {
    let url: URL

    /// The first of `names` on the PATH. When none is there: in CI (`CI` set) the test fails,
    /// saying what to install; locally it is skipped with a printed note.
    static func require(_ names: [String], install: String) -> ExternalTool? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return ExternalTool(url: candidate) }
            }
        }
        let message = "\(names[0]) is not installed (\(install)); scripts/test.sh installs it"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record(Comment(rawValue: message))
        } else {
            print("note: skipped a check: \(message)")
        }
        return nil
    }

    /// Runs the tool and returns its exit status and output (standard output, then standard error).
    func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self) + String(decoding: errData, as: UTF8.self))
    }
}
