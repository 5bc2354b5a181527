import Foundation
import Testing

/// `advisor ask` scripted through its line mode, as a user pipes answers into it.
@Suite struct AskLineModeTests {
    /// Answers the interview from an example profile through the line prompts; a fact the
    /// profile leaves out is skipped. Returns the transcript and exit status.
    static func interview(
        _ profile: String, arguments: [String] = [], script: AskScript, folder: URL
    ) throws -> (transcript: String, status: Int32?, asked: [String]) {
        let values = try AskScript.profileValues(profile)
        let conversation = try LineConversation(["ask"] + arguments, in: folder)
        var asked: [String] = []
        var seen = 0
        var questions = 0
        while let text = conversation.waitForPrompt(after: seen), conversation.isRunning {
            seen = text.count
            let tail = String(text.suffix(400))
            if tail.contains("Type a file name") || tail.contains("to see the recommendation; back, quit.") {
                conversation.send("")  // no file; the answers stand
                continue
            }
            // A prompt without a new question is a re-ask: an answer was refused.
            let shown = text.components(separatedBy: "\nQuestion ").count - 1
            guard shown > questions, let fact = script.fact(askedIn: text) else {
                Issue.record("no new question recognised in:\n\(tail)")
                break
            }
            questions = shown
            asked.append(fact.id)
            guard let value = values[fact.id] else {
                conversation.send("skip")
                continue
            }
            conversation.send(fact.type == "list" ? (AskScript.items(value).isEmpty ? "none" : AskScript.items(value).joined(separator: ", ")) : value)
        }
        conversation.closeInput()
        let status = conversation.finish()
        return (conversation.transcript, status, asked)
    }

    static func recommendation(ofProfile path: String, in folder: URL? = nil) throws -> String? {
        let scored = try AdvisorProcess.run(["score", "--format", "json", path], in: folder)
        guard scored.status == 0, let data = scored.stdout.data(using: .utf8),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["recommendation"] as? String
    }

    @Test(arguments: [
        "Examples/profiles/m2c-korean-skincare-brand.yaml", "Examples/profiles/b2b-freight-forwarder-with-stock.yaml",
        "Examples/profiles/b2c-discount-importer-vs-flash-sales.yaml", "Examples/profiles/rebate_guide-deal-blog.yaml",
    ])
    func answeringAnExampleThroughLinePromptsRecommendsWhatScoringItsWholeProfileDoes(_ profile: String) throws {
        let script = try AskScript.load()
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("founder.yaml").path
        let (transcript, status, asked) = try Self.interview(profile, arguments: ["--save", saved], script: script, folder: folder)
        #expect(status == 0, "\(transcript)")
        let expected = try #require(try Self.recommendation(ofProfile: profile))
        #expect(transcript.contains("Recommendation: ") && transcript.contains("(\(expected)), with a fit of"), "\(transcript)")
        #expect(asked.count < script.facts.count, "the interview stopped early")
        #expect(transcript.contains("None of the remaining \(script.facts.count - asked.count) questions can change the recommendation"))
        // The saved profile scores the same, and holds exactly the answers given.
        #expect(try Self.recommendation(ofProfile: saved) == expected)
        let savedValues = try AskScript.profileValues(saved)
        let given = try AskScript.profileValues(profile).filter { asked.contains($0.key) }
        for (fact, value) in given {
            let savedValue = try #require(savedValues[fact], "\(fact) missing from the saved profile")
            if script.facts.first(where: { $0.id == fact })?.type == "list" {
                #expect(Set(AskScript.items(savedValue)) == Set(AskScript.items(value)))
            } else {
                #expect(Double(savedValue).map { Double(value) == $0 } ?? (savedValue == value), "\(fact): \(savedValue) vs \(value)")
            }
        }
    }

