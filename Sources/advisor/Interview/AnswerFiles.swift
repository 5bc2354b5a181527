@preconcurrency import Glibc
import AdvisorLoading
import Foundation

/// Writing the interview's files: atomically, and never over a file the interview read from.
enum AnswerFiles {
    struct Problem: Error {
        var message: String
    }

    /// Writes text to a file atomically (`AtomicFile`: a temporary file in the same folder,
    /// flushed, then renamed), so an interrupted write never leaves half a profile behind.
    static func write(_ text: String, to path: String) throws(Problem) {
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw Problem(message: error.message + (error.hint.map { " (\($0))" } ?? ""))
        }
    }

    /// Whether two paths name the same file: the same file on disk when both exist, otherwise the
    /// same absolute path.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }

    /// A name in the current folder that no file has yet: `stem.ext`, then `stem-2.ext`, ...
    static func freshName(stem: String, extension ext: String) -> String {
        var candidate = "\(stem).\(ext)"
        var number = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(stem)-\(number).\(ext)"
            number += 1
        }
        return candidate
    }
}
