import Foundation
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A real terminal for `advisor ask`: tmux runs it in a pane (120x40 unless told) on its own
/// server, keys go in with `send-keys`, and the screen comes back with `capture-pane`.
final class TmuxPane {
    /// tmux on the PATH, if installed (Debian package `tmux`).
    static let executable: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the test can run; in CI (`CI` set) a missing tmux is a failure, locally a note.
    static func available() -> Bool {
        if executable != nil { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("tmux is not installed: scripts/test.sh installs it (apt-get install -y tmux)")
        } else {
            print("note: tmux is not installed, so the terminal tests of advisor ask are skipped (apt-get install -y tmux)")
        }
        return false
    }

    private let socket = "advisor-test-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in a new pane of a private tmux server.
    init(_ command: String, columns: Int = 120, rows: Int = 40) throws {
        try run(["new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-s", "ask", command])
    }

    /// Resizes the window, as a user dragging its corner would (the program gets SIGWINCH).
    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "ask", "-x", "\(columns)", "-y", "\(rows)"])
    }

    deinit {
        _ = try? run(["kill-server"])
        // tmux may leave its socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Runs a tmux command and returns what it printed. It is spawned directly rather than with
    /// Foundation's `Process`: the server that `new-session` starts outlives its client, and
    /// `Process.waitUntilExit` never returned for that client.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let argv = [TmuxPane.executable ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // The test runner's threads block most signals, and a spawned process inherits that mask:
        // tmux and the advisor in its pane get the signals a user's terminal would deliver.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard spawned == 0 else { throw TmuxError(message: "cannot start tmux: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    struct TmuxError: Error {
        var message: String
    }

    /// Sends named keys (`Down`, `Enter`, `Space`, `BSpace`, `C-c`).
    func keys(_ names: String...) throws { try run(["send-keys", "-t", "ask"] + names) }

    /// Types text literally.
    func type(_ text: String) throws { try run(["send-keys", "-t", "ask", "-l", text]) }

    /// The screen as text (with colour escapes when `escapes`).
    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "ask"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `condition` holds; the screen, or nil after `timeout` seconds.
    func wait(timeout: TimeInterval = 45, for condition: (String) -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = try screen()
            if condition(text) { return text }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}

/// The screen of a running interview.
struct AskScreen {
    var text: String
    var lines: [String] { text.components(separatedBy: "\n") }

    /// The number of the question on screen: the last `Question N · ` line.
    var questionNumber: Int? {
        guard let line = lines.last(where: { $0.hasPrefix("Question ") && $0.contains(" · ") }) else { return nil }
        return Int(line.dropFirst("Question ".count).prefix { $0.isNumber })
    }

    /// The menu's choices (`N. value`) below the current question, and the highlighted one.
    var choices: (values: [String], cursor: Int?) {
        guard let header = lines.lastIndex(where: { $0.hasPrefix("Question ") && $0.contains(" · ") }) else { return ([], nil) }
        var values: [String] = []
        var cursor: Int?
        for line in lines[header...] {
            var rest = Substring(line)
            guard rest.hasPrefix("> ") || rest.hasPrefix("  ") else { continue }
            let highlighted = rest.hasPrefix(">")
            rest = rest.dropFirst(2)
            if rest.hasPrefix("[x] ") || rest.hasPrefix("[ ] ") { rest = rest.dropFirst(4) }
            guard let dot = rest.firstIndex(of: "."), Int(rest[..<dot]) == values.count + 1 else { continue }
            let value = rest[rest.index(after: dot)...].trimmingCharacters(in: .whitespaces).prefix { $0 != " " }
            if highlighted { cursor = values.count }
            values.append(String(value))
        }
        return (values, cursor)
    }

    /// Whether choice `value` is ticked in a multi-select.
    func isTicked(_ value: String) -> Bool {
        lines.contains { $0.contains("[x] ") && $0.contains(". \(value) ") }
    }
}

@Suite(.serialized) struct AskTerminalTests {
    static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The pane's command: the interview, then its exit status and whether the terminal is back in
    /// canonical mode with echo (what a broken raw mode would leave off).
    static func command(_ arguments: String, in folder: URL, environment: String = "-u NO_COLOR") -> String {
        "cd \(shellQuoted(folder.path)) && env \(environment) \(shellQuoted(AdvisorProcess.executable.path)) ask \(arguments); echo \"EXIT=$?\"; "
            + "stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 600"
    }

