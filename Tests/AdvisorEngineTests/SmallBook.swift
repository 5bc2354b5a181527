import AdvisorCEL
import AdvisorDiagnostics
import AdvisorEngine
import Testing

/// Small rule books built as values, for the engine's tests: facts `budget` (number),
/// `tier` (enum low/high), `online` (bool), derived `rich`; models `a`, `b`, `c`; neutral fit 0.
enum SmallBook {
    static func rule(
        _ id: String, _ when: String, score: [(String, Double)] = [], exclude: [String] = [], derive: [(String, CELValue)] = [],
        because: String? = nil
    ) -> RuleSource {
        RuleSource(
            id: id, location: SourceLocation(file: "book.yaml", line: 1, column: 1), condition: PlacedText(unplaced: when),
            because: because ?? "Because \(id).", encodes: [.init(id: "a/t", location: nil)],
            scores: score.map { .init(model: $0.0, points: $0.1, location: nil) },
            excludes: exclude.map { .init(id: $0, location: nil) },
            derives: derive.map { .init(fact: $0.0, value: $0.1, location: nil) })
    }

    static let facts = [
        FactDeclaration(id: "budget", kind: .number(min: 0, max: nil)),
        FactDeclaration(id: "tier", kind: .enumeration(["low", "high"])),
        FactDeclaration(id: "online", kind: .bool),
        FactDeclaration(id: "rich", kind: .bool, isDerived: true, defaultValue: .bool(false)),
    ]

    static func book(_ rules: [RuleSource], facts: [FactDeclaration] = SmallBook.facts) throws -> RuleBook {
        let models = ["a", "b", "c"].map { id in
            Model(id: id, name: id.uppercased(), summary: "", tradeOffs: [TradeOff(id: "\(id)/t", kind: .trait, seed: "000", text: "T.")])
        }
        switch RuleBook.compile(RuleBookSource(header: RuleBookHeader(neutral: 0), facts: facts, models: models, rules: rules)) {
        case .success(let book): return book
        case .failure(let problems):
            Issue.record("the test rule book did not compile: \(problems.map(\.description))")
            throw problems
        }
    }

    /// Rules under which every model can win and every fact is read.
    static let soundRules = [
        rule("low-tier-suits-a", "tier == 'low'", score: [("a", 10)]),
        rule("high-tier-suits-b", "tier == 'high'", score: [("b", 10)]),
        rule("online-suits-c", "online && budget < 100.0", score: [("c", 30)]),
        rule("rich-founder", "budget >= 1000.0", derive: [("rich", .bool(true))]),
        rule("rich-suits-b", "rich", score: [("b", 5)]),
    ]

    static func facts(_ book: RuleBook, _ values: [String: CELValue]) throws -> FactSet {
        try book.factSet(values).get()
    }
}
