/// Every word the web interview's own pages say: buttons, headings, notes and the messages of a
/// refused request. One place, so that a translation replaces one value (the interview's
/// questions, help and "why" come from the rule book and `InterviewText`; the report from its
/// templates). Words that take a value are functions of it.
public struct WebWords: Sendable {
    // The question page.
    public var continueButton: String
    public var skipButton: String
    public var backButton: String
    public var whyThisQuestion: String
    public var previouslySkipped: String
    public var chooseAnyHint: String
    public var yes: String
    public var no: String
    public var nothingToGoBackTo: String
    /// "There is a problem": the heading of the list of what is wrong with an answer.
    public var problemHeading: String
    public var chooseAnAnswer: String
    public var typeAnAnswer: @Sendable (_ expectation: String) -> String

    // The check-your-answers page.
    public var checkTitle: String
    public var checkLead: String
    public var changeButton: String
    /// The change button's name for a screen reader: "Change your answer to: QUESTION".
    public var changeLabel: @Sendable (_ question: String) -> String
    public var confirmButton: String

    // The result page.
    public var resultActions: String
    /// The report's title.
    public var reportTitle: String
    public var downloadProfile: String
    public var downloadReport: String
    public var changeAnswers: String
    public var startAgain: String
    public var notSaved: String

    // Refused requests.
    public var errorTitle: String
    public var errorLead: String
    public var notFound: @Sendable (_ path: String) -> String
    public var methodNotAllowed: @Sendable (_ method: String, _ path: String) -> String
    public var bodyTooLarge: @Sendable (_ limit: Int) -> String
    public var tooManyFields: @Sendable (_ limit: Int) -> String
    public var notAForm: @Sendable (_ contentType: String) -> String
    public var malformedEscape: @Sendable (_ offset: Int) -> String
    public var invalidUTF8: @Sendable (_ field: String) -> String
    public var unknownQuestion: @Sendable (_ id: String, _ hint: String?) -> String
    public var unknownField: @Sendable (_ name: String) -> String
    public var givenTwice: @Sendable (_ id: String) -> String
    public var valueTwice: @Sendable (_ id: String, _ value: String) -> String
    /// A value the page does not offer for the question (a form not sent by the page).
    public var notOffered: @Sendable (_ id: String, _ value: String) -> String
    public var repeatedField: @Sendable (_ name: String) -> String
    public var unknownAction: @Sendable (_ action: String) -> String
    public var notAnswered: @Sendable (_ id: String) -> String
    public var missingQuestion: String

    /// The language's own name, for the language switch ("English", "中文").
    public var languageName: String
    public var languageSwitch: String
    public var unknownLanguage: @Sendable (_ tag: String, _ available: [String]) -> String

    /// The interview's page title: "Interview: RULE BOOK NAME".
    public var pageTitle: @Sendable (_ ruleBook: String) -> String

    /// The words in English.
    public static let english = WebWords(
        continueButton: "Continue",
        skipButton: "Skip this question",
        backButton: "Back",
        whyThisQuestion: "Help, and why this question",
        previouslySkipped: "You skipped this question before.",
        chooseAnyHint: "Tick every one that applies, or none.",
        yes: "Yes",
        no: "No",
        nothingToGoBackTo: "Nothing to go back to: this is the first question.",
        problemHeading: "There is a problem",
        chooseAnAnswer: "Choose an answer, or skip the question to leave it unknown.",
        typeAnAnswer: { "Type an answer (\($0)), or skip the question to leave it unknown." },
        checkTitle: "Check your answers",
        checkLead: "Change any answer before you see the recommendation.",
        changeButton: "Change",
        changeLabel: { "Change your answer to: \($0)" },
        confirmButton: "See the recommendation",
        resultActions: "Your answers",
        reportTitle: "Your recommendation",
        downloadProfile: "Download your answers (profile, YAML)",
        downloadReport: "Download the report (Markdown)",
        changeAnswers: "Change your answers",
        startAgain: "Start again",
        notSaved: "The server could not keep a copy of your answers; download them to keep them.",
        errorTitle: "This request cannot be answered",
        errorLead: "What is wrong:",
        notFound: { "There is no page at \($0). The interview starts at /." },
        methodNotAllowed: { "\($1) does not take \($0) requests." },
        bodyTooLarge: { "The form is larger than \($0) bytes, the most this server reads." },
        tooManyFields: { "The form has more than \($0) fields, the most an interview of this rule book sends." },
        notAForm: { "The request body is \($0.isEmpty ? "of no declared type" : "'\($0)'"), not a form (application/x-www-form-urlencoded)." },
        malformedEscape: { "The form is not well-formed: a '%' at byte \($0) is not followed by two hexadecimal digits." },
        invalidUTF8: { "The field \($0) is not valid UTF-8 text." },
        unknownQuestion: { id, hint in "'\(id)' is not a question of this rule book" + (hint.map { ": \($0)" } ?? ".") },
        unknownField: { "The form has a field '\($0)' that the interview does not send." },
        givenTwice: { "'\($0)' has more than one answer in the form." },
        valueTwice: { "'\($0)' has the value '\($1)' twice in the form." },
        notOffered: { "'\($1)' is not one of the choices of '\($0)'." },
        repeatedField: { "The form has the field '\($0)' twice, with different values." },
        unknownAction: { "'\($0)' is not something the interview can do (continue, skip, back, change, confirm)." },
        notAnswered: { "'\($0)' cannot be changed: it has no answer yet." },
        missingQuestion: "The form does not say which question it answers.",
        languageName: "English",
        languageSwitch: "Language",
        unknownLanguage: { "There is no language '\($0)' here: choose one of \($1.joined(separator: ", "))." },
        pageTitle: { "Interview: \($0)" }
    )

    /// The words for a language (English where no table exists; the rule book's own texts,
    /// questions included, come translated from its catalogue).
    public static func forLanguage(_ tag: String) -> WebWords {
        var words = tables.first { $0.language == tag }?.words ?? english
        // The switch names each language in itself, whatever the page's words.
        if let name = ownNames[tag] { words.languageName = name }
        return words
    }

    /// Each language's words, English (the fallback) first.
    static let tables: [(language: String, words: WebWords)] = [("en", english), ("zh-CN", chinese)]

    /// Each language's name in that language.
    static let ownNames = ["en": "English", "zh-CN": "中文"]
}
