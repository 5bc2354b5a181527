import Foundation
import Testing

/// `advisor explain --format html` as a founder opens it: one self-contained page that an HTML5
/// parser reads without a single error and that a real browser (Debian's chromium, headless)
/// draws, with nothing in its console. The browser part takes about 3 seconds a page on a quiet
/// machine (three pages and one PDF here).
@Suite(.serialized) struct HTMLReportTests {
    /// Every example's HTML report and the index, written once into a temporary folder.
    static let shared: URL? = try? {
        let folder = try AdvisorProcess.temporaryFolder().appendingPathComponent("html")
        let result = try AdvisorProcess.run(["explain", "Examples/profiles", "--format", "html", "-o", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }()

    static func pages() throws -> [URL] {
        let folder = try #require(shared, "advisor explain Examples/profiles --format html -o ... failed")
        return try ExplainCLITests.files(in: folder, ending: ".html")
    }

    /// Python with html5lib: parses each page as a browser's HTML5 parser does and prints every
    /// parse error, then every `src` and `href` attribute (as `link: ...`), one a line.
    static let html5libCheck = """
        import sys
        try:
            import html5lib
        except ImportError:
            print("html5lib is not installed"); sys.exit(3)
        for path in sys.argv[1:]:
            parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
            tree = parser.parse(open(path, encoding="utf-8").read())
            for (line, column), code, data in parser.errors:
                print(f"{path}:{line}:{column}: {code} {data}")
            for element in tree.iter():
                for name in ("src", "href"):
                    if name in element.attrib:
                        print(f"link: {path} {element.attrib[name]}")
        """

    static func html5lib(_ files: [URL]) throws -> [String]? {
        guard let python = ExternalTool.require(["python3"], install: "apt-get install python3") else { return nil }
        let result = try python.run(["-c", html5libCheck] + files.map(\.path))
        if result.status == 3 {
            let message = "html5lib is not installed (pip install html5lib); scripts/test.sh installs it"
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record(Comment(rawValue: message)) } else { print("note: skipped a check: \(message)") }
            return nil
        }
        #expect(result.status == 0, "\(result.output)")
        return result.output.split(separator: "\n").map(String.init)
    }

    @Test func everyPageParsesWithoutErrorsAndLoadsNothingFromElsewhere() throws {
        let pages = try Self.pages()
        #expect(pages.count == (try AdvisorProcess.examples().count) + 1, "one page per profile and index.html")
        guard let lines = try Self.html5lib(pages) else { return }
        let errors = lines.filter { !$0.hasPrefix("link: ") }
        #expect(errors.isEmpty, "HTML parse errors:\n\(errors.joined(separator: "\n"))")
        for link in lines.filter({ $0.hasPrefix("link: ") }) {
            let parts = link.dropFirst("link: ".count).split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let (page, target) = (URL(fileURLWithPath: parts[0]).lastPathComponent, parts[1])
            if page == "index.html" {
                // The index links the reports beside it, nothing else.
                #expect(target.hasSuffix(".html") && !target.contains("/") && !target.contains(":"), "index.html links \(target)")
            } else {
                #expect(target.hasPrefix("#"), "\(page) refers to \(target): a report must not need another file")
            }
        }
        for page in pages where page.lastPathComponent != "index.html" {
            let text = try String(contentsOf: page, encoding: .utf8)
            #expect(text.contains("<svg") && text.contains("Fit of each model"), "\(page.lastPathComponent): no inline chart")
            #expect(text.contains("@media print"), "\(page.lastPathComponent): no print stylesheet")
        }
    }

    @Test func textFromTheProfileAndTheRuleBookIsEscaped() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        // A rule book whose first model's name carries markup, and a profile whose name does.
        let rules = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent("Rules"), to: rules)
        let models = rules.appendingPathComponent("models.yaml")
        let original = try String(contentsOf: models, encoding: .utf8)
        let m2c = #"name: "M2C: brand or authorized merchant sells on a cross-border platform""#
        #expect(original.contains(m2c), "the shipped M2C name changed; update this test")
        try original.replacingOccurrences(of: m2c, with: #"name: '<script>alert("model")</script> & <b>bold</b>'"#)
            .write(to: models, atomically: true, encoding: .utf8)
        let source = try String(contentsOf: AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/m2c-korean-skincare-brand.yaml"), encoding: .utf8)
        let profile = folder.appendingPathComponent("founder.yaml")
        try source.replacingOccurrences(of: "name: Korean skincare brand entering China", with: #"name: "<img src=x onerror=alert(1)> & <i>founder</i>""#)
            .write(to: profile, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: profile, encoding: .utf8).contains("<img src=x"), "the example's name line changed; update this test")
        let page = folder.appendingPathComponent("founder.html")
        let result = try AdvisorProcess.run(["explain", "--rules", rules.path, profile.path, "--format", "html", "-o", page.path])
        try #require(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(!html.contains("<script"), "a <script> element from the rule book reached the page")
        #expect(!html.contains("<img") && !html.contains("<b>bold") && !html.contains("<i>founder"), "markup from the inputs reached the page")
        #expect(html.contains("&lt;script&gt;alert(") && html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the text itself is gone")
        if let lines = try Self.html5lib([page]) {
            #expect(lines.allSatisfy { $0.hasPrefix("link: ") && $0.contains(" #") }, "parse errors or links out:\n\(lines.joined(separator: "\n"))")
        }
    }

    /// Chromium headless, with a profile folder of its own, logging the page's console to
    /// standard error; nothing fetched, nothing downloaded (the binary is Debian's, by path).
    static func chromium(_ arguments: [String], page: URL) throws -> String? {
        guard let browser = ExternalTool.require(["chromium", "chromium-browser"], install: "apt-get install chromium") else { return nil }
        let profile = try AdvisorProcess.temporaryFolder().appendingPathComponent("chromium-profile")
        let result = try browser.run(
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
            ] + arguments + [page.absoluteString])
        #expect(result.status == 0, "chromium failed:\n\(result.output)")
        return result.output
    }

