import AdvisorCEL
import AdvisorDiagnostics

/// What kind of answer a fact takes, with its allowed values.
public enum FactKind: Sendable, Hashable {
    /// A real number (CEL `double`), optionally bounded.
    case number(min: Double?, max: Double?)
    /// A whole number (CEL `int`), optionally bounded.
    case integer(min: Int64?, max: Int64?)
    /// Yes or no (CEL `bool`).
    case bool
    /// One of the listed values (CEL `string`).
    case enumeration([String])
    /// Any subset of the listed values (CEL `list(string)`).
    case list([String])

    /// The CEL type a condition sees.
    public var celType: CELType {
        switch self {
        case .number: return .double
        case .integer: return .int
        case .bool: return .bool
        case .enumeration: return .string
        case .list: return .list(.string)
        }
    }

    /// The declared values of an enum or list fact; empty for the others.
    public var allowedValues: [String] {
        switch self {
        case .enumeration(let values), .list(let values): return values
        default: return []
        }
    }

    /// The name used in the rule-book format (`number`, `integer`, `bool`, `enum`, `list`).
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .integer: return "integer"
        case .bool: return "bool"
        case .enumeration: return "enum"
        case .list: return "list"
        }
    }
}

/// A fact the rule book declares: either asked of the founder or derived by rules.
public struct FactDeclaration: Sendable, Hashable {
    public var id: String
    public var kind: FactKind
    /// What reports call the fact inside a sentence, in lower case ("first-year budget"); nil:
    /// the id with spaces (see `displayName`).
    public var name: String?
    /// The unit of a number (`USD`, `years`).
    public var unit: String?
    /// In a translated rule book, the unit as the rule book writes it (`USD`), in which answers
    /// are still read; nil otherwise (see `answerUnit`).
    public var sourceUnit: String?
    /// The question to ask a founder (asked facts only).
    public var question: String?
    /// Help text: what the question means and how to answer.
    public var help: String?
    /// What each enum or list value means, in declaration order.
    public var valueMeanings: [ValueMeaning]
    /// Derived facts are concluded by rules, never asked.
    public var isDerived: Bool
    /// A derived fact's value when every rule that could derive it did not fire.
    public var defaultValue: CELValue?
    /// A derived fact's meaning, in a consultant's words.
    public var means: String?
    /// Whether and how a founder can change the fact (asked facts only; nil: not declared, which
    /// the counterfactual search reads as `FactChangeability.undeclared`).
    public var change: FactChangeability?
    public var location: SourceLocation?

    public init(
        id: String, kind: FactKind, name: String? = nil, unit: String? = nil, question: String? = nil, help: String? = nil,
        valueMeanings: [ValueMeaning] = [], isDerived: Bool = false, defaultValue: CELValue? = nil,
        means: String? = nil, change: FactChangeability? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.unit = unit
        self.question = question
        self.help = help
        self.valueMeanings = valueMeanings
        self.isDerived = isDerived
        self.defaultValue = defaultValue
        self.means = means
        self.change = change
        self.location = location
    }
}

extension FactDeclaration {
    /// The fact's name for a sentence: its declared `name`, or its id with spaces for underscores.
    public var displayName: String { name ?? id.replacingOccurrences(of: "_", with: " ") }
    /// The unit answers are written in: the rule book's own, whatever language its texts are in.
    public var answerUnit: String? { sourceUnit ?? unit }
}

/// One allowed value of an enum or list fact and what it means.
public struct ValueMeaning: Sendable, Hashable {
    public var value: String
    public var meaning: String
    public init(value: String, meaning: String) {
        self.value = value
        self.meaning = meaning
    }
}

/// A trade-off of a model, as a source article states it.
public struct TradeOff: Sendable, Hashable {
    /// Which way a trade-off cuts for the founder who runs the model.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// What the founder gains by running the model. A rule may raise the model for a
        /// founder who can use it; it never lowers the model citing only advantages.
        case advantage
        /// What the founder bears. A rule may lower the model for a founder it hurts most;
        /// it never raises the model citing only disadvantages.
        case disadvantage
        /// What the model needs ("merchants need overseas retail authorization"): met, it may
        /// raise the model; missed, it may lower or exclude it.
        case requirement
        /// What the model suits or how it works ("suited to hot products in limited categories").
        case scope
        /// A description that is neither (the kind version-1 rule books used); read like `scope`.
        case trait

