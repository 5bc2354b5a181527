import Foundation
import AdvisorInterview

/// What the founder typed where a file name is asked for ("Save your answers as a profile?"):
/// only a file name is taken as one. `back`, `quit`, `skip` and `?` mean what they mean at a
/// question, yes takes the suggested name, no or nothing declines; a file really called `quit`
/// is typed `./quit`.
enum FileAnswer: Equatable {
    case path(String)
    case no
    case command(InterviewCommand)
    /// Not a file name: what is wrong.
    case invalid(String)

    static func parse(_ text: String, suggestion: String) -> FileAnswer {
        let typed = text.trimmingCharacters(in: .whitespaces)
        switch typed.lowercased() {
        case "", "n", "no", "skip": return .no
        case "y", "yes": return .path(suggestion)
        default: break
        }
        if let command = InterviewCommand(typed: typed) { return .command(command) }
        if typed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .invalid("a file name cannot hold control characters: type a name such as \(suggestion)")
        }
        var isFolder: ObjCBool = false
        if typed.hasSuffix("/") || (FileManager.default.fileExists(atPath: typed, isDirectory: &isFolder) && isFolder.boolValue) {
            let folder = typed.hasSuffix("/") ? typed : typed + "/"
            return .invalid("\(typed) is a folder: add a file name, for example \(folder)\(suggestion)")
        }
        return .path(typed)
    }
}
