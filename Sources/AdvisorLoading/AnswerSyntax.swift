import AdvisorCEL
import AdvisorEngine
import Foundation

/// How people write a fact's value as text: an answer typed in the interview, a spreadsheet's
/// cell, a web form's field. One syntax for all of them, so that `30,000` means the same
/// wherever it is typed.
///
/// - Numbers: `30000`, `30,000` (or `30 000`, `30_000`: digits grouped in threes), `1.5`,
///   `30k`, `1.5m`, the Chinese myriads `5万` (50,000), `1.5万`, `2亿` (200,000,000), a
///   leading currency sign or a unit code when the fact's unit is that currency (`$30,000`,
///   `USD 30k`), and the unit after the number (`3 years`, `5万美元` when a catalogue
///   translates the unit as 美元).
/// - Choices: the value as declared, or written in other case when only one value matches.
/// - Yes or no: `yes`, `no`, `y`, `n`, `true`, `false`, in any case.
public enum AnswerSyntax {
    /// Why a text is not a value of the fact, with the fix.
    public struct Problem: Error, Sendable, Hashable {
        public var message: String
        public var hint: String?
        public init(_ message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }
    }

    /// Currency signs and the ISO codes they can stand for. A sign is accepted only when the
    /// fact's unit is one of its codes (`¥` is both yuan and yen).
    static let currencySigns: [(sign: String, codes: [String])] = [
        ("US$", ["USD"]), ("HK$", ["HKD"]), ("A$", ["AUD"]), ("C$", ["CAD"]), ("S$", ["SGD"]),
        ("$", ["USD", "HKD", "AUD", "CAD", "SGD", "NZD", "TWD", "MXN"]),
        ("€", ["EUR"]), ("£", ["GBP"]), ("¥", ["CNY", "JPY", "RMB"]), ("￥", ["CNY", "JPY", "RMB"]), ("₩", ["KRW"]),
    ]

    /// Separators accepted between groups of three digits.
    static let groupSeparators: Set<Character> = [",", "_", " ", "\u{00A0}", "\u{202F}"]

    /// Scale words after a number: thousand, million, and the Chinese 万 (ten thousand) and 亿
    /// (a hundred million), which is how Chinese founders write money (`15万`, not `150k`).
    /// By the power of ten each multiplies with: the decimal point moves, so `1.1万` is exactly
    /// 11000 (1.1 × 10000 in binary floating point is not).
    static let scales: [(suffix: Character, digits: Int)] = [
        ("k", 3), ("K", 3), ("m", 6), ("M", 6), ("万", 4), ("萬", 4), ("亿", 8), ("億", 8),
    ]

    /// A number for `fact`: in the unit the rule book writes (`USD`), or after the number in the
    /// unit its texts show in a translated rule book (`美元`).
    public static func number(_ text: String, for fact: FactDeclaration) -> Result<Double, Problem> {
        let result = number(text, unit: fact.answerUnit)
        guard case .failure = result, let shown = fact.unit, shown != fact.answerUnit, text.hasSuffix(shown) else { return result }
        let bare = String(text.dropLast(shown.count))
        guard !bare.trimmingCharacters(in: .whitespaces).isEmpty else { return result }
        return number(bare, unit: fact.answerUnit)
    }

