import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// `advisor test`, `advisor check` and `advisor diff` as a rule-book author runs them.
@Suite struct KnowledgeCLITests {
    /// A temporary copy of the project's Rules/ and Examples/ folders (rule tests find the
    /// examples relative to themselves), removed by the caller.
    static func projectCopy() throws -> URL {
        let folder = try AdvisorProcess.temporaryFolder()
        for name in ["Rules", "Examples"] {
            try FileManager.default.copyItem(at: AdvisorProcess.packageRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Replaces the first line matching `old` after the line containing `after`; returns its 1-based number.
    @discardableResult
    static func edit(_ file: URL, after: String, replacing old: String, with new: String) throws -> Int {
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains(after) }, "\(after) not found in \(file.path)")
        let index = try #require(lines[start...].firstIndex { $0.contains(old) }, "\(old) not found after \(after)")
        lines[index] = lines[index].replacingOccurrences(of: old, with: new)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return index + 1
    }

    // MARK: - advisor test

    @Test func theShippedRuleTestsPassWithFullCoverageAndSaySo() throws {
        let result = try AdvisorProcess.run(["test", "--coverage"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Rules fired by some test: 76 of 76 (100%)"))
        #expect(result.stdout.contains("Trade-offs encoded by some rule (or from the platform's side, needing none): 49 of 49 (100%)"))
        // The seeds' claims from the platform's side are scored only by the rules read from that
        // side, for a founder who runs the platform.
        let float = try #require(result.stdout.split(separator: "\n").first { $0.contains("m2c/platform-cash-flow") })
        #expect(float.hasSuffix("platform-keeps-the-float"), "\(float)")
        #expect(result.stdout.contains("Coverage: 100% of rules fired and 100% of trade-offs encoded."))
        #expect(result.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(!result.stdout.contains("FAIL"))
    }

    /// The shipped rule book's tests notice at least 90% of the single edits an author could make
    /// by mistake (issue 10's bar; today they notice all of them).
    @Test func theShippedTestsKillAtLeastNinetyPercentOfTheMutants() throws {
        let result = try AdvisorProcess.run(["test", "--mutate", "--min-score", "90"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Mutation score: "))
    }

    @Test func aWrongExpectationFailsWithItsFileLineAndColumn() throws {
        let project = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: project) }
        let tests = project.appendingPathComponent("Rules/tests/examples.yaml")
        let line = try Self.edit(tests, after: "Korean skincare brand is a textbook M2C fit", replacing: "recommendation: m2c", with: "recommendation: b2c")

        let result = try AdvisorProcess.run(["test", "--rules", project.appendingPathComponent("Rules").path])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "\(tests.path):\(line):23: FAIL Korean skincare brand is a textbook M2C fit: expected recommendation b2c, got recommendation m2c (fit 100); b2c 5th, fit 27"
            ), "\(result.stdout)")
        #expect(result.stdout.hasSuffix(" passed, 1 failed\n"))
    }

    @Test func aTestNamingAnUnknownRuleIsAnErrorNotAFailure() throws {
        let project = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: project) }
        let tests = project.appendingPathComponent("Rules/tests/examples.yaml")
        let line = try Self.edit(tests, after: "Korean skincare brand is a textbook M2C fit", replacing: "cautious-founder]", with: "cautious-founders]")
        let result = try AdvisorProcess.run(["test", "--rules", project.appendingPathComponent("Rules").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(tests.path):\(line):"), "\(result.stderr)")
        #expect(result.stderr.contains("names unknown rule 'cautious-founders'"))
        #expect(result.stderr.contains("did you mean 'cautious-founder'?"))
    }

    // MARK: - advisor check

    @Test func checkConfirmsEveryModelCanBeRecommendedAndHowCompleteTheSearchWas() throws {
        // --strict: a knowledge warning would exit 2; the shipped book has none.
        let result = try AdvisorProcess.run(["check", "--strict", "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
        #expect(result.stdout.contains("Every model can be the recommendation (9 of 9)"))
        #expect(result.stdout.contains("never reached, so the search was exhaustive"))
        #expect(result.stdout.contains("Every domain is exact"))
        for model in ["m2c", "b2c", "c2c", "b2b", "direct_mail", "rebate_guide", "flash_sale", "service_provider", "content_commerce"] {
            #expect(result.stdout.contains("\(model) is the recommendation for this profile"), "no witness for \(model)")
        }
    }

    @Test func checkWarnsWithFileLineAndColumnAboutWhatCannotBeRight() throws {
        let project = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: project) }
        let rules = project.appendingPathComponent("Rules")
        // The knowledge warnings are counted here; the fixture's texts have no zh-CN translation,
        // and a missing translation's warning is the catalogue tests' subject, so no catalogue.
        try FileManager.default.removeItem(at: rules.appendingPathComponent("locales"))
        let extra = rules.appendingPathComponent("rules/99-mistakes.yaml")
        try """
            facts:
              - id: team_size
                type: integer
                min: 0
                change: {direction: increase}
                question: How many people work with you?
            models:
              - id: dropshipping
                name: Dropshipping
                tradeoffs:
                  - {id: no-stock, kind: trait, seed: domain, text: Holds no stock.}
            thresholds:
              - {fact: capital, value: 1000, basis: Too little., source: judgement}
              - {fact: capital, value: 5000, basis: Enough., source: judgement}
            rules:
              - id: contradiction
                when: capital < 1000.0 && capital > 5000.0
                because: Cannot happen.
                encodes: [dropshipping/no-stock]
                score: {dropshipping: 10}
              - id: dropshipping-never
                when: capital >= 0.0
                because: Always.
                encodes: [dropshipping/no-stock]
                exclude: [dropshipping]
              - id: dropshipping-never-again
                when: 0.0 <= capital
                because: Pasted twice.
                encodes: [dropshipping/no-stock]
                exclude: [dropshipping]
            """.write(to: extra, atomically: true, encoding: .utf8)
        let result = try AdvisorProcess.run(["check", "--rules", rules.path])
        #expect(result.status == 0, "warnings do not fail the check without --strict")
        let path = extra.path
        #expect(result.stderr.contains("\(path):2:5: warning: fact 'team_size' is asked but no rule reads it"), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):8:5: warning: model 'dropshipping' can never be recommended"))
        #expect(result.stderr.contains("\(path):17:11: warning: rule 'contradiction' can never fire"))
        #expect(result.stderr.contains("\(path):26:5: warning: rule 'dropshipping-never-again' has the same condition and effects as rule 'dropshipping-never'"))
        #expect(result.stderr.contains("        when: capital < 1000.0 && capital > 5000.0\n              ^"))
        // Four more warnings than the shipped book has (not counting the catalogue's: the fixture's
        // new texts have no zh-CN translation, which is its own warning).
        let shipped = try AdvisorProcess.run(["check"])
        let count = { (text: String) in
            text.components(separatedBy: ": warning: ").dropFirst().filter { !$0.prefix { $0 != "\n" }.contains(" translation in ") }.count
        }
        #expect(count(result.stderr) == count(shipped.stderr) + 4, "\(result.stderr)")
        #expect(result.stdout.contains("9 of 10 models can be the recommendation; never: dropshipping."))

        let strict = try AdvisorProcess.run(["check", "--strict", "--rules", rules.path])
        #expect(strict.status == 2)
    }

    @Test func anEmptyReasonIsAnErrorWithItsPlace() throws {
        let project = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: project) }
        let file = project.appendingPathComponent("Rules/rules/02-knockouts.yaml")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let rule = try #require(lines.firstIndex { $0.contains("id: b2b-needs-business-buyers") })
        let because = try #require(lines[rule...].firstIndex { $0.contains("because:") })
        let next = try #require(lines[(because + 1)...].firstIndex { $0.contains("encodes:") })
        lines.replaceSubrange(because..<next, with: ["    because: \"\""])
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let result = try AdvisorProcess.run(["check", "--rules", project.appendingPathComponent("Rules").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file.path):\(rule + 1):5: error: rule 'b2b-needs-business-buyers' has no reason"), "\(result.stderr)")
    }

