import AdvisorCEL
import AdvisorEngine
import AdvisorInterview
import AdvisorLoading
import AdvisorReports
import Foundation
import Testing

@testable import AdvisorWeb

/// The web interview without a socket: the pages it answers with, for the forms a browser (or a
/// script) sends. The same requests over HTTP, in a real browser, are in Tests/web.
@Suite struct WebInterviewTests {
    static let book = try! RuleBookLoader.load(files: ShippedRuleBook.files).get()
    static let templates = try! ReportTemplates.load(overrides: []).get()

    static func web(_ book: RuleBook = book, saveDirectory: String? = nil) throws -> WebInterview {
        try WebInterview(ruleBook: book, templates: templates, saveDirectory: saveDirectory, advisorVersion: "test")
    }

    static func post(_ web: WebInterview, _ fields: [FormField], to path: String = "/interview") -> WebResponse {
        web.respond(
            WebRequest(
                method: "POST", path: path, contentType: "application/x-www-form-urlencoded", body: .bytes(Array(FormFields.encode(fields).utf8))))
    }

    // MARK: - The same interview as advisor ask

    @Test func theWebAsksTheSameQuestionsInTheSameOrderAsTheInterviewAndStopsWhereItStops() throws {
        let web = try Self.web()
        let profile = try ProfileLoader.load(path: exampleProfile, ruleBook: Self.book).get()
        var engine = try Interview(planner: QuestionPlanner(ruleBook: Self.book))
        var page = web.respond(WebRequest(method: "GET", path: "/"))
        var asked: [String] = []
        while case .ask(let question) = engine.nextStep() {
            #expect(page.status == 200)
            let form = PageForm(page.body)
            #expect(form.asked == question.fact.id, "the web asks \(form.asked ?? "nothing") where advisor ask asks \(question.fact.id)")
            guard form.asked == question.fact.id else { return }
            asked.append(question.fact.id)
            let id = question.fact.id
            if let value = profile.values[id] {
                _ = engine.answer(id, with: value)
                page = Self.post(web, form.hidden + WebState.fieldValues(value).map { FormField(id, $0) } + [FormField(FieldName.action, "answer")])
            } else {
                engine.skip(id)
                page = Self.post(web, form.hidden + [FormField(FieldName.action, "skip")])
            }
        }
        #expect(asked.count >= 3)
        #expect(page.body.contains("<h1>Check your answers</h1>"), "after the last question: the list of answers")
        let result = Self.post(web, PageForm(page.body).hidden + [FormField(FieldName.action, "confirm")])
        let expected = Self.book.score(profile.facts).recommendation ?? "undecided"
        #expect(result.status == 200)
        #expect(result.body.contains("<main data-model=\"\(expected)\">"), "the result names the model advisor score recommends")
    }

    @Test func backReturnsToThePreviousQuestionWithItsAnswerChosenAndSaysSoOnTheFirst() throws {
        let web = try Self.web()
        let first = PageForm(web.respond(WebRequest(method: "GET", path: "/")).body)
        let firstPage = Self.post(web, first.hidden + [FormField(FieldName.action, "back")])
        #expect(firstPage.body.contains("Nothing to go back to"))
        #expect(PageForm(firstPage.body).asked == first.asked)

        let id = try #require(first.asked)
        let value = try #require(first.choices.first)
        let second = PageForm(Self.post(web, first.hidden + [FormField(id, value)]).body)
        #expect(second.asked != id)
        #expect(second.hidden.contains(FormField(FieldName.givenPrefix + id, value)), "the answer travels in the form")
        let back = Self.post(web, second.hidden + [FormField(FieldName.action, "back")])
        #expect(PageForm(back.body).asked == id)
        #expect(back.body.contains("value=\"\(value)\" checked"), "the earlier answer is chosen")
        #expect(!PageForm(back.body).hidden.contains { $0.name == FieldName.givenPrefix + id }, "and no longer among the answers so far")
    }

