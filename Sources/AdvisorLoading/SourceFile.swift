import AdvisorCEL
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
        let location = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Diagnostic(location: nil, message: "\(path): no such file", hint: "check the path"))
        }
        guard !isDirectory.boolValue else {
            return .failure(Diagnostic(location: nil, message: "\(path) is a folder, not a file", hint: "name a file in it"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Diagnostic(location: nil, message: "\(path): cannot be read", hint: "check the file's permissions"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            return .failure(Diagnostic(location: nil, message: "\(path): cannot be read (\(error.localizedDescription))", hint: "check the file's permissions"))
        }
        guard data.count <= maximumSize else {
            return .failure(
                Diagnostic(
                    location: location, message: "the file is larger than \(maximumSize / 1024 / 1024) MiB",
                    hint: "split it into smaller files"))
        }
        return decode(data, path: path)
    }

    /// Decodes bytes as UTF-8 text, naming the first bad byte's line and column.
    public static func decode(_ data: Data, path: String) -> Result<SourceFile, Diagnostic> {
        var bytes = [UInt8](data)
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
