import AdvisorDiagnostics
import AdvisorEngine
import Mustache

/// A template file: its path as shown in messages, and its text.
public struct TemplateFile: Sendable, Hashable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The folder it sits in (`Templates`, `Templates/zh-CN`).
    public var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The name partials refer to it by: the file name without folders and `.mustache`.
    public var name: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
    }
}

/// The Mustache templates reports are written with: the shipped ones (`Templates/`, built in),
/// with any of them replaced by a consultant's own files of the same name.
///
/// Every template renders as Markdown: `{{name}}` escapes plain text for Markdown and
/// `{{{name}}}` inserts text that is already Markdown (see Docs/report-templates.md); but for
/// those named `*.html.mustache`, which are HTML and escape for HTML.
public struct ReportTemplates: Sendable {
    /// The template of one profile's report, of the index of a folder's reports, and of the HTML
    /// page either is put in.
    public static let report = "report"
    public static let index = "index"
    public static let page = "page.html"

    let library: MustacheLibrary
    /// Problems that do not stop rendering (an override no template uses).
    public let warnings: [Diagnostic]

    /// The folder of a language's templates inside a template folder (`Templates/zh-CN/`): each
    /// replaces the English template of the same name in that language; a template it lacks is
    /// the English one.
    public static func languageFolder(_ language: String) -> String { language }

    /// The shipped templates of `language` (the English ones, with those of `Templates/<language>/`
    /// replacing them) with `overrides` replacing those of the same name (and adding new
    /// partials). Every file is parsed and its partials resolved; errors name `file:line:col`.
    public static func load(language: String = "en", overrides: [TemplateFile] = []) -> Result<ReportTemplates, [Diagnostic]> {
        _ = MarkdownContentType.registered
        var files: [String: TemplateFile] = [:]
        for file in ShippedTemplates.files where file.folder == "Templates" { files[file.name] = file }
        for file in ShippedTemplates.files where file.folder == "Templates/" + languageFolder(language) { files[file.name] = file }
        let shippedNames = Set(files.keys)
        for file in overrides { files[file.name] = file }

        var problems: [Diagnostic] = []
        var library = MustacheLibrary()
        var references: [String: [TemplateTag]] = [:]
        for name in files.keys.sorted() {
            guard let file = files[name] else { continue }
            let tags = TemplateTag.scan(file)
            for tag in tags {
                switch tag.kind {
                case .setDelimiters:
                    problems.append(tag.diagnostic("changing the delimiters is not supported in report templates", hint: "keep {{ and }}"))
                case .dynamicPartial:
                    problems.append(tag.diagnostic("dynamic partials ({{>*name}}) are not supported in report templates", hint: "name the partial, e.g. {{> why}}"))
                default:
                    break
                }
            }
            references[name] = tags.filter { $0.kind == .partial }
            do {
                // Every template, partials included, renders as Markdown: the pragma is put in front
                // of the file's own text (one line, taken off again in error positions). HTML
                // templates keep the library's own content type, HTML; their lines get the same
                // first line so that error positions are taken off alike.
                let contentType = name.hasSuffix(".html") ? "{{! HTML }}" : "{{% CONTENT_TYPE: \(MarkdownContentType.name)}}"
                library.register(try MustacheTemplate(string: contentType + "\n" + file.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    Diagnostic(
                        location: SourceLocation(file: file.path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber),
                        message: TemplateTag.describe(error.error), hint: TemplateTag.hint(for: error.error), sourceLine: error.context.line))
            } catch {
                problems.append(Diagnostic(location: SourceLocation(file: file.path, line: 1, column: 1), message: "\(error)"))
            }
        }

        // Every partial must exist, and no template may include itself, however indirectly.
        for name in references.keys.sorted() {
            for tag in references[name] ?? [] where files[tag.name] == nil {
                problems.append(
                    tag.diagnostic(
                        "no template named '\(tag.name)'",
                        hint: NameSuggestion.hint(for: tag.name, among: files.keys.sorted()) ?? "add \(tag.name).mustache to the template folder"))
            }
        }
        problems += cycles(references)

        var warnings: [Diagnostic] = []
        let used = Set(references.values.flatMap { $0.map(\.name) }).union([report, index, page])
        for file in overrides where !used.contains(file.name) {
            var hint = "reports use: " + shippedNames.sorted().map { $0 + ".mustache" }.joined(separator: ", ")
            if let near = NameSuggestion.nearest(to: file.name, among: shippedNames) { hint = "did you mean '\(near).mustache'?" }
            warnings.append(
                Diagnostic(
                    severity: .warning, location: SourceLocation(file: file.path, line: 1, column: 1),
                    message: "no template includes '\(file.name)', so this file is not used", hint: hint))
        }
        guard problems.isEmpty else { return .failure(problems.sorted()) }
        return .success(ReportTemplates(library: library, warnings: warnings))
    }

    /// Renders a template with a view model, then tidies the Markdown (see `MarkdownText.tidy`).
    /// `lineWidth`: where prose is wrapped (`Int.max`: each paragraph on one line, for the HTML
    /// page, where a line break between two Chinese characters would show as a space).
    public func render(_ name: String, _ viewModel: [String: Any], lineWidth: Int = MarkdownText.lineWidth) -> String {
        MarkdownText.tidy(library.render(viewModel, withTemplate: name) ?? "", lineWidth: lineWidth)
    }

    /// Renders an HTML template as it is (its tags escape for HTML).
    public func renderHTML(_ name: String, _ viewModel: [String: Any]) -> String {
        library.render(viewModel, withTemplate: name) ?? ""
    }

    /// Partial references that lead back to where they started.
    private static func cycles(_ references: [String: [TemplateTag]]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var state: [String: Int] = [:]  // 1: being visited, 2: done
        func visit(_ name: String, path: [String]) {
            state[name] = 1
            for tag in references[name] ?? [] where references[tag.name] != nil {
                if state[tag.name] == 1 {
                    let loop = (path.drop { $0 != tag.name } + [name, tag.name]).joined(separator: " -> ")
                    problems.append(tag.diagnostic("templates include each other in a loop: \(loop)", hint: "remove one of these {{> ...}} tags"))
                } else if state[tag.name] == nil {
                    visit(tag.name, path: path + [name])
                }
            }
            state[name] = 2
        }
        for name in references.keys.sorted() where state[name] == nil { visit(name, path: []) }
        return problems
    }
}

/// A `{{...}}` tag found in a template's text, with its position.
struct TemplateTag {
    enum Kind: Equatable {
        case partial, dynamicPartial, setDelimiters, other
    }

