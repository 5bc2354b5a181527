import AdvisorEngine
import Ink

/// A report as one self-contained HTML page: the Markdown the templates wrote, rendered to HTML
/// by Ink, the fit chart inline as SVG where the Markdown has its image, inside the page template
/// (`page.html.mustache`: styles, a print stylesheet, a policy that loads nothing from elsewhere).
///
/// Rule-book and profile text reaches the page escaped twice over: the Markdown templates
/// escape it for Markdown (`MarkdownText.escape`, so `<` is `\<`), and Ink turns those escapes
/// into HTML entities; the page template escapes what it inserts itself for HTML.
enum HTMLPage {
    /// The image name the Markdown carries where the chart goes; never written as a file.
    static let chartPlaceholder = "advisor-inline-fit-chart.svg"

    /// The page of a Markdown text, with `chart` (an SVG document) in place of its chart image.
    static func render(markdown: String, chart: String?, title: String, advisorVersion: String, language: String, templates: ReportTemplates) -> String {
        var parser = MarkdownParser()
        if let chart {
            let inline = inlineSVG(chart)
            parser.addModifier(
                Modifier(target: .images) { html, _ in
                    html.contains("src=\"\(chartPlaceholder)\"") ? inline : html
                })
        }
        let body = parser.html(from: markdown)
        return templates.renderHTML(ReportTemplates.page, ["title": title, "advisorVersion": advisorVersion, "body": body, "lang": language])
    }

    /// An SVG document as an element of an HTML page: without its XML declaration.
    static func inlineSVG(_ document: String) -> String {
        guard document.hasPrefix("<?xml"), let end = document.range(of: "?>\n") else { return document }
        return String(document[end.upperBound...])
    }
}
