import AdvisorEngine

/// The chart of every model's fit: an SVG image for a page, and a text bar chart for a terminal
/// (and for the report itself, in a fenced block).
public enum FitChart {
    /// One bar.
    struct Bar {
        var model: String
        var name: String
        var fit: Double
        var excluded: Bool
        var recommended: Bool
    }

    static func bars(_ evaluation: Evaluation, ruleBook: RuleBook) -> [Bar] {
        evaluation.ranking.map { standing in
            Bar(
                model: standing.model, name: ruleBook.models[standing.modelIndex].name, fit: standing.fit, excluded: standing.excluded,
                recommended: standing.model == evaluation.recommendation)
        }
    }

    /// The scale: zero (or the lowest fit, when below zero) to the highest fit or the neutral fit,
    /// rounded out to a step of 10, 20, 50, 100, ... chosen so there are at most a dozen steps.
    static func scale(_ bars: [Bar], neutral: Double) -> (low: Double, high: Double, step: Double) {
        let low = min(0, bars.map(\.fit).min() ?? 0)
        let high = max(neutral, bars.map(\.fit).max() ?? neutral)
        var step = 10.0
        let multipliers = [2.0, 2.5, 2.0]  // 10, 20, 50, 100, 200, 500, ...
        var turn = 0
        while (high - low) / step > 12, step < 1e12 {
            step *= multipliers[turn % 3]
            turn += 1
        }
        let roundedLow = (low / step).rounded(.down) * step
        var roundedHigh = (high / step).rounded(.up) * step
        if roundedHigh <= roundedLow { roundedHigh = roundedLow + step }
        return (roundedLow, roundedHigh, step)
    }

    /// A text bar chart, one model a line, best first: id, fit, bar, and a note.
    public static func text(_ evaluation: Evaluation, ruleBook: RuleBook, barWidth: Int = 40) -> String {
        let bars = bars(evaluation, ruleBook: ruleBook)
        let (low, high, _) = scale(bars, neutral: ruleBook.header.neutral)
        let idWidth = bars.map(\.model.count).max() ?? 0
        let fits = bars.map { Number.fit($0.fit) }
        let fitWidth = fits.map(\.count).max() ?? 0
        var lines: [String] = []
        // Bars grow from zero: right for a positive fit, left for a negative one.
        func column(_ fit: Double) -> Int {
            let share = (fit - low) / (high - low)
            return share.isFinite ? Int((min(max(share, 0), 1) * Double(barWidth)).rounded()) : 0
        }
        let zero = column(max(low, 0))
        for (bar, fit) in zip(bars, fits) {
            let end = max(0, min(barWidth, column(bar.fit)))
            let mark: Character = bar.excluded ? "░" : "█"
            let drawn = String(repeating: " ", count: min(zero, end)) + String(repeating: mark, count: abs(end - zero))
            var line = bar.model.padding(to: idWidth) + "  " + fit.leftPadded(to: fitWidth) + "  " + drawn
            if bar.recommended { line += "  recommended" }
            if bar.excluded { line += "  excluded" }
            lines.append(line.trimmingTrailingSpaces())
        }
        let neutral = Number.fit(ruleBook.header.neutral)
        lines.append("")
        lines.append("█ fit (scale \(Number.fit(low)) to \(Number.fit(high)); neutral \(neutral))   ░ excluded")
        return lines.joined(separator: "\n")
    }

