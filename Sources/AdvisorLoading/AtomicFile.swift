import AdvisorDiagnostics
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that nothing the user had is ever lost: the new content goes to a temporary
/// file in the same folder, is flushed to disk, and only then renamed over the destination, in
/// one step. A reader (or a crash, or a full disk) sees the old file or the new one, never half
/// of one; and a file the command is reading is never written over.
///
/// Reports and saved profiles are written with it:
///
/// ```swift
/// try AtomicFile.write(Data(report.utf8), to: outputPath, refusingInputs: profilePaths)
/// ```
public enum AtomicFile {
    /// Writes `data` to `path`, replacing the file there (keeping its permissions) or creating it.
    ///
    /// - Parameters:
    ///   - inputs: the files the command read. Writing over one of them is refused, however the
    ///     path is spelled (`./a.yaml`, a symbolic or hard link to it).
    /// - Throws: a `Diagnostic` naming the path, what went wrong and what to do; the
    ///   destination is then unchanged and no temporary file is left behind.
    public static func write(_ data: Data, to path: String, refusingInputs inputs: [String] = []) throws(Diagnostic) {
        // Write through a symbolic link to the file it names, so the link stays a link.
        let destination = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        var existing = stat()
        let exists = stat(destination, &existing) == 0
        if exists, existing.st_mode & S_IFMT == S_IFDIR {
            throw Diagnostic(location: nil, message: "cannot write \(path): it is a folder", hint: "give a file name, e.g. \(path)/report.md")
        }
        for input in inputs where sameFile(destination, exists ? existing : nil, input) {
            throw Diagnostic(
                location: nil, message: "cannot write \(path): it is one of the input files, and the advisor never writes over its input",
                hint: "choose another output file")
        }

        let folder = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(location: nil, message: "cannot write \(path): the folder \(folder) does not exist", hint: "create the folder first")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8)).tmp")
        let mode = exists ? existing.st_mode & 0o7777 : 0o644
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard descriptor >= 0 else { throw failure(path, errno) }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        do throws(Diagnostic) {
            if exists { _ = fchmod(descriptor, mode_t(mode)) }  // the umask may have narrowed it
            let writeError: Int32? = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int32? in
                guard let base = bytes.baseAddress else { return nil }  // no bytes to write
                var offset = 0
                while offset < bytes.count {
                    let written = posixWrite(descriptor, base + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
            if let writeError { throw failure(path, writeError) }
            guard fsync(descriptor) == 0 else { throw failure(path, errno) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(path, errno) }
            guard rename(temporary, destination) == 0 else { throw failure(path, errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        // Make the rename itself durable.
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// True when `input` names the file at `destination` (by device and inode when both exist).
    static func sameFile(_ destination: String, _ destinationStat: stat?, _ input: String) -> Bool {
        var inputStat = stat()
        if let destinationStat, stat(input, &inputStat) == 0 {
            return inputStat.st_dev == destinationStat.st_dev && inputStat.st_ino == destinationStat.st_ino
        }
        return URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path == destination
    }

    static func failure(_ path: String, _ code: Int32) -> Diagnostic {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case EACCES, EPERM, EROFS: hint = "choose a folder you can write to"
        case ENOSPC, EDQUOT: hint = "free some disk space; the old file, if any, is unchanged"
        default: hint = "the old file, if any, is unchanged"
        }
        return Diagnostic(location: nil, message: "cannot write \(path): \(reason)", hint: hint)
    }
}

/// POSIX `write`, named apart from `Data.write` and the like.
@inline(__always)
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
    #else
        return Darwin.write(descriptor, bytes, count)
    #endif
}
