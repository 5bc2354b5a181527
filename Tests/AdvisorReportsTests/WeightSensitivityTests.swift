import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import Foundation
import Testing

/// How sure an answer is to the rule book's own weights: the figure the founder's page and
/// `advisor check --sensitivity` state, verified by editing a copy of the rule book's YAML.
@Suite struct WeightSensitivityTests {
    /// The recommendation as the profile contract (revision 2) has it: none when the best two
    /// admissible models tie, whatever their id order.
    static func clearWinner(_ evaluation: Evaluation) -> String? {
        let admissible = evaluation.ranking.filter { !$0.excluded }
        guard let first = admissible.first else { return nil }
        if admissible.count > 1, admissible[1].fit == first.fit { return nil }
        return first.model
    }

    /// The shipped rule files with one rule's points for one model moved by `change`.
    static func book(moving rule: String, model: String, by change: Double) throws -> RuleBook {
        var edited = 0
        let files = ShippedRuleBook.files.map { file -> SourceFile in
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- id: \(rule)" }) else { return file }
            let end = lines[(start + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- id: ") } ?? lines.count
            guard let score = lines[start..<end].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "score:" }) else { return file }
            for index in (score + 1)..<end {
                let line = lines[index].trimmingCharacters(in: .whitespaces)
                guard line.hasPrefix(model + ":"), let points = Double(line.dropFirst(model.count + 1).trimmingCharacters(in: .whitespaces)) else { continue }
                let indent = lines[index].prefix { $0 == " " }
                lines[index] = indent + model + ": " + String(points + change)
                edited += 1
            }
            return SourceFile(path: file.path, text: lines.joined(separator: "\n"))
        }
        try #require(edited == 1, "\(rule) gives \(model) points in \(edited) places of the rule files")
        return try RuleBookLoader.load(files: files).get()
    }

    @Test func theStatedChangeOfOneRulesPointsChangesTheAnswerAndOnePointLessDoesNot() throws {
        let book = try Shipped.ruleBook()
        var checked = 0
        for example in try Shipped.examples(book: book) {
            let evaluation = book.score(example.facts)
            guard let sensitivity = book.weightSensitivity(of: evaluation), let smallest = sensitivity.smallestChange else { continue }
            #expect(Self.clearWinner(evaluation) == sensitivity.recommendation)
            let entry = try #require(sensitivity.closest.first)
            #expect(abs(entry.change) == smallest)
            let direction: Double = entry.change < 0 ? -1 : 1
            let short = smallest > 1 ? smallest - 1 : smallest / 2
            for (change, changes) in [(smallest, true), (short, false)] {
                let edited = try Self.book(moving: entry.rule, model: entry.model, by: direction * change)
                let profile = try Shipped.profile(String(contentsOf: Shipped.root.appendingPathComponent(example.source), encoding: .utf8), book: edited, path: example.source)
                let answer = Self.clearWinner(edited.score(profile.facts))
                if changes {
                    #expect(answer != sensitivity.recommendation, "\(example.source): \(entry.rule) for \(entry.model) by \(direction * change) leaves \(sensitivity.recommendation)")
                } else {
                    #expect(answer == sensitivity.recommendation, "\(example.source): \(entry.rule) for \(entry.model) by \(direction * change) already changes the answer")
                }
            }
            // No single entry can do it with less: every entry's own figure is at least the smallest.
            #expect(sensitivity.entries.allSatisfy { abs($0.change) >= smallest })
            checked += 1
        }
        #expect(checked >= 20, "only \(checked) examples have a figure to check")
    }

    @Test func anEntryDecidesTheAnswerExactlyWhenTakingItAwayChangesIt() throws {
        let book = try Shipped.ruleBook()
        for example in try Shipped.examples(book: book).prefix(6) {
            let evaluation = book.score(example.facts)
            guard let sensitivity = book.weightSensitivity(of: evaluation) else { continue }
            for entry in sensitivity.entries.prefix(4) {
                let edited = try Self.book(moving: entry.rule, model: entry.model, by: -entry.points)
                let profile = try Shipped.profile(String(contentsOf: Shipped.root.appendingPathComponent(example.source), encoding: .utf8), book: edited, path: example.source)
                let changed = Self.clearWinner(edited.score(profile.facts)) != sensitivity.recommendation
                #expect(changed == entry.decides, "\(example.source): taking \(entry.rule)'s \(entry.points) points from \(entry.model)")
            }
        }
    }
}