    /// A number as people write it (see the type's summary); `unit` is the fact's unit.
    public static func number(_ text: String, unit: String?) -> Result<Double, Problem> {
        if let plain = plainNumber(text) { return .success(plain) }
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let original = String(rest)
        let notANumber = Problem("'\(original)' is not a number")
        var negative = false
        func takeSign() {
            if rest.first == "-" || rest.first == "+" || rest.first == "\u{2212}" {
                negative = rest.first != "+"
                rest = rest.dropFirst()
            }
        }
        takeSign()
        // A currency sign or unit code before the number, then after it.
        if let problem = takeUnit(&rest, leading: true, unit: unit, original: original) { return .failure(problem) }
        if !negative { takeSign() }
        rest = rest.drop { $0 == " " }
        if let problem = takeUnit(&rest, leading: false, unit: unit, original: original) { return .failure(problem) }
        rest = Substring(rest.trimmingCharacters(in: .whitespaces))
        var shift = 0
        if let last = rest.last, let found = scales.first(where: { $0.suffix == last }) {
            shift = found.digits
            rest = rest.dropLast()
        }
        rest = Substring(rest.trimmingCharacters(in: .whitespaces))
        guard let digits = plainDigits(rest, original: original) else { return .failure(notANumber) }
        switch digits {
        case .failure(let problem): return .failure(problem)
        case .success(let plain):
            guard let number = Double(shift == 0 ? plain : plain + "e\(shift)"), number.isFinite || shift > 0 else { return .failure(notANumber) }
            let scaled = negative ? -number : number
            guard scaled.isFinite else { return .failure(Problem("'\(original)' is too large a number", hint: "numbers go up to about 1.8e308")) }
            return .success(scaled)
        }
    }

    /// Takes a currency sign or the unit's name off the start (or end) of `rest`; a sign or
    /// a currency code that is not the fact's unit is a problem.
    private static func takeUnit(_ rest: inout Substring, leading: Bool, unit: String?, original: String) -> Problem? {
        let lowerUnit = unit?.lowercased()
        if let unit, !unit.isEmpty {
            let word = unit.lowercased()
            let lowered = rest.lowercased()
            if leading, lowered.hasPrefix(word), rest.dropFirst(word.count).first.map({ $0 == " " || $0.isNumber }) ?? false {
                rest = rest.dropFirst(word.count)
                return nil
            }
            if !leading, lowered.hasSuffix(word), rest.dropLast(word.count).last.map({ last in last == " " || last.isNumber || scales.contains { $0.suffix == last } }) ?? false {
                rest = rest.dropLast(word.count)
                return nil
            }
        }
        guard leading else { return nil }
        for (sign, codes) in currencySigns where rest.hasPrefix(sign) {
            guard let lowerUnit, codes.contains(where: { $0.lowercased() == lowerUnit }) else {
                let expected = unit.map { "the value is in \($0)" } ?? "the value has no currency"
                return Problem("'\(original)' is written in \(sign), but \(expected)", hint: "give the number alone\(unit.map { ", in \($0)" } ?? "")")
            }
            rest = rest.dropFirst(sign.count)
            return nil
        }
        return nil
    }

