import AdvisorDiagnostics
import Foundation

/// Reads CSV as spreadsheets write it (RFC 4180: cells separated by commas, a cell holding a
/// comma, quote or line break in double quotes with its quotes doubled; CRLF or LF line ends;
/// a UTF-8 byte-order mark), one record at a time, streaming a file of any size.
///
/// Broken quoting is an error at its line and column, and the reader goes on with the next
/// line as a row, so one bad row never swallows the rows after it:
/// - a quote that is not closed on its line, in a column that may not hold line breaks (any
///   column but free text: see `allowsLineBreaks`);
/// - a quote never closed at all, or text after a closing quote, in a cell that spans lines:
///   reading goes back to the line after the one the quote opened on;
/// - a quote inside a cell that does not start with one (`5" screen`), or text after the
///   closing quote (`"a"b`).
public final class CSVReader {
    /// One cell of a record.
    public struct Cell: Sendable {
        public var text: String
        /// Where the cell starts: its line and its column in characters.
        public var line: Int
        public var column: Int
        /// True when the cell was quoted.
        public var quoted: Bool
    }

    public enum Item: Sendable {
        /// A record: the line it starts on and its cells (a blank line is no record).
        case record(line: Int, cells: [Cell])
        /// A record that could not be read; the reader has resynchronised as the message says.
        /// `before` holds the record's cells read before the fault (a client's id in the first
        /// column, carried into the error's output record).
        case problem(Diagnostic, before: [Cell])
    }

    /// The longest record read (1 MiB): a longer one is an error, so that a quote never
    /// closed cannot make the reader hold the rest of a large file.
    public static let maximumRecordLength = 1 << 20

    /// Whether the cells of a column (by index) may hold line breaks: only free text may
    /// (a name, notes, a carried column); a line break in a fact's cell means a quote was
    /// left open. Set after reading the header.
    public var allowsLineBreaks: @Sendable (Int) -> Bool = { _ in true }

    /// The file as messages name it.
    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Offset in `buffer` where the next record starts.
    private var position = 0
    /// The line `position` is on.
    private var line = 1
    private var atEOF = false
    private var readError: String?
    /// True once the file's first bytes were read (and a byte-order mark dropped).
    private var startRead = false
    /// True while the rest of a broken line is being passed over.
    private var skipping = false

