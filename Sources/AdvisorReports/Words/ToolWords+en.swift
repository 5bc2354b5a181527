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
    case actionsComma, actionsAnd
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
    case expectNumber, expectWholeNumber, expectYesNo, expectOneOf, expectAnyOf, boundsFromTo, boundsAtLeast, boundsAtMost, inUnit
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
        .couldBe: "'{text}' could be {options}: type more letters", .notAChoice: "'{text}' is not a choice{hint}: pick one of {options}",
        .didYouMean: " (did you mean '{name}'?)",
        .expectNumber: "a number{bounds}{unit}", .expectWholeNumber: "a whole number{bounds}{unit}", .expectYesNo: "yes or no",
        .expectOneOf: "one of {options}, or its number", .expectAnyOf: "any of the choices, by number or value, separated by commas; none for no choice",
        .boundsFromTo: " from {low} to {high}", .boundsAtLeast: " of at least {low}", .boundsAtMost: " of at most {high}", .inUnit: ", in {unit}",
    ]
}
