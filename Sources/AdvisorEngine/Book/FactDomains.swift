import AdvisorCEL

/// The values worth trying for one asked fact: a finite set of representatives such that any
/// value the fact can take makes every condition of the rule book come out as one of them does.
///
/// Enums, bools and lists (every subset) are tried whole. A number is cut at the constants the
/// conditions compare it with (`capital < 20000` cuts at 20,000): each constant and one value
/// inside each interval between them represent the whole line, because a condition that only
/// compares the fact with constants cannot tell apart two values of the same interval. Where a
/// condition does something else with a number (arithmetic, a conversion), the representatives
/// are still tried but the domain says it is not exact.
public struct FactDomain: Sendable, Hashable {
    public var slot: Int
    public var fact: String
    /// Representative values in the fact's natural order (declared order for enums, ascending for numbers).
    public var candidates: [CELValue]
    /// True when the candidates stand for every possible value (see above).
    public var isExact: Bool
    /// For a number, the constants the conditions compare it with, ascending (bounds not applied):
    /// the values between two cuts behave alike, which lets a report name a range, not a point.
    public var cuts: [Double] = []
}

extension RuleBook {
    /// Lists with more declared values than this are not enumerated subset by subset.
    public static let maximumEnumeratedListValues = 10

    static func domains(facts: [FactDeclaration], askedCount: Int, rules: [Rule]) -> [FactDomain] {
        var thresholds = Array(repeating: Set<Double>(), count: askedCount)
        var opaque = Array(repeating: false, count: askedCount)
        var names: [String: Int] = [:]
        for slot in 0..<askedCount { names[facts[slot].id] = slot }

        for rule in rules {
            let parsed = rule.program.parsed
            var compared: Set<Int> = []  // node ids of identifiers seen in a plain comparison
            parsed.root.walk { node in
                guard let (op, operands) = node.operatorCall, operands.count == 2 else { return }
                guard [.less, .lessEquals, .greater, .greaterEquals, .equals, .notEquals].contains(op) else { return }
                for (side, other) in [(operands[0], operands[1]), (operands[1], operands[0])] {
                    guard let name = side.identifierName, let slot = names[name], let constant = numericConstant(other) else { continue }
                    thresholds[slot].insert(constant)
                    compared.insert(side.id)
                }
            }
            parsed.root.walk { node in
                guard let name = node.identifierName, let slot = names[name], !compared.contains(node.id) else { return }
                switch facts[slot].kind {
                case .number, .integer: opaque[slot] = true
                default: break
                }
            }
        }

        return (0..<askedCount).map { slot in
            let fact = facts[slot]
            switch fact.kind {
            case .bool:
                return FactDomain(slot: slot, fact: fact.id, candidates: [.bool(false), .bool(true)], isExact: true)
            case .enumeration(let values):
                return FactDomain(slot: slot, fact: fact.id, candidates: values.map { .string($0) }, isExact: true)
            case .list(let values):
                guard values.count <= maximumEnumeratedListValues else {
                    let some: [CELValue] = [.list([])] + values.map { .list([.string($0)]) } + [.list(values.map { .string($0) })]
                    return FactDomain(slot: slot, fact: fact.id, candidates: some, isExact: false)
                }
                // Every subset, smallest first, each in declared order.
                var subsets: [[String]] = [[]]
                for value in values { subsets += subsets.map { $0 + [value] } }
                subsets.sort {
                    $0.count != $1.count ? $0.count < $1.count : lexicalIndex($0, values).lexicographicallyPrecedes(lexicalIndex($1, values))
                }
                return FactDomain(slot: slot, fact: fact.id, candidates: subsets.map { .list($0.map { .string($0) }) }, isExact: true)
            case .number(let low, let high):
                let points = representatives(thresholds[slot].sorted(), low: low, high: high, whole: false)
                return FactDomain(
                    slot: slot, fact: fact.id, candidates: points.map { .double($0) }, isExact: !opaque[slot], cuts: thresholds[slot].sorted())
            case .integer(let low, let high):
                let points = representatives(thresholds[slot].sorted(), low: low.map(Double.init), high: high.map(Double.init), whole: true)
                return FactDomain(
                    slot: slot, fact: fact.id, candidates: points.compactMap { Int64(exactly: $0).map { .int($0) } }, isExact: !opaque[slot],
                    cuts: thresholds[slot].sorted())
            }
        }
    }

    /// A literal number, possibly negated.
    private static func numericConstant(_ node: CELNode) -> Double? {
        switch node.literalValue {
        case .int(let value)?: return Double(value)
        case .uint(let value)?: return Double(value)
        case .double(let value)?: return value.isFinite ? value : nil
        default: break
        }
        if let (op, operands) = node.operatorCall, op == .negate, operands.count == 1, let inner = numericConstant(operands[0]) {
            return -inner
        }
        return nil
    }

    /// Each threshold within bounds, and one value in each open interval around them.
    private static func representatives(_ cuts: [Double], low: Double?, high: Double?, whole: Bool) -> [Double] {
        func inBounds(_ value: Double) -> Bool { (low.map { value >= $0 } ?? true) && (high.map { value <= $0 } ?? true) }
        func fit(_ value: Double) -> Double { whole ? value.rounded(.down) : value }
        // A whole number cannot sit on a fractional cut: cut at the whole numbers either side.
        let cuts = whole ? Array(Set(cuts.flatMap { [$0.rounded(.down), $0.rounded(.up)] })).sorted() : cuts
        let inside = cuts.filter(inBounds)
        var points: [Double] = []
        guard let first = inside.first, let last = inside.last else {
            return [low ?? high ?? 0]
        }
        // Below the first cut.
        let below = low.map { $0 < first ? $0 : first } ?? first - max(1, abs(first))
        if below < first { points.append(fit(below)) }
        for (index, cut) in inside.enumerated() {
            points.append(cut)
            let next = index + 1 < inside.count ? inside[index + 1] : nil
            if let next {
                let middle = whole ? (cut + 1 < next ? cut + 1 : nil) : (cut + next) / 2
                if let middle { points.append(middle) }
            }
        }
        // Above the last cut.
        let above = high.map { $0 > last ? min($0, last + max(1, abs(last))) : last } ?? last + max(1, abs(last))
        if above > last { points.append(whole ? (last + 1 <= (high ?? .infinity) ? last + 1 : above) : above) }
        // Integer intervals between cuts c and c' hold c+1 ... c'-1: one of them represents all.
        return Array(Set(points.filter(inBounds))).sorted()
    }

    private static func lexicalIndex(_ subset: [String], _ values: [String]) -> [Int] {
        subset.map { values.firstIndex(of: $0) ?? 0 }
    }
}
