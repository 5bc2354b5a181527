import AdvisorEngine
import AdvisorReports
import Testing

/// The tool's own words: every phrase in every language, with the same placeholders, and
/// numbers as a reader of the language writes them.
@Suite struct ToolWordsTests {
    @Test func everyPhraseExistsInEveryLanguageWithTheEnglishPlaceholders() {
        let english = ToolWords("en")
        for language in ToolWords.languages {
            let words = ToolWords(language)
            #expect(words.language == language)
            for phrase in Phrase.allCases {
                let text = words(phrase)
                #expect(words.has(phrase), "\(language) has no text for \(phrase)")
                // A translation may leave a placeholder out (Chinese needs no {decision}), never invent
                // one: it uses those English shows, or those callers also fill in (`alsoFilled`).
                let filled = Set(TextPlaceholders.of(english(phrase))).union(ToolWords.alsoFilled[phrase] ?? [])
                let extra = Set(TextPlaceholders.of(text)).subtracting(filled)
                #expect(extra.isEmpty, "\(language) \(phrase) has placeholders English does not fill: \(extra)")
                // Only a phrase of placeholders and signs alone ("{name} {fit}", "{model} {old} -> {new}")
                // may read the same in every language.
                let wordsOnly = text.split(whereSeparator: { "{} ".contains($0) }).filter { !filled.contains(String($0)) && $0.contains(where: \.isLetter) }
                if language != "en", !wordsOnly.isEmpty {
                    #expect(text != english(phrase), "\(language) \(phrase) is still English")
                }
            }
        }
    }

    @Test func chineseWritesMyriadsAndEnglishGroupsThousands() {
        let zh = ToolWords("zh-CN"), en = ToolWords("en")
        #expect(en.number(150_000) == "150,000")
        #expect(zh.number(150_000) == "15万")
        #expect(zh.number(25_000) == "2.5万")
        #expect(zh.number(12_345) == "1.2345万")
        #expect(zh.number(9_999) == "9999")
        #expect(zh.number(300_000_000) == "3亿")
        #expect(zh.number(-20_000) == "-2万")
        #expect(zh.number(2.5) == "2.5")
        #expect(zh.withUnit(zh.number(150_000), "美元") == "15万美元")
        #expect(zh.withUnit("3", "USD") == "3 USD")
        #expect(en.withUnit("1", "years") == "1 year")
        #expect(zh.list(["甲", "乙", "丙"]) == "甲、乙和丙")
        #expect(en.list(["a", "b", "c"]) == "a, b and c")
        #expect(en.count(3, .unknownAnswers) == "three unknown answers")
        #expect(en.count(1, .unknownAnswers) == "one unknown answer")
        #expect(zh.count(3, .unknownAnswers) == "3个未知答案")
        #expect(zh.points(48) == "48分")
    }

    @Test func anUnknownLanguageSpeaksEnglish() {
        #expect(ToolWords("fr").language == "en")
        #expect(ToolWords("fr")(.yes) == "yes")
    }
}
