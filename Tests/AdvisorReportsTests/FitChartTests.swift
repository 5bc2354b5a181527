import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
@testable import AdvisorReports
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG chart of every model's fit, as a founder sees it: these check the layout the SVG
/// states (AdvisorCLITests' HTMLReportTests draw it in a real browser, inline in the HTML page).
@Suite struct FitChartTests {
    /// The `<text>` elements of an SVG: position, attributes and the lines they hold.
    struct Text {
        var x: Double
        var y: Double
        var attributes: [String: String]
        var lines: [String]
    }

    final class Collector: NSObject, XMLParserDelegate {
        var texts: [Text] = []
        var lines: [(x: Double, x2: Double, stroke: String)] = []
        var rootAttributes: [String: String] = [:]
        private var open: Text?
        private var characters = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "svg": rootAttributes = attributes
            case "text":
                open = Text(x: Double(attributes["x"] ?? "") ?? 0, y: Double(attributes["y"] ?? "") ?? 0, attributes: attributes, lines: [])
                characters = ""
            case "tspan": characters = ""
            case "line": lines.append((Double(attributes["x1"] ?? "") ?? 0, Double(attributes["x2"] ?? "") ?? 0, attributes["stroke"] ?? ""))
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { characters += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "tspan" { open?.lines.append(characters) }
            if name == "text", var text = open {
                if text.lines.isEmpty { text.lines = [characters] }
                texts.append(text)
                open = nil
            }
        }
    }

    static func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "the SVG does not parse: \(String(describing: parser.parserError))")
        return collector
    }

    static func chart(_ profile: Profile, book: RuleBook, title: String = "Fit") throws -> (Evaluation, Collector) {
        let evaluation = book.score(profile.facts)
        return (evaluation, try parse(FitChart.svg(evaluation, ruleBook: book, title: title)))
    }

    @Test func modelsAreLabelledByNameAndTheExcludedOnesApartBelowTheOthers() throws {
        let book = try Shipped.ruleBook()
        for profile in try Shipped.examples(book: book) {
            let (evaluation, svg) = try Self.chart(profile, book: book)
            let labels = svg.texts.filter { $0.attributes["text-anchor"] == "end" }
            #expect(labels.count == book.models.count, "\(profile.source)")
            let heading = svg.texts.first { $0.lines.first?.hasPrefix("Ruled out") == true }
            for (standing, label) in zip(evaluation.ranking, labels) {
                let model = book.models[standing.modelIndex]
                #expect(label.lines.joined(separator: " ").hasPrefix(model.shortName.prefix(12)), "\(profile.source): \(label.lines)")
                #expect(!label.lines.joined().contains("_"), "an id as a label: \(label.lines)")
                if standing.excluded {
                    #expect(heading.map { $0.y < label.y } == true, "\(profile.source): \(model.id) is not under the excluded heading")
                } else if let heading {
                    #expect(label.y < heading.y, "\(profile.source): \(model.id) is under the excluded heading")
                }
            }
            // Rows never overlap: each label's lines end above the next label's first line.
            for (upper, lower) in zip(labels, labels.dropFirst()) {
                #expect(upper.y + Double(upper.lines.count - 1) * 15 + 10 < lower.y, "\(profile.source): labels overlap")
            }
        }
    }

    @Test func noValueLabelCrossesTheNeutralLine() throws {
        let book = try Shipped.ruleBook()
        var moved = 0
        for profile in try Shipped.examples(book: book) {
            let (_, svg) = try Self.chart(profile, book: book)
            let neutral = try #require(svg.lines.first { $0.stroke == "#c53030" }).x
            for value in svg.texts where value.attributes["font-size"] == "12" {
                let width = TextWidth.estimate(value.lines.joined(), size: 12)
                #expect(!(value.x - 2 ... value.x + width + 2).contains(neutral), "\(profile.source): '\(value.lines[0])' crosses the neutral line")
                if abs(value.x - neutral - 6) < 0.01 { moved += 1 }
            }
        }
        #expect(moved > 0, "no example has a bar ending just short of the neutral line, so nothing was moved")
    }

    @Test func aLongTitleWrapsAndTheFontsCoverChineseText() throws {
        let book = try Shipped.ruleBook()
        let profile = try Shipped.examples(book: book)[0]
        let title = "Fit of each model: " + String(repeating: "a founder with a long name ", count: 5) + "韩国护肤品进口商在中国的跨境电商"
        let (_, svg) = try Self.chart(profile, book: book, title: title)
        let heading = try #require(svg.texts.first { $0.attributes["font-size"] == "16" })
        #expect(heading.lines.count >= 2)
        let width = try #require(Double(svg.rootAttributes["width"] ?? ""))
        for line in heading.lines { #expect(TextWidth.estimate(line, size: 16 * 1.1) <= width - 40, "\(line)") }
        #expect(heading.lines.joined(separator: " ").hasSuffix("进口商在中国的跨境电商") || heading.lines.last?.hasSuffix("…") == true)
        let fonts = try #require(svg.rootAttributes["font-family"])
        #expect(fonts.contains("Noto Sans CJK SC") && fonts.hasSuffix("sans-serif"))
    }

    @Test func wrappingBreaksAtSpacesAndBetweenChineseCharacters() {
        #expect(TextWidth.wrap("Shopping guide and rebate", width: 100, size: 13, lines: 2) == ["Shopping guide", "and rebate"])
        let chinese = TextWidth.wrap("跨境电商综合服务商", width: 70, size: 13, lines: 3)
        #expect(chinese.count == 2 && chinese.joined() == "跨境电商综合服务商")
        let cut = TextWidth.wrap("one two three four five six seven", width: 60, size: 13, lines: 2)
        #expect(cut.count == 2 && cut[1].hasSuffix("…"))
    }
}
