import Foundation
import Testing

/// What a test needs to answer `advisor ask` as a founder would: the rule book's questions (read
/// from `advisor facts`, so nothing is hard-coded) and the answers of an example profile.
struct AskScript {
    /// One fact as `advisor facts` lists it.
    struct Fact {
        var id: String
        /// `number`, `integer`, `bool`, `enum` or `list`.
        var type: String
        var values: [String]
        var question: String
        /// What each choice means, by value.
        var meanings: [String: String] = [:]
    }

    var facts: [Fact]

    static func load() throws -> AskScript {
        let listing = try AdvisorProcess.run(["facts"])
        try #require(listing.status == 0, "advisor facts failed: \(listing.stderr)")
        var facts: [Fact] = []
        for line in listing.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" "), let tab = line.firstIndex(of: "\t") {
                let description = String(line[line.index(after: tab)...])
                let type = String(description.prefix { $0.isLetter })
                var values: [String] = []
                if let open = description.firstIndex(of: "("), let close = description.firstIndex(of: ")"), type == "enum" || type == "list" {
                    values = description[description.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                facts.append(Fact(id: String(line[..<tab]), type: type, values: values, question: ""))
            } else if line.hasPrefix("    "), !line.hasPrefix("    - "), let last = facts.indices.last, facts[last].question.isEmpty {
                facts[last].question = line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("    - "), let last = facts.indices.last, let colon = line.firstIndex(of: ":") {
                let value = line[line.index(line.startIndex, offsetBy: 6)..<colon]
                facts[last].meanings[String(value)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return AskScript(facts: facts)
    }

    /// The fact whose question is shown last on a screen or in a transcript: the first line
    /// below the last "Question N" header that starts a question (the header and the question
    /// may both wrap).
    func fact(askedIn text: String) -> Fact? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let header = lines.lastIndex(where: { $0.hasPrefix("Question ") && $0.contains(" · ") }) else { return nil }
        for shown in lines[(header + 1)...].prefix(3) where !shown.isEmpty {
            if let fact = facts.first(where: { $0.question.hasPrefix(shown) }) { return fact }
        }
        return nil
    }

    /// The question a fresh interview asks first: the planner's choice on the shipped rule book,
    /// which its facts and rules decide, so tests ask for it instead of assuming one.
    func firstQuestion() throws -> Fact {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try AdvisorProcess.run(["ask"], stdin: "quit\n", in: folder)
        return try #require(fact(askedIn: result.stdout), "no first question in:\n\(result.stdout)")
    }

    /// The shortest start of `value` that no other value of the fact starts with (an answer the
    /// interview takes as that value), or nil when only the whole value is unique.
    func uniquePrefix(of value: String, among values: [String]) -> String? {
        (1..<max(value.count, 1)).lazy.map { String(value.prefix($0)) }.first { prefix in
            !values.contains { $0 != value && $0.hasPrefix(prefix) }
        }
    }

    /// The facts of a flat profile file (`key: value` lines; lists in brackets), labels excluded.
    static func profileValues(_ path: String) throws -> [String: String] {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : AdvisorProcess.packageRoot.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix(" ") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if ["name", "notes"].contains(key) || value.isEmpty { continue }
            values[key] = value
        }
        return values
    }

    /// A profile's list value as its items: `[a, b]` -> a, b.
    static func items(_ value: String) -> [String] {
        value.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

/// Runs `advisor ask` with piped standard input and output, answering each prompt as it appears:
/// the line mode a script uses.
final class LineConversation: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSLock()
    private var received = Data()
    private var ended = false

    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
        process.executableURL = AdvisorProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            if data.isEmpty { self.ended = true } else { self.received.append(data) }
            self.lock.unlock()
        }
        try process.run()
    }

    /// Everything printed so far.
    var transcript: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: received, as: UTF8.self)
    }

    /// Waits until the transcript ends with a prompt (`> `) or the program ends; returns the
    /// transcript, or nil on timeout.
    func waitForPrompt(after count: Int, timeout: TimeInterval = 60) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = transcript
            if text.count > count && text.hasSuffix("> ") { return text }
            if !process.isRunning { return text }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits for the program to end; returns its exit status.
    func finish(timeout: TimeInterval = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            return nil
        }
        Thread.sleep(forTimeInterval: 0.05)  // let the reader take the last output
        return process.terminationStatus
    }

    var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM, as a system shutting down would.
    func terminate() { process.terminate() }
}