    @Test func changingAnAnswerFromTheListAsksItAgainAndKeepsItsPlace() throws {
        let web = try Self.web()
        // Every question skipped: the interview ends with the list of answers.
        var page = web.respond(WebRequest(method: "GET", path: "/"))
        while let asked = PageForm(page.body).asked, !asked.isEmpty {
            page = Self.post(web, PageForm(page.body).hidden + [FormField(FieldName.action, "skip")])
        }
        #expect(page.body.contains("Check your answers"))
        let list = PageForm(page.body).hidden
        let second = String(try #require(list.dropFirst().first).name.dropFirst(FieldName.skippedPrefix.count))
        let change = Self.post(web, list + [FormField(FieldName.action, "change." + second)])
        let form = PageForm(change.body)
        #expect(form.asked == second)
        #expect(form.hidden.contains(FormField(FieldName.changing, second)))
        #expect(change.body.contains("You skipped this question before."))
        // Back while changing: the list again, unchanged.
        let cancelled = Self.post(web, form.hidden + [FormField(FieldName.action, "back")])
        #expect(PageForm(cancelled.body).hidden == list)
        // An answer: it keeps the second place.
        let fact = try #require(Self.book.fact(second))
        let value = try #require(Self.sampleValue(fact))
        var answered = Self.post(web, form.hidden + value.map { FormField(second, $0) })
        while let asked = PageForm(answered.body).asked, !asked.isEmpty {
            answered = Self.post(web, PageForm(answered.body).hidden + [FormField(FieldName.action, "skip")])
        }
        let names = PageForm(answered.body).hidden.map(\.name)
        #expect(names.firstIndex(of: FieldName.givenPrefix + second) == 1, "\(names)")
    }

    // MARK: - Bad requests: a page that says what is wrong, never a crash

    @Test func anUnknownQuestionIsRefusedNamingIt() throws {
        let response = Self.post(try Self.web(), [FormField("given.capitl", "5000"), FormField(FieldName.asked, "risk_tolerance")])
        #expect(response.status == 400)
        #expect(response.body.contains("&#39;capitl&#39; is not a question of this rule book"))
        #expect(response.body.contains("capital"), "with the nearest fact id as a hint")
    }

    @Test func aValueOutOfRangeOrNotAChoiceIsRefused() throws {
        let web = try Self.web()
        let negative = Self.post(web, [FormField("given.capital", "-5")])
        #expect(negative.status == 400)
        #expect(negative.body.contains("below its minimum 0"))
        let notAChoice = Self.post(web, [FormField("given.risk_tolerance", "reckless")])
        #expect(notAChoice.status == 400)
        #expect(notAChoice.body.contains("reckless"))
        let twice = Self.post(web, [FormField("given.capital", "5"), FormField("given.capital", "6")])
        #expect(twice.status == 400)
    }

    @Test func inChineseAProblemWithATypedNumberIsSaidInChineseAndChoicesShowTheirTextOnly() throws {
        let book = try RuleBookLoader.load(files: ShippedRuleBook.files, language: "zh-CN").get()
        let web = try WebInterview(
            ruleBook: book, templates: try ReportTemplates.load(language: "zh-CN", overrides: []).get(), words: .forLanguage("zh-CN"), language: "zh-CN",
            saveDirectory: nil, advisorVersion: "test")
        for (typed, said) in [("-5", "-5太小了：这一题的答案不能小于0美元"), ("lots", "“lots”不是数字：请输入不小于0的数字（单位：美元）")] {
            let response = Self.post(web, [FormField(FieldName.asked, "capital"), FormField("capital", typed)])
            #expect(response.status == 400)
            #expect(response.body.contains(said), "\(typed): \(response.body)")
            #expect(!response.body.contains("below its minimum") && !response.body.contains("is not a number"))
        }
        let first = web.respond(WebRequest(method: "GET", path: "/"))
        let question = try #require(PageForm(first.body).asked)
        let fact = try #require(book.fact(question))
        let values = fact.valueMeanings
        #expect(!values.isEmpty, "the first question is a choice")
        for value in values {
            #expect(first.body.contains("value=\"\(value.value)\""), "the form still sends the id \(value.value)")
            #expect(first.body.contains(">\(value.meaning)</span>"), "the choice shows its Chinese text")
            #expect(!first.body.contains(">\(value.value)</span>"), "and not its id")
        }
    }

    @Test func aBadAnswerToTheQuestionAsksItAgainKeepingWhatWasTyped() throws {
        let web = try Self.web()
        let response = Self.post(web, [FormField(FieldName.asked, "capital"), FormField("capital", "lots <b>")])
        #expect(response.status == 400)
        #expect(PageForm(response.body).asked == "capital")
        #expect(response.body.contains("There is a problem"))
        #expect(response.body.contains("value=\"lots &lt;b&gt;\""), "the typed text is kept, escaped")
        let nothing = Self.post(web, [FormField(FieldName.asked, "risk_tolerance"), FormField(FieldName.action, "answer")])
        #expect(nothing.status == 400)
        #expect(nothing.body.contains("Choose an answer"))
    }

    @Test func malformedOversizedAndNonFormBodiesAreRefused() throws {
        let web = try Self.web()
        func raw(_ bytes: [UInt8], type: String = "application/x-www-form-urlencoded") -> WebResponse {
            web.respond(WebRequest(method: "POST", path: "/interview", contentType: type, body: .bytes(bytes)))
        }
        let escape = raw(Array("given.capital=5%G0".utf8))
        #expect(escape.status == 400)
        #expect(escape.body.contains("at byte 15"))
        let utf8 = raw(Array("given.risk_tolerance=".utf8) + [0xC3, 0x28])
        #expect(utf8.status == 400)
        #expect(utf8.body.contains("not valid UTF-8"))
        let many = raw(Array(Array(repeating: "a=1", count: 5000).joined(separator: "&").utf8))
        #expect(many.status == 400)
        #expect(many.body.contains("more than \(InterviewForm.fieldLimit(Self.book)) fields"))
        #expect(raw(Array("{}".utf8), type: "application/json").status == 400)
        let large = web.respond(WebRequest(method: "POST", path: "/interview", contentType: "application/x-www-form-urlencoded", body: .tooLarge))
        #expect(large.status == 413)
        #expect(large.body.contains("larger than \(WebInterview.bodyLimit) bytes"))
        #expect(Self.post(web, [FormField("nonsense", "1")]).status == 400)
        #expect(Self.post(web, [FormField(FieldName.action, "launch")]).status == 400)
        #expect(Self.post(web, [FormField(FieldName.action, "change.capital")]).status == 400, "nothing to change yet")
    }

    @Test func unknownPagesAndMethodsAreRefused() throws {
        let web = try Self.web()
        let missing = web.respond(WebRequest(method: "GET", path: "/<script>"))
        #expect(missing.status == 404)
        #expect(missing.body.contains("/&lt;script&gt;"))
        let method = web.respond(WebRequest(method: "DELETE", path: "/interview"))
        #expect(method.status == 405)
        #expect(method.headers.contains { $0.name == "Allow" && $0.value == "POST" })
        #expect(web.respond(WebRequest(method: "GET", path: "/healthz")).body == "ok\n")
    }

    @Test func formsDecodeInOrderKeepingRepeatsAndRefuseWhatIsMalformed() {
        #expect(
            FormFields.parse(Array("b=1&a=x+y&a=%E4%B8%87&&c".utf8), maxFields: 10)
                == .success([FormField("b", "1"), FormField("a", "x y"), FormField("a", "万"), FormField("c", "")]))
        #expect(FormFields.parse(Array("a=%4".utf8), maxFields: 10) == .failure(.malformedEscape(offset: 2)))
        #expect(FormFields.parse(Array("a=1&b=2&c=3".utf8), maxFields: 2) == .failure(.tooManyFields(limit: 2)))
        let fields = [FormField("given.x y", "a&b=c%+万")]
        #expect(FormFields.parse(Array(FormFields.encode(fields).utf8), maxFields: 10) == .success(fields))
    }

