/// The web interview in each of its languages: a request goes to the language its `?lang=`
/// names (every form of a page names its own), else the best of the browser's
/// `Accept-Language`, else the server's default (`advisor serve --lang`). One interview per
/// language, each with the rule book compiled in that language.
public final class WebSite: Sendable {
    let interviews: [String: WebInterview]
    /// The languages, in the order the switch offers them.
    public let languages: [String]
    public let defaultLanguage: String
    let match: @Sendable (_ written: String, _ available: [String]) -> String?
    let fromAcceptLanguage: @Sendable (_ header: String, _ available: [String]) -> String?

    /// - Parameters:
    ///   - match: a tag as written (`zh-cn`, `zh`) as one of the languages (`Language.match`).
    ///   - fromAcceptLanguage: the best language for an `Accept-Language` header (`Language.fromAcceptLanguage`).
    public init(
        interviews: [(language: String, interview: WebInterview)], defaultLanguage: String,
        match: @escaping @Sendable (String, [String]) -> String?, fromAcceptLanguage: @escaping @Sendable (String, [String]) -> String?
    ) {
        self.interviews = Dictionary(interviews.map { ($0.language, $0.interview) }, uniquingKeysWith: { first, _ in first })
        languages = interviews.map(\.language)
        self.defaultLanguage = defaultLanguage
        self.match = match
        self.fromAcceptLanguage = fromAcceptLanguage
    }

    public func respond(_ request: WebRequest) -> WebResponse {
        let fallback = interviews[defaultLanguage] ?? interviews.values.first
        guard let fallback else {
            return WebResponse(status: 500, contentType: "text/plain; charset=utf-8", headers: [], body: "no language to serve\n")
        }
        if let asked = Self.lang(in: request.query) {
            guard let language = match(asked, languages), let interview = interviews[language] else {
                return fallback.refuse(400, [fallback.words.unknownLanguage(asked, languages)])
            }
            return interview.respond(request)
        }
        let preferred = request.acceptLanguage.flatMap { fromAcceptLanguage($0, languages) }
        return (preferred.flatMap { interviews[$0] } ?? fallback).respond(request)
    }

    /// The value of `lang=` in a query string (percent escapes decoded), if any.
    static func lang(in query: String?) -> String? {
        guard let query, case .success(let fields) = FormFields.parse(Array(query.utf8), maxFields: 64) else { return nil }
        return fields.last { $0.name == "lang" }?.value
    }
}
