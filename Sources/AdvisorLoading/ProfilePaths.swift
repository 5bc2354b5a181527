import AdvisorDiagnostics
import Foundation

/// Turns the profile arguments of a command into profile files: a file is itself, a folder is
/// every `.yaml`, `.yml` and `.json` file under it (hidden ones skipped), in path order.
public enum ProfilePaths {
    public static let extensions = ["yaml", "yml", "json"]

    /// The files, in the order the arguments give them; a path that does not exist is a problem.
    public static func expand(_ arguments: [String]) -> (paths: [String], problems: [Diagnostic]) {
        var paths: [String] = []
        var problems: [Diagnostic] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                problems.append(Diagnostic(location: nil, message: "\(argument): no such file or folder", hint: "give profile files, or folders that hold them"))
                continue
            }
            guard isDirectory.boolValue else {
                paths.append(argument)
                continue
            }
            let base = argument.hasSuffix("/") ? argument : argument + "/"
            var found: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: argument)
            while let relative = enumerator?.nextObject() as? String {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                guard let suffix = relative.split(separator: ".").last, extensions.contains(String(suffix)) else { continue }
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + relative, isDirectory: &isFolder), isFolder.boolValue { continue }
                found.append(base + relative)
            }
            if found.isEmpty {
                problems.append(Diagnostic(location: nil, message: "\(argument) holds no .yaml, .yml or .json files", hint: "point at a folder of profiles, e.g. Examples/profiles"))
            }
            paths += found.sorted()
        }
        return (paths, problems)
    }
}