    /// Opens a file; nil when it cannot be opened (`openProblem` says why).
    public init?(path: String) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Reads more of the file into the buffer, dropping what has been consumed.
    private func fill() {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let start = buffer.count
        let block = 1 << 20
        buffer.append(contentsOf: repeatElement(0, count: block))
        var count = -1
        while true {
            count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + start, block) }
            if count < 0 && errno == EINTR { continue }
            break
        }
        if count < 0 {
            readError = String(cString: strerror(errno))
            count = 0
        }
        buffer.removeSubrange((start + count)...)
        if count == 0 { atEOF = true }
        if !startRead {
            startRead = true
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }
    }

    /// The next record or problem; nil at the end of the file.
    public func next() -> Item? {
        while true {
            if position >= buffer.count && !atEOF { fill() }
            if skipping {
                if let newline = buffer[position...].firstIndex(of: CSVReader.newline) {
                    position = newline + 1
                    line += 1
                    skipping = false
                } else {
                    position = buffer.count
                    if !atEOF { continue }
                    skipping = false
                }
            }
            if position >= buffer.count {
                if let readError {
                    self.readError = nil
                    return .problem(problem(line: line, column: 1, "reading stopped: \(readError)", hint: "the rows before this line were read; check the file"), before: [])
                }
                return nil
            }
            let outcome = buffer.withUnsafeBufferPointer { scanRecord($0, from: position, line: line) }
            switch outcome {
            case .needMore:
                guard !atEOF else {
                    // The scanner asks for more only before the end; should it not, the rest is one bad record.
                    position = buffer.count
                    return .problem(problem(line: line, column: 1, "the last row cannot be read", hint: "check the quotes on this row"), before: [])
                }
                fill()
            case .blank(let end, let lines):
                position = end
                line += lines
            case .record(let cells, let end, let lines):
                let record = buffer.withUnsafeBufferPointer { makeRecord($0, cells: cells, line: line) }
                position = end
                line += lines
                return record
            case .broken(let diagnostic, let before, let resume, let resumeLine):
                let cells = buffer.withUnsafeBufferPointer { try? makeCells($0, before).get() } ?? []
                position = resume
                line = resumeLine
                return .problem(diagnostic, before: cells)
            case .skipLine(let diagnostic, let before, let from, let fromLine):
                let cells = buffer.withUnsafeBufferPointer { try? makeCells($0, before).get() } ?? []
                position = from
                line = fromLine
                skipping = true
                return .problem(diagnostic, before: cells)
            }
        }
    }

    // MARK: - Scanning bytes

    /// A cell's place in the buffer.
    struct RawCell {
        var start: Int
        var end: Int
        var quoted: Bool
        /// The quoted cell holds doubled quotes to undo.
        var escaped: Bool
        var line: Int
        /// The offset where the cell's line starts (for its column).
        var lineStart: Int
        /// The quoted cell holds line breaks.
        var spansLines = false
    }

    enum Outcome {
        /// The record runs past the bytes read so far.
        case needMore
        /// A blank line.
        case blank(end: Int, lines: Int)
        case record(cells: [RawCell], end: Int, lines: Int)
        /// What is wrong, the cells read before it, and where reading goes on (offset and line).
        case broken(Diagnostic, before: [RawCell], resume: Int, resumeLine: Int)
        /// What is wrong and the cells read before it; reading goes on after the line end that
        /// follows `from` (on line `line`).
        case skipLine(Diagnostic, before: [RawCell], from: Int, line: Int)
    }

    private func problem(line: Int, column: Int, _ message: String, hint: String) -> Diagnostic {
        Diagnostic(location: SourceLocation(file: path, line: line, column: column), message: message, hint: hint)
    }

    /// The character column of `offset` on the line starting at `lineStart`.
    private static func column(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, lineStart: Int) -> Int {
        var column = 1
        var index = lineStart
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    /// The offset just past the line end at or after `offset`, nil when the bytes end first.
    private static func nextLine(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        var index = offset
        while index < bytes.count {
            if bytes[index] == 0x0A { return index + 1 }
            index += 1
        }
        return nil
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    /// Scans one record starting at `start` (on line `line`).
    func scanRecord(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int) -> Outcome {
        let count = bytes.count
        var cells: [RawCell] = []
        cells.reserveCapacity(16)
        var index = start
        var currentLine = line
        var lineStart = start
        let limit = start + CSVReader.maximumRecordLength

        /// Gives up on the rest of the current line: the record is reported, reading goes on
        /// at the next line.
        func skipLine(_ diagnostic: (Int) -> Diagnostic, from offset: Int, before: [RawCell]) -> Outcome {
            .skipLine(diagnostic(currentLine + 1), before: before, from: offset, line: currentLine)
        }

        while true {
            // At the start of a cell.
            var cellStart = index
            var scan = index
            while scan < count, bytes[scan] == UInt8(ascii: " ") || bytes[scan] == UInt8(ascii: "\t") { scan += 1 }
            if scan < count, bytes[scan] == CSVReader.quote {
                // A quoted cell.
                let openLine = currentLine, openLineStart = lineStart, openOffset = scan
                let openColumn = { CSVReader.column(bytes, openOffset, lineStart: openLineStart) }
                cellStart = scan + 1
                scan += 1
                var escaped = false
                var spansLines = false
                /// Reading goes back to the line after the quote's, which is then read as a row.
                func reopen(_ message: String) -> Outcome {
                    let next = CSVReader.nextLine(bytes, from: openOffset) ?? count
                    return .broken(
                        problem(
                            line: openLine, column: openColumn(),
                            message + "; the row is not scored, and reading goes on at line \(openLine + 1) as the next row",
                            hint: "close the quote, or double a quote inside a quoted cell (\"\")"),
                        before: cells, resume: next, resumeLine: openLine + 1)
                }
                while true {
                    guard scan < count else {
                        if !atEOF { return .needMore }
                        if spansLines { return reopen("the quote opened here is never closed") }
                        return .broken(
                            problem(
                                line: openLine, column: openColumn(), "the quote opened here is never closed; the row is not scored",
                                hint: "close the quote, or double a quote inside a quoted cell (\"\")"),
                            before: cells, resume: count, resumeLine: currentLine)
                    }
                    if scan > limit { return reopen("the quote opened here is not closed within \(CSVReader.maximumRecordLength / 1024 / 1024) MiB") }
                    let byte = bytes[scan]
                    if byte == CSVReader.quote {
                        if scan + 1 < count, bytes[scan + 1] == CSVReader.quote {
                            escaped = true
                            scan += 2
                            continue
                        }
                        if scan + 1 >= count && !atEOF { return .needMore }
                        break
                    }
                    if byte == CSVReader.newline {
                        if !allowsLineBreaks(cells.count) {
                            let next = scan + 1
                            return .broken(
                                problem(
                                    line: openLine, column: openColumn(),
                                    "the quote opened here is not closed on its line; the row is not scored, and reading goes on at line \(openLine + 1) as the next row",
                                    hint: "close the quote, or double a quote inside a quoted cell (\"\"); only free-text columns (name, notes, carried columns) may hold line breaks"),
                                before: cells, resume: next, resumeLine: currentLine + 1)
                        }
                        spansLines = true
                        currentLine += 1
                        lineStart = scan + 1
                    }
                    scan += 1
                }
                // `scan` is at the closing quote.
                cells.append(
                    RawCell(start: cellStart, end: scan, quoted: true, escaped: escaped, line: openLine, lineStart: openLineStart, spansLines: spansLines))
                var after = scan + 1
                while after < count, bytes[after] == UInt8(ascii: " ") || bytes[after] == UInt8(ascii: "\t") { after += 1 }
                if after >= count {
                    if !atEOF { return .needMore }
                    return .record(cells: cells, end: count, lines: currentLine - line + 1)
                }
                switch bytes[after] {
                case CSVReader.comma:
                    index = after + 1
                    continue
                case CSVReader.newline:
                    return .record(cells: cells, end: after + 1, lines: currentLine - line + 1)
                case CSVReader.carriageReturn where after + 1 < count && bytes[after + 1] == CSVReader.newline:
                    return .record(cells: cells, end: after + 2, lines: currentLine - line + 1)
                case CSVReader.carriageReturn where after + 1 >= count && !atEOF:
                    return .needMore
                default:
                    if spansLines { return reopen("the quote opened here closes on a later line with text after it") }
                    let column = CSVReader.column(bytes, after, lineStart: lineStart)
                    return skipLine({ next in
                        self.problem(
                            line: currentLine, column: column,
                            "text after the closing quote of a cell; the row is not scored, and reading goes on at line \(next) as the next row",
                            hint: "quote the whole cell and double the quotes inside it, e.g. \"5\"\" screen\"")
                    }, from: after, before: Array(cells.dropLast()))
                }
            }
            // An unquoted cell: up to the next comma or line end.
            while scan < count {
                let byte = bytes[scan]
                if byte == CSVReader.comma || byte == CSVReader.newline { break }
                if byte == CSVReader.quote {
                    let column = CSVReader.column(bytes, scan, lineStart: lineStart)
                    let at = currentLine
                    return skipLine({ next in
                        self.problem(
                            line: at, column: column,
                            "a quote inside a cell that does not start with one; the row is not scored, and reading goes on at line \(next) as the next row",
                            hint: "quote the whole cell and double the quotes inside it, e.g. \"5\"\" screen\"")
                    }, from: scan, before: cells)
                }
                scan += 1
            }
            if scan > limit {
                let at = currentLine
                return skipLine({ next in
                    self.problem(
                        line: at, column: 1, "the row is longer than \(CSVReader.maximumRecordLength / 1024 / 1024) MiB; reading goes on at line \(next)",
                        hint: "each row holds one profile; is this a CSV file?")
                }, from: scan, before: [])
            }
            if scan >= count && !atEOF { return .needMore }
            var end = scan
            if end > cellStart, bytes[end - 1] == CSVReader.carriageReturn, scan >= count || bytes[scan] == CSVReader.newline { end -= 1 }
            cells.append(RawCell(start: cellStart, end: end, quoted: false, escaped: false, line: currentLine, lineStart: lineStart))
            if scan >= count {
                if cells.count == 1 && end == cellStart { return .blank(end: count, lines: 0) }
                return .record(cells: cells, end: count, lines: currentLine - line + 1)
            }
            if bytes[scan] == CSVReader.newline {
                if cells.count == 1 && end == cellStart { return .blank(end: scan + 1, lines: 1) }
                return .record(cells: cells, end: scan + 1, lines: currentLine - line + 1)
            }
            index = scan + 1  // after the comma
        }
    }

    /// The cells as text, or the problem when the record is not UTF-8.
    private func makeRecord(_ bytes: UnsafeBufferPointer<UInt8>, cells: [RawCell], line: Int) -> Item {
        switch makeCells(bytes, cells) {
        case .success(let result): return .record(line: line, cells: result)
        case .failure(let problem): return .problem(problem, before: [])
        }
    }

    private func makeCells(_ bytes: UnsafeBufferPointer<UInt8>, _ cells: [RawCell]) -> Result<[Cell], Diagnostic> {
        guard let first = cells.first, let last = cells.last else { return .success([]) }
        var high: UInt8 = 0
        for byte in UnsafeBufferPointer(rebasing: bytes[first.lineStart..<last.end]) { high |= byte }
        let isASCII = high < 0x80
        var result: [Cell] = []
        result.reserveCapacity(cells.count)
        for cell in cells {
            let raw = UnsafeBufferPointer(rebasing: bytes[cell.start..<cell.end])
            let start = cell.start - (cell.quoted ? 1 : 0)
            let column = isASCII ? start - cell.lineStart + 1 : CSVReader.column(bytes, start, lineStart: cell.lineStart)
            if !isASCII, let bad = SourceFile.firstInvalidUTF8Offset(raw) {
                return .failure(
                    problem(
                        line: cell.line, column: CSVReader.column(bytes, cell.start + bad, lineStart: cell.lineStart),
                        "the row is not valid UTF-8 text; it is not scored", hint: "save the file as UTF-8 (spreadsheets: CSV UTF-8)"))
            }
            var text = String(decoding: raw, as: UTF8.self)
            if cell.escaped { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
            if cell.spansLines { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
            result.append(Cell(text: text, line: cell.line, column: column, quoted: cell.quoted))
        }
        return .success(result)
    }
}
