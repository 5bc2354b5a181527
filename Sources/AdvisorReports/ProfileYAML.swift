import AdvisorCEL
import AdvisorEngine

/// A founder's answers as a profile file (profile contract, version 1): YAML that `advisor score`
/// reads, and `advisor ask --resume` continues. Facts come in the rule book's declaration order,
/// so the same answers always give the same bytes.
public enum ProfileYAML {
    /// The profile's text. Skipped facts are written with an empty value (unknown, on purpose);
    /// facts not asked are left out. `comment` lines open the file with `# `.
    public static func text(
        ruleBook: RuleBook, answers: [String: CELValue], skipped: Set<String> = [], name: String? = nil, notes: String? = nil,
        comment: [String] = []
    ) -> String {
        var lines = comment.map { "# " + $0 }
        if let name { lines.append("name: " + quoted(name)) }
        if let notes { lines.append("notes: " + quoted(notes)) }
        for fact in ruleBook.askedFacts {
            if let value = answers[fact.id] {
                lines.append("\(fact.id): \(render(value))")
            } else if skipped.contains(fact.id) {
                lines.append("\(fact.id):  # skipped: unknown")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A value as YAML: numbers and booleans plain, words plain unless YAML would read them as
    /// something else, other text double-quoted, lists in brackets.
    public static func render(_ value: CELValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return "\(number)"
        case .uint(let number): return "\(number)"
        case .double(let number):
            var text = FactValues.format(number)
            // YAML 1.1 reads `1e+20` as text: give the exponent form a decimal point.
            if text.contains("e"), !text.contains(".") { text = text.replacingFirst("e", with: ".0e") }
            return text
        case .string(let text): return word(text)
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        default: return quoted(FactValues.render(value))
        }
    }

    /// Plain when it is a simple identifier YAML reads as text, quoted otherwise.
    static func word(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]
        let simple = text.first.map { $0.isLetter || $0 == "_" } ?? false
            && text.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
        return simple && !reserved.contains(text.lowercased()) ? text : quoted(text)
    }

    /// A YAML double-quoted string: every character YAML could misread or refuse is escaped.
    public static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
                || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let index = firstIndex(of: target) else { return self }
        return String(self[..<index]) + replacement + String(self[self.index(after: index)...])
    }
}
