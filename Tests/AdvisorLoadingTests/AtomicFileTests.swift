import AdvisorDiagnostics
import Foundation
import Testing

@testable import AdvisorLoading

/// Reports and saved profiles are written whole or not at all, and never over an input.
@Suite struct AtomicFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func contents(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func leftovers() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") } }

    @Test func aNewFileIsCreatedAndAnOldOneReplacedKeepingItsPermissions() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try AtomicFile.write(Data("first\n".utf8), to: path("report.md"))
        #expect(try contents("report.md") == "first\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path("report.md"))
        try AtomicFile.write(Data("second\n".utf8), to: path("report.md"))
        #expect(try contents("report.md") == "second\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: path("report.md"))[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)
        try AtomicFile.write(Data(), to: path("empty.md"))
        #expect(try contents("empty.md") == "")
        #expect(try leftovers().isEmpty)
    }

    @Test func anInputFileIsNeverWrittenOverHoweverItIsNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try "capital: 5\n".write(toFile: path("founder.yaml"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("link.yaml"), withDestinationPath: path("founder.yaml"))
        try FileManager.default.linkItem(atPath: path("founder.yaml"), toPath: path("hard.yaml"))
        let spellings = [path("founder.yaml"), folder.path + "/./founder.yaml", folder.path + "/../" + folder.lastPathComponent + "/founder.yaml", path("link.yaml"), path("hard.yaml")]
        for destination in spellings {
            #expect(throws: Diagnostic.self, "\(destination)") {
                try AtomicFile.write(Data("overwritten\n".utf8), to: destination, refusingInputs: [path("founder.yaml")])
            }
        }
        do {
            try AtomicFile.write(Data("x".utf8), to: path("link.yaml"), refusingInputs: [path("founder.yaml")])
        } catch {
            #expect(error.message.hasSuffix("it is one of the input files, and the advisor never writes over its input"))
            #expect(error.hint == "choose another output file")
        }
        #expect(try contents("founder.yaml") == "capital: 5\n")
        // Another file beside it is fine, and writing through a link keeps the link.
        try AtomicFile.write(Data("report\n".utf8), to: path("report.md"), refusingInputs: [path("founder.yaml")])
        try FileManager.default.createSymbolicLink(atPath: path("latest.md"), withDestinationPath: path("report.md"))
        try AtomicFile.write(Data("newer\n".utf8), to: path("latest.md"))
        #expect(try contents("report.md") == "newer\n")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: path("latest.md"))) == path("report.md"))
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        #expect(throws: Diagnostic.self) { try AtomicFile.write(Data("x".utf8), to: path("missing/report.md")) }
        do {
            try AtomicFile.write(Data("x".utf8), to: path("missing/report.md"))
        } catch {
            #expect(error.message == "cannot write \(path("missing/report.md")): the folder \(path("missing")) does not exist")
        }
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        do {
            try AtomicFile.write(Data("x".utf8), to: path("sub"))
            Issue.record("a folder was written over")
        } catch {
            #expect(error.message == "cannot write \(path("sub")): it is a folder")
        }
        // A folder the user cannot write to. Root writes through permissions, so as root the
        // folder is /sys, where the kernel refuses new files whoever asks.
        try AtomicFile.write(Data("old\n".utf8), to: path("kept.md"))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        let refused = getuid() == 0 ? "/sys/advisor-test-\(UUID().uuidString.prefix(8)).md" : path("kept.md")
        do {
            try AtomicFile.write(Data("new\n".utf8), to: refused)
            Issue.record("wrote into a read-only folder: \(refused)")
        } catch {
            let reasons = ["Permission denied", "Operation not permitted", "Read-only file system"]
            #expect(reasons.contains { error.message == "cannot write \(refused): \($0)" }, "\(error.message)")
            #expect(error.hint == "choose a folder you can write to")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        #expect(try contents("kept.md") == "old\n")
        #expect(try leftovers().isEmpty)
    }
}
