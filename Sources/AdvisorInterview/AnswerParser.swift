import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import Foundation

/// A word that steers the interview instead of answering.
public enum InterviewCommand: Equatable {
    /// `?`: the help text and why the question is asked.
    case help
    /// `back`: return to the previous question.
    case back
    /// `skip`: leave the fact unknown.
    case skip
    /// `quit`: save the answers so far and stop.
    case quit

    /// The command a typed word names, if any (`?`, `help`, `why`, `back`, `skip`, `quit`, `exit`).
    public init?(typed text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "?", "help", "why": self = .help
        case "back": self = .back
        case "skip": self = .skip
        case "quit", "exit": self = .quit
        default: return nil
        }
    }
}

/// What a typed line means for a question.
public enum TypedAnswer: Equatable {
    case answer(CELValue)
    case command(InterviewCommand)
    /// Not understood: what is wrong and what to type instead.
    case invalid(String)
}

/// Understands typed answers, the same way in menus and in line mode: a choice by its number,
/// its value or the first letters of its value; yes or no; a number with optional thousands
/// separators and a `k` or `m` suffix; a list as numbers or values separated by commas or spaces.
public enum AnswerParser {
    public static func parse(_ text: String, for fact: FactDeclaration) -> TypedAnswer {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let command = InterviewCommand(typed: trimmed) { return .command(command) }
        guard !trimmed.isEmpty else {
            return .invalid("type an answer (\(expectation(fact))), or skip to leave it unknown")
        }
        let value: CELValue
        switch fact.kind {
        case .number, .integer:
            guard case .success(let number) = AnswerSyntax.number(trimmed, for: fact) else {
                return .invalid("'\(trimmed)' is not a number: \(expectation(fact))")
            }
            if case .integer = fact.kind, number.rounded() == number, let whole = Int64(exactly: number) {
                value = .int(whole)
            } else {
                value = .double(number)
            }
        case .bool:
            guard let flag = AnswerSyntax.bool(trimmed) else { return .invalid("'\(trimmed)' is not yes or no") }
            value = .bool(flag)
        case .enumeration(let options):
            switch choice(trimmed, among: options) {
            case .success(let index): value = .string(options[index])
            case .failure(let error): return .invalid(error.message)
            }
        case .list(let options):
            let lowered = trimmed.lowercased()
            if lowered == "none" || lowered == "[]" || lowered == "-" {
                value = .list([])
            } else {
                var chosen: Set<Int> = []
                let items = trimmed.split { $0 == "," || $0 == " " }.map(String.init).filter { !$0.isEmpty }
                for item in items {
                    switch choice(item, among: options) {
                    case .success(let index): chosen.insert(index)
                    case .failure(let error): return .invalid(error.message)
                    }
                }
                value = .list(chosen.sorted().map { .string(options[$0]) })
            }
        }
        switch FactValues.validate(value, as: fact.kind, factId: fact.id) {
        case .success(let normalised): return .answer(normalised)
        case .failure(let mismatch): return .invalid(mismatch.message + (mismatch.hint.map { ": \($0)" } ?? ""))
        }
    }

    /// The position of a choice typed as its number (from 1), its value, or the first letters of
    /// exactly one value.
    public static func choice(_ text: String, among options: [String]) -> Result<Int, ChoiceError> {
        let typed = text.lowercased()
        if let number = Int(typed) {
            guard number >= 1 && number <= options.count else {
                return .failure(ChoiceError("there is no choice \(number): pick 1 to \(options.count)"))
            }
            return .success(number - 1)
        }
        if let exact = AnswerSyntax.option(text, among: options) { return .success(exact) }
        let matches = options.indices.filter { options[$0].lowercased().hasPrefix(typed) }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.count > 1 {
            return .failure(ChoiceError("'\(text)' could be \(matches.map { options[$0] }.joined(separator: " or ")): type more letters"))
        }
        let hint = NameSuggestion.nearest(to: text, among: options).map { " (did you mean '\($0)'?)" } ?? ""
        return .failure(ChoiceError("'\(text)' is not a choice\(hint): pick one of \(options.joined(separator: ", "))"))
    }

    public struct ChoiceError: Error, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// What the question accepts, in words: "a number of at least 0, in USD".
    public static func expectation(_ fact: FactDeclaration) -> String {
        let unit = fact.unit.map { ", in \($0)" } ?? ""
        switch fact.kind {
        case .number(let low, let high): return "a number" + bounds(low.map(FactValues.format), high.map(FactValues.format)) + unit
        case .integer(let low, let high): return "a whole number" + bounds(low.map { "\($0)" }, high.map { "\($0)" }) + unit
        case .bool: return "yes or no"
        case .enumeration(let options): return "one of \(options.joined(separator: ", ")), or its number"
        case .list: return "any of the choices, by number or value, separated by commas; none for no choice"
        }
    }

    private static func bounds(_ low: String?, _ high: String?) -> String {
        switch (low, high) {
        case (let low?, let high?): return " from \(low) to \(high)"
        case (let low?, nil): return " of at least \(low)"
        case (nil, let high?): return " of at most \(high)"
        case (nil, nil): return ""
        }
    }
}

extension AnswerParser.ChoiceError: CustomStringConvertible {
    public var description: String { message }
}
