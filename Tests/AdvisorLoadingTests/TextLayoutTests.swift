import Testing

@testable import AdvisorReports

/// Display width and wrapping, as a terminal shows text: what the interview's menus, help and
/// hints, and the reports' aligned tables rely on.
@Suite struct TextLayoutTests {
    @Test func charactersTakeTheColumnsATerminalGivesThem() {
        #expect(DisplayWidth.of("capital") == 7)
        #expect(DisplayWidth.of("跨境电商") == 8, "a CJK character takes two columns")
        #expect(DisplayWidth.of("保税区，海淘。") == 14, "fullwidth punctuation too")
        #expect(DisplayWidth.of("ＡＢ") == 4, "fullwidth Latin")
        #expect(DisplayWidth.of("한국") == 4, "Hangul syllables")
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2, "a Hangul syllable written as jamo is one wide character")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent takes none")
        #expect(DisplayWidth.of("Cafe\u{301} ok") == 7)
        #expect(DisplayWidth.of("a\u{200B}b") == 2, "a zero-width space takes none")
        #expect(DisplayWidth.of("👍") == 2 && DisplayWidth.of("👍🏽") == 2, "an emoji, with or without a skin tone")
        #expect(DisplayWidth.of("❤\u{FE0F}") == 2, "emoji presentation")
        #expect(DisplayWidth.of("🇨🇳") == 2, "a flag")
        #expect(DisplayWidth.of("\u{1B}") == 0 && DisplayWidth.of("\t") == 0, "control characters")
        #expect(DisplayWidth.of("\u{20000}") == 2 && DisplayWidth.of("\u{2FFFD}") == 2, "the ideographic planes")
        #expect(DisplayWidth.of("«é»") == 3)
    }

    @Test func wrappingBreaksAtSpacesAndNeverInsideAWord() {
        let text = "I run or contract a bonded or overseas warehouse and move stock in bulk"
        for width in [10, 20, 33, 60, 80] {
            let lines = TextLayout.wrap(text, width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(width): \(lines)")
            #expect(lines.joined(separator: " ") == text, "no word cut or lost at \(width): \(lines)")
            #expect(lines.allSatisfy { !$0.hasPrefix(" ") && !$0.hasSuffix(" ") })
        }
        #expect(TextLayout.wrap(text, width: 33) == ["I run or contract a bonded or", "overseas warehouse and move stock", "in bulk"])
    }

    @Test func prefixesStartTheFirstAndTheFollowingLines() {
        let lines = TextLayout.wrap("one two three four", width: 12, first: "  - ", rest: "    ")
        #expect(lines == ["  - one two", "    three", "    four"])
    }

    @Test func aWordLongerThanTheLineBreaksBetweenCharacters() {
        let lines = TextLayout.wrap("see https://example.com/a/very/long/path now", width: 12)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 12 }, "\(lines)")
        #expect(lines.joined() == "seehttps://example.com/a/very/long/pathnow")
        #expect(lines.first == "see")
    }

    @Test func chineseWrapsBetweenCharactersByWidthAndKeepsPunctuationWithItsCharacter() {
        let text = "跨境电商的保税区模式，适合资金充足、有仓储能力的卖家。"
        for width in [9, 10, 11, 20] {
            let lines = TextLayout.wrap(text, width: width)
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= width }, "\(width): \(lines)")
            #expect(lines.joined() == text, "nothing lost or cut mid-character at \(width)")
            #expect(lines.allSatisfy { !"，。、".contains($0.first ?? " ") }, "no line starts with closing punctuation: \(lines)")
        }
        #expect(TextLayout.wrap(text, width: 10).first == "跨境电商的")
        // Chinese beside English breaks at the space or between the two scripts.
        let mixed = TextLayout.wrap("选择 M2C 模式", width: 8)
        #expect(mixed.allSatisfy { DisplayWidth.of($0) <= 8 } && mixed.joined(separator: " ") == "选择 M2C 模式", "\(mixed)")
    }

    @Test func combiningMarksStayWithTheirLetter() {
        let text = "Cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e"
        let lines = TextLayout.wrap(text, width: 6)
        #expect(lines == ["Cafe\u{301}", "cre\u{300}me", "bru\u{302}le\u{301}e"])
        #expect(TextLayout.truncate("cre\u{300}me bru\u{302}le\u{301}e", to: 8) == "cre\u{300}me...")
    }

    @Test func lineBreaksInTheTextAreKept() {
        #expect(TextLayout.wrap("first line\n\nthird", width: 40, first: "> ", rest: "  ") == ["> first line", "  ", "  third"])
    }

    @Test func truncatingAndPaddingCountColumns() {
        #expect(TextLayout.truncate("保税区模式", to: 7) == "保税...")
        #expect(TextLayout.truncate("保税区模式", to: 8) == "保税...", "never half a character")
        #expect(TextLayout.truncate("short", to: 10) == "short")
        #expect(TextLayout.padded("海淘", to: 6) == "海淘  ")
        #expect(TextLayout.leftPadded("50", to: 4) == "  50")
        #expect(TextLayout.prefix("保税区", columns: 5) == "保税")
    }
}
