/// The formats a report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown, html
}

/// The few pieces of markup a report's ready-made phrases need (values named `...Code` and
/// `...Markup` in the templates), written for one format. Everything else a template inserts is
/// plain text, escaped by the template's content type.
struct Markup: Sendable {
    let format: ReportFormat

    /// Plain text, escaped.
    func text(_ plain: String) -> String {
        switch format {
        case .markdown: return MarkdownText.escape(plain)
        case .html: return HTMLText.escape(plain)
        }
    }

    /// An identifier as code.
    func code(_ plain: String) -> String {
        switch format {
        case .markdown: return MarkdownText.code(plain)
        case .html: return "<code>" + HTMLText.escape(plain) + "</code>"
        }
    }

    /// Text in italics (a quoted trade-off).
    func emphasis(_ plain: String) -> String {
        switch format {
        case .markdown: return "*" + MarkdownText.escape(plain) + "*"
        case .html: return "<em>" + HTMLText.escape(plain) + "</em>"
        }
    }

    /// A reference to the numbered sources list: "[3]", a link to the entry in HTML.
    func sourceReference(_ number: Int) -> String {
        switch format {
        case .markdown: return "\\[\(number)\\]"
        case .html: return "<a href=\"#source-\(number)\">[\(number)]</a>"
        }
    }
}

/// Text escaped for HTML, in element content and in double-quoted attribute values alike.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            // Control characters are not allowed in HTML text; a tab and a line break are.
            case _ where (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || (0x7F...0x9F).contains(scalar.value): output += " "
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
