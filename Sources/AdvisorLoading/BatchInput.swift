import AdvisorDiagnostics
import AdvisorEngine
import CSV
import Foundation

/// The profiles of a batch, read in order and handed out in chunks, so that a batch of any
/// size streams through memory: files, folders (searched recursively), JSON Lines files or
/// standard input (`-`), and CSV files.
public enum BatchInput {
    /// The longest line of a JSON Lines file read as a profile (1 MiB): a longer one is
    /// reported as an error and passed over, so one broken line cannot fill memory.
    public static let maximumLineLength = 1 << 20

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
    ///
    /// - Parameter output: the file the results go to, when standard output is one: a folder's
    ///   file that is the output is passed over (`advisor score dir/ > dir/out.jsonl` must not
    ///   read its own results back).
    public static func sources(_ arguments: [String], output: FileIdentity? = nil) -> [Source] {
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
            let paths = isDirectory.boolValue ? profilePaths(in: argument).filter { output == nil || FileIdentity(path: $0) != output } : [argument]
            for path in paths {
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
        // Folders already walked: a symbolic link back up the tree (`up -> ..`) is followed once.
        var visited: Set<FileIdentity> = []
        func walk(_ relative: String) {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let identity = FileIdentity(path: path), visited.insert(identity).inserted else { return }
            guard let directory = opendir(path) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }  // ., .. and hidden files
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                // Only regular files are read from a folder: a named pipe would block the batch.
                var isFile = entry.pointee.d_type == UInt8(DT_REG)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    var info = stat()
                    let found = stat(folder + "/" + child, &info) == 0
                    isDirectory = found && (info.st_mode & S_IFMT) == S_IFDIR
                    isFile = found && (info.st_mode & S_IFMT) == S_IFREG
                }
                if isDirectory {
                    walk(child)
                } else if isFile, let dot = name.lastIndex(of: "."), profileExtensions.contains(name[name.index(after: dot)...].lowercased()) {
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
        /// True while the rest of an overlong line is being passed over.
        var skipping = false
        /// Hands out the lines read so far, then reports line `number` as too long.
        func refuseLongLine(_ number: Int) -> Bool {
            if !lines.isEmpty {
                guard emit(.lines(file: file, lines: lines)) else { return false }
                lines = []
            }
            let name = file == "-" ? "stdin" : file
            return emit(
                .failure(
                    label: "\(name):\(number)",
                    Diagnostic(
                        location: SourceLocation(file: name, line: number, column: 1),
                        message: "the line is longer than \(maximumLineLength / 1024 / 1024) MiB",
                        hint: "each line holds one profile, a JSON object of a few hundred bytes; is this a JSON Lines file?")))
        }
        while true {
            let block: Data
            do {
                block = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                _ = emit(.failure(label: "\(file):\(lineNumber)", Diagnostic(location: SourceLocation(file: file, line: lineNumber, column: 1), message: "reading stopped: \(error.localizedDescription)", hint: "the profiles before this line were read; check the file or the pipe")))
                return
            }
            if block.isEmpty { break }
            var bytes = carry
            if skipping {
                // Pass over the rest of the overlong line, up to its end.
                guard let newline = block.firstIndex(of: 0x0A) else { continue }
                skipping = false
                lineNumber += 1
                bytes.append(contentsOf: block[(newline + 1)...])
            } else {
                bytes.append(contentsOf: block)
            }
            if atStart, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            atStart = false
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if end - start > maximumLineLength {
                    guard refuseLongLine(lineNumber) else { return }
                } else if end > start {
                    lines.append((lineNumber, Array(bytes[start..<end])))
                }
                lineNumber += 1
                start = newline + 1
                if lines.count >= chunkSize {
                    guard emit(.lines(file: file, lines: lines)) else { return }
                    lines = []
                    lines.reserveCapacity(chunkSize)
                }
            }
            carry = Array(bytes[start...])
            if carry.count > maximumLineLength {
                guard refuseLongLine(lineNumber) else { return }
                carry = []
                skipping = true
            }
        }
        if !carry.isEmpty {
            if carry.last == 0x0D { carry.removeLast() }
            if !carry.isEmpty { lines.append((lineNumber, carry)) }
        }
        if !lines.isEmpty { _ = emit(.lines(file: file, lines: lines)) }
    }

    /// Streams the rows of a CSV file (header row of fact ids, one profile a row) in chunks.
    public static func streamRows(of file: String, chunkSize: Int, _ emit: (Chunk) -> Bool) {
        // The CSV reader splits a row at a byte that is not UTF-8 and goes on, which would
        // score two wrong profiles: a file that is not UTF-8 text is refused as a whole.
        if let bad = firstInvalidUTF8(inFile: file) {
            _ = emit(
                .failure(
                    label: "\(file):\(bad.line)",
                    Diagnostic(location: bad, message: "the file is not valid UTF-8 text", hint: "save it as UTF-8 (spreadsheets: CSV UTF-8)")))
            return
        }
        guard let stream = InputStream(fileAtPath: file) else {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file): cannot be read", hint: "check the file's permissions")))
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

    /// Where a file stops being UTF-8 text, or nil when it is all UTF-8 (or cannot be read:
    /// the reader says so). Read in blocks, so a file of any size is checked in little memory.
    static func firstInvalidUTF8(inFile path: String) -> SourceLocation? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var line = 1
        var column = 1
        func advance(over bytes: some Sequence<UInt8>) {
            for byte in bytes {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }
        while true {
            let block = (try? handle.read(upToCount: 1 << 20)) ?? Data()
            var bytes = pending
            bytes.append(contentsOf: block)
            if bytes.isEmpty { return nil }
            // A character cut by the end of the block waits for the next block.
            let usable = block.isEmpty ? bytes.count : completeLength(bytes)
            if let bad = SourceFile.firstInvalidUTF8Offset(bytes[..<usable]) {
                advance(over: bytes[..<bad])
                return SourceLocation(file: path, line: line, column: column)
            }
            if block.isEmpty { return nil }
            advance(over: bytes[..<usable])
            pending = Array(bytes[usable...])
        }
    }

    /// The bytes up to a UTF-8 sequence that the end of `bytes` cuts short (all of them if none).
    static func completeLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        while index > max(bytes.count - 4, 0) {
            index -= 1
            let byte = bytes[index]
            guard byte & 0xC0 == 0x80 else {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return index + length > bytes.count ? index : bytes.count
            }
        }
        return bytes.count
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
                case .failure(var problem):
                    // Show the line under the message (cut around the column when long).
                    problem.sourceLine = String(decoding: line.bytes, as: UTF8.self)
                    return Record(label: label, result: .failure([problem]))
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
