/// The phrases of the tool's own words (see `ToolWords`), and their English.
public enum Phrase: String, Sendable, CaseIterable {
    // How the language writes (see `ToolWords`): punctuation, lists, numbers and units.
    case comma, semicolon, fullStop, sentenceSpace, listAnd, listOr, quoted, parenthesised
    case numberNames, largeNumbers, digitGroupSeparator, withUnit, withLatinUnit, pluralSuffix
    // Answers.
    case yes, no, none, unknown, anyValue
    case atLeast, moreThan, atMost, lessThan, between, atLeastUnder, moreThanUpTo, moreThanUnder
    case factWithValue, yourFacts
    case byRule, byRuleFrom, byDefault
    // Counted things (`one|many`).
    case pointsOne, pointsMany, pointsAgain
    case unknownAnswers, smallerReasons, answers, otherQuestions, facts, profiles
    // Where a threshold comes from; what a rule did; how clear a lead is.
    case sourceSeed, sourceMarket, sourceJudgement, sourceArticle, sourceDomain
    case fired, didNotFire, undecided, failed, held, didNotHold
    case leadTie, leadMarginal, leadNarrow, leadClear, leadDecisive
    // The appendix.
    case chosen, kindAdvantage, kindDisadvantage, kindRequirement, kindScope, kindTrait
    case actionsComma, actionsAnd
    case reach, noteRecommended, noteRunnerUp, noteExcluded, noteMayBeExcluded, excludes, derives, threshold
    // No recommendation, and the unknown facts.
    case undecidedNoFacts, undecidedTie, noAnswerCouldChange, noUnknownCanSeparate, thisAnswerDecides, theseAnswersDecide
    case couldChangeSentence, cannotChangeSentence
    // The chart.
    case chartTitle, chartDescription, chartBar, chartRuledOut, chartNeutral, chartFooter, chartAlt, chartLegend
    // `advisor score`'s text, its summary and progress lines on standard error.
    case scoreRecommendation, scoreAhead, scoreNoneExcluded, excludedBy, modelName, factRef
    case batchScored, batchFailed, batchRecommendations, batchModelCount, batchUndecided, ignoredKeys
    case progressScored, progressFailed, progressRate, progressLeft, durationSeconds, durationMinutes
    // The cohort report (`advisor score --summary`).
    case cohortTitle, cohortProfiles, cohortIntro, cohortCounts, cohortOutcome, cohortProfilesColumn, cohortShare
    case cohortRecommended, cohortUndecided, cohortFailed, cohortTotal
    case cohortMix, cohortMixLead, cohortChartAlt, cohortModel, cohortNoneUndecided, cohortTotalScored
    case cohortClarity, cohortClarityLead, cohortMargin, cohortClose, cohortClear, cohortDecisive, cohortUnrivalled, cohortTotalRecommended
    case cohortCloseCalls, cohortNoCloseCall, cohortCloseCallsLead, cohortCloseCallCount, cohortPairs, cohortFirstPairs, cohortRunnerUp, cohortRecommendation
    case cohortAskNext, cohortNothingToAsk, cohortAskNextLead, cohortFirstFacts, cohortFact, cohortCouldChange, cohortUnknownIn
    case cohortFailures, cohortNoFailure, cohortFailuresLead, cohortFailuresFirst, cohortFailureId, cohortFailureItem, cohortChartBar, cohortChartDescriptionBar
    case cohortChartTitle, cohortChartDescription, cohortChartNone, cohortChartUndecided
    // `advisor diff`.
    case diffRecommendation, diffNoSingleRule, diffOrder, diffOrderOnly, diffUnchanged, diffSummary, diffFailed
    case diffAbsent, diffExcluded, diffExcludedPoints, diffNothing, diffOrdinal, diffMove, diffRule
    case diffMatrix, diffOldNew, diffTotal, diffEitherBook, diffOldBook, diffNewBook
    // The index of a folder's reports.
    case reportsTitle
    // The interview (`advisor ask`, `advisor serve`).
    case progress, progressOneLeftSettled, progressNoneLeft, progressSomeLeft, questionById
    case whyUndecided, whyCanChange, whyAskedAnyway, separatesAll, separates, movesAgainst, noRuleWaiting, decidesThisRule, decidesRules, andMore
    case nothingLeadsRuledOut, nothingLeadsNoAnswer, allModels, standLevel, leadsAlone, leads, rulesOut, noDirectEffect, modelWithId
    case stopSettledOne, stopSettled, stopAllAnswered, noneRecommendable, recommendationLine, recommendationAhead, mostInFavour, mostAgainst
    case ranking, skipped, nothingToGoBackHere, nothingToGoBackFirst, nothingSaved, savedSoFar, resumeWith
    case saveProfileQuestion, saveProfileAbout, writeReportQuestion, writeReportAbout, savedAnswers, savedReport
    case listTickHelp, changingAnswer, hintList, hintNumber, hintChoice, scrollLines, scrollDown, scrollUp, scrollBoth, questionNumber, skipInCheck
    case checkYourAnswers, checkIntro, checkContinue, checkHelpMenu, checkHintMenu, saveHint
    case notAnswerNumberMenu, atMostQuestionsAll, atMostQuestionsFewer, welcomeHint, resuming, prefilled, skippedCount
    case noAnswersLeft, lineSkipInCheck, notAnswerNumber
    case lineAnswer, lineBefore, lineBack, lineBackKeeps, lineCheckRange, lineCheckPrompt, lineCheckHelp, lineCheckChoose
    case typeAnAnswer, notANumber, notYesNo, noChoiceNumber, couldBe, notAChoice, didYouMean
    case offerLine, offerHelpTail, fileNameControl, fileNameFolder
    case belowMinimum, aboveMaximum, notWholeNumber, tooLargeNumber, modelPoints, modelRef, ruleReason
    case expectNumber, expectWholeNumber, expectYesNo, expectOneOf, expectAnyOf, boundsFromTo, boundsAtLeast, boundsAtMost, inUnit
}

