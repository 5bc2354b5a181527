import AdvisorCEL
import AdvisorDiagnostics

/// One claim a rule test makes about a scored profile, and where the test file makes it.
public struct RuleExpectation: Sendable, Hashable {
    /// What must hold. Models, rules and facts are named by id.
    public enum Claim: Sendable, Hashable {
        /// The recommended model; nil: no model can be recommended (every one is excluded).
        case recommendation(String?)
        /// The first model ranks above the second (ranking order: not excluded first, then fit, then id).
        case ranksAbove(String, String)
        /// A rule knocked the model out.
        case excluded(String)
        /// No rule knocked the model out.
        case notExcluded(String)
        /// The rule's condition held.
        case fired(String)
        /// The rule's condition did not hold (it was false, undecided or failed).
        case notFired(String)
        /// The rule's condition needs an unknown fact.
        case undecided(String)
        /// A derived fact's value; nil: unknown.
        case derived(fact: String, value: CELValue?)
        /// The fact is unknown and could still change the recommendation.
        case couldChange(String)
        /// The fact is unknown and cannot change the recommendation.
        case cannotChange(String)
        /// True: no unknown fact can change the recommendation; false: some can.
        case settled(Bool)
        /// A model's fit.
        case fit(model: String, NumberExpectation)
        /// The recommendation's fit minus the runner-up's.
        case margin(NumberExpectation)
        /// The points one rule gave one model in this profile (0 when it did not fire).
        case points(rule: String, model: String, NumberExpectation)
        /// Rules whose reasons a report quotes for the recommendation (the rules that fired and
        /// raised its fit), in this order among themselves.
        case reasons([String])
    }

    public var claim: Claim
    public var location: SourceLocation?
    /// The test file's line, for a caret display.
    public var sourceLine: String?

    public init(_ claim: Claim, location: SourceLocation? = nil, sourceLine: String? = nil) {
        self.claim = claim
        self.location = location
        self.sourceLine = sourceLine
    }
}

/// A number a rule test expects: exactly a value, or a comparison with one (`>= 60`).
public struct NumberExpectation: Sendable, Hashable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case equal = "=="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    public var comparison: Comparison
    public var value: Double

    public init(_ comparison: Comparison = .equal, _ value: Double) {
        self.comparison = comparison
        self.value = value
    }

    /// Reads `121`-style numbers' text forms: `"121"`, `"== 121"`, `">= 60"`, `"< 50"`; nil otherwise.
    public init?(text: String) {
        let trimmed = text.drop { $0 == " " }
        let byLength = Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        let comparison = byLength.first { trimmed.hasPrefix($0.rawValue) } ?? .equal
        let rest = trimmed.hasPrefix(comparison.rawValue) ? trimmed.dropFirst(comparison.rawValue.count) : trimmed
        let digits = String(rest.filter { $0 != " " && $0 != "," })
        guard let value = Double(digits), value.isFinite else { return nil }
        self.init(comparison, value)
    }

    public func holds(for actual: Double) -> Bool {
        switch comparison {
        case .equal: return actual == value
        case .less: return actual < value
        case .lessOrEqual: return actual <= value
        case .greater: return actual > value
        case .greaterOrEqual: return actual >= value
        }
    }

    /// `121`, `>= 60`.
    public var description: String {
        comparison == .equal ? FactValues.format(value) : "\(comparison.rawValue) \(FactValues.format(value))"
    }
}

/// A rule test: a profile and what must hold when the rule book scores it.
public struct RuleTestCase: Sendable, Hashable {
    public var name: String
    /// Where the case starts in its test file.
    public var location: SourceLocation?
    /// The profile file the facts came from, if any (inline facts only: nil).
    public var profile: String?
    public var facts: FactSet
    public var expectations: [RuleExpectation]

    public init(name: String, location: SourceLocation? = nil, profile: String? = nil, facts: FactSet, expectations: [RuleExpectation]) {
        self.name = name
        self.location = location
        self.profile = profile
        self.facts = facts
        self.expectations = expectations
    }
}

/// One expectation checked: what was expected and what came out, in words.
public struct ExpectationResult: Sendable, Hashable {
    public var expectation: RuleExpectation
    public var passed: Bool
    public var expected: String
    public var actual: String
}

/// One rule test run: the evaluation it made and each expectation's result.
public struct RuleTestResult: Sendable, Hashable {
    public var testCase: RuleTestCase
    public var evaluation: Evaluation
    public var results: [ExpectationResult]

