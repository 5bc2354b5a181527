import AdvisorDiagnostics
import AdvisorEngine
import AdvisorLoading
import AdvisorReports

/// What a batch came to, counted chunk by chunk on the worker threads and added up in input
/// order: profiles scored and failed, recommendations by model, and (when `detailed`) what
/// the cohort report says about how clear the recommendations are and what to ask next.
public struct BatchTally: Sendable {
    /// One profile that could not be read or scored, with its first error.
    public struct Failure: Sendable, Hashable {
        public var label: String
        /// The carried id, when there is one.
        public var id: String?
        public var firstError: String
    }

    /// How clear a recommendation is, by its margin over the runner-up (in points of fit).
    public enum Clarity: Int, Sendable, CaseIterable {
        /// Under 8 points: a marginal or narrow lead.
        case close
        /// 8 to under 20 points.
        case clear
        /// 20 points or more.
        case decisive
        /// No model outside the recommendation is admissible.
        case unrivalled

        public init(margin: Double?) {
            guard let margin else {
                self = .unrivalled
                return
            }
            self = margin < LeadStrength.clear.lowerBound ? .close : margin < LeadStrength.decisive.lowerBound ? .clear : .decisive
        }
    }

    /// The failures kept for the report (the first ones, in input order).
    public static let keptFailures = 1000

    public let modelIds: [String]
    public let factIds: [String]
    /// Whether margins, runner-up pairs and unknown facts are counted (they cost a little).
    public let detailed: Bool
    public private(set) var scored = 0
    public private(set) var failed = 0
    /// Recommendations by model index.
    public private(set) var recommendations: [Int]
    /// Scored profiles without a recommendation.
    public private(set) var undecided = 0
    /// Recommended profiles by `Clarity`.
    public private(set) var clarity: [Int]
    /// Close calls by (recommendation, runner-up) model indices.
    public private(set) var closePairs: [Pair: Int] = [:]
    /// By asked fact slot: the scored profiles that leave the fact unknown, and those where
    /// it could change the recommendation.
    public private(set) var unknown: [Int]
    public private(set) var couldChange: [Int]
    public private(set) var failures: [Failure] = []
    /// Keys dropped because they are not facts (`--ignore-unknown-columns`), sorted.
    public private(set) var ignored: Set<String> = []

    public struct Pair: Sendable, Hashable {
        public var winner: Int
        public var runnerUp: Int
    }

    public init(ruleBook: RuleBook, detailed: Bool = false) {
        modelIds = ruleBook.models.map(\.id)
        factIds = ruleBook.askedFactIds
        self.detailed = detailed
        recommendations = Array(repeating: 0, count: ruleBook.models.count)
        clarity = Array(repeating: 0, count: Clarity.allCases.count)
        unknown = Array(repeating: 0, count: ruleBook.askedFactCount)
        couldChange = Array(repeating: 0, count: ruleBook.askedFactCount)
    }

    public var total: Int { scored + failed }

    /// Counts a scored profile (its scorer's last result; its unknown facts as its record
    /// decided them, so the report costs no second search).
    public mutating func add(scored profile: inout ScoredProfile, record: BatchInput.Record) {
        scored += 1
        ignored.formUnion(record.ignored)
        let scorer = profile.scorer
        if detailed {
            // Undecided profiles count here too: they are the ones an answer could decide.
            let facts = profile.unknownFacts()
            for slot in facts.couldChange where slot < couldChange.count { couldChange[slot] += 1 }
            for slot in facts.couldChange + facts.cannotChange where slot < unknown.count { unknown[slot] += 1 }
        }
        guard let winner = scorer.recommendation else {
            undecided += 1
            return
        }
        recommendations[winner] += 1
        guard detailed else { return }
        let runnerUp = scorer.runnerUp
        let kind = Clarity(margin: runnerUp.map { scorer.fit(winner) - scorer.fit($0) })
        clarity[kind.rawValue] += 1
        if kind == .close, let runnerUp { closePairs[Pair(winner: winner, runnerUp: runnerUp), default: 0] += 1 }
    }

    /// Counts a profile that could not be read or scored.
    public mutating func add(failed record: BatchInput.Record, problems: [Diagnostic], id: String?) {
        failed += 1
        ignored.formUnion(record.ignored)
        if failures.count < Self.keptFailures {
            failures.append(Failure(label: record.label, id: id, firstError: problems.sorted().first?.description ?? "cannot be read"))
        }
    }

    /// Adds the counts of the chunk after this one.
    public mutating func add(_ other: BatchTally) {
        scored += other.scored
        failed += other.failed
        undecided += other.undecided
        for index in recommendations.indices { recommendations[index] += other.recommendations[index] }
        for index in clarity.indices { clarity[index] += other.clarity[index] }
        for (pair, count) in other.closePairs { closePairs[pair, default: 0] += count }
        for index in unknown.indices {
            unknown[index] += other.unknown[index]
            couldChange[index] += other.couldChange[index]
        }
        failures += other.failures.prefix(max(0, Self.keptFailures - failures.count))
        ignored.formUnion(other.ignored)
    }

    /// "Scored 27 profiles, 1 could not be scored. Recommendations: m2c 3, b2c 3, ..." in the
    /// rule book's language (the models by `ToolWords`' `modelRef`).
    public func summaryLine(_ ruleBook: RuleBook) -> String {
        let words = ToolWords(ruleBook.language)
        var line = words.counted(scored, .batchScored)
        if failed > 0 { line += words(.batchFailed, ["n": words.digits(failed)]) }
        line += words.fullStop
        var counts = modelIds.indices.filter { recommendations[$0] > 0 }.map { index in
            let short = ruleBook.index(ofModel: modelIds[index]).map { ruleBook.models[$0].shortName } ?? modelIds[index]
            return words(.batchModelCount, ["model": words(.modelRef, ["id": modelIds[index], "short": short]), "n": words.digits(recommendations[index])])
        }
        if undecided > 0 { counts.append(words(.batchModelCount, ["model": words(.batchUndecided), "n": words.digits(undecided)])) }
        if !counts.isEmpty { line += words(.batchRecommendations, ["counts": counts.joined(separator: words.comma)]) }
        return line
    }

    /// The one warning about dropped keys, if any were dropped.
    public func ignoredWarning(_ words: ToolWords) -> String? {
        guard !ignored.isEmpty else { return nil }
        let names = ignored.sorted().map { "'\($0)'" }.joined(separator: words.comma)
        let forms = words(.ignoredKeys, ["names": names]).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return (ignored.count == 1 ? forms[0] : forms[forms.count - 1]).replacingOccurrences(of: "{n}", with: words.digits(ignored.count))
    }
}
