import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import Testing

/// A founder's profile is read strictly: every mistake names the line and the fix.
@Suite struct ProfileLoadingTests {
    func problems(_ yaml: String) throws -> [Diagnostic] {
        let book = try Fixture.book()
        if case .failure(let problems) = ProfileLoader.parse(SourceFile(path: "p.yaml", text: yaml), ruleBook: book) {
            return problems
        }
        return []
    }

    @Test func absentAndEmptyFactsAreUnknown() throws {
        let book = try Fixture.book()
        let profile = try Fixture.profile("name: Ana\nnotes: A note.\ncapital:\n", book: book)
        #expect(profile.name == "Ana")
        #expect(profile.values.isEmpty)
        #expect(profile.facts.bindings.allSatisfy { if case .unknown = $0 { true } else { false } })
    }

    @Test func aWholeNumberForANumberFactIsANumber() throws {
        let book = try Fixture.book()
        let profile = try Fixture.profile("capital: 30000\naudience: 2500.0\n", book: book)
        #expect(profile.values["capital"] == .double(30000))
        #expect(profile.values["audience"] == .int(2500))
    }

    @Test func jsonProfilesReadLikeYAML() throws {
        let book = try Fixture.book()
        let profile = try Fixture.profile(#"{"capital": 5, "services": ["payment"], "brand": true}"#, book: book)
        #expect(profile.values["services"] == .list([.string("payment")]))
    }

    @Test func anUnknownKeySuggestsTheNearestFact() throws {
        let problems = try problems("captial: 5\n")
        #expect(problems.first?.location == SourceLocation(file: "p.yaml", line: 1, column: 1))
        #expect(problems.first?.hint == "did you mean 'capital'?")
    }

    @Test func anUndeclaredEnumValueSuggestsTheNearest() throws {
        let problems = try problems("breadth: braod\n")
        #expect(problems.first?.location == SourceLocation(file: "p.yaml", line: 1, column: 10))
        #expect(problems.first?.hint == "did you mean 'broad'?")
    }

    @Test func valuesOfTheWrongTypeOrOutOfRangeAreRefused() throws {
        #expect(try problems("capital: lots\n").first?.message.contains("must be a number") == true)
        #expect(try problems("capital: -5\n").first?.message.contains("below its minimum") == true)
        #expect(try problems("capital: .nan\n").first?.message.contains("finite") == true)
        #expect(try problems("audience: 2.5\n").first?.message.contains("whole number") == true)
        #expect(try problems("brand: maybe\n").first?.message.contains("true or false") == true)
        #expect(try problems("services: [payment, payment]\n").first?.message.contains("twice") == true)
        #expect(try problems("asset_light: true\n").first?.message.contains("concluded by the rules") == true)
    }

    @Test func everyProblemOfAProfileIsReportedAtOnce() throws {
        let problems = try problems("captial: 5\nbreadth: wide\n")
        #expect(problems.count == 2)
        #expect(problems.map { $0.location?.line } == [1, 2])
    }

    @Test func aProfileThatIsNotAMappingIsRefused() throws {
        #expect(try problems("- capital\n").first?.message.contains("mapping") == true)
        #expect(try problems("").first?.message.contains("empty") == true)
    }
}
