import AdvisorCEL
import AdvisorEngine
import CSV
import Foundation

/// The profiles of a batch, read in order and handed out in chunks, so that a batch of any
/// size streams through memory: files, folders (searched recursively), JSON Lines files or
/// standard input (`-`), and CSV files.
public enum BatchInput {
    /// Extensions a folder is searched for.
    public static let profileExtensions = ["yaml", "yml", "json", "jsonl", "csv"]

    /// A piece of a batch, read by the reading thread and turned into profiles by a worker.
    public enum Chunk: Sendable {
        /// Profile files (`.yaml`, `.yml`, `.json`), each one profile.
        case files([String])
        /// Lines of a JSON Lines file, each one profile (empty lines skipped).
        case lines(file: String, lines: [(number: Int, bytes: [UInt8])])
        /// Rows of a CSV file under its header.
        case rows(file: String, header: [String], rows: [(line: Int, fields: [String])])
        /// Something that could not be read at all (a missing file, a broken CSV).
        case failure(label: String, Diagnostic)
    }

    /// One profile of a chunk, ready to score, or what was wrong with it.
    public struct Record: Sendable {
        /// The profile's name in outputs: its path, or `file:line` for a line of a JSONL or CSV file.
        public var label: String
        public var result: Result<Profile, [Diagnostic]>
    }

    /// Where a batch's profiles come from, in command-line order.
    public enum Source: Sendable {
        /// Profile files (`.yaml`, `.yml`, `.json`), each one profile.
        case profileFiles([String])
        /// A JSON Lines file, or standard input for `-`.
        case jsonLines(String)
        case csv(String)
        /// A path that does not exist.
        case missing(String)
    }

