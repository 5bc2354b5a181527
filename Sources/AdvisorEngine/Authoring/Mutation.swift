import AdvisorCEL
import AdvisorDiagnostics

/// Mutation testing of a rule book: every single small edit an author could make by mistake
/// (a score's sign flipped, a score zeroed, a knock-out dropped, a comparison's number moved
/// past the next number the same fact is compared with), each run against the rule tests. A
/// mutant some test catches is *killed*; one that every test still passes *survived*, which
/// says what the tests do not pin down.
public struct Mutant: Sendable, Hashable, CustomStringConvertible {
    public enum Change: Sendable, Hashable {
        case signFlipped(model: String, points: Double)
        case zeroed(model: String, points: Double)
        case knockOutDropped(model: String)
        /// A number compared with `fact`, moved from one value to another.
        case constantMoved(fact: String, from: CELValue, to: CELValue)
    }

    public var ruleId: String
    public var change: Change
    /// Where the mutated entry is written.
    public var location: SourceLocation?

    /// `m2c +10 -> -10 (sign flipped)`.
    public var description: String {
        switch change {
        case .signFlipped(let model, let points):
            return "\(model) \(FactValues.signed(points)) -> \(FactValues.signed(-points)) (sign flipped)"
        case .zeroed(let model, let points):
            return "\(model) \(FactValues.signed(points)) -> 0 (score zeroed)"
        case .knockOutDropped(let model):
            return "exclude \(model) dropped (knock-out dropped)"
        case .constantMoved(let fact, let from, let to):
            return "\(fact) compared with \(FactValues.render(to)) instead of \(FactValues.render(from)) (constant moved)"
        }
    }
}

/// What the rule tests made of one mutant.
public struct MutantResult: Sendable, Hashable {
    public var mutant: Mutant
    /// The first test that failed on the mutant, with what it expected; nil: the mutant survived.
    public var killedBy: String?
    /// Set when the mutant did not compile (it is then neither killed nor survived).
    public var problem: String?

    public var killed: Bool { killedBy != nil }
    public var survived: Bool { killedBy == nil && problem == nil }
}

/// Every mutant of a rule book and its fate.
public struct MutationRun: Sendable, Hashable {
    public var results: [MutantResult]
    public var testCount: Int

    public var killedCount: Int { results.filter(\.killed).count }
    public var survivors: [MutantResult] { results.filter(\.survived) }
    /// Mutants that compiled and were run.
    public var runCount: Int { results.filter { $0.problem == nil }.count }
    /// Share of the mutants run that some test killed, 0...100 (100 when there are none).
    public var score: Double { runCount == 0 ? 100 : Double(killedCount) * 100 / Double(runCount) }
}

/// How a mutant is made: most edit a compiled rule's effects; a moved number recompiles its
/// condition from the edited source.
enum MutantEdit: Sendable {
    /// The rule at this evaluation position, with its effects edited.
    case rule(position: Int, Rule)
    /// The whole source with one condition edited.
    case source(RuleBookSource)
}

