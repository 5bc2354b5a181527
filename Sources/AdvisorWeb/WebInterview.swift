import AdvisorDiagnostics
import AdvisorEngine
import AdvisorInterview
import AdvisorLoading
import AdvisorReports
import Foundation

/// A request as the web interview sees it: no framework types, so the whole of it is tested
/// without a socket (`WebServer` adapts Hummingbird's requests to it).
public struct WebRequest: Sendable {
    public enum Body: Sendable {
        case none
        case bytes([UInt8])
        /// Longer than `WebInterview.bodyLimit`: not read.
        case tooLarge
    }

    public var method: String
    public var path: String
    /// The query string, without the `?` (only `lang=` is read).
    public var query: String?
    public var contentType: String?
    /// The browser's `Accept-Language`, for the language of a page that names none.
    public var acceptLanguage: String?
    public var body: Body

    public init(method: String, path: String, query: String? = nil, contentType: String? = nil, acceptLanguage: String? = nil, body: Body = .none) {
        self.method = method
        self.path = path
        self.query = query
        self.contentType = contentType
        self.acceptLanguage = acceptLanguage
        self.body = body
    }
}

public struct WebResponse: Sendable {
    public var status: Int
    public var contentType: String
    /// Headers besides the content type and the security headers every response carries.
    public var headers: [(name: String, value: String)]
    public var body: String
}

/// The web interview: the same interview as `advisor ask` (the same planner, order, stopping
/// rule, help and why, back, skip and list of answers), one question a page. It keeps no session:
/// each form carries the answers so far, so any instance answers any request, and a restart
/// loses nothing. Bad requests get a page saying what is wrong, with 400 (413 for a body over
/// the limit); nothing a request holds can crash it.
public final class WebInterview: Sendable {
    /// The largest body read: an interview's form is a few kilobytes.
    public static let bodyLimit = 64 * 1024

    /// The policy every page is served with: no script at all (the interview needs none), styles
    /// only inline (the report page's own), images only inline (its chart), forms only to here.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// The file name the profile is downloaded as.
    static let profileFile = "advisor-profile.yaml"

    let fresh: Interview
    let pages: WebPages
    let templates: ReportTemplates
    let words: WebWords
    let saveDirectory: String?
    let advisorVersion: String
    let fieldLimit: Int
    /// The first page, the same for every founder: drawn once.
    let firstPage: WebResponse

    /// - Parameters:
    ///   - saveDirectory: where each finished profile is kept (a new file with a random name per
    ///     result), or nil to keep nothing.
    ///   - language: the language of `ruleBook`'s texts and of `words`; every form of its pages
    ///     posts with `?lang=` naming it.
    ///   - switches: the other languages the pages offer to switch to, by tag and own name.
    public init(
        ruleBook: RuleBook, templates: ReportTemplates, words: WebWords = .english, language: String = "en",
        switches: [(tag: String, name: String)] = [], saveDirectory: String?, advisorVersion: String
    ) throws {
        fresh = try Interview(planner: QuestionPlanner(ruleBook: ruleBook))
        self.templates = templates
        self.words = words
        self.saveDirectory = saveDirectory
        self.advisorVersion = advisorVersion
        pages = WebPages(words: words, templates: templates, advisorVersion: advisorVersion, language: language, switches: switches)
        fieldLimit = InterviewForm.fieldLimit(ruleBook)
        firstPage = Self.show(fresh, notice: nil, pages: pages)
    }

    var ruleBook: RuleBook { fresh.ruleBook }

    // MARK: - Routes

    public func respond(_ request: WebRequest) -> WebResponse {
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
        let routes: [String: [String]] = [
            "/": ["GET", "HEAD"], "/healthz": ["GET", "HEAD"], "/interview": ["POST"], "/profile.yaml": ["POST"], "/report.md": ["POST"],
        ]
        guard let methods = routes[path] else { return refuse(404, [words.notFound(path)]) }
        guard methods.contains(request.method) else {
            var response = refuse(405, [words.methodNotAllowed(request.method, path)])
            response.headers.append(("Allow", methods.joined(separator: ", ")))
            return response
        }
        switch path {
        case "/healthz":
            return WebResponse(status: 200, contentType: "text/plain; charset=utf-8", headers: [], body: "ok\n")
        case "/":
            return firstPage
        default:
            let form: InterviewForm
            switch read(request) {
            case .failure(let refusal): return refusal.response
            case .success(let read): form = read
            }
            switch path {
            case "/profile.yaml":
                let text = form.interview(from: fresh).profileText(name: nil, notes: nil, command: "advisor serve")
                return download(text, type: "application/yaml", name: Self.profileFile)
            case "/report.md":
                let input = reportInput(form.interview(from: fresh))
                return download(ExplanationReport.markdown(input, templates: templates), type: "text/markdown", name: "advisor-report.md")
            default:
                return act(form)
            }
        }
    }

