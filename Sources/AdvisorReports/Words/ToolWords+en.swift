/// The phrases of the tool's own words (see `ToolWords`), and their English.
public enum Phrase: String, Sendable, CaseIterable {
    // Answers.
    case yes, no, none, unknown, anyValue
    case atLeast, moreThan, atMost, lessThan, between, atLeastUnder, moreThanUpTo, moreThanUnder
    case factWithValue, yourFacts
    case byRule, byRuleFrom, byDefault
    // Counted things (`one|many`).
    case pointsOne, pointsMany
    case unknownAnswers, smallerReasons, answers, otherQuestions, facts, profiles
    // Where a threshold comes from; what a rule did; how clear a lead is.
    case sourceSeed, sourceMarket, sourceJudgement
    case fired, didNotFire, undecided, failed, held, didNotHold
    case leadTie, leadMarginal, leadNarrow, leadClear, leadDecisive
    // The appendix.
    case chosen, kindAdvantage, kindDisadvantage, kindRequirement, kindScope, kindTrait
    case reach, noteRecommended, noteRunnerUp, noteExcluded, noteMayBeExcluded, excludes, derives, threshold
    // No recommendation, and the unknown facts.
    case undecidedNoFacts, undecidedTie, noAnswerCouldChange, noUnknownCanSeparate, thisAnswerDecides, theseAnswersDecide
    case couldChangeSentence, cannotChangeSentence
    // The chart.
    case chartTitle, chartDescription, chartBar, chartRuledOut, chartNeutral, chartFooter, chartAlt, chartLegend
    // `advisor score`'s text.
    case scoreRecommendation, scoreAhead, scoreNoneExcluded, excludedBy
    // The index of a folder's reports.
    case reportsTitle
}

extension ToolWords {
    static let englishTable: [Phrase: String] = [
        .yes: "yes", .no: "no", .none: "none", .unknown: "unknown", .anyValue: "any value",
        .atLeast: "at least {n}", .moreThan: "more than {n}", .atMost: "at most {n}", .lessThan: "less than {n}",
        .between: "between {low} and {high}", .atLeastUnder: "at least {low} but under {high}",
        .moreThanUpTo: "more than {low}, up to {high}", .moreThanUnder: "more than {low} but under {high}",
        .factWithValue: "{fact} ({value})", .yourFacts: "your {facts}",
        .byRule: " (by {rule})", .byRuleFrom: " (by {rule} from {basis})", .byDefault: " (by default)",
        .pointsOne: "1 point", .pointsMany: "{n} points",
        .unknownAnswers: "{n} unknown answer|{n} unknown answers", .smallerReasons: "{n} smaller reason|{n} smaller reasons",
        .answers: "{n} answer|{n} answers", .otherQuestions: "{n} other question|{n} other questions",
        .facts: "{n} fact|{n} facts", .profiles: "{n} profile|{n} profiles",
        .sourceSeed: "a seed", .sourceMarket: "a market figure", .sourceJudgement: "the authors' judgement",
        .fired: "fired", .didNotFire: "did not fire", .undecided: "undecided", .failed: "failed", .held: "held", .didNotHold: "did not hold",
        .leadTie: "a tie", .leadMarginal: "a marginal lead", .leadNarrow: "a narrow lead", .leadClear: "a clear lead", .leadDecisive: "a decisive lead",
        .chosen: "{n} chosen", .kindAdvantage: "advantage", .kindDisadvantage: "disadvantage", .kindRequirement: "requirement",
        .kindScope: "scope", .kindTrait: "trait",
        .reach: "{low} to {high}", .noteRecommended: "recommended", .noteRunnerUp: "runner-up", .noteExcluded: "excluded",
        .noteMayBeExcluded: "may be excluded", .excludes: "excludes {models}", .derives: "derives {reading}",
        .threshold: "Threshold {fact} {value} ({source}): {basis}",
        .undecidedNoFacts: "No recommendation yet: the profile gives no answer at all, so there is no evidence to recommend on.",
        .undecidedTie: "No recommendation yet: {models} are tied at the top, and only the order of their ids would separate them.",
        .noAnswerCouldChange: " No answer could change that.",
        .noUnknownCanSeparate: " No unknown fact can separate them: weigh them yourself.",
        .thisAnswerDecides: " This answer would decide it: {facts}.", .theseAnswersDecide: " These answers would decide it: {facts}.",
        .couldChangeSentence: "Unknown answers that could still change the recommendation: {facts}.",
        .cannotChangeSentence: "Unknown answers that cannot change it, whatever they are: {facts}.",
        .chartTitle: "Fit of each model: {title}", .chartDescription: "Fit of each model, best first: {bars}.",
        .chartBar: "{name} {fit}", .chartRuledOut: "Ruled out by a knock-out (fit kept for comparison)",
        .chartNeutral: "neutral {fit}",
        .chartFooter: "Fit: every model starts at the neutral {fit}; rules add or take away points. Longer is a better fit.",
        .chartAlt: "Bar chart of the fit of every model",
        .chartLegend: "█ fit (scale {low} to {high}; neutral {neutral})   ░ excluded",
        .scoreRecommendation: "Recommendation: {name} [{id}], fit {fit}", .scoreAhead: ", {lead} ahead of {runnerUp}",
        .scoreNoneExcluded: "Recommendation: none: every model is excluded.", .excludedBy: "excluded by {rules}",
        .reportsTitle: "Reports",
    ]
}
