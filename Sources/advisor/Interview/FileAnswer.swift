import Foundation
import AdvisorInterview
import AdvisorReports

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

    static func parse(_ text: String, suggestion: String, words: ToolWords = .english) -> FileAnswer {
        let typed = text.trimmingCharacters(in: .whitespaces)
        switch typed.lowercased() {
        case "", "n", "no", "skip", "否", "不", "不用", "跳过", words(.no): return .no
        case "y", "yes", "是", "是的", words(.yes): return .path(suggestion)
        default: break
        }
        if let command = InterviewCommand(typed: typed) { return .command(command) }
        if typed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .invalid(words(.fileNameControl, ["suggestion": suggestion]))
        }
        var isFolder: ObjCBool = false
        if typed.hasSuffix("/") || (FileManager.default.fileExists(atPath: typed, isDirectory: &isFolder) && isFolder.boolValue) {
            let folder = typed.hasSuffix("/") ? typed : typed + "/"
            return .invalid(words(.fileNameFolder, ["typed": typed, "example": folder + suggestion]))
        }
        return .path(typed)
    }
}
