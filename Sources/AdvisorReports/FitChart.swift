import AdvisorEngine

/// The chart of every model's fit: an SVG image for a page, and a text bar chart for a terminal
/// (and for the report itself, in a fenced block).
public enum FitChart {
    /// One bar.
    struct Bar {
        var model: String
        var name: String
        var short: String
        var fit: Double
        var excluded: Bool
        var recommended: Bool
    }

    static func bars(_ evaluation: Evaluation, ruleBook: RuleBook) -> [Bar] {
        evaluation.ranking.map { standing in
            Bar(
                model: standing.model, name: ruleBook.models[standing.modelIndex].name, short: ruleBook.models[standing.modelIndex].shortName, fit: standing.fit, excluded: standing.excluded,
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

    /// A text bar chart, one model a line, best first: short name, fit, bar, and a note.
    /// Its lines fit in `lineWidth` columns (the bars take what the names and notes leave).
    public static func text(_ evaluation: Evaluation, ruleBook: RuleBook, lineWidth: Int = MarkdownText.lineWidth) -> String {
        let words = ToolWords(ruleBook.language)
        let bars = bars(evaluation, ruleBook: ruleBook)
        let (low, high, _) = scale(bars, neutral: ruleBook.header.neutral)
        // Widths in terminal columns: a Chinese name takes two a character.
        let idWidth = bars.map { DisplayWidth.of($0.short) }.max() ?? 0
        let fits = bars.map { Number.fit($0.fit) }
        let fitWidth = fits.map(\.count).max() ?? 0
        let recommended = "  " + words(.noteRecommended), excluded = "  " + words(.noteExcluded)
        let barWidth = max(10, lineWidth - idWidth - fitWidth - 4 - max(DisplayWidth.of(recommended), DisplayWidth.of(excluded)))
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
            var line = TextLayout.padded(bar.short, to: idWidth) + "  " + fit.leftPadded(to: fitWidth) + "  " + drawn
            if bar.recommended { line += recommended }
            if bar.excluded { line += excluded }
            lines.append(line.trimmingTrailingSpaces())
        }
        let neutral = Number.fit(ruleBook.header.neutral)
        lines.append("")
        lines.append(words(.chartLegend, ["low": Number.fit(low), "high": Number.fit(high), "neutral": neutral]))
        return lines.joined(separator: "\n")
    }

    /// An SVG image of the same chart: horizontal bars labelled with the models' short names
    /// (wrapped to two lines when long), the models still in the running first and the excluded
    /// ones apart below them, hatched; the neutral fit as a dashed line that no label crosses; the
    /// title wrapped to the width. Same input, same bytes.
    public static func svg(_ evaluation: Evaluation, ruleBook: RuleBook, title: String) -> String {
        let words = ToolWords(ruleBook.language)
        let all = bars(evaluation, ruleBook: ruleBook)
        let ranked = all.filter { !$0.excluded }, excluded = all.filter(\.excluded)
        let neutralFit = ruleBook.header.neutral
        let (low, high, step) = scale(all, neutral: neutralFit)
        let width = 760.0, margin = 20.0, valueRoom = 130.0
        let labelSize = 13.0, valueSize = 12.0, smallSize = 11.0, titleSize = 16.0

        // Labels: the short name, wrapped to at most two lines of the label column.
        let labelColumn = min(230, max(120, (all.map { TextWidth.estimate($0.short, size: labelSize) }.max() ?? 0) + 16))
        let labels = all.map { TextWidth.wrap($0.short, width: labelColumn - 16, size: labelSize, lines: 2) }
        let barLeft = margin + labelColumn
        let barArea = width - barLeft - valueRoom - margin
        func x(_ fit: Double) -> Double {
            let share = (fit - low) / (high - low)
            return barLeft + (share.isFinite ? min(max(share, 0), 1) : 0) * barArea
        }

        // Vertical layout: title lines, the neutral label, the ranked rows, the excluded rows under
        // a heading of their own, the scale, the legend.
        let titleLines = TextWidth.wrap(title, width: width - 2 * margin, size: titleSize * 1.1, lines: 3)  // bold runs wider
        var y = margin + titleSize
        let titleTop = y
        y += Double(titleLines.count - 1) * (titleSize + 4) + 28
        let neutralLabelY = y
        y += 8
        let plotTop = y
        var rows: [(bar: Bar, label: [String], top: Double, height: Double)] = []
        func layRows(_ group: [Bar]) {
            for bar in group {
                let label = labels[all.firstIndex { $0.model == bar.model } ?? 0]
                let height = label.count > 1 ? 40.0 : 28.0
                rows.append((bar, label, y, height))
                y += height
            }
        }
        layRows(ranked)
        let rankedBottom = y
        var excludedHeadingY: Double?
        if !excluded.isEmpty {
            y += 26
            excludedHeadingY = y - 8
            layRows(excluded)
        }
        let plotBottom = y
        let height = plotBottom + 62

        let font = ("font-family", FitChart.fontStack)
        var svg: [String] = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        svg.append(
            XML.open(
                "svg",
                [
                    ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumber.format(width)), ("height", SVGNumber.format(height)),
                    ("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))"), ("role", "img"),
                    ("aria-labelledby", "chart-title chart-desc"), font,
                ]))
        svg.append("  " + XML.element("title", [("id", "chart-title")], text: title))
        let description = all.map { words(.chartBar, ["name": $0.name, "fit": Number.fit($0.fit)]) + ($0.excluded ? words.parenthesised(words(.noteExcluded)) : "") }
            .joined(separator: words.comma)
        svg.append("  " + XML.element("desc", [("id", "chart-desc")], text: words(.chartDescription, ["bars": description])))
        svg.append("  <defs>")
        svg.append(
            "    " + XML.open("pattern", [("id", "hatch"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)")]))
        svg.append("      " + XML.element("rect", [("width", "6"), ("height", "6"), ("fill", "#edf2f7")]))
        svg.append("      " + XML.element("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", "#a0aec0"), ("stroke-width", "2")]))
        svg.append("    </pattern>")
        svg.append("  </defs>")
        svg.append("  " + XML.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]))
        svg.append(
            "  " + XML.multiline(
                [("x", SVGNumber.format(margin)), ("y", SVGNumber.format(titleTop)), ("font-size", SVGNumber.format(titleSize)), ("font-weight", "bold"), ("fill", "#1a202c")],
                lines: titleLines, lineHeight: titleSize + 4))

        // Grid lines and the scale at every step.
        var tick = low
        var ticks = 0
        while tick <= high, ticks <= 100 {  // the count bounds a scale that is not finite
            ticks += 1
            let at = SVGNumber.format(x(tick))
            svg.append(
                "  " + XML.element(
                    "line", [("x1", at), ("y1", SVGNumber.format(plotTop)), ("x2", at), ("y2", SVGNumber.format(plotBottom)), ("stroke", "#edf2f7"), ("stroke-width", "1")]))
            svg.append(
                "  " + XML.element(
                    "text", [("x", at), ("y", SVGNumber.format(plotBottom + 16)), ("font-size", SVGNumber.format(smallSize)), ("fill", "#718096"), ("text-anchor", "middle")],
                    text: Number.fit(tick)))
            tick += step
        }
        if let headingY = excludedHeadingY {
            svg.append(
                "  " + XML.element(
                    "line", [("x1", SVGNumber.format(margin)), ("y1", SVGNumber.format(rankedBottom + 6)), ("x2", SVGNumber.format(width - margin)), ("y2", SVGNumber.format(rankedBottom + 6)), ("stroke", "#cbd5e0"), ("stroke-width", "1")]))
            svg.append(
                "  " + XML.element(
                    "text", [("x", SVGNumber.format(margin)), ("y", SVGNumber.format(headingY)), ("font-size", SVGNumber.format(smallSize)), ("font-weight", "bold"), ("fill", "#4a5568")],
                    text: words(.chartRuledOut)))
        }

        let neutralX = x(neutralFit)
        let zero = x(max(low, 0))
        if low < 0 {
            // Bars grow from zero, left for a negative fit: the zero line shows where they start.
            svg.append(
                "  " + XML.element(
                    "line", [("x1", SVGNumber.format(zero)), ("y1", SVGNumber.format(plotTop)), ("x2", SVGNumber.format(zero)), ("y2", SVGNumber.format(plotBottom)), ("stroke", "#a0aec0"), ("stroke-width", "1")]))
        }
        for row in rows {
            let bar = row.bar
            let middle = row.top + row.height / 2
            let end = x(bar.fit)
            let fill = bar.excluded ? "url(#hatch)" : (bar.recommended ? "#2b6cb0" : "#90cdf4")
            // The label, right-aligned against the bars, its lines centred on the row.
            let firstLine = middle - Double(row.label.count - 1) * (labelSize + 2) / 2 + labelSize * 0.35
            var label = [("x", SVGNumber.format(barLeft - 10)), ("y", SVGNumber.format(firstLine)), ("font-size", SVGNumber.format(labelSize)), ("fill", bar.excluded ? "#4a5568" : "#1a202c"), ("text-anchor", "end")]
            if bar.recommended { label.append(("font-weight", "bold")) }
            svg.append("  " + XML.multiline(label, lines: row.label, lineHeight: labelSize + 2))
            let rect = XML.open(
                "rect",
                [
                    ("x", SVGNumber.format(min(zero, end))), ("y", SVGNumber.format(middle - 10)), ("width", SVGNumber.format(abs(end - zero))),
                    ("height", "20"), ("fill", fill), ("stroke", bar.excluded ? "#a0aec0" : "none"),
                ])
            svg.append("  " + rect + XML.element("title", [], text: "\(bar.name): \(Number.fit(bar.fit))") + "</rect>")
            // The value after the bar's end; moved past the neutral line when it would cross it.
            var note = Number.fit(bar.fit)
            if bar.recommended { note += " · " + words(.noteRecommended) }
            let noteWidth = TextWidth.estimate(note, size: valueSize)
            var noteX = max(zero, end) + 6
            if noteX - 3 <= neutralX, neutralX <= noteX + noteWidth + 3 { noteX = neutralX + 6 }
            var value = [("x", SVGNumber.format(noteX)), ("y", SVGNumber.format(middle + valueSize * 0.35)), ("font-size", SVGNumber.format(valueSize)), ("fill", "#2d3748")]
            if bar.recommended { value.append(("font-weight", "bold")) }
            svg.append("  " + XML.element("text", value, text: note))
        }
        let neutral = SVGNumber.format(neutralX)
        svg.append(
            "  " + XML.element(
                "line",
                [
                    ("x1", neutral), ("y1", SVGNumber.format(plotTop)), ("x2", neutral), ("y2", SVGNumber.format(plotBottom)), ("stroke", "#c53030"),
                    ("stroke-width", "1.5"), ("stroke-dasharray", "4 3"),
                ]))
        svg.append(
            "  " + XML.element(
                "text", [("x", neutral), ("y", SVGNumber.format(neutralLabelY)), ("font-size", SVGNumber.format(smallSize)), ("fill", "#c53030"), ("text-anchor", "middle")],
                text: words(.chartNeutral, ["fit": Number.fit(neutralFit)])))
        svg.append(
            "  " + XML.element(
                "text", [("x", SVGNumber.format(margin)), ("y", SVGNumber.format(height - 14)), ("font-size", SVGNumber.format(smallSize)), ("fill", "#718096")],
                text: words(.chartFooter, ["fit": Number.fit(neutralFit)])))
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// Fonts for every script a rule book may be written in: the platform's interface font, then
    /// fonts with Chinese, Japanese and Korean glyphs, then any sans-serif.
    public static let fontStack =
        "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif"
}

/// Estimated widths of text in a sans-serif font, for laying labels out without font metrics:
/// generous, so that an estimate errs towards more room.
enum TextWidth {
    /// The width in pixels of `text` at a font size.
    static func estimate(_ text: String, size: Double) -> Double {
        var em = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                em += 1.0  // wide: CJK ideographs, kana, hangul, full-width forms
            case 0x20, 0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x69, 0x6A, 0x6C, 0x7C, 0x49:
                em += 0.3  // space, punctuation and narrow letters
            case 0x41...0x5A, 0x6D, 0x77:
                em += 0.72  // capitals, m and w
            default:
                em += 0.58
            }
        }
        return em * size
    }

    /// Text broken into lines no wider than `width`, at spaces (or between wide characters, which
    /// need none); at most `lines` lines, the last one shortened with an ellipsis when the text is
    /// longer still.
    static func wrap(_ text: String, width: Double, size: Double, lines maximum: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for (word, spaced) in words(text) {
            let candidate = current.isEmpty ? word : current + (spaced ? " " : "") + word
            if current.isEmpty || estimate(candidate, size: size) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        guard lines.count > maximum else { return lines }
        var last = lines[maximum - 1] + " " + lines[maximum...].joined(separator: " ")
        while estimate(last + "…", size: size) > width, last.count > 1 { last.removeLast() }
        while last.last == " " { last.removeLast() }
        return Array(lines.prefix(maximum - 1)) + [last + "…"]
    }

    /// Words to wrap at: runs between spaces, with each wide character a word of its own; each
    /// says whether a space came before it in the text (joined again, "自营B2C" keeps no space).
    static func words(_ text: String) -> [(word: String, spaced: Bool)] {
        var words: [(word: String, spaced: Bool)] = []
        var current = ""
        var spaced = false
        func end() {
            guard !current.isEmpty else { return }
            words.append((current, spaced))
            current = ""
            spaced = false
        }
        for character in text {
            if character == " " {
                end()
                spaced = true
            } else if isWide(character) {
                end()
                words.append((String(character), spaced))
                spaced = false
            } else {
                current.append(character)
            }
        }
        end()
        return words
    }

    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return estimate(String(scalar), size: 1) >= 1
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

    /// A `<text>` element of several lines, one `<tspan>` a line below the first.
    static func multiline(_ pairs: [(String, String)], lines: [String], lineHeight: Double) -> String {
        guard lines.count > 1, let x = pairs.first(where: { $0.0 == "x" })?.1 else { return element("text", pairs, text: lines.first ?? "") }
        let spans = lines.enumerated().map { index, line in
            element("tspan", index == 0 ? [("x", x)] : [("x", x), ("dy", SVGNumber.format(lineHeight))], text: line)
        }
        return open("text", pairs) + spans.joined() + "</text>"
    }

    /// The same escaping as HTML: it is valid XML 1.0 too (control characters become spaces).
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }
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
