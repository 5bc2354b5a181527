@preconcurrency import Glibc
import Foundation

/// Colours and emphasis for the terminal, or none: off when standard output is not a terminal,
/// when `NO_COLOR` is set (https://no-color.org) or when the terminal is `dumb`.
struct Style {
    let enabled: Bool

    static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let term = environment["TERM"] ?? ""
        return Style(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && !term.isEmpty && term != "dumb")
    }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func accent(_ text: String) -> String { wrap(text, "36") }
    func good(_ text: String) -> String { wrap(text, "32") }
    func warning(_ text: String) -> String { wrap(text, "33") }
    func bad(_ text: String) -> String { wrap(text, "31") }
    /// The highlighted menu line: reverse video when colours are on.
    func highlight(_ text: String) -> String { wrap(text, "7") }
}

/// How the interview talks to the founder: arrow-key menus on a real terminal, plain line prompts
/// otherwise (piped input, `TERM=dumb`, no `TERM`), so it can be scripted.
enum InteractionMode {
    case menus
    case lines

    static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> InteractionMode {
        let term = environment["TERM"] ?? ""
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, !term.isEmpty, term != "dumb" else { return .lines }
        return .menus
    }
}
