import AdvisorDiagnostics
import AdvisorEngine
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
        /// Lines of a JSON Lines file, each one profile (an empty line is an error: one
        /// output record for each line).
        case lines(file: String, lines: [(number: Int, bytes: [UInt8])])
        /// Records of a CSV file under its header, and the rows that could not be read, in order.
        case rows(file: String, columns: CSVColumns, items: [CSVReader.Item])
        /// Something that could not be read at all (a missing file, a CSV header that is wrong).
        case failure(label: String, Diagnostic)
    }

    /// One profile of a chunk, ready to score, or what was wrong with it.
    public struct Record: Sendable {
        /// The profile's name in outputs: its path, or `file:line` for a line of a JSONL or CSV file.
        public var label: String
        /// The values of the carried keys (`ExtraKeys.carried`), also for a profile that
        /// could not be read when they could be.
        public var passed: [PassedValue]
        /// Keys dropped because they are not facts (`ExtraKeys.ignoreUnknown`).
        public var ignored: [String] = []
        public var result: Result<Profile, [Diagnostic]>

        public init(label: String, passed: [PassedValue], ignored: [String] = [], result: Result<Profile, [Diagnostic]>) {
            self.label = label
            self.passed = passed
            self.ignored = ignored
            self.result = result
        }
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
        /// A folder that holds no profile files.
        case empty(String)
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
            if paths.isEmpty {
                flushFiles()
                sources.append(.empty(argument))
            }
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
    /// stops early when `emit` returns false. CSV headers are read against `ruleBook` and `extra`.
    public static func stream(_ sources: [Source], ruleBook: RuleBook, extra: ExtraKeys = .none, chunkSize: Int, _ emit: (Chunk) -> Bool) {
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
                streamRows(of: file, ruleBook: ruleBook, extra: extra, chunkSize: chunkSize) { chunk in
                    going = emit(chunk)
                    return going
                }
                guard going else { return }
            case .missing(let path):
                guard emit(.failure(label: path, Diagnostic(location: nil, message: "\(path): no such file or folder", hint: "check the path"))) else { return }
            case .empty(let folder):
                let problem = Diagnostic(
                    location: nil, message: "\(folder) holds no profiles (no \(profileExtensions.map { "." + $0 }.joined(separator: ", ")) files)",
                    hint: "point at a folder of profiles, e.g. Examples/profiles")
                guard emit(.failure(label: folder, problem)) else { return }
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
    /// Standard input is read as it comes: lines read so far go out whenever the input pauses,
    /// so a program feeding a long-lived advisor gets its answers without closing the pipe.
    public static func streamLines(of file: String, chunkSize: Int, _ emit: (Chunk) -> Bool) {
        let name = file == "-" ? "stdin" : file
        let descriptor: Int32 = file == "-" ? STDIN_FILENO : open(file, O_RDONLY)
        guard descriptor >= 0 else {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file): cannot be read", hint: "check the file's permissions")))
            return
        }
        defer { if file != "-" { close(descriptor) } }
        var carry: [UInt8] = []
        var lineNumber = 1
        var lines: [(number: Int, bytes: [UInt8])] = []
        lines.reserveCapacity(chunkSize)
        var emitted = 0
        var atStart = true
        /// True while the rest of an overlong line is being passed over.
        var skipping = false
        func flush() -> Bool {
            guard !lines.isEmpty else { return true }
            emitted += lines.count
            defer {
                lines = []
                lines.reserveCapacity(chunkSize)
            }
            return emit(.lines(file: file, lines: lines))
        }
        /// Hands out the lines read so far, then reports line `number` as too long.
        func refuseLongLine(_ number: Int) -> Bool {
            guard flush() else { return false }
            emitted += 1
            return emit(
                .failure(
                    label: "\(name):\(number)",
                    Diagnostic(
                        location: SourceLocation(file: name, line: number, column: 1),
                        message: "the line is longer than \(maximumLineLength / 1024 / 1024) MiB",
                        hint: "each line holds one profile, a JSON object of a few hundred bytes; is this a JSON Lines file?")))
        }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                guard flush() else { return }
                let reason = String(cString: strerror(errno))
                _ = emit(.failure(label: "\(name):\(lineNumber)", Diagnostic(location: SourceLocation(file: name, line: lineNumber, column: 1), message: "reading stopped: \(reason)", hint: "the profiles before this line were read; check the file or the pipe")))
                return
            }
            if count == 0 { break }
            var bytes = carry
            var start = 0
            if skipping {
                // Pass over the rest of the overlong line, up to its end.
                guard let newline = block[0..<count].firstIndex(of: 0x0A) else { continue }
                skipping = false
                lineNumber += 1
                bytes.append(contentsOf: block[(newline + 1)..<count])
            } else {
                bytes.append(contentsOf: block[0..<count])
            }
            if atStart, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
            atStart = false
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if end - start > maximumLineLength {
                    guard refuseLongLine(lineNumber) else { return }
                } else {
                    lines.append((lineNumber, Array(bytes[start..<end])))
                }
                lineNumber += 1
                start = newline + 1
                if lines.count >= chunkSize { guard flush() else { return } }
            }
            carry = Array(bytes[start...])
            if carry.count > maximumLineLength {
                guard refuseLongLine(lineNumber) else { return }
                carry = []
                skipping = true
            }
            // A pause in a pipe: hand out what has come so far.
            if file == "-", !lines.isEmpty {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                if poll(&waiting, 1, 0) == 0 { guard flush() else { return } }
            }
        }
        if !carry.isEmpty {
            if carry.last == 0x0D { carry.removeLast() }
            lines.append((lineNumber, carry))
        }
        guard flush() else { return }
        if emitted == 0 && file != "-" {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file) holds no profiles: it is empty", hint: "a JSON Lines file holds one profile a line, e.g. {\"capital\": 30000}")))
        }
    }

    /// Streams the rows of a CSV file (header row of fact ids, one profile a row) in chunks.
    /// A header that names columns that are neither facts nor carried is one error for the
    /// whole file (its rows are not read); a row that cannot be read is an error in its
    /// place, and the rows after it are read.
    public static func streamRows(of file: String, ruleBook: RuleBook, extra: ExtraKeys, chunkSize: Int, _ emit: (Chunk) -> Bool) {
        guard let reader = CSVReader(path: file) else {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file): cannot be read", hint: "check the file's permissions")))
            return
        }
        // The header: the first record.
        var header: (line: Int, cells: [CSVReader.Cell])?
        while header == nil, let item = reader.next() {
            switch item {
            case .record(let line, let cells): header = (line, cells)
            case .problem(let problem, _):
                _ = emit(.failure(label: "\(file):\(problem.location?.line ?? 1)", problem))
                return
            }
        }
        guard let header else {
            _ = emit(.failure(label: file, Diagnostic(location: nil, message: "\(file) holds no profiles: it is empty", hint: "a CSV file starts with a header row of fact ids, e.g. capital,category_breadth")))
            return
        }
        let columns: CSVColumns
        switch CSVColumns.resolve(header.cells, line: header.line, file: file, ruleBook: ruleBook, extra: extra) {
        case .failure(let problem):
            _ = emit(.failure(label: "\(file):\(header.line)", problem))
            return
        case .success(let resolved): columns = resolved
        }
        let freeText = columns.roles.map(\.isFreeText)
        reader.allowsLineBreaks = { $0 < freeText.count && freeText[$0] }
        var items: [CSVReader.Item] = []
        var rows = 0
        while let item = reader.next() {
            if case .record(_, let cells) = item, cells.allSatisfy({ $0.text.allSatisfy { $0 == " " || $0 == "\t" } }) { continue }
            items.append(item)
            if items.count >= chunkSize {
                rows += items.count
                guard emit(.rows(file: file, columns: columns, items: items)) else { return }
                items = []
            }
        }
        rows += items.count
        if !items.isEmpty { guard emit(.rows(file: file, columns: columns, items: items)) else { return } }
        if rows == 0 {
            _ = emit(.failure(label: file, Diagnostic(location: SourceLocation(file: file, line: header.line + 1, column: 1), message: "\(file) holds no profiles: it has a header and no rows", hint: "give one profile a row under the header")))
        }
    }

    // MARK: - Turning chunks into profiles

    /// The profiles of a chunk, in order.
    public static func records(of chunk: Chunk, ruleBook: RuleBook, extra: ExtraKeys = .none) -> [Record] {
        switch chunk {
        case .files(let paths):
            return paths.map { path in
                let read = ProfileLoader.load(path: path, ruleBook: ruleBook, extra: extra)
                return Record(label: path, passed: read.passed, ignored: read.ignored, result: read.result)
            }
        case .lines(let file, let lines):
            let name = file == "-" ? "stdin" : file
            return lines.map { line in
                let label = "\(name):\(line.number)"
                if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    let problem = Diagnostic(
                        location: SourceLocation(file: name, line: line.number, column: 1), message: "the line is empty",
                        hint: "each line of a JSON Lines file holds one profile, and each gets one output record: remove the empty line")
                    return Record(label: label, passed: extra.absent, result: .failure([problem]))
                }
                return line.bytes.withUnsafeBufferPointer { bytes in
                    switch JSONReader.object(bytes, file: name, firstLine: line.number) {
                    case .failure(let failure):
                        var problem = failure.diagnostic
                        // Show the line under the message (cut around the column when long).
                        problem.sourceLine = String(decoding: line.bytes, as: UTF8.self)
                        var passed = extra.values(from: failure.membersBefore, bytes: bytes)
                        if let id = extra.id, case .absent = passed[0] { passed[0] = JSONReader.salvage(key: id, in: bytes) }
                        return Record(label: label, passed: passed, result: .failure([problem]))
                    case .success(let members):
                        let read = ProfileLoader.build(
                            source: label, file: name, entries: members.map(\.profileEntry), ruleBook: ruleBook, extra: extra,
                            rawText: { JSONReader.passedValue(members[$0], bytes: bytes) },
                            lineText: { _ in String(decoding: line.bytes, as: UTF8.self) })
                        return Record(label: label, passed: read.passed, ignored: read.ignored, result: read.result)
                    }
                }
            }
        case .rows(let file, let columns, let items):
            // Read with another rule book than the stream's (`advisor diff`): its header again.
            var columns = columns
            if columns.factIds != CSVColumns.factIds(of: ruleBook) {
                switch CSVColumns.resolve(columns.header, line: columns.headerLine, file: file, ruleBook: ruleBook, extra: extra) {
                case .success(let resolved): columns = resolved
                case .failure(let problem):
                    return items.map { item in
                        let line: Int
                        switch item {
                        case .record(let at, _): line = at
                        case .problem(let problem, _): line = problem.location?.line ?? columns.headerLine
                        }
                        return Record(label: "\(file):\(line)", passed: extra.absent, result: .failure([problem]))
                    }
                }
            }
            return items.map { item in columns.record(item, file: file, ruleBook: ruleBook, extra: extra) }
        case .failure(let label, let problem):
            return [Record(label: label, passed: extra.absent, result: .failure([problem]))]
        }
    }
}
