import AdvisorDiagnostics
import AdvisorEngine
import Foundation
import Testing

@testable import AdvisorLoading

/// Every limit on input is documented (Docs/bad-input.md), holds exactly where it says, and
/// past it the advisor answers with a message instead of running out of memory or stack.
@Suite struct InputLimitsTests {
    func parses(_ text: String) -> Result<YAMLDocument, Diagnostic> {
        YAMLDocument.parse(SourceFile(path: "limits.yaml", text: text))
    }

    // MARK: File size

    @Test func aFileOfExactlyTheMaximumSizeIsReadAndOneByteMoreIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = Data("# padding padding padding padding padding padding padding padding padding padding\n".utf8)
        var contents = Data(capacity: SourceFile.maximumSize + 1)
        while contents.count + line.count <= SourceFile.maximumSize { contents.append(line) }
        contents.append(Data(repeating: UInt8(ascii: "#"), count: SourceFile.maximumSize - contents.count))
        let atLimit = folder.appendingPathComponent("at-limit.yaml")
        try contents.write(to: atLimit)
        #expect(contents.count == SourceFile.maximumSize)
        #expect(try SourceFile.read(path: atLimit.path).get().text.utf8.count == SourceFile.maximumSize)

        contents.append(UInt8(ascii: "#"))
        let past = folder.appendingPathComponent("past-limit.yaml")
        try contents.write(to: past)
        guard case .failure(let problem) = SourceFile.read(path: past.path) else {
            Issue.record("a file past the limit was read")
            return
        }
        #expect(problem.message == "the file is larger than 16 MiB")
        #expect(problem.location == SourceLocation(file: past.path, line: 1, column: 1))
        #expect(problem.hint == "split it into smaller files")
    }

    // MARK: Nesting

    /// A value inside `lists` nested lists, under one key of a mapping.
    func nestedValue(_ lists: Int) -> String {
        "notes: " + String(repeating: "[", count: lists) + "0" + String(repeating: "]", count: lists) + "\n"
    }

    @Test func yamlNestsAtMostMaximumDepthLevels() throws {
        // The mapping is level 1, its key and value level 2, each list inside adds one: a
        // value inside 62 lists is at level 64, the deepest accepted.
        #expect(YAMLDocument.maximumDepth == 64)
        #expect(throws: Never.self) { try parses(nestedValue(YAMLDocument.maximumDepth - 2)).get() }
        guard case .failure(let problem) = parses(nestedValue(YAMLDocument.maximumDepth - 1)) else {
            Issue.record("a document past the depth limit was read")
            return
        }
        #expect(problem.message == "the document nests deeper than 64 levels")
        #expect(problem.location == SourceLocation(file: "limits.yaml", line: 1, column: 71))  // the 0, at level 65
        #expect(problem.hint == "flatten the structure: no advisor file needs lists or mappings this deep")
    }

    @Test func anAliasCannotCarryADocumentPastTheDepthLimit() throws {
        // An anchor 10 levels high, used where 55 levels are already open, reaches 64: accepted;
        // one level deeper, refused at the alias.
        let anchor = "a: &deep " + String(repeating: "[", count: 9) + "0" + String(repeating: "]", count: 9) + "\n"
        func using(at lists: Int) -> String {
            anchor + "b: " + String(repeating: "[", count: lists) + "*deep" + String(repeating: "]", count: lists) + "\n"
        }
        #expect(throws: Never.self) { try parses(using(at: 53)).get() }
        guard case .failure(let problem) = parses(using(at: 54)) else {
            Issue.record("an alias carried the document past the depth limit")
            return
        }
        #expect(problem.message == "the document nests deeper than 64 levels")
        #expect(problem.location == SourceLocation(file: "limits.yaml", line: 2, column: 58))
    }

    @Test func libyamlsOwnNestingLimitGetsTheSameMessage() {
        // Very deep flow nesting on one line trips libyaml's limit (1000) while it looks ahead.
        guard case .failure(let problem) = parses(nestedValue(5_000)) else {
            Issue.record("5,000 levels were read")
            return
        }
        #expect(problem.message == "the document nests deeper than 64 levels")
    }

    // MARK: Alias expansion

    /// `x` holds `free` values; `m` repeats the anchor `l` (n values) `k` times. Counting every
    /// node (mapping, keys, lists, values, and each alias as its anchor's nodes):
    /// 1 + (2 + free) + (2 + n) + (2 + k × (n + 1)).
    func expansion(free: Int, n: Int, k: Int) -> String {
        "x: [" + Array(repeating: "0", count: free).joined(separator: ",") + "]\n"
            + "l: &l [" + Array(repeating: "1", count: n).joined(separator: ",") + "]\n"
            + "m: [" + Array(repeating: "*l", count: k).joined(separator: ",") + "]\n"
    }

    @Test func aliasesExpandToAtMostMaximumNodesValues() throws {
        #expect(YAMLDocument.maximumNodes == 1_000_000)
        // 7 + 994 + 999 + 998 × 1000 = 1,000,000 exactly.
        let atLimit = parses(expansion(free: 994, n: 999, k: 998))
        #expect(throws: Never.self) { try atLimit.get() }
        guard case .failure(let problem) = parses(expansion(free: 995, n: 999, k: 998)) else {
            Issue.record("a document past the expansion limit was read")
            return
        }
        #expect(problem.message == "with the alias '*l', the document expands to more than 1,000,000 values")
        #expect(problem.location?.line == 3)
    }

    // MARK: JSON Lines

    func jsonLine(_ text: String) -> Result<[JSONReader.Member], Diagnostic> {
        JSONReader.object(text, file: "p.jsonl", firstLine: 4).mapError(\.diagnostic)
    }

    @Test func aJSONLineNestsAtMostMaximumDepthLevels() throws {
        func nested(_ lists: Int) -> String { "{\"notes\": " + String(repeating: "[", count: lists) + String(repeating: "]", count: lists) + "}" }
        #expect(JSONReader.maximumDepth == 64)
        #expect(throws: Never.self) { try jsonLine(nested(JSONReader.maximumDepth)).get() }
        guard case .failure(let problem) = jsonLine(nested(JSONReader.maximumDepth + 1)) else {
            Issue.record("a line past the depth limit was read")
            return
        }
        #expect(problem.message == "the value nests deeper than 64 levels")
        #expect(problem.location == SourceLocation(file: "p.jsonl", line: 4, column: 75))
        // Far past it, nothing overflows.
        guard case .failure = jsonLine(nested(200_000)) else {
            Issue.record("200,000 levels were read")
            return
        }
    }

    @Test func aJSONLineIsAtMostOneMebibyte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-lines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func line(length: Int) -> String {
            let frame = "{\"notes\": \"\"}"
            return "{\"notes\": \"" + String(repeating: "x", count: length - frame.utf8.count) + "\"}"
        }
        let file = folder.appendingPathComponent("long.jsonl")
        let lines = ["{\"capital\": 5}", line(length: BatchInput.maximumLineLength), line(length: BatchInput.maximumLineLength + 1), "{\"capital\": 7}"]
        try (lines.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)
        var labels: [String] = []
        var failures: [String: String] = [:]
        BatchInput.streamLines(of: file.path, chunkSize: 2) { chunk in
            switch chunk {
            case .lines(_, let read):
                labels += read.map { "line \($0.number): \($0.bytes.count) bytes" }
            case .failure(let label, let problem):
                labels.append("failure \(label)")
                failures[label] = problem.message
            default: Issue.record("unexpected chunk")
            }
            return true
        }
        #expect(labels == ["line 1: 14 bytes", "line 2: \(BatchInput.maximumLineLength) bytes", "failure \(file.path):3", "line 4: 14 bytes"])
        #expect(failures["\(file.path):3"] == "the line is longer than 1 MiB")
    }

    @Test func aJSONLineOverLongerThanABlockIsPassedOverToItsEnd() throws {
        // The rest of an overlong line spans several 1 MiB reads; the line after it still counts.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-lines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.jsonl")
        let text = "{\"capital\": 5}\n{\"notes\": \"" + String(repeating: "y", count: 3 << 20) + "\"}\n{\"capital\": 7}"
        try text.write(to: file, atomically: true, encoding: .utf8)
        var labels: [String] = []
        BatchInput.streamLines(of: file.path, chunkSize: 100) { chunk in
            switch chunk {
            case .lines(_, let read): labels += read.map { "line \($0.number)" }
            case .failure(let label, _): labels.append("failure \(label)")
            default: break
            }
            return true
        }
        #expect(labels == ["line 1", "failure \(file.path):2", "line 3"])
    }

    @Test func aCSVRowThatIsNotUTF8IsAnErrorAtTheBadByteAndTheOtherRowsAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("people.csv")
        // The bad byte sits right after a 1 MiB block boundary's worth of good rows, and a
        // two-byte character straddles that boundary: only the bad byte is reported.
        var bytes = Array("name,capital\n".utf8)
        while bytes.count < (1 << 20) - 1 { bytes += Array("Ana,5\n".utf8) }
        bytes = Array(bytes.prefix((1 << 20) - 1)) + Array("é\nBo,".utf8) + [0xFF] + Array("\nCy,6\n".utf8)
        try Data(bytes).write(to: file)
        let lines = bytes.prefix { $0 != 0xFF }.filter { $0 == 0x0A }.count
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files).get()
        var problems: [Diagnostic] = []
        var rows: [Int] = []
        BatchInput.streamRows(of: file.path, ruleBook: book, extra: .none, chunkSize: 1000) { chunk in
            guard case .rows(_, _, let items) = chunk else {
                Issue.record("the file failed as a whole: \(chunk)")
                return true
            }
            for item in items {
                switch item {
                case .problem(let problem, _): problems.append(problem)
                case .record(let line, _): rows.append(line)
                }
            }
            return true
        }
        #expect(problems.map(\.message) == ["the row is not valid UTF-8 text; it is not scored"])
        #expect(problems.first?.location == SourceLocation(file: file.path, line: lines + 1, column: 4))
        #expect(rows.last == lines + 2, "the row after the bad one is read")
        #expect(rows.count == lines, "every row but the bad one: lines 2 to \(lines), and the one after it")
    }

    @Test func aFolderWithSymbolicLinkLoopsOrPipesIsWalkedOnceAndOnlyForFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-links-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("profiles/sub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "capital: 5\n".write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("self").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("up").path, withDestinationPath: "..")
        let sources = BatchInput.sources([root.appendingPathComponent("profiles").path])
        guard case .profileFiles(let files)? = sources.first else {
            Issue.record("no profile files found: \(sources)")
            return
        }
        #expect(files == [root.appendingPathComponent("profiles").path + "/sub/a.yaml"])
        // A named pipe that looks like a profile is passed over: reading it would wait forever.
        #expect(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        guard case .profileFiles(let again)? = BatchInput.sources([root.appendingPathComponent("profiles").path]).first else {
            Issue.record("no profile files found")
            return
        }
        #expect(again == files)
    }
}