    // MARK: - Escaping

    @Test func ruleBookTextIsEscapedOnEveryPage() throws {
        let book = try RuleBookLoader.load(directory: Self.scriptBook).get()
        let web = try Self.web(book)
        let first = web.respond(WebRequest(method: "GET", path: "/"))
        #expect(first.status == 200)
        #expect(!first.body.contains("<script>"), "no rule-book text reaches the page as markup")
        #expect(first.body.contains("&lt;script&gt;alert(&#39;question&#39;)&lt;/script&gt;"))
        // Through to the result: every page on the way escapes.
        var page = first
        for _ in 0..<4 where !page.body.contains("data-model=") {
            let form = PageForm(page.body)
            let answer = form.asked.map { [FormField($0, form.choices.first ?? "")] } ?? [FormField(FieldName.action, "confirm")]
            page = Self.post(web, form.hidden + answer)
            #expect(page.status == 200)
            #expect(!page.body.contains("<script>"))
            #expect(!page.body.contains("<img src=x"))
        }
        #expect(page.body.contains("data-model=\"one\""))
        #expect(WebInterview.contentSecurityPolicy.hasPrefix("default-src 'none'"), "and no script runs at all")
    }

    /// A rule book whose every text holds markup or script (the browser's XSS test serves it too).
    static var scriptBook: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("web/script-rule-book").path
    }

    // MARK: - What the founder keeps

    @Test func theResultKeepsTheProfileUnderARandomNameAndOffersItForDownload() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let web = try Self.web(saveDirectory: folder.path)
        // Every answer of an example founder: the interview is over, so confirming shows the result.
        let founder = try ProfileLoader.load(path: exampleProfile, ruleBook: Self.book).get()
        let fields = Self.book.askedFactIds.flatMap { id in
            founder.values[id].map { value in WebState.fieldValues(value).map { FormField(FieldName.givenPrefix + id, $0) } } ?? []
        }
        let result = Self.post(web, fields + [FormField(FieldName.action, "confirm")])
        #expect(result.status == 200)
        #expect(result.body.contains("data-model="))
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(saved.count == 1)
        let name = try #require(saved.first)
        #expect(name.hasPrefix("advisor-profile-") && name.hasSuffix(".yaml"), "a random name: \(name)")
        let download = Self.post(web, fields, to: "/profile.yaml")
        #expect(download.headers.contains { $0.name == "Content-Disposition" && $0.value.contains("advisor-profile.yaml") })
        let kept = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(kept == download.body, "the kept file is the downloaded profile")
        let profile = try ProfileLoader.parse(SourceFile(path: "p.yaml", text: download.body), ruleBook: Self.book).get()
        #expect(profile.values == founder.values, "the profile holds the founder's answers")
        let report = Self.post(web, fields, to: "/report.md")
        #expect(report.contentType.hasPrefix("text/markdown"))
        #expect(report.body.hasPrefix("# "))
    }

    // MARK: - Helpers

    var exampleProfile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/profiles/m2c-korean-skincare-brand.yaml").path
    }

    static func sampleValue(_ fact: FactDeclaration) -> [String]? {
        switch fact.kind {
        case .bool: return ["true"]
        case .enumeration(let options): return options.first.map { [$0] }
        case .list(let options): return options.first.map { [$0] }
        case .number(let low, _): return [FactValues.format(low ?? 0)]
        case .integer(let low, _): return ["\(low ?? 0)"]
        }
    }
}

/// The form of a page as a browser would send it: the hidden fields, the question asked and its
/// choices' values (read from the HTML this server writes).
struct PageForm {
    var hidden: [FormField] = []
    var asked: String?
    var choices: [String] = []

    init(_ html: String) {
        let input = /<input type="(hidden|radio|checkbox)"[^>]* name="([^"]*)"[^>]* value="([^"]*)"/
        // The interview's form is the page's first (the language switch comes after it).
        let form = html.range(of: "</form>").map { html[..<$0.lowerBound] } ?? html[...]
        for match in form.matches(of: input) {
            let name = Self.unescape(String(match.2)), value = Self.unescape(String(match.3))
            if match.1 == "hidden" {
                if name == FieldName.asked { asked = value }
                if name != asked { hidden.append(FormField(name, value)) }
            } else {
                choices.append(value)
            }
        }
        // A question's own hidden field (a list's empty value) is not one of the answers so far.
        if let asked { hidden.removeAll { $0.name == asked } }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