    public var passed: Bool { results.allSatisfy(\.passed) }
    public var failures: [ExpectationResult] { results.filter { !$0.passed } }
}

/// The results of running a set of rule tests, in the order given.
public struct RuleTestRun: Sendable, Hashable {
    public var results: [RuleTestResult]

    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.count - passedCount }
    public var allPassed: Bool { failedCount == 0 }
}

extension RuleBook {
    /// Scores every test case's profile (with a trace, so coverage can read it) and checks its
    /// expectations; `could_change` and `cannot_change` are the lists every command states
    /// (`QuestionPlanner.withUnknownFactsDecided`). Pure.
    public func runTests(_ tests: [RuleTestCase]) -> RuleTestRun {
        let planner = QuestionPlanner(ruleBook: self)
        return RuleTestRun(
            results: tests.map { testCase in
                let evaluation = testEvaluation(testCase, planner: planner)
                return RuleTestResult(
                    testCase: testCase, evaluation: evaluation,
                    results: testCase.expectations.map { check($0, against: evaluation) })
            })
    }

    /// A test case's evaluation, traced; its unknown facts decided by search when an expectation
    /// is about them (the search costs more than scoring, and mutation testing scores a lot).
    func testEvaluation(_ testCase: RuleTestCase, planner: @autoclosure () -> QuestionPlanner) -> Evaluation {
        let evaluation = score(testCase.facts, traced: true)
        let aboutUnknowns = testCase.expectations.contains {
            switch $0.claim {
            case .couldChange, .cannotChange, .settled: return true
            default: return false
            }
        }
        return aboutUnknowns ? planner().withUnknownFactsDecided(evaluation, facts: testCase.facts) : evaluation
    }