    @Test func endOfInputQuitsSavingTheAnswersAndResumingAsksOnlyTheRest() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two answers, then the input ends.
        let script = try AskScript.load()
        let opening = try script.firstQuestion()
        let answer = try #require(opening.values.last)
        let first = try AdvisorProcess.run(["ask"], stdin: "\(answer)\nskip\n", in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Saved your answers so far to advisor-answers.yaml."))
        #expect(first.stdout.contains("Resume with: advisor ask --resume advisor-answers.yaml"))
        let saved = try String(contentsOf: folder.appendingPathComponent("advisor-answers.yaml"), encoding: .utf8)
        #expect(saved.contains("\(opening.id): \(answer)\n"))
        let skipped = try #require(saved.split(separator: "\n").first { $0.hasSuffix("# skipped: unknown") })
        let skippedFact = String(skipped.prefix { $0 != ":" })
        // Resuming: neither the answered nor the skipped question is asked again.
        let second = try AdvisorProcess.run(["ask", "--resume", "advisor-answers.yaml"], stdin: "quit\n", in: folder)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Resuming advisor-answers.yaml: 1 answers, 1 skipped."))
        let asked = try #require(script.fact(askedIn: second.stdout))
        #expect(asked.id != opening.id && asked.id != skippedFact)
        #expect(second.stdout.contains("Question 3 of at most 18 · "), "numbered on from the 2 answers given (one skipped)")
        #expect(!second.stdout.contains("Question 1 "))
        // The file still holds both.
        let again = try String(contentsOf: folder.appendingPathComponent("advisor-answers.yaml"), encoding: .utf8)
        #expect(again.contains("\(opening.id): \(answer)\n") && again.contains("\(skippedFact):  # skipped: unknown"))
    }

