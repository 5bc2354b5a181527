import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// A copy of the shipped rule book with a Simplified Chinese catalogue written here that
/// translates every text it has today (each a Chinese phrase of its own, so no English text of
/// the book is left in it): the mechanism's tests hold whatever the shipped catalogue's progress
/// (`advisor check --strict` on the shipped book holds that, KnowledgeCLITests).
enum BilingualFixture {
    static let catalogueFile = "locales/zh-CN.yaml"

    /// `Rules/` copied into `folder`, with a complete zh-CN catalogue in place of the shipped one; the copy's path.
    static func rules(in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent("Rules"), to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent(catalogueFile))
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("locales"), withIntermediateDirectories: true)
        try catalogue(for: copy.path).write(to: copy.appendingPathComponent(catalogueFile), atomically: true, encoding: .utf8)
        return copy
    }

    /// `--rules` and the copy made by `rules(in:)`.
    static func rulesArguments(in folder: URL) throws -> [String] {
        ["--rules", try rules(in: folder).path]
    }

    /// A catalogue translating every text of the rule book in `folder`, in the format of
    /// Docs/rule-book-format.md, block style, one text a line.
    static func catalogue(for folder: String) throws -> String {
        // The rule book's own texts, whatever a catalogue in it says.
        let book = try RuleBookLoader.load(directory: folder).get()
        let texts = book.texts.source
        func translation(_ key: TextKey) -> String {
            // "文本" and a number in Chinese digits: Chinese, distinct, and no English text in it.
            let digits = Array("〇一二三四五六七八九")
            let number = (texts.keys.sorted().firstIndex(of: key) ?? 0) + 1
            return "“文本" + String(String(number).compactMap { $0.wholeNumberValue.map { digits[$0] } }) + "”"
        }
        func quoted(_ text: String) -> String { "\"" + text + "\"" }
        var lines = ["locale: zh-CN", "rulebook:"]
        for field in ["name", "decision"] where texts[.header(field)] != nil {
            lines.append("  \(field): \(quoted(translation(.header(field))))")
        }
        lines.append("facts:")
        for fact in book.facts {
            lines.append("  \(fact.id):")
            for field in ["name", "unit", "question", "help", "means"] where texts[.fact(fact.id, field: field)] != nil {
                lines.append("    \(field): \(quoted(field == "unit" ? "单位" + translation(.fact(fact.id, field: field)) : translation(.fact(fact.id, field: field))))")
            }
            let values = fact.valueMeanings.filter { texts[.factValue(fact.id, value: $0.value)] != nil }
            if !values.isEmpty {
                lines.append("    values:")
                for value in values { lines.append("      \(value.value): \(quoted(translation(.factValue(fact.id, value: value.value))))") }
            }
        }
        lines.append("models:")
        for model in book.models {
            lines.append("  \(model.id):")
            for field in ["name", "short", "summary"] where texts[.model(model.id, field: field)] != nil {
                lines.append("    \(field): \(quoted(translation(.model(model.id, field: field))))")
            }
            lines.append("    tradeoffs:")
            for tradeOff in model.tradeOffs {
                let id = String(tradeOff.id.dropFirst(model.id.count + 1))
                lines.append("      \(id): \(quoted(translation(.tradeOff(model.id, id: id))))")
            }
        }
        lines.append("rules:")
        for rule in book.rules.sorted(by: { $0.sourceIndex < $1.sourceIndex }) where texts[.rule(rule.id)] != nil {
            lines.append("  \(rule.id):")
            lines.append("    because: \(quoted(translation(.rule(rule.id))))")
        }
        lines.append("thresholds:")
        for fact in Set(book.thresholds.map(\.fact)).sorted() {
            lines.append("  \(fact):")
            for basis in book.thresholds where basis.fact == fact {
                lines.append("    \(FactValues.format(basis.value)): \(quoted(translation(.threshold(fact, value: basis.value))))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