extension RuleBookSource {
    /// Every single mutant of this rule book, in the order the rules are written. `compiled` is
    /// this source compiled.
    func mutants(of compiled: RuleBook) -> [(mutant: Mutant, edit: MutantEdit)] {
        var result: [(mutant: Mutant, edit: MutantEdit)] = []
        let positions = Dictionary(compiled.rules.indices.map { (compiled.rules[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        // The numbers each fact is compared with, over the whole book.
        var compared: [String: Set<Double>] = [:]
        for rule in compiled.rules {
            for constant in rule.constants { if let fact = constant.facts.first { compared[fact, default: []].insert(constant.number) } }
        }
        for (index, written) in rules.enumerated() {
            guard let position = positions[written.id] else { continue }
            let rule = compiled.rules[position]
            for (entry, score) in rule.scores.enumerated() where score.points != 0 {
                let model = compiled.models[score.model].id
                let location = rule.scoreLocations.indices.contains(entry) ? rule.scoreLocations[entry] : rule.location
                var flipped = rule, zeroed = rule
                flipped.scores[entry].points = -score.points
                zeroed.scores[entry].points = 0
                result.append((Mutant(ruleId: rule.id, change: .signFlipped(model: model, points: score.points), location: location), .rule(position: position, flipped)))
                result.append((Mutant(ruleId: rule.id, change: .zeroed(model: model, points: score.points), location: location), .rule(position: position, zeroed)))
            }
            for (entry, excluded) in rule.excludes.enumerated() {
                let model = compiled.models[excluded].id
                var dropped = rule
                dropped.excludes.remove(at: entry)
                let location = written.excludes.first { $0.id == model }?.location ?? rule.location
                result.append((Mutant(ruleId: rule.id, change: .knockOutDropped(model: model), location: location), .rule(position: position, dropped)))
            }
            for constant in rule.constants {
                guard let fact = constant.facts.first else { continue }
                for moved in Self.moves(of: constant.value, among: (compared[fact] ?? []).sorted()) {
                    var copy = self
                    copy.rules[index].condition.text = Self.replacing(constant.range, in: written.condition.text, with: Self.literal(moved))
                    result.append(
                        (Mutant(ruleId: rule.id, change: .constantMoved(fact: fact, from: constant.value, to: moved), location: constant.location),
                         .source(copy)))
                }
            }
        }
        return result
    }

    /// A number moved past its neighbours among the numbers the fact is compared with: up to
    /// halfway between the next number and the one after it (half the gap beyond it when it is
    /// the largest; twice itself when there is none above), and down likewise (half the smallest
    /// when it is the smallest). Only values strictly past the neighbour, or past the number
    /// itself when it has no neighbour, count. An integer stays an integer.
    static func moves(of value: CELValue, among sorted: [Double]) -> [CELValue] {
        let number: Double
        let isInteger: Bool
        switch value {
        case .int(let whole): (number, isInteger) = (Double(whole), true)
        case .double(let real): (number, isInteger) = (real, false)
        default: return []
        }
        guard let position = sorted.firstIndex(of: number) else { return [] }
        var targets: [Double] = []
        // Up.
        if position + 1 < sorted.count {
            let neighbour = sorted[position + 1]
            let beyond = position + 2 < sorted.count ? (neighbour + sorted[position + 2]) / 2 : neighbour + (neighbour - number) / 2
            targets.append(isInteger ? beyond.rounded(.up) : beyond)
        } else {
            targets.append(number > 0 ? number * 2 : number + 1)
        }
        // Down.
        if position > 0 {
            let neighbour = sorted[position - 1]
            let beyond = position > 1 ? (neighbour + sorted[position - 2]) / 2 : neighbour / 2
            let target = isInteger ? beyond.rounded(.down) : beyond
            if target < neighbour { targets.append(target) }
        } else if number > 0 {
            let target = isInteger ? (number / 2).rounded(.down) : number / 2
            if target < number { targets.append(target) }
        }
        return targets.map { isInteger ? .int(Int64($0)) : .double($0) }
    }

    /// A number as CEL source of the same type (`125000.0`, `12`).
    static func literal(_ value: CELValue) -> String {
        switch value {
        case .int(let whole): return String(whole)
        case .double(let real):
            let text = FactValues.format(real)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        default: return FactValues.render(value)
        }
    }

    static func replacing(_ range: Range<Int>, in text: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return text }
        return String(decoding: bytes[..<range.lowerBound] + Array(replacement.utf8) + bytes[range.upperBound...], as: UTF8.self)
    }
}

extension RuleBook {
    /// The first expectation of the first test that fails on this rule book, as
    /// `test name: expected ..., got ...`; nil when every test passes. Stops at the first.
    public func firstFailure(of tests: [RuleTestCase]) -> String? {
        for testCase in tests {
            let evaluation = testEvaluation(testCase, planner: QuestionPlanner(ruleBook: self))
            for expectation in testCase.expectations {
                let result = check(expectation, against: evaluation)
                if !result.passed { return "\(testCase.name): expected \(result.expected), got \(result.actual)" }
            }
        }
        return nil
    }
}

/// Runs every mutant of a rule book against its tests. Pure.
public enum MutationTesting {
    /// `source` compiled must be `book`; the tests are loaded against `book` (mutants declare the
    /// same facts, models and rules, so they apply unchanged).
    public static func run(source: RuleBookSource, book: RuleBook, tests: [RuleTestCase]) -> MutationRun {
        let results = source.mutants(of: book).map { mutant, edit -> MutantResult in
            let mutated: RuleBook
            switch edit {
            case .rule(let position, let rule):
                var rules = book.rules
                rules[position] = rule
                mutated = book.replacing(rules: rules)
            case .source(let edited):
                switch RuleBook.compile(edited) {
                case .failure(let problems):
                    return MutantResult(mutant: mutant, killedBy: nil, problem: problems.first?.description ?? "does not compile")
                case .success(let compiled): mutated = compiled
                }
            }
            return MutantResult(mutant: mutant, killedBy: mutated.firstFailure(of: tests), problem: nil)
        }
        return MutationRun(results: results, testCount: tests.count)
    }
}

extension RuleBook {
    /// The same rule book with rules whose effects were edited (same ids, conditions and order).
    func replacing(rules: [Rule]) -> RuleBook {
        RuleBook(
            header: header, facts: facts, models: models, thresholds: thresholds, rules: rules, fingerprint: fingerprint,
            factSlots: factSlots, modelSlots: modelSlots, askedFactCount: askedFactCount, finalizeAfter: finalizeAfter, derivers: derivers)
    }
}
