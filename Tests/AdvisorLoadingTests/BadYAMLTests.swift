import Foundation
import AdvisorDiagnostics
import AdvisorEngine
import Testing

@testable import AdvisorLoading

/// Whatever is wrong with a YAML file, a rule-book author or a founder gets one message that
/// says where and what to do, never a crash, and never a silently different reading.
@Suite struct BadYAMLTests {
    func profileProblems(_ text: String) throws -> [Diagnostic] {
        let book = try Fixture.book()
        if case .failure(let problems) = ProfileLoader.parse(SourceFile(path: "p.yaml", text: text), ruleBook: book) { return problems }
        return []
    }

    func profile(_ text: String) throws -> Profile {
        try Fixture.profile(text, book: try Fixture.book())
    }

    /// The one problem of a rule-book file, which is expected to have exactly one.
    func ruleFileProblem(_ text: String) throws -> Diagnostic {
        let problems = Fixture.problems(rules: text)
        #expect(problems.count == 1, "\(problems.map(\.description))")
        return try #require(problems.first)
    }

    // MARK: Syntax

    @Test func aSyntaxErrorNamesTheConstructItWasParsingAndWhereThatStarted() throws {
        let problem = try #require(try profileProblems("capital: [1, 2\nbrand: true\n").first)
        #expect(problem.location?.file == "p.yaml")
        #expect(problem.message.hasPrefix("YAML syntax: "))
        #expect(problem.message.contains("while parsing a flow sequence at line 1, column 10"))
        #expect(problem.hint != nil)
    }

