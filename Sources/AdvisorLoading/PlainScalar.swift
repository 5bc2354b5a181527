import Yams

/// The YAML type of a plain (unquoted) scalar, by the rules of Yams' default resolver
/// (YAML 1.1 as Yams applies it: `yes` is a bool, `~` a null, `0x1F` an int, `2024-01-01` a
/// timestamp), without a regular expression for the forms files are made of.
///
/// Yams resolves every scalar with `NSRegularExpression`; most scalars of a rule book or a
/// profile are words, sentences, `true`, or decimal numbers, which a look at their bytes
/// settles. Only the rare ambiguous forms (leading zeros, `_`, `:`, hex, dates, `<<`, `=`,
/// an exponent without a point) go to `Resolver.default`, so the answer is always Yams'.
enum PlainScalar {
    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
    static let trues: Set<String> = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]
    static let falses: Set<String> = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]

    /// The resolved tag of a plain scalar's text.
    static func tag(of text: String) -> Tag.Name {
        quickTag(of: text) ?? Resolver.default.resolveTag(of: Node(text))
    }

    /// The resolved tag when the text's bytes settle it, nil when only the full rules can.
    static func quickTag(of text: String) -> Tag.Name? {
        if nulls.contains(text) { return .null }
        if trues.contains(text) || falses.contains(text) { return .bool }
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        // Only these bytes can start a bool, int, float, merge, null, timestamp or value in
        // Yams' rules (the words among them were checked above): anything else is text.
        let starters: [UInt8] = Array("0123456789-+.<=~".utf8)
        guard starters.contains(first) else { return .str }
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        var digits = utf8[...]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard let lead = digits.first, isDigit(lead) else { return nil }
        // [-+]?(0|[1-9][0-9]*): an int (a leading zero is octal or a float: the full rules).
        if digits.allSatisfy(isDigit) {
            return lead != UInt8(ascii: "0") || digits.count == 1 ? .int : nil
        }
        // [-+]?[0-9]+\.[0-9]*([eE][-+]?[0-9]+)?: a float.
        var rest = digits.drop(while: isDigit)
        guard rest.first == UInt8(ascii: ".") else { return nil }
        rest = rest.dropFirst().drop(while: isDigit)
        guard let exponent = rest.first else { return .float }
        guard exponent == UInt8(ascii: "e") || exponent == UInt8(ascii: "E") else { return nil }
        rest = rest.dropFirst()
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy(isDigit) ? .float : nil
    }
}