    /// Moves the highlight to `target` with the arrow keys.
    static func moveMenu(_ pane: TmuxPane, to target: Int, from cursor: Int) throws {
        let steps = target - cursor
        for _ in 0..<abs(steps) { try pane.keys(steps > 0 ? "Down" : "Up") }
    }

    @Test func aWholeInterviewWithMenusHelpBackAndSkipSavesTheProfileAndRestoresTheTerminal() throws {
        guard TmuxPane.available() else { return }
        let script = try AskScript.load()
        let profile = "Examples/profiles/m2c-korean-skincare-brand.yaml"
        let values = try AskScript.profileValues(profile)
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pane = try TmuxPane(Self.command("--save founder.yaml --report founder.md", in: folder))

        var screen = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 }, "the first question never appeared")
        // ? shows the help and WHY; ? again hides them.
        try pane.type("?")
        #expect(try pane.wait { $0.contains("Why this question:") && $0.contains("Your answer decides") } != nil, "? showed no WHY")
        try pane.type("?")
        screen = try #require(try pane.wait { !$0.contains("Why this question:") })

        var asked: [String] = []
        var answered: [String: String] = [:]
        var skipped: String?
        var wentBack = false
        var number = 1
        while true {
            let current = AskScreen(text: screen)
            let fact = try #require(script.fact(askedIn: screen), "no question recognised on:\n\(screen)")
            if asked.last != fact.id { asked.append(fact.id) }
            if asked.count == 3 && skipped == nil {
                skipped = fact.id
                try pane.type("skip")
                try pane.keys("Enter")
            } else if let value = values[fact.id] {
                switch fact.type {
                case "enum":
                    let (choices, cursor) = current.choices
                    let target = try #require(choices.firstIndex(of: value), "\(value) not among \(choices)")
                    try Self.moveMenu(pane, to: target, from: cursor ?? 0)
                    try pane.keys("Enter")
                case "bool":
                    try pane.type(value == "true" ? "y" : "n")  // the first letter picks the choice
                    try pane.keys("Enter")
                case "list":
                    let (choices, _) = current.choices
                    for item in AskScript.items(value) {
                        let index = try #require(choices.firstIndex(of: item))
                        try pane.type("\(index + 1)")  // the number moves the highlight...
                        try pane.keys("Space")  // ...and space ticks it
                        let ticked = try pane.wait { AskScreen(text: $0).isTicked(item) }
                        #expect(ticked != nil, "\(item) was not ticked")
                    }
                    try pane.keys("Enter")
                default:
                    try pane.type(value)
                    try pane.keys("Enter")
                }
                answered[fact.id] = value
            } else {
                try pane.type("skip")
                try pane.keys("Enter")
            }
            // Next question, or the list of answers to check, or the end.
            let waited = try pane.wait { text in
                text.contains("EXIT=") || text.contains("Check your answers") || (AskScreen(text: text).questionNumber ?? 0) > number
            }
            let stalled = waited == nil ? try pane.screen() : ""
            let next = try #require(waited, "the interview stalled after \(fact.id):\n\(stalled)")
            if next.contains("Check your answers") {
                // Every answer is listed, the skipped one as skipped; Enter on Continue goes on.
                for id in asked {
                    let question = try #require(script.facts.first { $0.id == id }?.question)
                    #expect(next.contains(String(question.prefix(40))), "\(id) missing from the list:\n\(next)")
                }
                #expect(next.contains("skipped"))
                #expect(next.contains("> Continue: see the recommendation"))
                try pane.keys("Enter")
                screen = try #require(try pane.wait { $0.contains("EXIT=") }, "Continue did not show the result")
                break
            }
            if next.contains("EXIT=") {
                Issue.record("the interview ended without listing the answers:\n\(next)")
                screen = next
                break
            }
            number += 1
            screen = next
            // Once, on the second question: back to the first, whose answer is highlighted again.
            if number == 2 && !wentBack {
                wentBack = true
                try pane.type("back")
                try pane.keys("Enter")
                let back = try #require(try pane.wait { (AskScreen(text: $0).questionNumber ?? 0) == 1 }, "back did not return")
                let first = try #require(script.fact(askedIn: back))
                #expect(first.id == asked[0])
                let menu = AskScreen(text: back).choices
                if let cursor = menu.cursor, let value = answered[first.id], first.type == "enum" {
                    #expect(menu.values[cursor] == value, "the earlier answer is offered again")
                }
                try pane.keys("Enter")
                screen = try #require(try pane.wait { (AskScreen(text: $0).questionNumber ?? 0) == 2 })
            }
        }

        let end = try #require(try pane.wait { $0.contains("icanon") || $0.contains("-icanon") })
        #expect(end.contains("EXIT=0"), "\(end)")
        #expect(end.contains("None of the remaining"))
        #expect(end.contains("Ranking"))
        #expect(end.contains("icanon echo") || end.contains("echo icanon"), "the terminal was not restored:\n\(end)")
        #expect(!end.contains("-icanon") && !end.contains("-echo"))

        // The saved profile: the answers given, the skipped fact empty; it scores as the screen said.
        let saved = folder.appendingPathComponent("founder.yaml").path
        let savedText = try #require(try? String(contentsOfFile: saved, encoding: .utf8), "no profile saved; the screen:\n\(end)")
        let skippedFact = try #require(skipped)
        #expect(savedText.contains("\(skippedFact):  # skipped: unknown"))
        let savedValues = try AskScript.profileValues(saved)
        for (fact, value) in answered {
            let type = script.facts.first { $0.id == fact }?.type
            if type == "list" {
                #expect(Set(AskScript.items(savedValues[fact] ?? "")) == Set(AskScript.items(value)), "\(fact)")
            } else {
                #expect(savedValues[fact] == value, "\(fact): saved \(savedValues[fact] ?? "nothing"), answered \(value)")
            }
        }
        let recommendation = try #require(try AskLineModeTests.recommendation(ofProfile: saved))
        #expect(end.replacingOccurrences(of: "\n", with: " ").contains("(\(recommendation)), with a fit of"), "\(end)")
        let report = try String(contentsOf: folder.appendingPathComponent("founder.md"), encoding: .utf8)
        // The appendix's ranking puts the recommendation first.
        #expect(report.split(separator: "\n").contains { $0.hasPrefix("| 1 | ") && $0.contains("| `\(recommendation)` |") })
    }

    @Test func ctrlCSavesTheAnswersSaysHowToResumeAndRestoresTheTerminal() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pane = try TmuxPane(Self.command("", in: folder))
        let script = try AskScript.load()
        let first = try #require(try pane.wait { AskScreen(text: $0).questionNumber == 1 })
        let fact = try #require(script.fact(askedIn: first))
        let choice = try #require(AskScreen(text: first).choices.values.first)
        try pane.keys("Enter")
        #expect(try pane.wait { (AskScreen(text: $0).questionNumber ?? 0) == 2 } != nil)
        try pane.keys("C-c")
        let end = try #require(try pane.wait { $0.contains("icanon") })
        #expect(end.contains("Saved your answers so far to advisor-answers.yaml."))
        #expect(end.contains("Resume with: advisor ask --resume advisor-answers.yaml"))
        #expect(end.contains("EXIT=130"))
        #expect(end.contains("icanon echo") || end.contains("echo icanon"), "the terminal was not restored:\n\(end)")
        let saved = try String(contentsOf: folder.appendingPathComponent("advisor-answers.yaml"), encoding: .utf8)
        #expect(saved.contains("\(fact.id): \(choice)\n"))
    }

    @Test func noColorTurnsColoursOffAndADumbTerminalGetsLinePrompts() throws {
        guard TmuxPane.available() else { return }
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let coloured = try TmuxPane(Self.command("", in: folder))
        let colourScreen = try #require(try coloured.wait { AskScreen(text: $0).questionNumber == 1 })
        _ = colourScreen
        #expect(try coloured.screen(escapes: true).contains("\u{1B}["), "a terminal gets colours")
        try coloured.keys("C-c")

        let plain = try TmuxPane(Self.command("", in: folder, environment: "NO_COLOR=1"))
        #expect(try plain.wait { AskScreen(text: $0).questionNumber == 1 } != nil)
        let escaped = try plain.screen(escapes: true)
        #expect(!escaped.contains("\u{1B}["), "NO_COLOR left colour codes:\n\(escaped)")
        #expect(escaped.contains("> 1. "), "NO_COLOR keeps the menu")
        try plain.keys("C-c")

        let dumb = try TmuxPane(Self.command("", in: folder, environment: "TERM=dumb"))
        let lines = try #require(try dumb.wait { $0.contains("Answer: ") })
        #expect(lines.contains("  1. "), "a dumb terminal gets numbered line prompts")
        try dumb.type("2")
        try dumb.keys("Enter")
        #expect(try dumb.wait { $0.contains("Question 2 of at most 18 · ") } != nil)
        try dumb.type("quit")
        try dumb.keys("Enter")
        let end = try #require(try dumb.wait { $0.contains("EXIT=") })
        #expect(end.contains("EXIT=0"))
    }
}