extension ToolWords {
    static let englishTable: [Phrase: String] = [
        .comma: ", ", .semicolon: "; ", .fullStop: ".", .sentenceSpace: " ", .listAnd: " and ", .listOr: " or ", .quoted: "'{text}'", .parenthesised: " ({text})",
        .numberNames: "no|one|two|three|four|five|six|seven|eight|nine|ten", .largeNumbers: "", .digitGroupSeparator: ",",
        .withUnit: "{number} {unit}", .withLatinUnit: "{number} {unit}", .pluralSuffix: "s",
        .yes: "yes", .no: "no", .none: "none", .unknown: "unknown", .anyValue: "any value",
        .atLeast: "at least {n}", .moreThan: "more than {n}", .atMost: "at most {n}", .lessThan: "less than {n}",
        .between: "between {low} and {high}", .atLeastUnder: "at least {low} but under {high}",
        .moreThanUpTo: "more than {low}, up to {high}", .moreThanUnder: "more than {low} but under {high}",
        .factWithValue: "{fact} ({value})", .yourFacts: "your {facts}",
        .byRule: " (by {rule})", .byRuleFrom: " (by {rule} from {basis})", .byDefault: " (by default)",
        .pointsOne: "1 point", .pointsMany: "{n} points", .pointsAgain: "{n}",
        .unknownAnswers: "{n} unknown answer|{n} unknown answers", .smallerReasons: "{n} smaller reason|{n} smaller reasons",
        .answers: "{n} answer|{n} answers", .otherQuestions: "{n} other question|{n} other questions",
        .facts: "{n} fact|{n} facts", .profiles: "{n} profile|{n} profiles",
        .sourceSeed: "a seed", .sourceMarket: "a market figure", .sourceJudgement: "the authors' judgement",
        .sourceArticle: "seed {seed}", .sourceDomain: "industry knowledge",
        .fired: "fired", .didNotFire: "did not fire", .undecided: "undecided", .failed: "failed", .held: "held", .didNotHold: "did not hold",
        .leadTie: "a tie", .leadMarginal: "a marginal lead", .leadNarrow: "a narrow lead", .leadClear: "a clear lead", .leadDecisive: "a decisive lead",
        .chosen: "{n} chosen", .kindAdvantage: "advantage", .kindDisadvantage: "disadvantage", .kindRequirement: "requirement",
        .kindScope: "scope", .kindTrait: "trait",
        .actionsComma: ", ", .actionsAnd: " and ",
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
        .modelName: "{name}", .factRef: "{id}",
        .batchScored: "Scored {n} profile|Scored {n} profiles", .batchFailed: ", {n} could not be scored",
        .batchRecommendations: " Recommendations: {counts}.", .batchModelCount: "{model} {n}", .batchUndecided: "none",
        .ignoredKeys: "warning: ignored a key that is not a fact: {names} (--ignore-unknown-columns)|warning: ignored {n} keys that are not facts: {names} (--ignore-unknown-columns)",
        .progressScored: "scored {n} profiles", .progressFailed: ", {n} failed", .progressRate: " ({rate}/s)",
        .progressLeft: ", {percent}%, about {left} left", .durationSeconds: "{s} s", .durationMinutes: "{m} min {s} s",
        .cohortTitle: "Cohort report", .cohortProfiles: "{n} profile|{n} profiles",
        .cohortIntro: "{profiles} read from {inputs}, scored with the rule book {name} (version {version}, fingerprint {fingerprint}) by advisor {advisorVersion}.",
        .cohortCounts: "Counts", .cohortOutcome: "outcome", .cohortProfilesColumn: "profiles", .cohortShare: "share",
        .cohortRecommended: "recommendation given", .cohortUndecided: "undecided: no recommendation", .cohortFailed: "could not be scored", .cohortTotal: "total",
        .cohortMix: "Model mix", .cohortMixLead: "The recommendation of each profile that was scored, by model.", .cohortChartAlt: "Recommendations by model",
        .cohortModel: "model", .cohortNoneUndecided: "none (undecided)", .cohortTotalScored: "total scored",
        .cohortClarity: "How clear the recommendations are",
        .cohortClarityLead: "The margin is the recommended model's lead over the runner-up, in points of fit: a close call is under {clear} points, clear from {clear}, decisive from {decisive}.",
        .cohortMargin: "margin", .cohortClose: "close call (under {clear})", .cohortClear: "clear ({clear} to {decisive})", .cohortDecisive: "decisive ({decisive} or more)",
        .cohortUnrivalled: "no admissible runner-up", .cohortTotalRecommended: "total recommended",
        .cohortCloseCalls: "Close calls", .cohortNoCloseCall: "No recommendation is a close call.",
        .cohortCloseCallsLead: "The pairs of recommendation and runner-up that come up most among the {closeCalls} ({pairs} in all{first}).",
        .cohortCloseCallCount: "{n} close call|{n} close calls", .cohortPairs: "{n} pair|{n} pairs", .cohortFirstPairs: "; the first {n}", .cohortRunnerUp: "runner-up", .cohortRecommendation: "recommendation",
        .cohortAskNext: "What to ask this cohort next", .cohortNothingToAsk: "No unknown fact could change any recommendation.",
        .cohortAskNextLead: "The unknown facts that could change the recommendation of the most profiles: asking them would settle those answers{first}.",
        .cohortFirstFacts: " (the first {n} of {count})", .cohortFact: "fact", .cohortCouldChange: "could change it", .cohortUnknownIn: "unknown in",
        .cohortFailures: "Failures", .cohortNoFailure: "Every profile was read and scored.",
        .cohortFailuresLead: "{profiles} could not be scored, each with its first error:",
        .cohortFailuresFirst: "{profiles} could not be scored; the first {n}, each with its first error (the output holds every error record):",
        .cohortFailureId: " (id {id})",
        .cohortFailureItem: "{label}{id}: {error}", .cohortChartBar: "{name}: {n}", .cohortChartDescriptionBar: "{label} {n}",
        .cohortChartTitle: "Recommendations by model ({profiles} scored)", .cohortChartDescription: "Profiles recommended each model, most first: {bars}.",
        .cohortChartNone: "none", .cohortChartUndecided: "No recommendation (undecided)",
        .diffRecommendation: "{profile}: recommendation {old} -> {new}",
        .diffNoSingleRule: "no single rule differs for these two models; their fits moved through the rule book's neutral fit or other models' exclusions",
        .diffOrder: "order: {moves}", .diffOrderOnly: "{profile}: same recommendation ({model}), order changed: {moves}", .diffUnchanged: "{profile}: unchanged ({model})",
        .diffSummary: "{profiles}: {changed} changed recommendation, {orderOnly} changed order only, {unchanged} unchanged", .diffFailed: ", {n} could not be compared",
        .diffAbsent: "absent", .diffExcluded: "excluded", .diffExcludedPoints: "excluded, {points}", .diffNothing: "nothing",
        .diffOrdinal: "{nth}", .diffRule: "{rule}: {changes}", .diffMove: "{model} {old} -> {new}",
        .diffMatrix: "Recommendations, old (rows) -> new (columns):", .diffOldNew: "old \\ new", .diffTotal: "total",
        .diffEitherBook: "{profile}: cannot be scored with either rule book:", .diffOldBook: "{profile}: cannot be scored with the old rule book:",
        .diffNewBook: "{profile}: cannot be scored with the new rule book:",
        .reportsTitle: "Reports",
        .progress: "Question {n} of at most {of}", .progressOneLeftSettled: " · the 1 left cannot change the recommendation",
        .progressNoneLeft: " · none of the {left} left can change the recommendation",
        .progressSomeLeft: " · {can} of the {left} left can change the recommendation", .questionById: "What is {id}?",
        .whyUndecided: "Why this question: the search could not rule out that your answer changes the recommendation, so it asks.",
        .whyCanChange: "Why this question: your answer can still change the recommendation.",
        .whyAskedAnyway: "Why this question: its answer can no longer change the recommendation; it is asked because you asked for every question or went back to it.",
        .separatesAll: "Your answer separates all {n} models.", .separates: "Your answer separates {models}.",
        .movesAgainst: "Your answer moves {model} against the others.", .noRuleWaiting: "No rule is waiting for this answer any more.",
        .decidesThisRule: "Your answer decides this rule:", .decidesRules: "Your answer decides these {n} rules:", .andMore: "  and {n} more",
        .nothingLeadsRuledOut: "Nothing leads yet: every model is ruled out so far.", .nothingLeadsNoAnswer: "Nothing leads yet: no answer so far.",
        .allModels: "all {n} models", .standLevel: "Nothing leads yet: {who} stand level at a fit of {fit}.",
        .leadsAlone: "{model} leads: every other model is ruled out.",
        .leads: "{model} leads with a fit of {fit}; {runnerUp} follows at {runnerUpFit}.",
        .rulesOut: "rules out {models}", .noDirectEffect: "no direct effect; it sets a judgement other rules read", .modelWithId: "{name} ({id})",
        .stopSettledOne: "None of the remaining 1 question can change the recommendation, so the interview stops here.",
        .stopSettled: "None of the remaining {n} questions can change the recommendation, so the interview stops here.",
        .stopAllAnswered: "Every question has been answered or skipped.",
        .noneRecommendable: "No model can be recommended: your answers rule every one out. The ranking shows what excluded each.",
        .recommendationLine: "Recommendation: {model}, with a fit of {fit}", .recommendationAhead: ", {lead} ahead of {runnerUp}",
        .mostInFavour: "Most in its favour: {reason}", .mostAgainst: "Most against it: {reason}",
        .ranking: "Ranking", .skipped: "skipped",
        .nothingToGoBackHere: "Nothing to go back to: no question was asked in this session. Choose an answer to change it.",
        .nothingToGoBackFirst: "Nothing to go back to: this is the first question of this session.",
        .nothingSaved: "Nothing answered yet, so nothing was saved.", .savedSoFar: "Saved your answers so far to {path}.",
        .resumeWith: "Resume with: {command}",
        .saveProfileQuestion: "Save your answers as a profile?",
        .saveProfileAbout: "Your answers as a profile (YAML): advisor score and advisor explain read it, and advisor ask --resume FILE continues from it.",
        .writeReportQuestion: "Write a Markdown report?",
        .writeReportAbout: "The full explanation in Markdown, as advisor explain writes it: the recommendation, the reasons for and against each model, and what could change it.",
        .savedAnswers: "Saved your answers to {path}.", .savedReport: "Saved the report to {path}.",
        .listTickHelp: "Space ticks the highlighted choice; Enter confirms the ticked ones (or type back, skip, quit)",
        .changingAnswer: "Changing an answer: type back to keep the one you gave.",
        .hintList: "up/down move · space ticks · enter confirms · ? why · type back, skip or quit",
        .hintNumber: "type {expectation} · enter confirms · ? why · type back, skip or quit",
        .hintChoice: "up/down move · enter chooses · type a number or letters · ? why · type back, skip or quit",
        .scrollLines: "lines {from}-{to} of {n}", .scrollDown: "PgDn scrolls", .scrollUp: "PgUp scrolls back", .scrollBoth: "PgDn/PgUp scroll",
        .questionNumber: "Q{n}", .skipInCheck: "skip leaves a question unanswered; here, choose an answer to change, or Continue",
        .checkYourAnswers: "Check your answers", .checkIntro: "Change any answer before you see the recommendation.",
        .checkContinue: "Continue: see the recommendation",
        .checkHelpMenu: "Your answers decide the recommendation. Changing one asks its question again, with your answer offered; the interview then asks any question the new answer makes relevant, and comes back to this list.",
        .checkHintMenu: "up/down move · enter changes the highlighted answer, or on Continue shows the recommendation · type a number to jump · ? help · type back or quit",
        .saveHint: "enter saves to this file (edit the name first if you like) · esc, or no and enter: don't · ? what is it · type back or quit",
        .atMostQuestionsAll: "At most {n} questions, all of them asked (--all).",
        .atMostQuestionsFewer: "At most {n} questions, fewer when the answers settle the recommendation.",
        .welcomeHint: "? explains a question; type back, skip or quit (Ctrl-C also quits and saves).",
        .resuming: "Resuming {path}: {n} answers{skipped}.", .prefilled: "Pre-filled {n} answers from {path}{skipped}.", .skippedCount: ", {n} skipped",
        .notAnswerNumberMenu: "'{typed}' is not an answer's number: type 1 to {n}, or back or quit",
        .noAnswersLeft: "  (no answers: every question was left out)",
        .lineSkipInCheck: "  skip leaves a question unanswered; here, type an answer's number to change it, or press Enter",
        .notAnswerNumber: "  '{typed}' is not an answer's number: {choose}press Enter to see the recommendation",
        .lineAnswer: "Answer: {expectation}.{previous} ? explains, {back}, skip, quit.", .lineBefore: " Before: {answer}.",
        .lineBack: "back", .lineBackKeeps: "back keeps your answer",
        .lineCheckRange: "a number (1 to {n}) to change that answer, or ", .lineCheckPrompt: "Type {range}press Enter to see the recommendation; back, quit.",
        .lineCheckHelp: "Your answers decide the recommendation. Changing one asks its question again; the interview then asks any question the new answer makes relevant, and lists your answers again.",
        .lineCheckChoose: "type 1 to {n} to change an answer, or ",
        .typeAnAnswer: "type an answer ({expectation}), or skip to leave it unknown",
        .notANumber: "'{text}' is not a number: {expectation}", .notYesNo: "'{text}' is not yes or no", .noChoiceNumber: "there is no choice {n}: pick 1 to {count}",
        .couldBe: "'{text}' could be {options}: type more letters", .notAChoice: "'{text}' is not a choice{hint}: pick one of {options} (or 1 to {count})",
        .didYouMean: " (did you mean '{name}'?)",
        .expectNumber: "a number{bounds}{unit}", .expectWholeNumber: "a whole number{bounds}{unit}", .expectYesNo: "yes or no",
        .expectOneOf: "one of {options}, or its number (1 to {count})", .expectAnyOf: "any of the choices, by number (1 to {count}) or value, separated by commas; none for no choice",
        .boundsFromTo: " from {low} to {high}", .boundsAtLeast: " of at least {low}", .boundsAtMost: " of at most {high}", .inUnit: ", in {unit}",
        .belowMinimum: "'{fact}' is {value}, below its minimum {low}: give {expectation}",
        .aboveMaximum: "'{fact}' is {value}, above its maximum {high}: give {expectation}",
        .notWholeNumber: "'{fact}' must be a whole number, not {value}: give {expectation}",
        .tooLargeNumber: "'{text}' is too large for a whole number: give {expectation}",
        .offerLine: "{prompt} Type a file name (e.g. {suggestion}), yes for that name, or press Enter for no.",
        .offerHelpTail: " A file called quit, back, skip or yes is typed ./quit and so on.",
        .fileNameControl: "a file name cannot hold control characters: type a name such as {suggestion}",
        .fileNameFolder: "{typed} is a folder: add a file name, for example {example}",
        .modelPoints: "{model} {points}", .modelRef: "{id}", .ruleReason: "{rule}: {because}",
    ]
}