    /// The files and folders named on the command line, in order, folders expanded (sorted).
    public static func sources(_ arguments: [String]) -> [Source] {
        var sources: [Source] = []
        var pendingFiles: [String] = []
        func flushFiles() {
            if !pendingFiles.isEmpty { sources.append(.profileFiles(pendingFiles)) }
            pendingFiles = []
        }
        for argument in arguments {
            if argument == "-" {
                flushFiles()
                sources.append(.jsonLines("-"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                flushFiles()
                sources.append(.missing(argument))
                continue
            }
            for path in isDirectory.boolValue ? profilePaths(in: argument) : [argument] {
                switch (path as NSString).pathExtension.lowercased() {
                case "jsonl":
                    flushFiles()
                    sources.append(.jsonLines(path))
                case "csv":
                    flushFiles()
                    sources.append(.csv(path))
                default:
                    pendingFiles.append(path)
                }
            }
        }
        flushFiles()
        return sources
    }

    /// Reads the sources in order and hands out their chunks (about `chunkSize` profiles each);
    /// stops early when `emit` returns false.
    public static func stream(_ sources: [Source], chunkSize: Int, _ emit: (Chunk) -> Bool) {
        for source in sources {
            switch source {
            case .profileFiles(let paths):
                var start = 0
                while start < paths.count {
                    let end = min(start + max(chunkSize / 16, 1), paths.count)
                    guard emit(.files(Array(paths[start..<end]))) else { return }
                    start = end
                }
            case .jsonLines(let file):
                var going = true
                streamLines(of: file, chunkSize: chunkSize) { chunk in
                    going = emit(chunk)
                    return going
                }
                guard going else { return }
            case .csv(let file):
                var going = true
                streamRows(of: file, chunkSize: chunkSize) { chunk in
                    going = emit(chunk)
                    return going
                }
                guard going else { return }
            case .missing(let path):
                guard emit(.failure(label: path, Diagnostic(location: nil, message: "\(path): no such file or folder", hint: "check the path"))) else { return }
            }
        }
    }

    /// Profile files under a folder, recursively, in path order.
    static func profilePaths(in folder: String) -> [String] {
        // POSIX directory reads: FileManager's enumerator costs more than reading the files.
        var paths: [String] = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(path) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }  // ., .. and hidden files
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    var info = stat()
                    isDirectory = stat(folder + "/" + child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                }
                if isDirectory {
                    walk(child)
                } else if let dot = name.lastIndex(of: "."), profileExtensions.contains(name[name.index(after: dot)...].lowercased()) {
                    paths.append(child)
                }
            }
        }
        walk("")
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return paths.sorted().map { base + "/" + $0 }
    }

    // MARK: - Streaming files

    /// Streams the lines of a JSON Lines file (or standard input for `-`) in chunks of about
    /// `chunkSize` lines, calling `emit` for each; stops early when `emit` returns false.
    public static func streamLines(of file: String, chunkSize: Int, _ emit: (Chunk) -> Bool) {
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else {
                _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file): cannot be read", hint: "check the file's permissions")))
                return
            }
            handle = opened
        }
        defer { if file != "-" { try? handle.close() } }
        var carry: [UInt8] = []
        var lineNumber = 1
        var lines: [(number: Int, bytes: [UInt8])] = []
        lines.reserveCapacity(chunkSize)
        var atStart = true
        while true {
            let block: Data
            do {
                block = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                _ = emit(.failure(label: "\(file):\(lineNumber)", Diagnostic(location: SourceLocation(file: file, line: lineNumber, column: 1), message: "reading stopped: \(error.localizedDescription)")))
                return
            }
            if block.isEmpty { break }
            var bytes = carry
            bytes.append(contentsOf: block)
            if atStart, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            atStart = false
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if end > start { lines.append((lineNumber, Array(bytes[start..<end]))) }
                lineNumber += 1
                start = newline + 1
                if lines.count >= chunkSize {
                    guard emit(.lines(file: file, lines: lines)) else { return }
                    lines = []
                    lines.reserveCapacity(chunkSize)
                }
            }
            carry = Array(bytes[start...])
        }
        if !carry.isEmpty {
            if carry.last == 0x0D { carry.removeLast() }
            if !carry.isEmpty { lines.append((lineNumber, carry)) }
        }
        if !lines.isEmpty { _ = emit(.lines(file: file, lines: lines)) }
    }

    /// Streams the rows of a CSV file (header row of fact ids, one profile a row) in chunks.
    public static func streamRows(of file: String, chunkSize: Int, _ emit: (Chunk) -> Bool) {
        guard let stream = InputStream(fileAtPath: file) else {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file): cannot be read")))
            return
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            _ = emit(.failure(label: file, Diagnostic(location: SourceLocation(file: file, line: 1, column: 1), message: "cannot read the CSV: \(error)", hint: "the first row must name the facts, e.g. capital,category_breadth")))
            return
        }
        var header = reader.headerRow ?? []
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        var rows: [(line: Int, fields: [String])] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            rows.append((line, row))
            if rows.count >= chunkSize {
                guard emit(.rows(file: file, header: header, rows: rows)) else { return }
                rows = []
            }
        }
        // CSV.swift reports reaching the end of the stream as `cannotReadFile`: that is no error.
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
            if !rows.isEmpty { guard emit(.rows(file: file, header: header, rows: rows)) else { return } }
            rows = []
            _ = emit(.failure(label: "\(file):\(line + 1)", Diagnostic(location: SourceLocation(file: file, line: line + 1, column: 1), message: "cannot read the CSV: \(error)", hint: "check the quotes on this row")))
        }
        if !rows.isEmpty { _ = emit(.rows(file: file, header: header, rows: rows)) }
    }

    // MARK: - Turning chunks into profiles

    /// The profiles of a chunk, in order.
    public static func records(of chunk: Chunk, ruleBook: RuleBook) -> [Record] {
        switch chunk {
        case .files(let paths):
            return paths.map { Record(label: $0, result: ProfileLoader.load(path: $0, ruleBook: ruleBook)) }
        case .lines(let file, let lines):
            return lines.map { line in
                let label = "\(file == "-" ? "stdin" : file):\(line.number)"
                let parsed = line.bytes.withUnsafeBufferPointer { JSONLineParser.entries(of: $0, file: file == "-" ? "stdin" : file, line: line.number) }
                switch parsed {
                case .failure(let problem): return Record(label: label, result: .failure([problem]))
                case .success(let entries):
                    let fileName = file == "-" ? "stdin" : file
                    return Record(
                        label: label,
                        result: ProfileLoader.build(source: label, file: fileName, entries: entries, ruleBook: ruleBook) { _ in
                            String(decoding: line.bytes, as: UTF8.self)
                        })
                }
            }
        case .rows(let file, let header, let rows):
            return rows.map { row in
                let label = "\(file):\(row.line)"
                var entries: [ProfileEntry] = []
                var problems: [Diagnostic] = []
                for (index, cell) in row.fields.enumerated() {
                    let location = SourceLocation(file: file, line: row.line, column: index + 1)
                    guard index < header.count else {
                        problems.append(Diagnostic(location: location, message: "row \(row.line) has more cells than the header names", hint: "remove the extra cells or name them in the header"))
                        break
                    }
                    entries.append(
                        ProfileEntry(
                            key: header[index], value: csvValue(cell, key: header[index], ruleBook: ruleBook),
                            keyAt: .init(line: 1, column: index + 1), valueAt: .init(line: row.line, column: index + 1)))
                }
                if !problems.isEmpty { return Record(label: label, result: .failure(problems)) }
                return Record(label: label, result: ProfileLoader.build(source: label, file: file, entries: entries, ruleBook: ruleBook))
            }
        case .failure(let label, let problem):
            return [Record(label: label, result: .failure([problem]))]
        }
    }

    /// A CSV cell as the value its column's fact takes: empty is unknown, lists are joined with
    /// `;` (`[]` for an empty list), bools are true/false (or yes/no).
    static func csvValue(_ cell: String, key: String, ruleBook: RuleBook) -> ProfileEntry.Value {
        let text = cell.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .null }
        guard let fact = ruleBook.fact(key) else { return .value(.string(text)) }
        switch fact.kind {
        case .number, .integer:
            if let whole = Int64(text) { return .value(.int(whole)) }
            if let number = Double(text) { return .value(.double(number)) }
            return .value(.string(text))
        case .bool:
            switch text.lowercased() {
            case "true", "yes": return .value(.bool(true))
            case "false", "no": return .value(.bool(false))
            default: return .value(.string(text))
            }
        case .enumeration:
            return .value(.string(text))
        case .list:
            if text == "[]" { return .value(.list([])) }
            return .value(.list(text.split(separator: ";").map { .string($0.trimmingCharacters(in: .whitespaces)) }))
        }
    }
}