    @Test func sigtermSavesTheAnswersSoFarAndExitsWithTheSignalsStatus() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opening = try AskScript.load().firstQuestion()
        let answer = try #require(opening.values.last)
        let conversation = try LineConversation(["ask"], in: folder)
        let first = try #require(conversation.waitForPrompt(after: 0))
        conversation.send(answer)
        _ = try #require(conversation.waitForPrompt(after: first.count), "no second question")
        conversation.terminate()
        let status = conversation.finish()
        #expect(status == Int32(128 + SIGTERM))
        #expect(conversation.transcript.contains("Saved your answers so far to advisor-answers.yaml."))
        let saved = try String(contentsOf: folder.appendingPathComponent("advisor-answers.yaml"), encoding: .utf8)
        #expect(saved.contains("\(opening.id): \(answer)\n"))
    }

    @Test func badAnswersAreExplainedAndAskedAgain() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first question's choices, whichever question the planner opens with.
        let script = try AskScript.load()
        let opening = try script.firstQuestion()
        #expect(opening.type == "enum" && opening.values.count < 9, "the test misspells a choice of an enum question: \(opening.id)")
        let value = try #require(opening.values.first { script.uniquePrefix(of: $0, among: opening.values) != nil })
        let typo = String(value.prefix(1)) + String(value.dropFirst(2))  // one letter dropped
        let prefix = try #require(script.uniquePrefix(of: value, among: opening.values))
        let result = try AdvisorProcess.run(["ask"], stdin: "\(typo)\n9\n\(prefix)\n", in: folder)
        #expect(
            result.stdout.contains("'\(typo)' is not a choice (did you mean '\(value)'?): pick one of \(opening.values.joined(separator: ", "))"),
            "\(result.stdout)")
        #expect(result.stdout.contains("there is no choice 9: pick 1 to \(opening.values.count)"))
        #expect(result.stdout.contains("Question 2 of at most \(script.facts.count) · "), "the unique prefix '\(prefix)' answered the question")
    }

    @Test func questionMarkExplainsWhyAndBackReturnsToThePreviousQuestion() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try AskScript.load()
        let answer = try #require(try script.firstQuestion().values.first)
        let result = try AdvisorProcess.run(["ask"], stdin: "?\n\(answer)\nback\nquit\n", in: folder)
        // Proved, or asked because the planner's budget could not rule it out (before any answer,
        // 18 questions can outrun the budget): either way the reason is said.
        #expect(
            result.stdout.contains("Why this question: your answer can still change the recommendation.")
                || result.stdout.contains("Why this question: the search could not rule out that your answer changes the recommendation"))
        #expect(result.stdout.contains("Your answer decides these"))
        #expect(result.stdout.contains("Before: \(answer)."), "back offers the earlier answer")
        #expect(
            result.stdout.components(separatedBy: "Question 1 of at most \(script.facts.count) · ").count == 3, "the first question was asked twice")
    }

    @Test func prefilledAnswersAreNotAskedAndTheAnswersFileIsNeverOverwritten() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/b2b-bonded-zone-supplier.yaml").path
        let before = try String(contentsOfFile: profile, encoding: .utf8)
        let refused = try AdvisorProcess.run(["ask", "--answers", profile, "--save", profile], stdin: "", in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("would overwrite the --answers file"))
        let complete = try AdvisorProcess.run(["ask", "--answers", profile, "--save", "copy.yaml"], stdin: "", in: folder)
        #expect(complete.status == 0, "\(complete.stderr)")
        #expect(!complete.stdout.contains("Question "), "a complete profile needs no question")
        #expect(complete.stdout.contains("Recommendation: "))
        #expect(try String(contentsOfFile: profile, encoding: .utf8) == before)
        #expect(try Self.recommendation(ofProfile: "copy.yaml", in: folder) == Self.recommendation(ofProfile: profile))
        let copied = try String(contentsOf: folder.appendingPathComponent("copy.yaml"), encoding: .utf8)
        #expect(copied.contains("name: \"Bonded-zone supplier to cross-border platforms\""))
    }

    @Test func askingEverythingAsksEveryDeclaredQuestion() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try AskScript.load()
        let (transcript, status, asked) = try Self.interview(
            "Examples/profiles/c2c-tokyo-student-daigou.yaml", arguments: ["--all", "--save", "all.yaml"], script: script, folder: folder)
        #expect(status == 0)
        #expect(Set(asked) == Set(script.facts.map(\.id)))
        #expect(transcript.contains("Every question has been answered or skipped."))
    }

    @Test func theReportIsWrittenAsMarkdownWithTheRecommendation() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = AdvisorProcess.packageRoot.appendingPathComponent("Examples/profiles/content_commerce-beauty-vlogger.yaml").path
        let result = try AdvisorProcess.run(["ask", "--answers", profile, "--report", "report.md"], stdin: "\n", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        let expected = try #require(try Self.recommendation(ofProfile: profile))
        // The report advisor explain writes, for the answers given.
        #expect(report.hasPrefix("# "))
        #expect(report.contains("## Our advice: "))
        // The appendix's ranking puts the recommendation first.
        #expect(report.split(separator: "\n").contains { $0.hasPrefix("| 1 | ") && $0.contains("| `\(expected)` |") })
        #expect(report.contains("### The profile"))
    }

    /// Before any answer every model stands at the neutral fit: `?` says nothing leads rather
    /// than naming a leader by the tie-break, and names the models the answer tells apart.
    @Test func whyThisQuestionSaysNothingLeadsYetAndWhatTheAnswerSeparates() throws {
        let folder = try AdvisorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try AdvisorProcess.run(["ask"], stdin: "?\nquit\n", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let why = result.stdout.components(separatedBy: "Why this question:").dropFirst().joined()
        #expect(why.contains("Nothing leads yet: all 9 models stand level at a fit of 50."), "\(why)")
        #expect(!why.contains(" leads with a fit of"), "a tie named a leader:\n\(why)")
        #expect(why.contains("Your answer separates "), "\(why)")
        // Once an answer breaks the tie (a warehouse raises B2C alone), the leader is named, and
        // the next answer's models.
        try "logistics_capacity: warehouse\n".write(to: folder.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let later = try AdvisorProcess.run(["ask", "--answers", "one.yaml"], stdin: "?\nquit\n", in: folder)
        let second = later.stdout.components(separatedBy: "Why this question:").dropFirst().joined()
        #expect(second.contains(" leads with a fit of "), "\(second)")
        #expect(second.contains("Your answer separates "), "\(second)")
    }
}
