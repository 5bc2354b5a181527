import AdvisorEngine

/// The advisor's own words in each language it speaks: what reports, charts, the interview and
/// `advisor score` say around the rule book's texts ("fits you best", "at least", "3 points").
///
/// They are the tool's, not the rule book's: another rule book, for another decision, needs
/// the same words, so they live with the code (one table a language, `ToolWords+en.swift`,
/// `ToolWords+zh-CN.swift`) while the rule book's texts live in its catalogues. A phrase is
/// keyed by `Phrase`, with `{name}` placeholders its caller fills in; a test holds every table
/// complete and its placeholders the same as English's. How a language writes is in its table
/// too, not in code: its punctuation (`comma`, `semicolon`, `fullStop`, `parenthesised`), how
/// it joins a list (`listAnd`), spells small counts (`numberNames`, empty for digits), writes
/// large numbers (`largeNumbers`: Chinese 15万; empty: digits grouped by
/// `digitGroupSeparator`) and puts a unit after a number (`withUnit`, `withLatinUnit`,
/// `pluralSuffix`). A third language is a third table and a line in `tables`.
public struct ToolWords: Sendable {
    /// Each language's table, English (the fallback) first.
    static let tables: [(language: String, table: [Phrase: String])] = [("en", englishTable), ("zh-CN", chinese)]

    /// The languages the tool's words exist in.
    public static let languages = tables.map(\.language)
    public static let english = ToolWords("en")

    /// The language of these words (`en` for a language the tool does not speak).
    public let language: String
    let table: [Phrase: String]

    public init(_ language: String) {
        let found = ToolWords.tables.first { $0.language == language } ?? ToolWords.tables[0]
        self.language = found.language
        table = found.table
    }

    /// The values callers fill in beyond those the English text shows, which another language
    /// may show instead: Chinese names a model by its short name where English shows its id,
    /// a fact by its name, and a place in a ranking as 第3 where English writes 3rd.
    public static let alsoFilled: [Phrase: Set<String>] = [
        .modelWithId: ["short"], .modelRef: ["short"], .modelName: ["short"], .factRef: ["name"], .diffOrdinal: ["n"],
    ]

    /// True when this language's table has the phrase (else it is said in English).
    public func has(_ phrase: Phrase) -> Bool { table[phrase] != nil }

    /// A phrase, its `{placeholders}` filled in from `values`.
    public func callAsFunction(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
        var text = table[phrase] ?? ToolWords.englishTable[phrase] ?? phrase.rawValue
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// A counted phrase: the table's `one|many` forms (English), or its one form (Chinese has
    /// no plural), with `{n}` the number (spelled out where `numberNames` names it).
    public func count(_ number: Int, _ phrase: Phrase) -> String {
        let forms = self(phrase).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let form = number == 1 ? forms[0] : forms[forms.count - 1]
        return form.replacingOccurrences(of: "{n}", with: numberWord(number))
    }

    /// A counted phrase with the count in digits, grouped as the language groups them
    /// (`digitGroupSeparator`): "1 profile", "12,345 profiles"; "12345份档案".
    public func counted(_ number: Int, _ phrase: Phrase) -> String {
        let forms = self(phrase).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let form = number == 1 ? forms[0] : forms[forms.count - 1]
        return form.replacingOccurrences(of: "{n}", with: digits(number))
    }

    /// A count in digits, grouped as the language groups them: 12,345; 12345.
    public func digits(_ number: Int) -> String {
        let separator = self(.digitGroupSeparator)
        return separator.isEmpty ? String(number) : Number.grouped(number).replacingOccurrences(of: ",", with: separator)
    }

    func numberWord(_ number: Int) -> String {
        let names = self(.numberNames).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return number >= 0 && number < names.count && !names[number].isEmpty ? names[number] : String(number)
    }

    /// "a", "a and b", "a, b and c"; in Chinese "a、b和c". With `or`: "a, b or c", "a、b或c".
    public func list(_ items: [String], or: Bool = false) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: comma) + self(or ? .listOr : .listAnd) + (items.last ?? "")
        }
    }

    /// A text quoted as the language quotes what was typed or named: 'x', “x”.
    public func quoted(_ text: String) -> String { self(.quoted, ["text": text]) }

    /// A number as a reader of the language writes it: 150,000 and 2.5 in English; in Chinese
    /// 15万, 2.5万 and 3亿 from ten thousand up (exact: 12,345 is 1.2345万), plain digits below.
    public func number(_ value: Double) -> String {
        let magnitude = abs(value)
        for (unit, size) in largeNumbers where magnitude >= size {
            // Exact to four decimals (the digits a myriad holds), else the plain number.
            let scaled = (value / size * 10_000).rounded() / 10_000
            let text = FactValues.format(scaled)
            if !text.contains("e"), abs(scaled * size - value) < 0.005 { return text + unit }
        }
        let separator = self(.digitGroupSeparator)
        return separator.isEmpty ? Number.fit(value) : Number.grouped(value).replacingOccurrences(of: ",", with: separator)
    }

    /// `largeNumbers` ("亿 100000000|万 10000"): the units large numbers are counted in, largest first.
    private var largeNumbers: [(unit: String, size: Double)] {
        self(.largeNumbers).split(separator: "|").compactMap { entry in
            let parts = entry.split(separator: " ")
            guard parts.count == 2, let size = Double(parts[1]) else { return nil }
            return (String(parts[0]), size)
        }
    }

    /// A number with a unit: "25,000 USD", "1 year" (a plural unit loses its `pluralSuffix`
    /// after 1); in Chinese "2.5万美元", "3年", with a space only before a Latin unit ("2.5万 USD").
    public func withUnit(_ number: String, _ unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return number }
        let plural = self(.pluralSuffix)
        let one = number == "1" || number.hasSuffix(" 1")
        let shown = !plural.isEmpty && one && unit.count > plural.count && unit.hasSuffix(plural) ? String(unit.dropLast(plural.count)) : unit
        let latin = unit.unicodeScalars.first.map { $0.isASCII } ?? true
        return self(latin ? .withLatinUnit : .withUnit, ["number": number, "unit": shown])
    }

    /// Points of fit: "1 point", "48 points"; "48分".
    public func points(_ value: Double) -> String {
        value == 1 ? self(.pointsOne) : self(.pointsMany, ["n": Number.fit(value)])
    }

    /// A phrase in parentheses after a text: " (x)" in English, "（x）" in Chinese.
    public func parenthesised(_ text: String) -> String { self(.parenthesised, ["text": text]) }

    /// Between the items of an enumeration: ", " or "、".
    public var comma: String { self(.comma) }

    /// Between the parts of a list of clauses: "; " or "；".
    public var semicolon: String { self(.semicolon) }

    /// The end of a sentence: "." or "。".
    public var fullStop: String { self(.fullStop) }
}