    /// The digits of a number with its group separators taken out, nil when it holds
    /// anything but digits, separators and one decimal point, or a problem when the
    /// separators do not group the digits in threes (`1,5`: a decimal comma is not guessed).
    private static func plainDigits(_ text: Substring, original: String) -> Result<String, Problem>? {
        guard let first = text.first, first.isASCII, first.isNumber || first == "." else { return nil }
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0]
        if let fraction = parts.count == 2 ? parts[1] : nil {
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return fraction.contains(where: groupSeparators.contains) ? .failure(groupProblem(original)) : nil
            }
        }
        guard whole.allSatisfy({ ($0.isASCII && $0.isNumber) || groupSeparators.contains($0) }) else { return nil }
        let separators = Set(whole.filter(groupSeparators.contains))
        if !separators.isEmpty {
            guard separators.count == 1, let separator = separators.first else { return .failure(groupProblem(original)) }
            let groups = whole.split(separator: separator, omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .failure(groupProblem(original))
            }
        }
        let plain = whole.filter { $0.isNumber } + (parts.count == 2 ? "." + parts[1] : "")
        return plain.isEmpty || plain == "." ? nil : .success(plain)
    }

    private static func groupProblem(_ original: String) -> Problem {
        Problem(
            "'\(original)' is not a number: separators must group the digits in threes",
            hint: "write thousands as 30,000 or 30000, and decimals with a point: 1.5")
    }

    /// Yes or no in words.
    public static func bool(_ text: String) -> Bool? {
        switch text {
        case "true": return true
        case "false": return false
        default: break
        }
        switch trimmed(text).lowercased() {
        case "y", "yes", "true": return true
        case "n", "no", "false": return false
        default: return nil
        }
    }

    /// The position of a declared value written exactly, or in other case when exactly one
    /// value matches that way.
    public static func option(_ text: String, among options: [String]) -> Int? {
        if let exact = options.firstIndex(of: text) { return exact }
        let lowered = text.lowercased()
        let matches = options.indices.filter { options[$0].lowercased() == lowered }
        return matches.count == 1 ? matches[0] : nil
    }

    /// A cell of a spreadsheet (or a form's field) as the value of `fact`: nil for an empty
    /// cell (unknown). Lists are values joined with `;`, `[]` for an empty list. The value's
    /// range is checked afterwards, like any profile's (`FactValues.validate`).
    public static func cell(_ text: String, for fact: FactDeclaration) -> Result<CELValue?, Problem> {
        let text = trimmed(text)
        if text.isEmpty { return .success(nil) }
        // Built only for a message: a cell that reads well needs no words.
        var name: String { "'" + fact.id + "'" }
        switch fact.kind {
        case .number, .integer:
            switch number(text, for: fact) {
            case .failure(let problem):
                let expected = FactValues.expectation(for: fact.kind) + (fact.unit.map { ", in \($0)" } ?? "")
                return .failure(Problem("\(name): \(problem.message)", hint: problem.hint ?? expected))
            case .success(let value):
                if case .integer = fact.kind, value.rounded() == value, let whole = Int64(exactly: value) { return .success(.int(whole)) }
                return .success(.double(value))
            }
        case .bool:
            guard let flag = bool(text) else {
                return .failure(Problem("\(name) must be yes or no, not '\(text)'", hint: "write true or false (or yes, no)"))
            }
            return .success(.bool(flag))
        case .enumeration(let options):
            guard let index = option(text, among: options) else {
                return .failure(Problem("\(name) cannot be '\(text)'", hint: NameSuggestion.hint(for: text, among: options, listing: true)))
            }
            return .success(.string(options[index]))
        case .list(let options):
            if text == "[]" { return .success(.list([])) }
            var items: [CELValue] = []
            // Split on the bytes: splitting the characters costs several times more (measured).
            for item in text.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
                let value = trimmed(Substring(item))
                guard let index = option(value, among: options) else {
                    return .failure(
                        Problem(
                            value.isEmpty ? "\(name) has an empty item in '\(text)'" : "\(name) cannot contain '\(value)'",
                            hint: value.isEmpty ? "join the values with one ';' and write [] for none" : NameSuggestion.hint(for: value, among: options, listing: true)))
                }
                items.append(.string(options[index]))
            }
            return .success(.list(items))
        }
    }
}

// MARK: - The common cell, fast

/// A spreadsheet of a hundred thousand rows has over a million cells, nearly all plain: these
/// read them without Foundation, whose trimming goes through NSString on Linux and cost more
/// than the rest of reading a row (measured: two thirds of `advisor score cohort.csv`).
extension AnswerSyntax {
    /// `text` without the white space around it; Foundation's trimming runs only when there
    /// is some to trim.
    static func trimmed(_ text: some StringProtocol) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return "" }
        if !isWhitespace(first) && !isWhitespace(last) { return String(text) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `CharacterSet.whitespaces` (space, tab and the other Unicode spaces), asked only beyond
    /// ASCII: the set is built anew at each use.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return CharacterSet.whitespaces.contains(scalar)
    }

    /// The common cell, plain ASCII digits with at most one decimal point (`30000`, `1.5`),
    /// read straight from its bytes; nil for anything else, which `number` reads.
    static func plainNumber(_ text: String) -> Double? {
        var digits = 0
        var point = -1
        var count = 0
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: "."), point < 0 {
                point = count
            } else {
                return nil
            }
            count += 1
        }
        // `5.` is not a number (the fraction after a point is required); `.5` is.
        guard digits > 0, point != count - 1, let number = Double(text), number.isFinite else { return nil }
        return number
    }
}