    /// An SVG image of the same chart: horizontal bars, the neutral fit as a dashed line, the
    /// recommendation in a strong colour, excluded models hatched. Same input, same bytes.
    public static func svg(_ evaluation: Evaluation, ruleBook: RuleBook, title: String) -> String {
        let bars = bars(evaluation, ruleBook: ruleBook)
        let (low, high, step) = scale(bars, neutral: ruleBook.header.neutral)
        let labelWidth = 190.0, barArea = 420.0, rowHeight = 30.0, top = 56.0, left = 20.0
        let width = left + labelWidth + barArea + 130
        let bottom = top + Double(bars.count) * rowHeight
        let height = bottom + 44
        func x(_ fit: Double) -> Double {
            let share = (fit - low) / (high - low)
            return left + labelWidth + (share.isFinite ? min(max(share, 0), 1) : 0) * barArea
        }
        let sans = ("font-family", "sans-serif")

        var svg: [String] = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        svg.append(
            XML.open(
                "svg",
                [
                    ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)), ("height", SVGNumber.format(height)),
                    ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"), ("role", "img"),
                    ("aria-labelledby", "title desc"),
                ]))
        svg.append("  " + XML.element("title", [("id", "title")], text: title))
        let description = bars.map { "\($0.model) \(Number.fit($0.fit))\($0.excluded ? " (excluded)" : "")" }.joined(separator: ", ")
        svg.append("  " + XML.element("desc", [("id", "desc")], text: "Fit of each model, best first: \(description)."))
        svg.append("  <defs>")
        svg.append(
            "    " + XML.open("pattern", [("id", "hatch"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)")]))
        svg.append("      " + XML.element("rect", [("width", "6"), ("height", "6"), ("fill", "#edf2f7")]))
        svg.append("      " + XML.element("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", "#a0aec0"), ("stroke-width", "2")]))
        svg.append("    </pattern>")
        svg.append("  </defs>")
        svg.append("  " + XML.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]))
        svg.append(
            "  " + XML.element("text", [("x", SVGNumber.format(left)), ("y", "28"), sans, ("font-size", "16"), ("font-weight", "bold"), ("fill", "#1a202c")], text: title))
        // Grid lines at every step of the scale.
        var tick = low
        var ticks = 0
        while tick <= high, ticks <= 100 {  // the count bounds a scale that is not finite
            ticks += 1
            let at = SVGNumber.format(x(tick))
            svg.append(
                "  " + XML.element(
                    "line", [("x1", at), ("y1", SVGNumber.format(top - 8)), ("x2", at), ("y2", SVGNumber.format(bottom)), ("stroke", "#e2e8f0"), ("stroke-width", "1")]))
            svg.append(
                "  " + XML.element(
                    "text", [("x", at), ("y", SVGNumber.format(bottom + 16)), sans, ("font-size", "11"), ("fill", "#718096"), ("text-anchor", "middle")],
                    text: Number.fit(tick)))
            tick += step
        }
        for (row, bar) in bars.enumerated() {
            let y = top + Double(row) * rowHeight
            let zero = x(max(low, 0))
            let end = x(bar.fit)
            let fill = bar.excluded ? "url(#hatch)" : (bar.recommended ? "#2b6cb0" : "#90cdf4")
            var label = [("x", SVGNumber.format(left + labelWidth - 10)), ("y", SVGNumber.format(y + 19)), sans, ("font-size", "13"), ("fill", "#1a202c"), ("text-anchor", "end")]
            if bar.recommended { label.append(("font-weight", "bold")) }
            svg.append("  " + XML.element("text", label, text: bar.model))
            let rect = XML.open(
                "rect",
                [
                    ("x", SVGNumber.format(min(zero, end))), ("y", SVGNumber.format(y + 5)), ("width", SVGNumber.format(abs(end - zero))),
                    ("height", SVGNumber.format(rowHeight - 10)), ("fill", fill), ("stroke", bar.excluded ? "#a0aec0" : "none"),
                ])
            svg.append("  " + rect + XML.element("title", [], text: "\(bar.name): \(Number.fit(bar.fit))") + "</rect>")
            var note = Number.fit(bar.fit)
            if bar.recommended { note += "  recommended" }
            if bar.excluded { note += "  excluded" }
            var value = [("x", SVGNumber.format(max(zero, end) + 6)), ("y", SVGNumber.format(y + 19)), sans, ("font-size", "12"), ("fill", "#2d3748")]
            if bar.recommended { value.append(("font-weight", "bold")) }
            svg.append("  " + XML.element("text", value, text: note))
        }
        let neutral = SVGNumber.format(x(ruleBook.header.neutral))
        svg.append(
            "  " + XML.element(
                "line",
                [
                    ("x1", neutral), ("y1", SVGNumber.format(top - 8)), ("x2", neutral), ("y2", SVGNumber.format(bottom)), ("stroke", "#c53030"),
                    ("stroke-width", "1.5"), ("stroke-dasharray", "4 3"),
                ]))
        svg.append(
            "  " + XML.element(
                "text", [("x", neutral), ("y", SVGNumber.format(top - 12)), sans, ("font-size", "11"), ("fill", "#c53030"), ("text-anchor", "middle")],
                text: "neutral \(Number.fit(ruleBook.header.neutral))"))
        svg.append(
            "  " + XML.element(
                "text", [("x", SVGNumber.format(left)), ("y", SVGNumber.format(height - 10)), sans, ("font-size", "11"), ("fill", "#718096")],
                text: "Hatched: excluded by a knock-out (keeps its fit, never recommended)."))
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }
}

/// XML text and elements, escaped (SVG charts, HTML pages).
public enum XML {
    public static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    public static func open(_ name: String, _ pairs: [(String, String)]) -> String { "<\(name)\(attributes(pairs))>" }

    /// An element with text content, or empty (`<name .../>`) without.
    public static func element(_ name: String, _ pairs: [(String, String)], text: String? = nil) -> String {
        guard let text else { return "<\(name)\(attributes(pairs))/>" }
        return "<\(name)\(attributes(pairs))>\(escape(text))</\(name)>"
    }

    public static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n": output += " "  // not allowed in XML 1.0
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// Coordinates with at most two decimals and no trailing zeros, so the SVG's bytes are stable.
public enum SVGNumber {
    public static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "0" }
        let whole = Int64(hundredths)
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        let fraction = magnitude % 100
        var text = sign + String(magnitude / 100)
        if fraction != 0 {
            text += "." + (fraction < 10 ? "0" : "") + String(fraction)
            while text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }
}