    var kind: Kind
    var name: String
    var file: String
    var line: Int
    var column: Int
    var sourceLine: String

    func diagnostic(_ message: String, hint: String?) -> Diagnostic {
        Diagnostic(location: SourceLocation(file: file, line: line, column: column), message: message, hint: hint, sourceLine: sourceLine)
    }

    /// The tags of a template with the default delimiters: partials (`{{> name}}`, `{{< name}}`)
    /// and the tags the checks refuse.
    static func scan(_ file: TemplateFile) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                var inside = rest[open.upperBound...]
                guard let close = inside.range(of: "}}") else { break }
                rest = inside[close.upperBound...]
                inside = inside[..<close.lowerBound]
                let content = inside.trimmingPrefix { $0 == " " }
                guard let sigil = content.first else { continue }
                let body = content.dropFirst().trimmingPrefix { $0 == " " }
                let name = String(body.reversed().drop { $0 == " " }.reversed())
                var kind = TemplateTag.Kind.other
                switch sigil {
                case ">", "<": kind = name.hasPrefix("*") ? .dynamicPartial : .partial
                case "=": kind = .setDelimiters
                default: break
                }
                guard kind != .other else { continue }
                tags.append(TemplateTag(kind: kind, name: name, file: file.path, line: lineIndex + 1, column: column, sourceLine: String(line)))
            }
        }
        return tags
    }

    static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "this closing tag does not match the section that is open"
        case .unfinishedName?: return "this tag is not finished"
        case .expectedSectionEnd?: return "a section is never closed"
        case .invalidSetDelimiter?: return "this set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection?: return "a transform cannot apply to an inherited block"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: return "only {{$block}} overrides may appear inside {{<partial}}"
        case .invalidConfigVariableSyntax?: return "this {{% ...}} pragma is malformed"
        case .unrecognisedConfigVariable?: return "unknown pragma or content type"
        case nil: return "the template cannot be parsed (\(error))"
        }
    }

    static func hint(for error: Error) -> String? {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?, .expectedSectionEnd?: return "close each {{#name}} or {{^name}} with {{/name}}, innermost first"
        case .unfinishedName?: return "end the tag with }}"
        case .unrecognisedConfigVariable?: return "report templates render Markdown already; the only pragma is {{% CONTENT_TYPE: MARKDOWN}} (or TEXT)"
        default: return nil
        }
    }
}
