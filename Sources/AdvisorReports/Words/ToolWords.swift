import AdvisorEngine

/// The advisor's own words in each language it speaks: what reports, charts, the interview and
/// `advisor score` say around the rule book's texts ("fits you best", "at least", "3 points").
///
/// They are the tool's, not the rule book's: another rule book, for another decision, needs
/// the same words, so they live with the code (one table a language, `ToolWords+en.swift`,
/// `ToolWords+zh-CN.swift`) while the rule book's texts live in its catalogues. A phrase is
/// keyed by `Phrase`, with `{name}` placeholders its caller fills in; a test holds every table
/// complete and its placeholders the same as English's. How numbers, lists and counts are
/// written differs by more than words (Chinese writes 15万, joins with 、, counts with
/// measure words and no plurals), so those are functions here.
public struct ToolWords: Sendable {
    /// The languages the tool's words exist in.
    public static let languages = ["en", "zh-CN"]
    public static let english = ToolWords("en")

    /// The language of these words (`en` for a language the tool does not speak).
    public let language: String
    let table: [Phrase: String]

    public init(_ language: String) {
        switch language {
        case "zh-CN":
            self.language = language
            table = ToolWords.chinese
        default:
            self.language = "en"
            table = ToolWords.englishTable
        }
    }

    var isChinese: Bool { language == "zh-CN" }

    /// True when this language's table has the phrase (else it is said in English).
    public func has(_ phrase: Phrase) -> Bool { table[phrase] != nil }

    /// A phrase, its `{placeholders}` filled in from `values`.
    public func callAsFunction(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
        var text = table[phrase] ?? ToolWords.englishTable[phrase] ?? phrase.rawValue
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// A counted phrase: the table's `one|many` forms (English), or its one form (Chinese has
    /// no plural), with `{n}` the number (English spells out up to ten).
    public func count(_ number: Int, _ phrase: Phrase) -> String {
        let forms = self(phrase).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let form = number == 1 ? forms[0] : forms[forms.count - 1]
        return form.replacingOccurrences(of: "{n}", with: numberWord(number))
    }

    func numberWord(_ number: Int) -> String {
        guard !isChinese else { return String(number) }
        let names = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return number >= 0 && number < names.count ? names[number] : String(number)
    }

    /// "a", "a and b", "a, b and c"; in Chinese "a、b和c".
    public func list(_ items: [String]) -> String {
        let (comma, and) = isChinese ? ("、", "和") : (", ", " and ")
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: comma) + and + (items.last ?? "")
        }
    }

    /// A number as a reader of the language writes it: 150,000 and 2.5 in English; in Chinese
    /// 15万, 2.5万 and 3亿 from ten thousand up (exact: 12,345 is 1.2345万), plain digits below.
    public func number(_ value: Double) -> String {
        guard isChinese else { return Number.grouped(value) }
        let magnitude = abs(value)
        for (unit, size) in [("亿", 100_000_000.0), ("万", 10_000.0)] where magnitude >= size {
            // Exact to four decimals (the digits a myriad holds), else the plain number.
            let scaled = (value / size * 10_000).rounded() / 10_000
            let text = FactValues.format(scaled)
            if !text.contains("e"), abs(scaled * size - value) < 0.005 { return text + unit }
        }
        return Number.fit(value)
    }

    /// A number with a unit: "25,000 USD", "1 year" (a plural unit loses its "s" after 1); in
    /// Chinese "2.5万美元", "3年", with a space only before a Latin unit ("2.5万 USD").
    public func withUnit(_ number: String, _ unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return number }
        if isChinese {
            return (unit.unicodeScalars.first.map { $0.isASCII } ?? true) ? "\(number) \(unit)" : number + unit
        }
        let one = number == "1" || number.hasSuffix(" 1")
        return "\(number) \(one && unit.count > 1 && unit.hasSuffix("s") ? String(unit.dropLast()) : unit)"
    }

    /// Points of fit: "1 point", "48 points"; "48分".
    public func points(_ value: Double) -> String {
        value == 1 ? self(.pointsOne) : self(.pointsMany, ["n": Number.fit(value)])
    }

    /// A phrase in parentheses after a text: " (x)" in English, "（x）" in Chinese.
    public func parenthesised(_ text: String) -> String {
        isChinese ? "（\(text)）" : " (\(text))"
    }

    /// Between the items of an enumeration: ", " or "、".
    public var comma: String { isChinese ? "、" : ", " }

    /// Between the parts of a list of clauses: "; " or "；".
    public var semicolon: String { isChinese ? "；" : "; " }

    /// The end of a sentence: "." or "。".
    public var fullStop: String { isChinese ? "。" : "." }
}