    /// Python with Pillow: the share of pixels that are not the background, and how many colours.
    static let inkCheck = """
        import sys
        from PIL import Image
        image = Image.open(sys.argv[1]).convert("RGB")
        background = image.getpixel((0, 0))
        pixels = list(image.getdata())
        inked = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, background)) > 60)
        print(f"{image.width} {image.height} {inked / len(pixels):.4f} {len(set(pixels))}")
        """

    @Test func aRealBrowserDrawsThePagesWithNothingInTheConsole() throws {
        let pages = try Self.pages().filter {
            ["m2c-korean-skincare-brand.html", "b2c-discount-importer-vs-flash-sales.html", "index.html"].contains($0.lastPathComponent)
        }
        #expect(pages.count == 3)
        let shots = try AdvisorProcess.temporaryFolder()
        for page in pages {
            let png = shots.appendingPathComponent(page.lastPathComponent + ".png")
            guard let log = try Self.chromium(["--screenshot=\(png.path)", "--window-size=1000,1400"], page: page) else { return }
            let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
            #expect(console.isEmpty, "\(page.lastPathComponent): the browser's console says:\n\(console.joined(separator: "\n"))")
            #expect(FileManager.default.fileExists(atPath: png.path), "\(page.lastPathComponent): no screenshot\n\(log)")
            guard let python = ExternalTool.require(["python3"], install: "apt-get install python3") else { return }
            let measured = try python.run(["-W", "ignore", "-c", Self.inkCheck, png.path])
            try #require(measured.status == 0, "Pillow could not read the screenshot (pip install pillow; scripts/test.sh installs it):\n\(measured.output)")
            let figures = (measured.output.split(separator: "\n").first ?? "").split(separator: " ").compactMap { Double($0) }
            try #require(figures.count == 4, "\(measured.output)")
            #expect(figures[0] == 1000 && figures[1] == 1400)
            // Text, bars and tables cover a good part of a page; a blank or unstyled-error page does not.
            #expect(figures[2] > 0.03, "\(page.lastPathComponent): the screenshot is nearly blank (\(figures[2]) of its pixels drawn)")
            #expect(figures[3] > 50, "\(page.lastPathComponent): the screenshot has only \(Int(figures[3])) colours")
        }
    }

    /// The print stylesheet at work: the browser's "print to PDF" gives a document of pages.
    @Test func printingToPDFGivesADocumentOfSeveralPages() throws {
        let page = try #require(try Self.pages().first { $0.lastPathComponent == "m2c-korean-skincare-brand.html" })
        let pdf = try AdvisorProcess.temporaryFolder().appendingPathComponent("report.pdf")
        guard let log = try Self.chromium(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer"], page: page) else { return }
        let data = try Data(contentsOf: pdf)
        #expect(data.starts(with: Data("%PDF".utf8)), "not a PDF:\n\(log)")
        // The page tree's root counts every page (the largest /Count): the founder's page, then
        // the appendix over several more.
        let text = String(decoding: data, as: UTF8.self)
        let counts = text.components(separatedBy: "/Count ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect((counts.max() ?? 0) >= 2, "the PDF has \(counts.max() ?? 0) pages")
    }
}