    // MARK: - advisor diff

    @Test func diffNamesExactlyTheExamplesWhoseRecommendationAnEditChanges() throws {
        let project = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: project) }
        let rules = project.appendingPathComponent("Rules")
        // A consultant doubles down on cautious founders choosing M2C.
        try Self.edit(rules.appendingPathComponent("rules/10-capital-risk.yaml"), after: "id: cautious-founder", replacing: "m2c: 12", with: "m2c: 40")

        // The expected set, computed independently: score every example with both books.
        let oldBook = try RuleBookLoader.load(directory: AdvisorProcess.packageRoot.appendingPathComponent("Rules").path).get()
        let newBook = try RuleBookLoader.load(directory: rules.path).get()
        var expected: [String] = []
        for example in try AdvisorProcess.examples() {
            let path = AdvisorProcess.packageRoot.appendingPathComponent(example.path).path
            let before = oldBook.score(try ProfileLoader.load(path: path, ruleBook: oldBook).get().facts).recommendation
            let after = newBook.score(try ProfileLoader.load(path: path, ruleBook: newBook).get().facts).recommendation
            if before != after { expected.append("\(example.path): recommendation \(before ?? "none") -> \(after ?? "none")") }
        }
        let examples = try AdvisorProcess.examples().count
        #expect(!expected.isEmpty, "the edit should change some example's recommendation")
        #expect(expected.count < examples)

        let result = try AdvisorProcess.run(["diff", "--against", "Rules", "--rules", rules.path, "Examples/profiles"])
        #expect(result.status == 0, "\(result.stderr)")
        let named = result.stdout.split(separator: "\n").filter { $0.contains(": recommendation ") }.map(String.init)
        #expect(named == expected, "\(result.stdout)")
        #expect(result.stdout.contains("    cautious-founder: fired -> fired; m2c +12 -> +40"))
        #expect(result.stdout.contains("\(examples) profiles: \(expected.count) changed recommendation, "))
    }

    @Test func diffOfARuleBookWithItselfChangesNothingAndStillSucceeds() throws {
        let result = try AdvisorProcess.run(["diff", "--against", "Rules", "--rules", "Rules", "Examples/profiles"])
        let examples = try AdvisorProcess.examples().count
        #expect(result.status == 0)
        // The matrix of old -> new recommendations, then the count: nothing off the diagonal.
        #expect(result.stdout.hasPrefix("Recommendations, old (rows) -> new (columns):\n"))
        #expect(result.stdout.hasSuffix("\n\(examples) profiles: 0 changed recommendation, 0 changed order only, \(examples) unchanged\n"))
    }

    @Test func diffAgainstABrokenRuleBookExitsWithTwo() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "rules: [".write(to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = try AdvisorProcess.run(["diff", "--against", folder.path, "Examples/profiles"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:"))
    }
}
