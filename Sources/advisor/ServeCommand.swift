import AdvisorEngine
import AdvisorReports
import AdvisorWeb
import ArgumentParser
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the interview as web pages, one question a page, for founders who do not use a terminal.",
        discussion: """
            The same interview as advisor ask (the same questions in the same order, the same \
            stopping rule, help and why, back, skip and the list of answers to check), then the \
            founder's report as a web page, with downloads of the profile (YAML) and the Markdown \
            report. Plain HTML forms, no JavaScript; the answers so far travel in each form, so the \
            server keeps no session and a restart loses nothing.

            Each question's form field is named by the fact id and carries the rule book's value ids \
            (true/false for yes or no, one field per ticked value of a list); the result page carries \
            the recommended model's id in a data-model attribute (undecided when there is none).

            One line per request goes to standard error (never the answers). GET /healthz answers \
            ok for a process manager. Behind a reverse proxy, keep --host 127.0.0.1 and proxy to \
            the port.

            Examples:
              advisor serve
              advisor serve --port 8080 --save-dir /var/lib/advisor/profiles
              advisor serve --rules Rules/ --host 0.0.0.0 --port 8080

            Exit codes: 0 stopped by SIGINT or SIGTERM; 2 the rule book or the command line is \
            wrong, the save folder is not a writable folder, or the address cannot be listened on.
            """
    )

    @OptionGroup var ruleBook: RuleBookOptions
    @OptionGroup var languageOptions: LanguageOptions
    @Option(name: .long, help: ArgumentHelp("The address to listen on (0.0.0.0 for every interface).", valueName: "address"))
    var host = "127.0.0.1"
    @Option(name: .long, help: ArgumentHelp("The port to listen on (0: one the system chooses, printed at start).", valueName: "port"))
    var port = 8080
    @Option(name: .long, help: ArgumentHelp("Keep each finished profile in this folder, under a new random file name.", valueName: "dir"))
    var saveDir: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port: give 0 to 65535") }
        if let saveDir {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: saveDir, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--save-dir \(saveDir) is not a folder: create it first (mkdir -p \(saveDir))")
            }
            guard FileManager.default.isWritableFile(atPath: saveDir) else {
                throw ValidationError("--save-dir \(saveDir) is not writable by this user: choose another folder or change its permissions")
            }
        }
    }

    func run() throws {
        // The rule book in each language its catalogues and the tool speak; a page's language
        // is its `?lang=`, else the browser's Accept-Language, else --lang (or the environment's).
        let source = try ruleBook.source()
        let available = Language.available(catalogued: source.catalogues.map(\.language))
        let defaultLanguage = try languageOptions.resolve(catalogued: source.catalogues.map(\.language))
        let templates: ReportTemplates
        switch ReportTemplates.load(overrides: []) {
        case .success(let loaded): templates = loaded
        case .failure(let problems):
            Terminal.error(DiagnosticText.render(problems))
            throw ExitStatus.usage.exitCode
        }
        var interviews: [(language: String, interview: WebInterview)] = []
        var header = RuleBookHeader()
        for language in available {
            let book = try ruleBook.compile(source, language: language)
            if language == defaultLanguage { header = book.header }
            let switches = available.filter { $0 != language }.map { (tag: $0, name: WebWords.forLanguage($0).languageName) }
            let interview = try WebInterview(
                ruleBook: book, templates: templates, words: WebWords.forLanguage(language), language: language, switches: switches,
                saveDirectory: saveDir, advisorVersion: AdvisorVersion.current)
            interviews.append((language, interview))
        }
        let site = WebSite(interviews: interviews, defaultLanguage: defaultLanguage, match: Language.match, fromAcceptLanguage: Language.fromAcceptLanguage)
        let (host, port, ruleBookName) = (host, port, "rule book \"\(header.name)\" version \(header.version)")
        // The command line is synchronous; the server runs on Swift's concurrency threads until a
        // signal stops it, and this thread waits for it.
        let finished = ServeOutcome()
        Task.detached {
            do {
                try await WebServer.run(site, host: host, port: port) { address in
                    Terminal.error("advisor serve: the interview is at \(address)/ (\(ruleBookName); \(available.joined(separator: ", "))); Ctrl-C stops it")
                }
            } catch {
                finished.fail("advisor serve: error: cannot serve on \(host) port \(port): \(error)")
            }
            finished.done.signal()
        }
        finished.done.wait()
        if let message = finished.failure {
            Terminal.error(message)
            throw ExitStatus.usage.exitCode
        }
    }
}

/// How the server ended, handed from its task to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var message: String?

    func fail(_ text: String) { lock.withLock { message = text } }
    var failure: String? { lock.withLock { message } }
}
