import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Foundation
import Testing

/// Rule-test files are read with every expectation's position, and their mistakes are errors
/// that say where.
@Suite struct RuleTestLoaderTests {
    let book: RuleBook
    init() throws { book = try Fixture.book() }

    func parse(_ yaml: String, path: String = "book/tests/t.yaml") -> Result<[RuleTestCase], [Diagnostic]> {
        RuleTestLoader.parse(SourceFile(path: path, text: yaml), ruleBook: book)
    }

    func problems(_ yaml: String) -> [Diagnostic] {
        if case .failure(let problems) = parse(yaml) { return problems }
        Issue.record("the test file was accepted")
        return []
    }

    @Test func anInlineTestKeepsThePositionOfEachExpectation() throws {
        let yaml = """
            tests:
              - name: Little capital suits alpha
                facts: {capital: 5000, brand: true, services: [payment]}
                expect:
                  recommendation: alpha
                  order: ["alpha > gamma > beta"]
                  fired: [light-founder, light-suits-alpha]
                  derived: {asset_light: true}
                  could_change: [audience]
            """
        let cases = try parse(yaml).get()
        let testCase = try #require(cases.first)
        #expect(testCase.name == "Little capital suits alpha")
        #expect(testCase.location == SourceLocation(file: "book/tests/t.yaml", line: 2, column: 5))
        #expect(testCase.profile == nil)
        let claims = testCase.expectations.map(\.claim)
        #expect(
            claims == [
                .recommendation("alpha"), .ranksAbove("alpha", "gamma"), .ranksAbove("gamma", "beta"), .fired("light-founder"),
                .fired("light-suits-alpha"), .derived(fact: "asset_light", value: .bool(true)), .couldChange("audience"),
            ])
        let locations = testCase.expectations.map { $0.location.map { "\($0.line):\($0.column)" } ?? "" }
        #expect(locations == ["5:23", "6:16", "6:24", "7:15", "7:30", "8:17", "9:22"])
        #expect(testCase.expectations[0].sourceLine == "      recommendation: alpha")
        let run = book.runTests(cases)
        #expect(run.allPassed, "\(run.results.flatMap(\.failures).map { "\($0.expected) / \($0.actual)" })")
    }

    @Test func fitMarginPointsAndReasonsAreReadWithTheirPositions() throws {
        let yaml = """
            tests:
              - name: Little capital suits alpha by 30 points
                facts: {capital: 5000, brand: true, breadth: single, services: []}
                expect:
                  fit: {alpha: 70, beta: "<= 50"}
                  margin: ">= 20"
                  points: {light-suits-alpha: {alpha: 20, beta: -10}}
                  reasons: [light-suits-alpha]
            """
        let testCase = try #require(try parse(yaml).get().first)
        #expect(testCase.expectations.map(\.claim) == [
            .fit(model: "alpha", NumberExpectation(.equal, 70)), .fit(model: "beta", NumberExpectation(.lessOrEqual, 50)),
            .margin(NumberExpectation(.greaterOrEqual, 20)),
            .points(rule: "light-suits-alpha", model: "alpha", NumberExpectation(.equal, 20)),
            .points(rule: "light-suits-alpha", model: "beta", NumberExpectation(.equal, -10)),
            .reasons(["light-suits-alpha"]),
        ])
        let locations = testCase.expectations.map { $0.location.map { "\($0.line):\($0.column)" } ?? "" }
        #expect(locations == ["5:20", "5:30", "6:15", "7:43", "7:53", "8:17"])
        let run = book.runTests([testCase])
        #expect(run.allPassed, "\(run.results.flatMap(\.failures).map { "\($0.expected) / \($0.actual)" })")
    }

    @Test func aFitThatIsNotANumberOrComparisonIsAnErrorAtTheValue() {
        let found = problems(
            """
            tests:
              - name: vague
                facts: {}
                expect:
                  fit: {alpha: "about 70"}
            """)
        #expect(found.map(\.message) == ["`fit` must be a number or a comparison with one, not 'about 70'"])
        #expect(found.first?.location == SourceLocation(file: "book/tests/t.yaml", line: 5, column: 20))
    }

    @Test func aProfilePathIsReadRelativeToTheTestFileAndFactsReplaceItsValues() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-rule-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("book/tests"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("profiles"), withIntermediateDirectories: true)
        try "capital: 5000\nbrand: true\n".write(to: folder.appendingPathComponent("profiles/founder.yaml"), atomically: true, encoding: .utf8)
        let yaml = """
            tests:
              - name: the founder without a brand
                profile: ../../profiles/founder.yaml
                facts: {brand: false, capital: null}
                expect: {excluded: [beta], undecided: [light-founder]}
            """
        let path = folder.appendingPathComponent("book/tests/t.yaml").path
        let testCase = try #require(try parse(yaml, path: path).get().first)
        #expect(testCase.profile == folder.appendingPathComponent("profiles/founder.yaml").path)
        #expect(book.runTests([testCase]).allPassed)
    }

    @Test func aMissingProfileIsAnErrorAtItsPath() {
        let found = problems(
            """
            tests:
              - name: ghost
                profile: nowhere.yaml
                expect: {recommendation: alpha}
            """)
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "book/tests/t.yaml", line: 3, column: 14))
        #expect(found.first?.message.contains("book/tests/nowhere.yaml") == true)
    }

    @Test func aMisspelledModelRuleOrFactIsAnErrorWithTheNearestName() {
        let found = problems(
            """
            tests:
              - name: typos
                facts: {capital: 5000}
                expect:
                  recommendation: alpah
                  fired: [light-fonder]
                  derived: {asset_lite: true}
            """)
        #expect(found.map(\.message) == [
            "test 'typos' names unknown model 'alpah'", "test 'typos' names unknown rule 'light-fonder'",
            "test 'typos' names 'asset_lite', which is not a derived fact",
        ])
        #expect(found.map { $0.location?.line ?? 0 } == [5, 6, 7])
        #expect(found.map { $0.hint ?? "" } == ["did you mean 'alpha'?", "did you mean 'light-founder'?", "did you mean 'asset_light'?"])
    }

    @Test func structuralMistakesAreErrorsThatSayHowToFixThem() {
        let found = problems(
            """
            tests:
              - name: no expectations
                facts: {capital: 1}
              - name: unknown key
                facts: {capital: 1}
                expect: {recomendation: alpha}
              - name: not an order
                facts: {capital: 1}
                expect: {order: ["alpha beta"]}
              - facts: {capital: 1}
                expect: {recommendation: alpha}
              - name: no profile
                expect: {recommendation: alpha}
              - name: bad fact
                facts: {capital: lots}
                expect: {recommendation: alpha}
            """)
        let messages = found.map(\.message)
        #expect(messages.contains("test 'no expectations' has no `expect`"))
        #expect(messages.contains("`expect` has an unknown key 'recomendation'"))
        #expect(found.contains { $0.hint == "did you mean 'recommendation'?" })
        #expect(messages.contains("'alpha beta' is not an order"))
        #expect(messages.contains("a test has no `name`"))
        #expect(messages.contains("test 'no profile' has no profile"))
        #expect(messages.contains("'capital' must be a number, not 'lots'"))
        #expect(found.allSatisfy { $0.location?.file == "book/tests/t.yaml" })
    }

    @Test func twoTestsWithOneNameAreAnError() {
        let file = { (path: String) in
            SourceFile(path: path, text: "tests:\n  - name: same\n    facts: {capital: 1}\n    expect: {recommendation: alpha}\n")
        }
        let result = RuleTestLoader.load(files: [file("a.yaml"), file("b.yaml")], ruleBook: book)
        guard case .failure(let found) = result else {
            Issue.record("duplicate names were accepted")
            return
        }
        #expect(found.map(\.message) == ["a test named 'same' already exists"])
        #expect(found.first?.location?.file == "b.yaml")
    }
}
