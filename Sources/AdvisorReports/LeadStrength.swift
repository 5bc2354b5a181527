/// How clear a lead over the runner-up is, by the margin in points of fit: the one scale the
/// profile report ("a clear lead") and the cohort report (close calls, clear, decisive) share.
public enum LeadStrength: Int, Sendable, CaseIterable {
    case tie, marginal, narrow, clear, decisive

    /// The smallest margin of each strength.
    public var lowerBound: Double {
        switch self {
        case .tie: return 0
        case .marginal: return 0.005
        case .narrow: return 3
        case .clear: return 8
        case .decisive: return 20
        }
    }

    public init(margin: Double) {
        self = LeadStrength.allCases.last { margin >= $0.lowerBound } ?? .tie
    }

    /// In words, for a report's sentence (English; `phrase` in another language).
    public var words: String { ToolWords.english(phrase) }

    /// The phrase of the tool's words that says it.
    public var phrase: Phrase {
        switch self {
        case .tie: return .leadTie
        case .marginal: return .leadMarginal
        case .narrow: return .leadNarrow
        case .clear: return .leadClear
        case .decisive: return .leadDecisive
        }
    }
}
