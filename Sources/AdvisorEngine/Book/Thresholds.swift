import AdvisorCEL
import AdvisorDiagnostics

/// Why a condition compares a fact with a number: one sentence, and whether it rests on a seed,
/// a market figure or the authors' own judgement. The rule book keeps these in a catalogue
/// (`thresholds:`) keyed by fact and value, which every condition comparing that fact with that
/// value shares.
public struct ThresholdBasis: Sendable, Hashable {
    /// Where a threshold comes from.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// A source article states it.
        case seed
        /// A figure of the market: a regulation, a price, a common industry size.
        case market
        /// The rule book's authors chose it; the sentence says why.
        case judgement
    }

    /// The fact compared (a number, integer or list fact: a list's `size()`).
    public var fact: String
    public var value: Double
    /// The reason for the value, in one sentence a consultant could say to a founder.
    public var basis: String
    public var source: Source
    public var location: SourceLocation?

    public init(fact: String, value: Double, basis: String, source: Source, location: SourceLocation? = nil) {
        self.fact = fact
        self.value = value
        self.basis = basis
        self.source = source
        self.location = location
    }
}

/// A number written in a rule's condition, the facts it is compared with, and the stated basis
/// for it (nil when the catalogue states none).
public struct ConditionConstant: Sendable, Hashable {
    /// The literal: an `.int` or a `.double`.
    public var value: CELValue
    /// The facts read by the comparison the number sits in (by the whole condition when it sits
    /// in none), in the order they appear.
    public var facts: [String]
    /// Where the literal sits in the condition text, in UTF-8 bytes.
    public var range: Range<Int>
    public var location: SourceLocation?
    public var basis: ThresholdBasis?

    /// The literal as a number.
    public var number: Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return .nan
        }
    }

    /// Zero needs no basis: comparing with it asks "any at all?".
    public var needsBasis: Bool { number != 0 }
}

enum ConditionConstants {
    /// Every numeric literal of a parsed condition with the facts of the comparison around it,
    /// matched against the catalogue. `facts` says which identifiers are facts (a macro's
    /// variable is not).
    static func find(
        in parsed: ParsedExpression, isFact: (String) -> Bool, catalogue: [ThresholdBasis], locate: (Int) -> SourceLocation?
    ) -> [ConditionConstant] {
        var found: [ConditionConstant] = []
        func factsRead(by node: CELNode) -> [String] {
            var names: [String] = []
            node.walk { child in
                if let name = child.identifierName, isFact(name), !names.contains(name) { names.append(name) }
            }
            return names
        }
        let everything = factsRead(by: parsed.root)
        func visit(_ node: CELNode, comparison: [String]?) {
            if case .literal(let value) = node.kind {
                switch value {
                case .int, .double:
                    var constant = ConditionConstant(
                        value: value, facts: comparison ?? everything, range: node.range, location: locate(node.range.lowerBound))
                    constant.basis = catalogue.first { entry in constant.facts.contains(entry.fact) && entry.value == constant.number }
                    found.append(constant)
                default: break
                }
                return
            }
            var inner = comparison
            if let (op, _) = node.operatorCall, Self.comparisons.contains(op) { inner = factsRead(by: node) }
            for child in node.children { visit(child, comparison: inner) }
        }
        visit(parsed.root, comparison: nil)
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static let comparisons: Set<CELOperator> = [.less, .lessEquals, .greater, .greaterEquals, .equals, .notEquals, .in]
}
