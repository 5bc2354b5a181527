import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
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

    /// The command a typed word names, if any (`?`, `help`, `why`, `back`, `skip`, `quit`, `exit`,
    /// and in Chinese `？`, `帮助`, `为什么`, `返回`, `跳过`, `退出`, in whichever language the interview speaks).
    public init?(typed text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "?", "help", "why", "？", "帮助", "为什么": self = .help
        case "back", "返回": self = .back
        case "skip", "跳过": self = .skip
        case "quit", "exit", "退出": self = .quit
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
    public static func parse(_ text: String, for fact: FactDeclaration, words: ToolWords = .english) -> TypedAnswer {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let command = InterviewCommand(typed: trimmed) { return .command(command) }
        guard !trimmed.isEmpty else {
            return .invalid(words(.typeAnAnswer, ["expectation": expectation(fact, words: words)]))
        }
        let value: CELValue
        switch fact.kind {
        case .number, .integer:
            guard case .success(let number) = AnswerSyntax.number(trimmed, for: fact) else {
                return .invalid(words(.notANumber, ["text": trimmed, "expectation": expectation(fact, words: words)]))
            }
            if let problem = outOfRange(number, typed: trimmed, for: fact, words: words) { return .invalid(problem) }
            if case .integer = fact.kind, let whole = Int64(exactly: number) {
                value = .int(whole)
            } else {
                value = .double(number)
            }
        case .bool:
            guard let flag = AnswerSyntax.bool(trimmed) ?? chineseYesNo(trimmed) else { return .invalid(words(.notYesNo, ["text": trimmed])) }
            value = .bool(flag)
        case .enumeration(let options):
            switch choice(trimmed, among: options, of: fact, words: words) {
            case .success(let index): value = .string(options[index])
            case .failure(let error): return .invalid(error.message)
            }
        case .list(let options):
            let lowered = trimmed.lowercased()
            if lowered == "none" || lowered == "[]" || lowered == "-" || trimmed == words(.none) {
                value = .list([])
            } else if case .success(let index) = choice(trimmed, among: options, of: fact, words: words), Int(trimmed) == nil {
                value = .list([.string(options[index])])
            } else {
                var chosen: Set<Int> = []
                let items = trimmed.split { ",， ".contains($0) }.map(String.init).filter { !$0.isEmpty }
                for item in items {
                    switch choice(item, among: options, of: fact, words: words) {
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

    /// What is wrong with a number typed for a number question, in the interview's words: not
    /// whole, too large to be held, or outside the question's range; nil when it fits.
    static func outOfRange(_ number: Double, typed: String, for fact: FactDeclaration, words: ToolWords) -> String? {
        let said = ["fact": fact.id, "text": typed, "value": words.number(number), "expectation": expectation(fact, words: words)]
        func bound(_ limit: Double) -> String { words.withUnit(words.number(limit), fact.unit) }
        switch fact.kind {
        case .number(let low, let high):
            if let low, number < low { return words(.belowMinimum, said.merging(["low": bound(low)]) { $1 }) }
            if let high, number > high { return words(.aboveMaximum, said.merging(["high": bound(high)]) { $1 }) }
        case .integer(let low, let high):
            guard number.rounded() == number else { return words(.notWholeNumber, said) }
            guard Int64(exactly: number) != nil else { return words(.tooLargeNumber, said) }
            if let low, number < Double(low) { return words(.belowMinimum, said.merging(["low": bound(Double(low))]) { $1 }) }
            if let high, number > Double(high) { return words(.aboveMaximum, said.merging(["high": bound(Double(high))]) { $1 }) }
        default: break
        }
        return nil
    }

    /// The position of a choice typed as its number (from 1), its value, its text as the
    /// interview shows it (`InterviewText.choiceName`), or the first letters of exactly one.
    public static func choice(_ text: String, among options: [String], of fact: FactDeclaration? = nil, words: ToolWords = .english) -> Result<Int, ChoiceError> {
        let typed = text.lowercased()
        let shown = options.map { option in fact.map { InterviewText.choiceName(option, of: $0, words: words) } ?? option }
        if let number = Int(typed) {
            guard number >= 1 && number <= options.count else {
                return .failure(ChoiceError(words(.noChoiceNumber, ["n": String(number), "count": String(options.count)])))
            }
            return .success(number - 1)
        }
        if let exact = AnswerSyntax.option(text, among: options) ?? shown.firstIndex(where: { $0.lowercased() == typed }) { return .success(exact) }
        var matches = options.indices.filter { options[$0].lowercased().hasPrefix(typed) }
        if matches.isEmpty { matches = shown.indices.filter { shown[$0].lowercased().hasPrefix(typed) } }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.count > 1 {
            return .failure(ChoiceError(words(.couldBe, ["text": text, "options": words.list(matches.map { words.quoted(shown[$0]) }, or: true)])))
        }
        let hint = NameSuggestion.nearest(to: text, among: shown).map { words(.didYouMean, ["name": $0]) } ?? ""
        return .failure(ChoiceError(words(.notAChoice, ["text": text, "hint": hint, "options": shown.joined(separator: words.comma), "count": String(options.count)])))
    }

    public struct ChoiceError: Error, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// What the question accepts, in words: "a number of at least 0, in USD".
    public static func expectation(_ fact: FactDeclaration, words: ToolWords = .english) -> String {
        let unit = fact.unit.map { words(.inUnit, ["unit": $0]) } ?? ""
        switch fact.kind {
        case .number(let low, let high):
            return words(.expectNumber, ["bounds": bounds(low.map(words.number), high.map(words.number), words), "unit": unit])
        case .integer(let low, let high):
            return words(.expectWholeNumber, ["bounds": bounds(low.map { words.number(Double($0)) }, high.map { words.number(Double($0)) }, words), "unit": unit])
        case .bool: return words(.expectYesNo)
        case .enumeration(let options):
            return words(.expectOneOf, ["options": options.map { InterviewText.choiceName($0, of: fact, words: words) }.joined(separator: words.comma), "count": String(options.count)])
        case .list(let options): return words(.expectAnyOf, ["count": String(options.count)])
        }
    }

    private static func bounds(_ low: String?, _ high: String?, _ words: ToolWords) -> String {
        switch (low, high) {
        case (let low?, let high?): return words(.boundsFromTo, ["low": low, "high": high])
        case (let low?, nil): return words(.boundsAtLeast, ["low": low])
        case (nil, let high?): return words(.boundsAtMost, ["high": high])
        case (nil, nil): return ""
        }
    }

    /// 是 or 否 (and 对, 不), as a Chinese founder answers yes or no.
    private static func chineseYesNo(_ text: String) -> Bool? {
        switch text {
        case "是", "是的", "对", "有": return true
        case "否", "不", "不是", "没有", "无": return false
        default: return nil
        }
    }
}

extension AnswerParser.ChoiceError: CustomStringConvertible {
    public var description: String { message }
}