        /// True for the kinds that say which way a rule citing them may move the model.
        public var isDirectional: Bool { self == .advantage || self == .disadvantage }
    }

    /// Whose experience a trade-off states.
    public enum Perspective: String, Sendable, Hashable, CaseIterable {
        /// The founder who runs the model (the merchant, the buyer, the store): the default.
        case founder
        /// The platform or marketplace that hosts such founders: its experience, which a
        /// founder lives only when they run such a platform themselves.
        case platform
    }

    /// The full id, `model/tradeoff`.
    public var id: String
    public var kind: Kind
    /// The source: a seed article's number (`000`, `004`), or `domain` for industry knowledge.
    public var seed: String
    public var text: String
    public var perspective: Perspective
    public var location: SourceLocation?

    public init(
        id: String, kind: Kind, seed: String, text: String, perspective: Perspective = .founder, location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.seed = seed
        self.text = text
        self.perspective = perspective
        self.location = location
    }

    /// The model part of the id (`m2c` of `m2c/light-model`).
    public var model: Substring { id.prefix { $0 != "/" } }
}

/// An option the advisor chooses between.
public struct Model: Sendable, Hashable {
    public var id: String
    public var name: String
    /// A short name for charts and sentences ("Flash sale"); nil: the name (see `shortName`).
    public var short: String?
    public var summary: String
    /// Where the model is described (`000 §1`).
    public var sources: [String]
    public var tradeOffs: [TradeOff]
    public var location: SourceLocation?

    public init(
        id: String, name: String, short: String? = nil, summary: String, sources: [String] = [], tradeOffs: [TradeOff] = [],
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.short = short
        self.summary = summary
        self.sources = sources
        self.tradeOffs = tradeOffs
        self.location = location
    }
}

extension Model {
    /// The model's short name, or its name when the rule book gives none.
    public var shortName: String { short ?? name }
}

/// The rule book's header.
public struct RuleBookHeader: Sendable, Hashable {
    public var name: String
    public var version: String
    /// What is being chosen ("business model").
    public var decision: String
    /// The fit every model starts from before any rule fires.
    public var neutral: Double

    public init(name: String = "Rule book", version: String = "1", decision: String = "option", neutral: Double = 50) {
        self.name = name
        self.version = version
        self.decision = decision
        self.neutral = neutral
    }
}

/// A compiled rule: its condition is checked and ready to evaluate.
public struct Rule: Sendable {
    public var id: String
    /// The condition as written.
    public var condition: String
    public var because: String
    /// Trade-offs (`model/tradeoff`) the rule rests on.
    public var encodes: [String]
    /// Whose side the rule reads its claims from (`platform`: a rule for founders who run the
    /// platform, which may rest on the platform's claims).
    public var perspective: TradeOff.Perspective
    /// Points added to models' fit, in the order written.
    public var scores: [(model: Int, points: Double)]
    /// Where each entry of `scores` is written.
    public var scoreLocations: [SourceLocation?]
    /// Models this rule knocks out.
    public var excludes: [Int]
    /// Derived facts (by slot) and the value this rule gives them.
    public var derives: [(slot: Int, value: CELValue)]
    public var location: SourceLocation?
    /// Where the condition text starts.
    public var conditionLocation: SourceLocation?
    /// Position of the rule in the rule book as written (file path order, then file order).
    public var sourceIndex: Int
    /// The numbers the condition compares facts with, each with its stated basis if any.
    public var constants: [ConditionConstant]

    let program: CELProgram
    /// The top-level parts of the condition (split on the outermost `&&` or `||`), for traces.
    let clauses: [Clause]
    /// Slots (facts and derived facts) the condition reads.
    public let reads: [Int]
}

/// A top-level part of a rule's condition, evaluated separately to say which parts held.
struct Clause: Sendable {
    var text: String
    var program: CELProgram
}

