import AdvisorDiagnostics
import Foundation

/// A text file as the advisor read it: its path as the user named it, and its text.
public struct SourceFile: Sendable, Hashable {
    /// The path as shown in messages (as the user gave it, or relative to the rule book).
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Files larger than this are refused rather than read into memory.
    public static let maximumSize = 16 * 1024 * 1024

    /// Reads a file as UTF-8, refusing what is not text, and dropping a byte-order mark.
    public static func read(path: String) -> Result<SourceFile, Diagnostic> {
        // POSIX calls: a batch reads thousands of small files, and Foundation's file APIs cost
        // several times the read itself.
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = errno
            if reason == ENOENT { return .failure(Diagnostic(location: nil, message: "\(path): no such file", hint: "check the path")) }
            if reason == EACCES { return .failure(Diagnostic(location: nil, message: "\(path): cannot be read", hint: "check the file's permissions")) }
            return .failure(Diagnostic(location: nil, message: "\(path): cannot be read (\(String(cString: strerror(reason))))", hint: "check the path and the file's permissions"))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(Diagnostic(location: nil, message: "\(path): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file's permissions"))
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            return .failure(Diagnostic(location: nil, message: "\(path) is a folder, not a file", hint: "name a file in it"))
        }
        var bytes: [UInt8] = []
        // One read for the whole file, but never a buffer past the limit: a 10 GB file is
        // refused after 16 MiB, not allocated whole.
        var chunk = [UInt8](repeating: 0, count: min(max(Int(info.st_size) + 1, 4096), maximumSize + 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Diagnostic(location: nil, message: "\(path): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file's permissions"))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize {
                return .failure(
                    Diagnostic(
                        location: SourceLocation(file: path, line: 1, column: 1),
                        message: "the file is larger than \(maximumSize / 1024 / 1024) MiB", hint: "split it into smaller files"))
            }
        }
        return decode(bytes, path: path)
    }

    /// Decodes bytes as UTF-8 text, naming the first bad byte's line and column.
    public static func decode(_ data: Data, path: String) -> Result<SourceFile, Diagnostic> {
        decode([UInt8](data), path: path)
    }

    /// Decodes bytes as UTF-8 text, naming the first bad byte's line and column.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<SourceFile, Diagnostic> {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(SourceFile(path: path, text: text))
        }
        // Find where the text stops being UTF-8, to say where.
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let length = utf8Length(bytes, at: index)
            guard length > 0 else { break }
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return .failure(
            Diagnostic(
                location: SourceLocation(file: path, line: line, column: column),
                message: "the file is not valid UTF-8 text",
                hint: "save it as UTF-8 (most editors: File > Save with Encoding)"))
    }

    /// The offset of the first byte that is not part of valid UTF-8, or nil when all are.
    public static func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Length of the valid UTF-8 sequence at `index`, or 0 when it is not valid.
    private static func utf8Length(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let sequence = Array(bytes[index..<(index + length)])
        return String(validating: sequence, as: UTF8.self) == nil ? 0 : length
    }

    /// The file's lines without their line ends (`\n` or `\r\n`), for caret displays. Split by
    /// unicode scalars: as characters, `\r\n` is one and would not split.
    public var lines: [Substring] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            Substring(scalars.last == "\r" ? scalars.dropLast() : scalars)
        }
    }
}
