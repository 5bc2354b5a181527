import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import PropertyBased
import Testing

/// What the engine promises for every profile, checked on generated profiles of the shipped
/// rule book (a failure prints the shrunk profile and the seed that replays it).
@Suite struct EnginePropertyTests {
    static let book: RuleBook = {
        guard case .success(let book) = RuleBookLoader.load(files: ShippedRuleBook.files) else { fatalError("the shipped rule book does not load") }
        return book
    }()

    /// Profiles over the facts' representative values (`RuleBook.domains`): the first choice
    /// picks how often a fact is unknown (5, 15, 35 or 60 percent, so that nearly complete and
    /// nearly empty profiles both come up), the others pick each fact's value.
    static let profiles = Gen.int(in: 0...99).array(of: book.askedFactCount + 1).map { choices in
        let unknownBelow = [5, 15, 35, 60][choices[0] % 4]
        return FactSet(
            bindings: zip(book.domains, choices.dropFirst()).map { domain, choice in
                choice < unknownBelow || domain.candidates.isEmpty ? CELBinding.unknown : .value(domain.candidates[choice % domain.candidates.count])
            })
    }

    /// What a user sees of an evaluation, independent of the order rules were written in.
    struct Outcome: Equatable, CustomStringConvertible {
        var recommendation: String?
        var standings: [String]
        var couldChange: [String]
        var cannotChange: [String]
        var derived: [String]

        init(_ evaluation: Evaluation) {
            recommendation = evaluation.recommendation
            standings = evaluation.ranking.map {
                "\($0.model) \($0.fit) [\($0.lowestFit), \($0.highestFit)] excluded by \($0.excludedBy.sorted()) may be by \($0.mayBeExcludedBy.sorted())"
            }
            couldChange = evaluation.couldChange.sorted()
            cannotChange = evaluation.cannotChange.sorted()
            derived = evaluation.derived.map { "\($0.fact)=\($0.value.map(FactValues.render) ?? "unknown")" }.sorted()
        }

        var description: String { "\(recommendation ?? "none"); open \(couldChange); \(standings.joined(separator: "; "))" }
    }

    @Test func scoringIsDeterministicAndTheBatchScorerAgrees() async {
        let scorer = Scorer(Self.book)
        await propertyCheck(count: 300, input: Self.profiles) { facts in
            let first = Self.book.score(facts)
            #expect(first == Self.book.score(facts))
            #expect(Self.book.score(facts, traced: false).ranking == first.ranking)
            scorer.score(facts)
            #expect(scorer.recommendation.map { Self.book.models[$0].id } == first.recommendation)
        }
    }

    /// The shipped rule book's files under new names that sort in a shuffled order, each rules
    /// file's rules shuffled too. A message catalogue stays in its `locales/` folder, which is
    /// what makes it a catalogue.
    static func shuffledBook(seed: UInt64) -> RuleBook? {
        var generator = SplitMix64(seed: seed)
        let files = ShippedRuleBook.files.shuffled(using: &generator)
        let renamed = files.enumerated().map { position, file -> SourceFile in
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            if RuleBookLoader.isCatalogue(file.path) { return SourceFile(path: "book/locales/\(name)", text: file.text) }
            return SourceFile(path: "book/\(position < 10 ? "0" : "")\(position)-\(name)", text: shuffledRules(file.text, using: &generator))
        }
        guard case .success(let book) = RuleBookLoader.load(files: renamed) else { return nil }
        return book
    }

    /// A rules file's rules (blocks starting `  - id:`) in a shuffled order; other files as they are.
    static func shuffledRules(_ text: String, using generator: inout SplitMix64) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { $0.hasPrefix("  - id:") }), lines.contains("rules:") else { return text }
        var blocks: [[Substring]] = []
        for line in lines[first...] {
            if line.hasPrefix("  - id:") { blocks.append([]) }
            blocks[blocks.count - 1].append(line)
        }
        // Each block ends its own lines, so a shuffled last block still ends with a newline.
        blocks = blocks.map { block in block.last == "" ? block : block + [""] }.shuffled(using: &generator)
        return (lines[..<first] + blocks.flatMap { $0.dropLast() }).joined(separator: "\n") + "\n"
    }

    @Test func theOrderOfFilesAndRulesDoesNotChangeAnyResult() async {
        await propertyCheck(count: 12, input: Gen.uint64(in: 0 ... .max), Self.profiles.array(of: 25)) { seed, profiles in
            guard let shuffled = Self.shuffledBook(seed: seed) else {
                Issue.record("the shuffled rule book does not load")
                return
            }
            #expect(shuffled.rules.count == Self.book.rules.count)
            #expect(shuffled.askedFactIds == Self.book.askedFactIds)
            for facts in profiles {
                #expect(Outcome(shuffled.score(facts)) == Outcome(Self.book.score(facts)))
            }
        }
    }

    /// The profile with `fact` given `value`.
    func giving(_ facts: FactSet, _ slot: Int, _ value: CELValue) -> FactSet {
        var bindings = facts.bindings
        bindings[slot] = .value(value)
        return FactSet(bindings: bindings)
    }

    /// The engine's promise about unknown facts, precisely:
    ///
    /// 1. A fact it calls inert (`cannot_change`) cannot change the recommendation: giving it
    ///    any of its values, the others as they are, recommends the same model.
    /// 2. So when nothing is open (`couldChange` empty), the recommendation is the one every value
    ///    of every unknown fact gives.
    /// 3. Every unknown asked fact is one or the other, never both.
    /// 4. What an open (`could_change`) fact rests on holds: giving it a value only narrows each
    ///    model's reachable range of fit (`lowestFit`...`highestFit`), never moves a fit outside it.
    @Test func anUnknownFactNeverGetsARecommendationKnowingItCouldNotGive() async {
        await propertyCheck(count: 400, input: Self.profiles) { facts in
            let evaluation = Self.book.score(facts, traced: false)
            let unknown = Self.book.domains.filter { facts.bindings[$0.slot] == .unknown }
            #expect(
                Set(evaluation.couldChange).isDisjoint(with: evaluation.cannotChange)
                    && Set(evaluation.couldChange + evaluation.cannotChange) == Set(unknown.map(\.fact)),
                "open \(evaluation.couldChange) and inert \(evaluation.cannotChange) do not split the unknown facts \(unknown.map(\.fact))")
            for domain in unknown {
                let recommendations = domain.candidates.map { Self.book.score(giving(facts, domain.slot, $0), traced: false).recommendation }
                if evaluation.cannotChange.contains(domain.fact) || evaluation.couldChange.isEmpty {
                    #expect(
                        recommendations.allSatisfy { $0 == evaluation.recommendation },
                        "\(domain.fact) is called inert, yet its values recommend \(recommendations.map { $0 ?? "none" }) instead of \(evaluation.recommendation ?? "none")")
                }
                for value in domain.candidates {
                    let given = Self.book.score(giving(facts, domain.slot, value), traced: false)
                    for standing in given.ranking {
                        guard let before = evaluation.standing(of: standing.model) else { continue }
                        #expect(
                            standing.lowestFit >= before.lowestFit - 1e-9 && standing.highestFit <= before.highestFit + 1e-9,
                            "\(domain.fact) = \(value) puts \(standing.model) at \(standing.lowestFit)...\(standing.highestFit), outside the \(before.lowestFit)...\(before.highestFit) it could reach")
                    }
                }
            }
        }
    }
}