/// A compiled rule book: immutable, shared by every scoring call and every thread.
/// (A class, so that the scorers of a batch share one copy without retaining its parts.)
public final class RuleBook: Sendable {
    public let header: RuleBookHeader
    /// Asked facts first, then derived facts; a fact's position is its slot.
    public let facts: [FactDeclaration]
    public let models: [Model]
    /// Why conditions compare facts with the numbers they do, by fact and value.
    public let thresholds: [ThresholdBasis]
    /// Rules in evaluation order: dependency order of derived facts, otherwise as written.
    public let rules: [Rule]
    /// A digest of the rule book's source files, for report receipts.
    public let fingerprint: String
    /// Every text in the rule book's own language and its catalogues' translations.
    public let texts: RuleBookTexts
    /// The language this value's texts are in (`en`, or a catalogue's, see `RuleBook.compile`).
    public let language: String
    /// For each asked fact (by slot), the values worth trying: see `FactDomain`.
    public let domains: [FactDomain]
    /// How profiles pack for batch scoring; nil when they cannot (see `FactEncoding`).
    public let encoding: FactEncoding?
    /// The rules' conditions compiled to packed-fact tests where their shape allows.
    let fastProgram: FastProgram?
    let fastStorage: FastProgram.Storage?
    /// The ids of the asked facts, by slot.
    public let askedFactIds: [String]
    /// Each model's place in the order of model ids, for breaking ties without comparing strings.
    let modelIdRank: [Int]
    /// The rules' effects as flat tables, for the scoring loop.
    let table: RuleTable

    let factSlots: [String: Int]
    let modelSlots: [String: Int]
    /// Number of asked (non-derived) facts: slots `0..<askedFactCount`.
    public let askedFactCount: Int
    /// For each rule (by evaluation position), the derived slots whose value is final once it has run.
    let finalizeAfter: [[Int]]
    /// For each derived slot, the positions of the rules that derive it, in source order.
    let derivers: [Int: [Int]]

    init(
        header: RuleBookHeader, facts: [FactDeclaration], models: [Model], thresholds: [ThresholdBasis] = [], rules: [Rule],
        fingerprint: String, texts: RuleBookTexts = RuleBookTexts(source: [:], catalogues: []), language: String = RuleBookTexts.sourceLanguage,
        factSlots: [String: Int], modelSlots: [String: Int], askedFactCount: Int, finalizeAfter: [[Int]], derivers: [Int: [Int]]
    ) {
        self.header = header
        self.texts = texts
        self.language = language
        self.facts = facts
        self.models = models
        self.thresholds = thresholds
        self.rules = rules
        self.fingerprint = fingerprint
        self.factSlots = factSlots
        self.modelSlots = modelSlots
        self.askedFactCount = askedFactCount
        self.finalizeAfter = finalizeAfter
        self.derivers = derivers
        domains = RuleBook.domains(facts: facts, askedCount: askedFactCount, rules: rules)
        let encoding = FactEncoding(facts: facts)
        self.encoding = encoding
        fastProgram = encoding.map { FastProgram(rules: rules, facts: facts, slots: factSlots, encoding: $0) }
        fastStorage = fastProgram.map { FastProgram.Storage($0) }
        var rank = Array(repeating: 0, count: models.count)
        for (place, index) in models.indices.sorted(by: { models[$0].id < models[$1].id }).enumerated() { rank[index] = place }
        modelIdRank = rank
        askedFactIds = facts[0..<askedFactCount].map(\.id)
        table = RuleTable(rules: rules, finalizeAfter: finalizeAfter, facts: facts, derivers: derivers)
    }

    /// The slot of a fact, if declared.
    public func slot(ofFact id: String) -> Int? { factSlots[id] }
    /// The position of a model, if declared.
    public func index(ofModel id: String) -> Int? { modelSlots[id] }
    /// The declaration of a fact, if declared.
    public func fact(_ id: String) -> FactDeclaration? { factSlots[id].map { facts[$0] } }
    /// The asked facts, in declaration order.
    public var askedFacts: ArraySlice<FactDeclaration> { facts[0..<askedFactCount] }
    /// The derived facts, in declaration order.
    public var derivedFacts: ArraySlice<FactDeclaration> { facts[askedFactCount...] }
    /// Every trade-off of every model, by full id.
    public var tradeOffs: [TradeOff] { models.flatMap(\.tradeOffs) }
}
