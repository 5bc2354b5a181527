import AdvisorCEL
import AdvisorDiagnostics

/// Whether and how a founder can change a fact (`change:` in the rule book), so that "what would
/// change the answer" suggests only what a founder can do: raise a budget, build an audience,
/// obtain a brand's authorization; never drop an authorization or shed years of experience.
/// The counterfactual search moves a fact only the declared way and weighs each step by its
/// effort (see `CounterfactualSearch`).
public struct FactChangeability: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Only up: a number grows, an enum moves later in its declared order, a yes/no fact
        /// becomes yes, a list gains values (and loses none).
        case increase
        /// Only down: the reverse of `increase`.
        case decrease
        /// Either way: a choice the founder makes (prices, range, whom to sell to).
        case any
        /// Not at all: the founder's history or character (years in the trade, appetite for risk).
        case fixed
    }

    public var direction: Direction
    /// The effort of one step of the search's step metric (a number's relative change, an enum's
    /// distance in declared order, a yes/no flip, a list value added or removed): a positive
    /// multiplier, 1 when not given. A suggestion's total effort is the sum over its steps.
    public var effort: Double
    public var location: SourceLocation?

    public init(direction: Direction, effort: Double = 1, location: SourceLocation? = nil) {
        self.direction = direction
        self.effort = effort
        self.location = location
    }

    /// What a fact that declares nothing may do: move either way at effort 1 (rule books
    /// written before `change:` existed keep their behaviour).
    public static let undeclared = FactChangeability(direction: .any)

    /// Whether a founder can move the fact from one value to another.
    public func allows(from current: CELValue, to value: CELValue, kind: FactKind) -> Bool {
        switch direction {
        case .any: return true
        case .fixed: return false
        case .increase: return Self.move(from: current, to: value, kind: kind) == .up
        case .decrease: return Self.move(from: current, to: value, kind: kind) == .down
        }
    }

    /// The way a change goes: up, down, or neither (no change, or a list that both gains and loses).
    public enum Move: Sendable, Hashable { case up, down, sideways }

    public static func move(from current: CELValue, to value: CELValue, kind: FactKind) -> Move {
        switch (kind, current, value) {
        case (.enumeration(let values), .string(let a), .string(let b)):
            guard let i = values.firstIndex(of: a), let j = values.firstIndex(of: b), i != j else { return .sideways }
            return j > i ? .up : .down
        case (.bool, .bool(let a), .bool(let b)):
            return a == b ? .sideways : (b ? .up : .down)
        case (.list, .list(let a), .list(let b)):
            let before = Set(a), after = Set(b)
            if before == after { return .sideways }
            if after.isSuperset(of: before) { return .up }
            if after.isSubset(of: before) { return .down }
            return .sideways
        default:
            guard let x = CounterfactualSearch.number(current), let y = CounterfactualSearch.number(value), x != y else { return .sideways }
            return y > x ? .up : .down
        }
    }
}
