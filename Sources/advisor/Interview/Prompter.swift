import AdvisorCEL
import AdvisorEngine
import AdvisorInterview

/// What came of putting a question to the founder.
enum PromptOutcome: Equatable {
    case answer(CELValue)
    /// `back`, `skip` or `quit` (help is handled by the prompter itself).
    case command(InterviewCommand)
    /// A termination signal, or Ctrl-C on a menu (SIGINT).
    case interrupted(Int32)
    /// Input ended (end of the piped answers, or Ctrl-D).
    case endOfInput
}

/// What came of the list of answers shown before the result ("check your answers").
enum ReviewOutcome: Equatable {
    /// The answers stand: show the result.
    case confirm
    /// Ask this fact's question again.
    case change(fact: String)
    /// `back` (to the last question) or `quit`.
    case command(InterviewCommand)
    case interrupted(Int32)
    case endOfInput
}

/// What came of offering to write a file.
enum OfferOutcome: Equatable {
    case accepted(path: String)
    case declined
    /// `back` (to the list of answers) or `quit`.
    case command(InterviewCommand)
    case interrupted(Int32)
    case endOfInput
}

/// What a question is shown with.
struct QuestionContext {
    /// The answers so far, oldest first (menus show the latest above the question).
    var answers: [AnswerLine]
    /// Whether the question was reopened from the list of answers, so `back` returns there.
    var isChange: Bool
    /// The help and WHY lines, at most `width` columns, for `?`.
    var why: (_ width: Int) -> [String]
}

/// Puts questions to the founder: as menus on a terminal, or as line prompts.
protocol InterviewPrompter {
    /// Asks one question until it gets an answer or a command.
    mutating func ask(_ question: InterviewQuestion, context: QuestionContext) -> PromptOutcome
    /// Lists every answer, with a way to change one, before the result.
    mutating func review(_ answers: [AnswerLine]) -> ReviewOutcome
    /// Shows lines that stay: the opening, the result, what was saved.
    mutating func say(_ lines: [String])
    /// Shows a warning with the next question or list (an answer refused, nothing to go back to).
    mutating func warn(_ message: String)
    /// Shows the result (the ranking and the recommendation), replacing a result shown before
    /// the founder went back to change an answer.
    mutating func conclude(_ lines: [String])
    /// Offers to write a file, suggesting a name; `about` says what the file is, for `?`.
    mutating func offer(_ prompt: String, suggestion: String, about: String) -> OfferOutcome
    /// Ends the conversation: the menus leave their screen and print what was said.
    mutating func close()
}