    /// Problems with the names a test case uses: models, rules and facts the rule book does not
    /// declare, and derived values of the wrong type. A test that names nothing real could
    /// never fail, so these are errors, not failures.
    public func problems(in testCase: RuleTestCase) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let ruleIds = rules.map(\.id)
        func problem(_ message: String, _ expectation: RuleExpectation, hint: String?) {
            problems.append(Diagnostic(location: expectation.location, message: message, hint: hint, sourceLine: expectation.sourceLine))
        }
        func model(_ id: String, _ expectation: RuleExpectation) {
            if index(ofModel: id) == nil {
                problem("test '\(testCase.name)' names unknown model '\(id)'", expectation, hint: NameSuggestion.hint(for: id, among: models.map(\.id)))
            }
        }
        func rule(_ id: String, _ expectation: RuleExpectation) {
            if !ruleIds.contains(id) {
                problem("test '\(testCase.name)' names unknown rule '\(id)'", expectation, hint: NameSuggestion.hint(for: id, among: ruleIds))
            }
        }
        func asked(_ id: String, _ expectation: RuleExpectation) {
            if slot(ofFact: id).map({ $0 >= askedFactCount }) ?? true {
                problem(
                    "test '\(testCase.name)' names '\(id)', which is not a fact a profile gives", expectation,
                    hint: NameSuggestion.hint(for: id, among: askedFacts.map(\.id)))
            }
        }
        for expectation in testCase.expectations {
            switch expectation.claim {
            case .recommendation(let id?): model(id, expectation)
            case .recommendation(nil), .settled: break
            case .ranksAbove(let higher, let lower):
                model(higher, expectation)
                model(lower, expectation)
                if higher == lower { problem("test '\(testCase.name)' ranks '\(higher)' above itself", expectation, hint: "name two different models") }
            case .excluded(let id), .notExcluded(let id): model(id, expectation)
            case .fired(let id), .notFired(let id), .undecided(let id): rule(id, expectation)
            case .couldChange(let id), .cannotChange(let id): asked(id, expectation)
            case .fit(let id, _): model(id, expectation)
            case .margin: break
            case .points(let ruleId, let modelId, _):
                rule(ruleId, expectation)
                model(modelId, expectation)
                if let scoring = rules.first(where: { $0.id == ruleId }), let modelIndex = index(ofModel: modelId),
                    !scoring.scores.contains(where: { $0.model == modelIndex })
                {
                    problem(
                        "test '\(testCase.name)' expects points for '\(modelId)' from rule '\(ruleId)', which never scores it", expectation,
                        hint: "rule '\(ruleId)' scores \(scoring.scores.map { models[$0.model].id }.joined(separator: ", ").nonEmpty ?? "no model")")
                }
            case .reasons(let ids): ids.forEach { rule($0, expectation) }
            case .derived(let id, let value):
                guard let fact = fact(id), fact.isDerived else {
                    problem(
                        "test '\(testCase.name)' names '\(id)', which is not a derived fact", expectation,
                        hint: NameSuggestion.hint(for: id, among: derivedFacts.map(\.id)))
                    continue
                }
                if let value, FactValues.conform(value, to: fact.kind) == nil {
                    problem(
                        "test '\(testCase.name)' expects derived fact '\(id)' to be \(FactValues.render(value)), which is not a valid \(fact.kind.typeName)",
                        expectation, hint: FactValues.expectation(for: fact.kind) + ", or null for unknown")
                }
            }
        }
        return problems
    }

    /// Checks one expectation against an evaluation, saying what was expected and what came out.
    public func check(_ expectation: RuleExpectation, against evaluation: Evaluation) -> ExpectationResult {
        func result(_ passed: Bool, _ expected: String, _ actual: String) -> ExpectationResult {
            ExpectationResult(expectation: expectation, passed: passed, expected: expected, actual: actual)
        }
        let statuses = Dictionary(evaluation.trace.map { ($0.ruleId, $0) }, uniquingKeysWith: { first, _ in first })

        switch expectation.claim {
        case .recommendation(let model):
            let actual = evaluation.recommendation
            let expectedText = model.map { "recommendation \($0)" } ?? "no recommendation (every model excluded)"
            var actualText = "no recommendation (every model excluded)"
            if let actual, let top = evaluation.ranking.first {
                actualText = "recommendation \(actual) (fit \(FactValues.format(top.fit)))"
            }
            if let model, model != actual { actualText += "; " + place(of: model, in: evaluation) }
            return result(actual == model, expectedText, actualText)

        case .ranksAbove(let higher, let lower):
            let order = evaluation.ranking.map(\.model)
            let passed = (order.firstIndex(of: higher) ?? Int.max) < (order.firstIndex(of: lower) ?? Int.max)
            return result(
                passed, "\(higher) above \(lower)",
                "\(place(of: higher, in: evaluation)); \(place(of: lower, in: evaluation))")

        case .excluded(let model), .notExcluded(let model):
            let wantExcluded: Bool
            if case .excluded = expectation.claim { wantExcluded = true } else { wantExcluded = false }
            let standing = evaluation.standing(of: model)
            let isExcluded = standing?.excluded ?? false
            var actual: String
            if let standing, standing.excluded {
                actual = "\(model) excluded by \(standing.excludedBy.joined(separator: ", "))"
            } else {
                actual = "\(model) not excluded"
                if let standing, !standing.mayBeExcludedBy.isEmpty {
                    actual += " (undecided: \(standing.mayBeExcludedBy.joined(separator: ", ")) could exclude it)"
                }
            }
            return result(isExcluded == wantExcluded, wantExcluded ? "\(model) excluded" : "\(model) not excluded", actual)

        case .fired(let rule), .notFired(let rule), .undecided(let rule):
            let want: String
            let passed: (RuleStatus) -> Bool
            switch expectation.claim {
            case .fired: (want, passed) = ("fired", { $0 == .fired })
            case .notFired: (want, passed) = ("not fired", { $0 != .fired })
            default: (want, passed) = ("undecided", { $0 == .undecided })
            }
            guard let outcome = statuses[rule] else { return result(false, "rule \(rule) \(want)", "no such rule in the trace") }
            return result(passed(outcome.status), "rule \(rule) \(want)", "rule \(rule) \(describe(outcome))")

        case .derived(let fact, let value):
            let reading = evaluation.derived.first { $0.fact == fact }
            let actual = reading?.value
            let render = { (value: CELValue?) in value.map(FactValues.render) ?? "unknown" }
            return result(actual == value, "\(fact) = \(render(value))", "\(fact) = \(render(actual))")

        case .couldChange(let fact), .cannotChange(let fact):
            let wantOpen: Bool
            if case .couldChange = expectation.claim { wantOpen = true } else { wantOpen = false }
            let actual: String
            let passed: Bool
            if evaluation.couldChange.contains(fact) {
                (actual, passed) = ("\(fact) is unknown and could change the recommendation", wantOpen)
            } else if evaluation.cannotChange.contains(fact) {
                (actual, passed) = ("\(fact) is unknown but cannot change the recommendation", !wantOpen)
            } else {
                (actual, passed) = ("\(fact) is given", false)
            }
            let expected = wantOpen ? "\(fact) unknown and able to change the recommendation" : "\(fact) unknown and unable to change the recommendation"
            return result(passed, expected, actual)

        case .settled(let settled):
            let expected = settled ? "settled: no unknown fact can change the recommendation" : "not settled: some unknown fact can change the recommendation"
            let actual = evaluation.isSettled ? "settled" : "open: \(evaluation.couldChange.joined(separator: ", ")) could change it"
            return result(evaluation.isSettled == settled, expected, actual)

        case .fit(let model, let number):
            let fit = evaluation.standing(of: model)?.fit
            return result(fit.map(number.holds) ?? false, "\(model) fit \(number)", place(of: model, in: evaluation))

        case .margin(let number):
            let expected = "margin \(number)"
            guard let winner = evaluation.recommendation, let top = evaluation.standing(of: winner) else {
                return result(false, expected, "no recommendation")
            }
            guard let runnerUp = evaluation.runnerUp else { return result(false, expected, "no runner-up: \(winner) is the only model not excluded") }
            let margin = top.fit - runnerUp.fit
            return result(
                number.holds(for: margin), expected,
                "margin \(FactValues.format(margin)) (\(winner) fit \(FactValues.format(top.fit)), \(runnerUp.model) fit \(FactValues.format(runnerUp.fit)))")

        case .points(let rule, let model, let number):
            guard let outcome = statuses[rule], let modelIndex = index(ofModel: model) else {
                return result(false, "rule \(rule) gives \(model) \(number)", "no such rule in the trace")
            }
            let written = rules[outcome.ruleIndex].scores.filter { $0.model == modelIndex }.reduce(0) { $0 + $1.points }
            let given = outcome.status == .fired ? written : 0
            let actual = outcome.status == .fired
                ? "rule \(rule) gives \(model) \(FactValues.signed(given))"
                : "rule \(rule) \(describe(outcome)), so it gives \(model) 0"
            return result(number.holds(for: given), "rule \(rule) gives \(model) \(number)", actual)

        case .reasons(let expected):
            let expectedText = "reasons quoted for the recommendation, in this order: \(expected.joined(separator: ", "))"
            guard let winner = evaluation.recommendation else { return result(false, expectedText, "no recommendation") }
            let quoted = reasons(for: winner, in: evaluation)
            let ids = quoted.map(\.ruleId)
            // Each expected rule among the quoted ones, after the one before it.
            var next = ids.startIndex
            var passed = true
            for id in expected {
                guard let found = ids[next...].firstIndex(of: id) else {
                    passed = false
                    break
                }
                next = ids.index(after: found)
            }
            let list = quoted.map { "\($0.ruleId) (\(FactValues.signed($0.points ?? 0)))" }.joined(separator: ", ")
            return result(passed, expectedText, "reasons quoted for \(winner): \(list.isEmpty ? "none" : list)")
        }
    }

    /// Where a model ended up, in words: "b2c 2nd, fit 62" or "b2c 9th, fit 40, excluded by r".
    private func place(of model: String, in evaluation: Evaluation) -> String {
        guard let position = evaluation.ranking.firstIndex(where: { $0.model == model }) else { return "\(model) not ranked" }
        let standing = evaluation.ranking[position]
        var text = "\(model) \(Ordinal.text(position + 1)), fit \(FactValues.format(standing.fit))"
        if standing.excluded { text += ", excluded by \(standing.excludedBy.joined(separator: ", "))" }
        return text
    }

    private func describe(_ outcome: RuleOutcome) -> String {
        switch outcome.status {
        case .fired: return "fired"
        case .notFired:
            let failing = outcome.clauses.filter { $0.held == false }.map { "`\($0.text)`" }
            return failing.isEmpty ? "not fired" : "not fired (false: \(failing.joined(separator: ", ")))"
        case .undecided: return "undecided (unknown: \(outcome.unknownFacts.joined(separator: ", ")))"
        case .failed: return "failed (\(outcome.error ?? "error"))"
        }
    }
}

extension String {
    /// nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Positions in words for reports: 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st.
public enum Ordinal {
    public static func text(_ number: Int) -> String {
        let tens = (number / 10) % 10
        let suffix: String
        switch (tens == 1, number % 10) {
        case (false, 1): suffix = "st"
        case (false, 2): suffix = "nd"
        case (false, 3): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }
}
