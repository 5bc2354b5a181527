import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
@testable import AdvisorReports
import Foundation
import Testing

/// The founder's page: one page of plain words before the consultant's appendix.
@Suite struct FounderPageTests {
    /// Ids a founder must never see: every rule id, and every model, fact and value id that is
    /// not a plain word (a word such as `capital` or `broad` may appear as itself).
    static func ids(_ book: RuleBook) -> [String] {
        let values = book.facts.flatMap(\.kind.allowedValues)
        return book.rules.map(\.id) + (book.models.map(\.id) + book.facts.map(\.id) + values).filter { $0.contains("_") || $0.contains("-") || $0.contains { $0.isNumber } }
    }

    /// Whether `text` holds `word` with no letter, digit, `_` or `-` on either side.
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var rest = Substring(text)
        func isPart(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ?? false }
        while let range = rest.range(of: word) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
            if !isPart(before), !isPart(after) { return true }
            rest = text[range.upperBound...]
        }
        return false
    }

    @Test func everyExamplesFounderPageIsUnder500WordsWithNoIdAndNoSeedCode() throws {
        let book = try Shipped.ruleBook()
        let seeds = Set(book.tradeOffs.map(\.seed))
        let examples = try Shipped.examples(book: book)
        #expect(examples.count >= 20)
        for profile in examples {
            let parts = ReportParts(try Shipped.markdown(profile, book: book))
            #expect(!parts.appendix.isEmpty, "\(profile.source): no appendix")
            let words = parts.founder.split { $0 == " " || $0 == "\n" }.count
            #expect(words < 500, "\(profile.source): the founder's page has \(words) words")
            #expect(!parts.founder.contains("`"), "\(profile.source): a code span before the appendix")
            for seed in seeds {
                #expect(!parts.founder.contains("(" + seed) && !parts.founder.contains("seed " + seed), "\(profile.source): seed code \(seed) before the appendix")
            }
            for id in Self.ids(book) {
                #expect(!Self.containsWord(parts.founder, id), "\(profile.source): the id \(id) before the appendix")
            }
        }
    }

    @Test func theFounderPageSaysWhatItPromisesInOrder() throws {
        let book = try Shipped.ruleBook()
        for profile in try Shipped.examples(book: book) {
            let explanation = book.explain(profile.facts)
            let founder = ReportParts(try Shipped.markdown(profile, book: book)).founder
            guard let winner = explanation.recommendation.flatMap(book.index(ofModel:)).map({ book.models[$0] }) else { continue }
            let headings = founder.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
            var expected = ["## Our advice: \(winner.shortName)", "## Why \(winner.shortName)", "## What you accept with \(winner.shortName)"]
            if let runnerUp = explanation.runnerUp.flatMap(book.index(ofModel:)).map({ book.models[$0] }) { expected.append("## Why not \(runnerUp.shortName)") }
            expected.append("## What would change the answer")
            if !explanation.couldChange.isEmpty { expected.append("## Answers still missing") }
            #expect(headings == expected, "\(profile.source)")
            // Three to five reasons, the strongest first.
            let reasons = founder.split(separator: "\n").filter { $0.hasPrefix("- **Your ") || $0.hasPrefix("- **A rule") }
            let shown = founder.components(separatedBy: "## What you accept")[0].split(separator: "\n").filter { $0.hasPrefix("- **") }
            #expect((min(3, explanation.raised.count)...5).contains(shown.count), "\(profile.source)")
            #expect(reasons.count >= shown.count)
            #expect(founder.replacingOccurrences(of: "\n", with: " ").contains("**\(winner.name)** fits you best."), "\(profile.source)")
        }
    }

    @Test func eachPartChartsTheFitAtMostOnce() throws {
        let book = try Shipped.ruleBook()
        let profile = try Shipped.examples(book: book)[0]
        for chartFile in ["chart.svg", nil] {
            let parts = ReportParts(try Shipped.markdown(profile, book: book, chartFile: chartFile))
            for part in [parts.founder, parts.appendix] {
                let charts = part.components(separatedBy: "![").count - 1 + part.components(separatedBy: "```text").count - 1
                #expect(charts <= 1)
            }
            #expect(parts.founder.contains(chartFile == nil ? "```text" : "![Bar chart of the fit of every model](chart.svg)"))
        }
    }

    @Test func noParagraphOrListItemAppearsTwice() throws {
        let book = try Shipped.ruleBook()
        for profile in try Shipped.examples(book: book) {
            let report = try Shipped.markdown(profile, book: book)
            // Blocks: paragraphs and list items, their lines joined.
            var blocks: [String] = []
            var current: [String] = []
            for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("- ") || trimmed.hasPrefix("#") || trimmed.hasPrefix("|") {
                    if !current.isEmpty { blocks.append(current.joined(separator: " ")) }
                    current = trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("|") ? [] : [String(trimmed.dropFirst(2))]
                } else {
                    current.append(trimmed)
                }
            }
            if !current.isEmpty { blocks.append(current.joined(separator: " ")) }
            var seen: Set<String> = []
            for block in blocks where block.split(separator: " ").count >= 6 {
                #expect(seen.insert(block).inserted, "\(profile.source): said twice: \(block)")
            }
        }
    }

    @Test func aChangeIsWordedAsAnActionWithTheFactsNameAndUnit() throws {
        let book = try Shipped.ruleBook()
        var checked = 0
        for profile in try Shipped.examples(book: book) {
            let explanation = book.explain(profile.facts)
            let founder = ReportParts(try Shipped.markdown(profile, book: book)).founder.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
            for counterfactual in explanation.counterfactuals where counterfactual.found {
                for change in counterfactual.changes {
                    guard let fact = book.fact(change.fact), let from = change.from else { continue }
                    // Worded by the way the fact may move: built up over time, a choice, or only down.
                    let direction = (fact.change ?? .undeclared).direction
                    if case .string(let before) = from, case .string(let after) = change.to, direction == .increase {
                        #expect(founder.contains("build up your \(fact.displayName) from \(before)"), "\(profile.source): \(change.fact) to \(after)")
                        checked += 1
                    }
                    guard case .double(let before) = from, case .double(let after) = change.to else { continue }
                    let verb: String
                    switch (after > before, direction) {
                    case (true, .increase): verb = "grow"
                    case (true, _): verb = "raise"
                    case (false, .decrease): verb = "lower"
                    case (false, _): verb = "limit"  // a smaller budget is one the founder chooses to commit
                    }
                    #expect(founder.contains("\(verb) your \(fact.displayName) to "), "\(profile.source): \(change.fact)")
                    if let unit = fact.unit { #expect(founder.contains(" \(unit)")) }
                    checked += 1
                }
            }
        }
        #expect(checked > 0, "no example changes a number fact")
    }

    @Test func theUnknownAnswersThatMatterAreAskedByTheirQuestions() throws {
        let book = try Shipped.ruleBook()
        let profile = try Shipped.profile("capital: 30000\nlogistics_capacity: forwarder\n", book: book)
        let explanation = book.explain(profile.facts)
        #expect(!explanation.couldChange.isEmpty)
        let founder = ReportParts(try Shipped.markdown(profile, book: book)).founder
        #expect(founder.contains("## Answers still missing"))
        let flat = founder.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
        for fact in explanation.couldChange {
            let question = try #require(book.fact(fact.fact)?.question)
            #expect(flat.contains("- " + MarkdownText.escape(question)), "\(fact.fact)")
        }
        #expect(founder.contains("could overturn it"))
    }

    @Test func seedCitationsAreTakenOutOfAReasonAndNothingElse() throws {
        let book = try Shipped.ruleBook()
        let words = ReportWords(ruleBook: book, markup: Markup(format: .markdown))
        #expect(
            words.withoutCitations("Flash sales build on it (000): rush sales (004 §2), both (000, 004); but (see above) and (000 means zero) stay.")
                == "Flash sales build on it: rush sales, both; but (see above) and (000 means zero) stay.")
    }

    @Test func everySourceTheAppendixCitesIsListed() throws {
        let book = try Shipped.ruleBook()
        for profile in try Shipped.examples(book: book) {
            let appendix = ReportParts(try Shipped.markdown(profile, book: book)).appendix
            let sources = try #require(appendix.components(separatedBy: "### Sources").last)
            var number = 1
            while appendix.contains("\\[\(number)\\]") {
                #expect(sources.contains("\n\(number). *"), "\(profile.source): source \(number) is cited but not listed")
                number += 1
            }
            #expect(number > 1, "\(profile.source): no source cited")
            // Every rule that raised the recommendation is in the appendix by id, with its points.
            for effect in book.explain(profile.facts).raised {
                #expect(appendix.contains("- `\(effect.ruleId)`: "), "\(profile.source): \(effect.ruleId)")
            }
        }
    }

    @Test func whenEveryModelIsExcludedThePageSaysSoAndWhatWouldOpenOne() throws {
        let facts = """
            facts:
              - id: capital
                name: budget
                type: number
                min: 0
                unit: USD
            models:
              - id: alpha
                name: Alpha
                tradeoffs: [{id: a, kind: disadvantage, seed: "000", text: Costly.}]
              - id: beta
                name: Beta
                tradeoffs: [{id: b, kind: advantage, seed: "000", text: Cheap.}]
            rules:
              - id: nothing-without-money
                when: capital < 1000.0
                because: Nothing starts without 1,000 USD (000).
                encodes: [alpha/a]
                exclude: [alpha, beta]
            """
        let book = try RuleBookLoader.load(files: [SourceFile(path: "book.yaml", text: facts)]).get()
        let profile = try Shipped.profile("capital: 500\n", book: book)
        let founder = ReportParts(try Shipped.markdown(profile, book: book)).founder
        #expect(founder.contains("## Our advice: no model yet"))
        #expect(founder.contains("For a model to open to you: raise your budget to at least 1,000 USD."))
        #expect(!founder.contains("`"))
    }
}
