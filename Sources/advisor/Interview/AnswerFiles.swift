@preconcurrency import Glibc
import Foundation

/// Writing the interview's files: atomically, and never over a file the interview read from.
enum AnswerFiles {
    struct Problem: Error {
        var message: String
    }

    /// Writes text to a file atomically: into a temporary file in the same folder, then renamed
    /// over the target, so an interrupted write never leaves half a profile behind.
    static func write(_ text: String, to path: String) throws(Problem) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Problem(message: "cannot write \(path): the folder \(folder) does not exist")
        }
        var template = Array((folder + "/." + url.lastPathComponent + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw Problem(message: "cannot write in \(folder): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp makes the file private; a profile gets the usual permissions.
        let mask = umask(0)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in raw.baseAddress.map { Glibc.write(descriptor, $0 + offset, bytes.count - offset) } ?? -1 }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw Problem(message: "cannot write \(path): \(reason)")
            }
            offset += written
        }
        fsync(descriptor)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Problem(message: "cannot write \(path): \(reason)")
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