    @Test func aTabInIndentationSaysToUseSpaces() throws {
        let problem = try #require(try profileProblems("capital: 5\n\tbrand: true\n").first)
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 2, column: 1))
        #expect(problem.hint == "indent with spaces: YAML does not allow tabs in indentation")
    }

    @Test func aColonInsideAnUnquotedValueSaysToQuoteIt() throws {
        let problem = try ruleFileProblem("rules:\n  - id: r\n    because: Note: this breaks\n    when: brand\n")
        #expect(problem.location?.line == 3)
        #expect(problem.hint?.contains("must be in quotes") == true)
    }

    @Test func aSecondDocumentIsRefusedAtItsMarker() throws {
        let problem = try #require(try profileProblems("capital: 5\n---\ncapital: 6\n").first)
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 2, column: 1))
        #expect(problem.message == "the file holds a second YAML document here")
    }

    @Test func aControlCharacterIsNamedWithItsPosition() throws {
        let problem = try #require(try profileProblems("capital: 5\nname: a\u{01}b\n").first)
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 2, column: 8))
        #expect(problem.message.contains("U+0001"))
    }

    // MARK: Empty files, byte-order marks, line ends

    @Test func anEmptyOrCommentOnlyProfileIsEmpty() throws {
        for text in ["", "\n\n", "# just a comment\n", "   \n"] {
            let problems = try profileProblems(text)
            #expect(problems.map(\.message) == ["the profile is empty"], "\(text.debugDescription)")
            #expect(problems.first?.location == SourceLocation(file: "p.yaml", line: 1, column: 1))
        }
    }

    @Test func anEmptyRuleFileDeclaresNothingButAnEmptyRuleBookHasNoModels() throws {
        #expect(Fixture.problems(rules: "").isEmpty)
        #expect(Fixture.problems(rules: "# rules come later\n").isEmpty)
        guard case .failure(let problems) = RuleBookLoader.load(files: [SourceFile(path: "empty.yaml", text: "")]) else {
            Issue.record("an empty rule book loaded")
            return
        }
        #expect(problems.contains { $0.message == "the rule book declares no models" })
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let decoded = try SourceFile.decode(Data([0xEF, 0xBB, 0xBF] + Array("capital: 5\n".utf8)), path: "p.yaml").get()
        #expect(decoded.text == "capital: 5\n")
        // Even when it reaches the YAML reader (libyaml skips a leading mark).
        #expect(try profile("\u{FEFF}capital: 5\n").values["capital"] == .double(5))
        #expect(Fixture.problems(rules: "\u{FEFF}" + Fixture.rules).isEmpty)
    }

    @Test func windowsLineEndsReadTheSameAndErrorsPointAtTheSameColumn() throws {
        let crlf = "name: Ana\r\ncapital: 5\r\nbreadth: braod\r\n"
        let problem = try #require(try profileProblems(crlf).first)
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 3, column: 10))
        #expect(problem.sourceLine == "breadth: braod")
        #expect(problem.hint == "did you mean 'broad'?")
        let rules = Fixture.rules.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Fixture.problems(rules: rules).isEmpty)
        let broken = try ruleFileProblem("rules:\r\n  - id: r\r\n    when: capitl > 1\r\n    because: B.\r\n    encodes: [alpha/light]\r\n    score: {alpha: 1}\r\n")
        #expect(broken.location == SourceLocation(file: "book/b-rules.yaml", line: 3, column: 11))
        #expect(broken.sourceLine == "    when: capitl > 1")
    }

    @Test func textThatIsNotUTF8NamesTheFirstBadByte() throws {
        let bytes = Array("capital: 5\nname: caf".utf8) + [0xE9] + Array("\n".utf8)
        guard case .failure(let problem) = SourceFile.decode(Data(bytes), path: "p.yaml") else {
            Issue.record("Latin-1 text was read as UTF-8")
            return
        }
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 2, column: 10))
        #expect(problem.message == "the file is not valid UTF-8 text")
        #expect(SourceFile.firstInvalidUTF8Offset(bytes) == 20)
        #expect(SourceFile.firstInvalidUTF8Offset(Array("héllo".utf8)) == nil)
    }

    // MARK: Duplicate keys

    @Test func aDuplicateKeyIsReportedAtItsSecondOccurrenceNamingTheFirst() throws {
        // In a rule: the composer sees it.
        let problem = try ruleFileProblem("rules:\n  - id: r\n    when: brand\n    because: B.\n    when: capital > 1\n    encodes: [alpha/light]\n")
        #expect(problem.location == SourceLocation(file: "book/b-rules.yaml", line: 5, column: 5))
        #expect(problem.message == "'when' is given twice in this mapping (first at line 3, column 5)")
        #expect(problem.hint == "keep one of them")
        // In a flat profile (fast path) and in one the full path reads (an anchor sends it there).
        for text in ["capital: 5\nbrand: true\ncapital: 6\n", "capital: &c 5\nbrand: true\ncapital: 6\n"] {
            let found = try #require(try profileProblems(text).first)
            #expect(found.location == SourceLocation(file: "p.yaml", line: 3, column: 1), "\(text)")
            #expect(found.message.hasPrefix("'capital' is given twice"))
        }
    }

    @Test func keysThatLookAlikeButDifferInTypeAreDifferentKeys() throws {
        // `1` (a number) and `'1'` (text) are two keys in YAML; neither is a fact.
        let problems = try profileProblems("1: a\n'1': b\n")
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.message == "unknown fact '1'" })
    }

    @Test func aListOrMappingAsAKeyIsRefused() throws {
        let problem = try #require(try profileProblems("? [capital]\n: 5\n").first)
        #expect(problem.message == "a key must be a name, not a list")
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 1, column: 3))
    }

    @Test func anUnknownSectionSuggestsTheNearest() throws {
        let problem = try ruleFileProblem("rule:\n  - id: r\n")
        #expect(problem.message == "unknown section 'rule'")
        #expect(problem.hint == "did you mean 'rules'?")
        #expect(problem.location == SourceLocation(file: "book/b-rules.yaml", line: 1, column: 1))
    }

    // MARK: Tags

    @Test func standardTagsAreHonouredWhenTheValueFitsThem() throws {
        // `!!str 5` is the text "5": a number fact refuses it rather than guessing.
        let asText = try #require(try profileProblems("capital: !!str 5\n").first)
        #expect(asText.message == "'capital' must be a number, not '5'")
        #expect(try profile("capital: !!float 5\n").values["capital"] == .double(5))
        #expect(try profile("audience: !!int 12\nbrand: !!bool yes\nname: !!str 2024\n").values == ["audience": .int(12), "brand": .bool(true)])
        #expect(try profile("capital: !!null ~\n").values.isEmpty)
        #expect(try profile("services: !!seq [payment]\n").values["services"] == .list([.string("payment")]))
    }

    @Test func aStandardTagOnAValueThatDoesNotFitItIsRefused() throws {
        let problem = try #require(try profileProblems("audience: !!int lots\n").first)
        #expect(problem.message == "'lots' is tagged !!int but is not a whole number")
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 1, column: 11))
        #expect(try profileProblems("brand: !!bool maybe\n").first?.message == "'maybe' is tagged !!bool but is not true or false")
    }

    @Test func anyOtherTagIsRefusedRatherThanReadAsText() throws {
        for (text, tag) in [("capital: !custom 5\n", "!custom"), ("name: !!binary aGk=\n", "!!binary"), ("services: !!set {payment: ~}\n", "!!set")] {
            let problem = try #require(try profileProblems(text).first)
            #expect(problem.message == "the tag '\(tag)' is not supported", "\(text)")
            #expect(problem.hint?.contains("only !!str, !!int, !!float, !!bool and !!null") == true)
        }
        let inRules = try ruleFileProblem("rules:\n  - id: r\n    when: !cel brand\n    because: B.\n    encodes: [alpha/light]\n")
        #expect(inRules.location == SourceLocation(file: "book/b-rules.yaml", line: 3, column: 11))
    }

    // MARK: Anchors and aliases

    @Test func aliasesReadAsTheirAnchorsValue() throws {
        let read = try profile("capital: &amount 5000\naudience: 3\nnotes: *amount\n")
        #expect(read.values["capital"] == .double(5000))
        #expect(read.notes == "5000")
    }

    @Test func anAliasWithoutAnchorIsNamed() throws {
        let problem = try #require(try profileProblems("capital: *money\n").first)
        #expect(problem.message == "the alias '*money' refers to no anchor")
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 1, column: 10))
    }

    @Test func mergeKeysAreRefused() throws {
        let problem = try #require(try profileProblems("base: &b {capital: 5}\n<<: *b\n").first)
        #expect(problem.message == "merge keys (`<<: *anchor`) are not supported")
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 2, column: 1))
    }

    @Test func aBillionLaughsFileIsRefusedAtTheAliasThatCrossesTheLimit() throws {
        // Nine levels of nine aliases: 9^9 (387 million) values from 400 bytes.
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghi")
        for level in 1..<names.count {
            let previous = names[level - 1]
            text += "\(names[level]): &\(names[level]) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let problem = try #require(try profileProblems(text).first)
        #expect(problem.message == "with the alias '*f', the document expands to more than 1,000,000 values")
        #expect(problem.location == SourceLocation(file: "p.yaml", line: 7, column: 8))
        // Aliases used as keys once made Yams hash the whole expansion (tens of seconds).
        let keyed = text.split(separator: "\n").prefix(8).joined(separator: "\n") + "\nz: {*h : 1, *g : 2}\n"
        #expect(try profileProblems(keyed).first?.message.contains("expands to more than 1,000,000 values") == true)
    }

    // MARK: Values of the wrong type, out of range, not finite

    @Test func numbersThatAreNotFiniteOrTooLargeAreRefused() throws {
        for text in ["capital: .nan\n", "capital: .inf\n", "capital: -.inf\n", "capital: 1e400\n"] {
            #expect(try profileProblems(text).first?.message.contains("must be a finite number") == true, "\(text)")
        }
        let huge = try #require(try profileProblems("audience: 99999999999999999999\n").first)
        #expect(huge.message == "'audience' is 1e+20, too large for a whole number")
        #expect(huge.hint == "whole numbers go from -9223372036854775808 to 9223372036854775807")
        #expect(try profile("audience: 9223372036854775807\n").values["audience"] == .int(.max))
        let neutral = Fixture.facts.replacingOccurrences(of: "neutral: 50", with: "neutral: .nan")
        let problems = Fixture.problems(rules: Fixture.rules, facts: neutral)
        #expect(problems.map(\.message) == ["`neutral` must be a finite number, not '.nan'"])
        let points = try ruleFileProblem("rules:\n  - id: r\n    when: brand\n    because: B.\n    encodes: [alpha/light]\n    score: {alpha: 1e400}\n")
        #expect(points.message == "`score of alpha` must be a finite number, not '1e400'")
        #expect(points.location == SourceLocation(file: "book/b-rules.yaml", line: 6, column: 20))
    }

    @Test func aValueOfTheWrongShapeSaysWhatWasExpected() throws {
        #expect(try profileProblems("capital: {amount: 5}\n").first?.message == "'capital' must be a number of at least 0, not a mapping")
        #expect(try profileProblems("breadth: [broad]\n").first?.message.contains("must be") == true)
        #expect(try profileProblems("name: [a, b]\n").first?.message.hasPrefix("`name` must be text") == true)
        let rules = try ruleFileProblem("rules: {r: 1}\n")
        #expect(rules.message == "`rules` must be a list (items starting with `- `), not a mapping")
    }

    // MARK: Every message

    @Test func everyProblemHasAPlaceAndAHint() throws {
        let profiles = [
            "capital: [1, 2\n", "capital: 5\n\tbrand: true\n", "capital: 5\n---\n", "name: a\u{01}\n", "", "capital: 5\ncapital: 6\n",
            "? [capital]\n: 5\n", "capital: !!str 5\n", "audience: !!int x\n", "capital: !x 5\n", "capital: *a\n", "b: &b {capital: 5}\n<<: *b\n",
            "capital: .nan\n", "capital: {a: 1}\n", "breadth: [broad]\n", "name: [a]\n", "notes: {a: 1}\n", "captial: 5\n", "breadth: brod\n",
            "asset_light: true\n", "audience: 2.5\n", "capital: -5\n", "services: [payment, payment]\n", "services: [paymnt]\n", "brand: maybe\n",
        ]
        let rules = [
            "rules: {r: 1}\n", "rule:\n  - id: r\n", "rules:\n  - just text\n", "rules:\n  - id: r\n", "rules:\n  - id: 'a b'\n    when: brand\n",
            "rules:\n  - id: r\n    when: [brand]\n", "rules:\n  - id: r\n    when: brand\n    because: B.\n    encodes: [alpha/light]\n    score: [1]\n",
            "rules:\n  - id: r\n    when: brand\n    because: B.\n    encodes: [alpha/light]\n    derive: [x]\n",
            "rules:\n  - id: r\n    when: brand\n    because: B.\n    encodes: [{a: 1}]\n    score: {alpha: x}\n",
            "rules:\n  - id: r\n    when: capitl > 1\n    because: B.\n    encodes: [alpha/lite]\n    score: {alpah: 1}\n",
        ]
        var problems: [Diagnostic] = []
        for text in profiles { problems += try profileProblems(text) }
        for text in rules { problems += Fixture.problems(rules: text) }
        #expect(problems.count >= profiles.count + rules.count)
        for problem in problems {
            #expect(problem.location != nil, "\(problem)")
            #expect(problem.hint?.isEmpty == false, "no hint: \(problem)")
        }
    }
}
