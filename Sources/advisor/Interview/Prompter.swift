import AdvisorCEL
import AdvisorEngine

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

/// What came of offering to write a file.
enum OfferOutcome: Equatable {
    case accepted(path: String)
    case declined
    case interrupted(Int32)
    case endOfInput
}

/// Puts questions to the founder: as menus on a terminal, or as line prompts.
protocol InterviewPrompter {
    /// Asks one question until it gets an answer or a command; `why` gives the help and WHY
    /// lines (at most `width` columns) when the founder types `?`.
    mutating func ask(_ question: InterviewQuestion, why: (_ width: Int) -> [String]) -> PromptOutcome
    /// Shows what was recorded for a question.
    mutating func recorded(_ question: InterviewQuestion, answer: String)
    /// Shows lines of text.
    mutating func say(_ lines: [String])
    /// Offers to write a file, suggesting a name.
    mutating func offer(_ prompt: String, suggestion: String) -> OfferOutcome
}
