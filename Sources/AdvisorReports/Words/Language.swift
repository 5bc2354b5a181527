import AdvisorDiagnostics
import AdvisorEngine

/// Which language a command speaks: `--lang`, else `ADVISOR_LANG`, else the locale of the
/// environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. The languages on offer are the
/// tool's own (its words and templates, `ToolWords.languages`) and the rule book's catalogues.
public enum Language {
    /// The tool's languages and those of the rule book's catalogues (`catalogued`), English first, each once.
    public static func available(catalogued: [String]) -> [String] {
        var seen: Set<String> = []
        return (ToolWords.languages + catalogued.sorted()).filter { seen.insert($0).inserted }
    }

    /// A tag as written (`zh-CN`, `zh_cn`, `zh`, `EN`) as one of `available`: the same tag in any
    /// case with `_` or `-`, or a bare language when exactly one available tag has it.
    public static func match(_ written: String, among available: [String]) -> String? {
        let tag = written.replacingOccurrences(of: "_", with: "-").lowercased()
        if let exact = available.first(where: { $0.lowercased() == tag }) { return exact }
        let language = tag.split(separator: "-").first.map(String.init) ?? tag
        let sameLanguage = available.filter { ($0.lowercased().split(separator: "-").first.map(String.init) ?? "") == language }
        // `zh-TW` is not `zh-CN`: a region given must match; a bare `zh` may pick the only one.
        return sameLanguage.count == 1 && !tag.contains("-") ? sameLanguage[0] : nil
    }

    /// A POSIX locale (`zh_CN.UTF-8`, `en_US`, `C`) as a language tag (`zh-CN`, `en`); nil for
    /// `C`, `POSIX` and the empty locale, which name no language.
    public static func tag(ofLocale locale: String) -> String? {
        let name = locale.split(separator: ".").first.map(String.init) ?? locale
        let bare = name.split(separator: "@").first.map(String.init) ?? name
        guard !bare.isEmpty, bare != "C", bare != "POSIX" else { return nil }
        let parts = bare.split(separator: "_")
        // Simplified Chinese is written in mainland China and Singapore.
        if parts.first == "zh", parts.count > 1, ["CN", "SG", "Hans"].contains(String(parts[1])) { return "zh-CN" }
        return parts.map(String.init).joined(separator: "-")
    }

    /// The language to speak, or what is wrong with the one asked for.
    public static func resolve(requested: String?, environment: [String: String], available: [String]) -> Result<String, Diagnostic> {
        func unknown(_ tag: String, from origin: String) -> Diagnostic {
            Diagnostic(
                location: nil, message: "\(origin) asks for language '\(tag)', which this advisor and its rule book do not have",
                hint: "available: \(available.joined(separator: ", "))")
        }
        if let requested {
            return match(requested, among: available).map { .success($0) } ?? .failure(unknown(requested, from: "--lang"))
        }
        if let chosen = environment["ADVISOR_LANG"], !chosen.isEmpty {
            return match(chosen, among: available).map { .success($0) } ?? .failure(unknown(chosen, from: "ADVISOR_LANG"))
        }
        // The locale is a default for every program, not a request to this one: a locale the
        // advisor does not speak means English.
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let locale = environment[variable], !locale.isEmpty else { continue }
            guard let tag = tag(ofLocale: locale) else { break }
            return .success(match(tag, among: available) ?? RuleBookTexts.sourceLanguage)
        }
        return .success(RuleBookTexts.sourceLanguage)
    }

    /// The best of `available` for an HTTP `Accept-Language` header (`zh-CN,zh;q=0.9,en;q=0.8`):
    /// the highest weight first, the header's order among equals; nil when none is available.
    public static func fromAcceptLanguage(_ header: String, among available: [String]) -> String? {
        var ranges: [(tag: String, weight: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            guard let tag = parts.first, !tag.isEmpty, tag != "*" else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0 { ranges.append((tag, weight, order)) }
        }
        for range in ranges.sorted(by: { ($0.weight, -$0.order) > ($1.weight, -$1.order) }) {
            if let found = match(range.tag, among: available) { return found }
        }
        return nil
    }
}
