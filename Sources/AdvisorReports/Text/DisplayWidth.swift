/// How many columns text takes on a terminal or in a monospaced table: a CJK character or an
/// emoji takes two, a combining mark or a zero-width character none, anything else one. A
/// `Character` is a grapheme cluster, so "é" written as e + U+0301 is one character of width 1.
///
/// The wide characters are Unicode's East Asian Width W and F (`WideCharacters.swift`, generated
/// by `scripts/generate-wide-characters.py`); ambiguous-width characters (A) count one column, as
/// terminals outside East Asian locales show them.
public enum DisplayWidth {
    /// The columns of one code point: 0, 1 or 2. Control characters take none.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }  // Latin, without a look-up
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return value == 0xAD ? 1 : 0  // a soft hyphen shows; joiners and marks do not
        default: break
        }
        // Hangul vowels and final consonants join the syllable before them.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// The columns of one grapheme cluster: those of its first visible code point, or two for an
    /// emoji asked for in emoji presentation (U+FE0F) or a flag (two regional indicators).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return of(first) }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        for scalar in scalars {
            let width = of(scalar)
            if width > 0 { return width }
        }
        return 0
    }

    /// The columns of text, summed over its characters.
    public static func of<Text: StringProtocol>(_ text: Text) -> Int {
        var total = 0
        for character in text {
            if character.isASCII {
                total += character == "\u{7F}" || (character.asciiValue ?? 0) < 0x20 ? 0 : 1
            } else {
                total += of(character)
            }
        }
        return total
    }

    /// Whether a code point is East Asian wide or fullwidth: a binary search of the ranges.
    static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideCharacterRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideCharacterRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