    /// A request's form, read and checked against the rule book.
    private func read(_ request: WebRequest) -> Result<InterviewForm, Refusal> {
        let bytes: [UInt8]
        switch request.body {
        case .tooLarge: return .failure(Refusal(response: refuse(413, [words.bodyTooLarge(Self.bodyLimit)])))
        case .none: bytes = []
        case .bytes(let body): bytes = body
        }
        let type = (request.contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard type == "application/x-www-form-urlencoded" || (bytes.isEmpty && type.isEmpty) else {
            return .failure(Refusal(response: refuse(400, [words.notAForm(request.contentType ?? "")])))
        }
        switch FormFields.parse(bytes, maxFields: fieldLimit) {
        case .failure(.tooManyFields(let limit)): return .failure(Refusal(response: refuse(400, [words.tooManyFields(limit)])))
        case .failure(.malformedEscape(let offset)): return .failure(Refusal(response: refuse(400, [words.malformedEscape(offset)])))
        case .failure(.invalidUTF8(let field)): return .failure(Refusal(response: refuse(400, [words.invalidUTF8(field)])))
        case .success(let fields):
            switch InterviewForm.read(fields, book: ruleBook, words: words) {
            case .failure(let problems): return .failure(Refusal(response: refuse(400, problems.messages)))
            case .success(let form): return .success(form)
            }
        }
    }

    private struct Refusal: Error {
        var response: WebResponse
    }

    // MARK: - The interview

    /// Does what the form asks (answer, skip, back, change, confirm), then shows the next page.
    private func act(_ form: InterviewForm) -> WebResponse {
        var interview = form.interview(from: fresh)
        var notice: String?
        switch form.action {
        case .answer:
            guard let asked = form.asked, let fact = ruleBook.fact(asked) else { break }
            guard let values = form.answerValues else {
                return askAgain(asked, interview: interview, problem: problemForMissing(fact), sent: nil)
            }
            switch InterviewForm.value(values, for: fact, words: words, tool: ToolWords(ruleBook.language)) {
            case .failure(let problem):
                return askAgain(asked, interview: interview, problem: problem.message, sent: values)
            case .success(let value):
                _ = interview.answer(asked, with: value)
            }
        case .skip:
            if let asked = form.asked { interview.skip(asked) }
        case .back:
            if interview.changing != nil {
                interview.cancelChange()
            } else if interview.goBack() == nil {
                notice = words.nothingToGoBackTo
            }
        case .change(let fact):
            interview.change(fact)
        case .confirm:
            if case .finished = interview.nextStep() { return result(interview) }
        }
        return show(interview, notice: notice)
    }

    /// The next page: the next question, or the list of answers to check.
    private func show(_ interview: Interview, notice: String?) -> WebResponse {
        Self.show(interview, notice: notice, pages: pages)
    }

    private static func show(_ interview: Interview, notice: String?, pages: WebPages) -> WebResponse {
        switch interview.nextStep() {
        case .ask(let question):
            return html(200, pages.question(question, interview: interview, extras: .init(notice: notice)))
        case .finished(let outcome):
            return html(200, pages.check(outcome, interview: interview, notice: notice))
        }
    }

    /// The question just answered, again, with what is wrong with the answer. The plan may not
    /// ask it next (it was reopened with `back`, which no form carries), so it is reopened here
    /// the same way: skipped, then taken back.
    private func askAgain(_ fact: String, interview: Interview, problem: String, sent: [String]?) -> WebResponse {
        var interview = interview
        if case .ask(let question) = interview.nextStep(), question.fact.id == fact {
            return html(400, pages.question(question, interview: interview, extras: .init(problems: [problem], sent: sent)))
        }
        interview.skip(fact)
        interview.goBack()
        guard case .ask(var question) = interview.nextStep(), question.fact.id == fact else { return refuse(400, [problem]) }
        question.wasSkipped = false
        return html(400, pages.question(question, interview: interview, extras: .init(problems: [problem], sent: sent)))
    }

    private func problemForMissing(_ fact: FactDeclaration) -> String {
        switch fact.kind {
        case .number, .integer: return words.typeAnAnswer(AnswerParser.expectation(fact, words: ToolWords(ruleBook.language)))
        default: return words.chooseAnAnswer
        }
    }

    // MARK: - The result

    private func result(_ interview: Interview) -> WebResponse {
        let input = reportInput(interview)
        let notSaved = !save(interview.profileText(name: nil, notes: nil, command: "advisor serve"))
        return html(200, pages.result(report: ExplanationReport.html(input, templates: templates), interview: interview, notSaved: notSaved))
    }

    private func reportInput(_ interview: Interview) -> ReportInput {
        // Named as the download is, so the report's "advisor explain FILE" works on it.
        interview.reportInput(profilePath: Self.profileFile, name: words.reportTitle, notes: nil, advisorVersion: advisorVersion)
    }

    /// Keeps the profile in the save folder under a new random name (never one from the request),
    /// written atomically. False when it could not be written (said on stderr).
    private func save(_ profile: String) -> Bool {
        guard let saveDirectory else { return true }
        let path = saveDirectory + "/advisor-profile-" + UUID().uuidString.lowercased() + ".yaml"
        do {
            try AtomicFile.write(Data(profile.utf8), to: path)
            return true
        } catch {
            FileHandle.standardError.write(Data("advisor serve: error: \(error.message)\n".utf8))
            return false
        }
    }

    // MARK: - Responses

    private func html(_ status: Int, _ body: String) -> WebResponse { Self.html(status, body) }

    private static func html(_ status: Int, _ body: String) -> WebResponse {
        WebResponse(status: status, contentType: "text/html; charset=utf-8", headers: [], body: body)
    }

    func refuse(_ status: Int, _ problems: [String]) -> WebResponse {
        html(status, pages.error(problems))
    }

    private func download(_ text: String, type: String, name: String) -> WebResponse {
        WebResponse(
            status: 200, contentType: type + "; charset=utf-8", headers: [("Content-Disposition", "attachment; filename=\"\(name)\"")], body: text)
    }
}
