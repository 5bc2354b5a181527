import AdvisorDiagnostics
import AdvisorCEL
import AdvisorEngine
import AdvisorLoading
import AdvisorReports
import ArgumentParser
import Foundation

/// `advisor expr`: evaluate one CEL expression, or a stream of them with `--batch`.
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a condition written in CEL, the language of the rule book's `when:` lines.",
        discussion: """
        Prints the value of the expression as JSON. Facts are given as a JSON object; \
        every fact can hold any type. Put the expression after `--` (it may start with \
        '-'), in single quotes so the shell leaves it alone.

        Examples (each command, then what it prints):
          $ advisor expr -- '1 + 2'
          3
          $ advisor expr -- '7.0 / 2.0'
          3.5
          $ advisor expr --facts '{"capital": 15000.0}' -- 'capital < 20000.0'
          true
          $ advisor expr --facts '{"logistics": "forwarder"}' \\
              -- "logistics in ['none', 'forwarder']"
          true
          $ advisor expr --facts '{"services": ["payment", "customs"]}' \\
              -- "services.exists(s, s.startsWith('pay'))"
          true
          $ advisor expr -- "[1, 2, 3].map(n, n * 10)"
          [10,20,30]
          $ advisor expr -- "{'a': 1, 'b': 2}.b"
          2
          $ advisor expr -- "size('héllo') == 5 ? 'five' : 'other'"
          "five"
          $ advisor expr -- 'false && 1 / 0 > 2'
          false          (a false side of && wins over an error)
          $ advisor expr -- '1 / 0'
          error: division by zero
          $ advisor expr -- 'capital <'
          1:10: error: expected an expression after '<'
            capital <
                     ^

        Numbers: 2 is an int and 2.0 a double. CEL does not mix them in \
        arithmetic (write 2.0 * capital, not 2 * capital) but compares them \
        freely (1 < 1.5 is true). In JSON facts, a number written with a fraction \
        or an exponent is a double.

        Exit status: 0 when a value was printed; 1 when evaluation failed (the \
        message goes to standard error as `error: ...`); 2 when the expression does \
        not parse or --facts is not a JSON object (the message shows line:column \
        and a caret under the problem).

        With --rules DIR the expression is checked as a rule's condition: against the \
        facts that rule book declares, with their types (a misspelled fact or an enum \
        value that is not declared is an error), the facts given are checked like a \
        profile, facts not given are unknown, and derived facts hold what the rules \
        conclude from the facts given:
          $ advisor expr --rules Rules --facts '{"capital": 5000}' -- 'asset_light'

        Batch mode (--batch) reads one request per line on standard input, \
        {"id": "...", "expr": "...", "facts": {...}}, and answers each on its own \
        line, in order: {"id": "...", "value": ...} or {"id": "...", "error": \
        "message"}. A failing request never stops the batch.
        """
    )

    @Option(name: .long, help: ArgumentHelp(
        "The facts, as a JSON object of names and values.",
        discussion: "Example: --facts '{\"capital\": 15000.0, \"brand\": true}'",
        valueName: "json"))
    var facts: String?

    @Option(name: .long, help: ArgumentHelp(
        "A rule-book folder: check the expression against its declared facts, as a rule's condition.",
        valueName: "dir"))
    var rules: String?

    @Flag(name: .long, help: "Answer JSON Lines requests from standard input, one line each.")
    var batch = false

    @Argument(help: ArgumentHelp("The expression, after --.", valueName: "expr"))
    var expression: String?

    func validate() throws {
        if batch {
            if expression != nil { throw ValidationError("--batch reads expressions from standard input; do not give one as an argument") }
            if facts != nil { throw ValidationError("--facts is for a single expression; in --batch mode each request carries its own facts") }
            if rules != nil { throw ValidationError("--batch evaluates plain CEL; --rules is for a single expression") }
        } else if expression == nil {
            throw ValidationError("give an expression after --, for example: advisor expr -- '1 + 2'")
        }
    }

    func run() throws {
        if batch {
            ExprEvaluation.runBatch()
            return
        }
        var bindings: [String: CELValue] = [:]
        if let facts {
            switch ExprEvaluation.parseFacts(facts) {
            case .success(let b): bindings = b
            case .failure(let message):
                ExprEvaluation.printError("\(message)")
                throw ExitCode(2)
            }
        }
        let source = expression ?? ""
        let outcome: ExprEvaluation.Outcome
        if let rules {
            let book = try RuleBookOptions(rules: rules).load()
            switch book.factSet(bindings) {
            case .failure(let mismatches):
                ExprEvaluation.printError(mismatches.map { "error: --facts: \($0.message)" + ($0.hint.map { "\n  hint: \($0)" } ?? "") }.joined(separator: "\n"))
                throw ExitCode(2)
            case .success(let factSet):
                outcome = ExprEvaluation.evaluate(source, facts: factSet, book: book)
            }
        } else {
            outcome = ExprEvaluation.evaluate(source, facts: bindings)
        }
        switch outcome {
        case .value(let v):
            print(v.jsonText)
        case .issues(let issues):
            ExprEvaluation.printError(issues.map { ExprEvaluation.render($0, source: source) }.joined(separator: "\n"))
            throw ExitCode(2)
        case .failed(let message):
            ExprEvaluation.printError("error: \(message)")
            throw ExitCode(1)
        }
    }
}

/// The evaluation behind `advisor expr`, shared by the single and batch modes.
enum ExprEvaluation {
    enum Outcome {
        case value(CELValue)
        case issues([CELIssue])
        case failed(String)
    }

    /// Parses, checks (every fact dynamic, undeclared names unbound) and evaluates.
    static func evaluate(_ source: String, facts: [String: CELValue]) -> Outcome {
        let names = facts.keys.sorted()
        let declarations = CELDeclarations(variables: names.map { ($0, CELType.dyn) }, undeclaredIdentifiers: .allowAsDynamic)
        switch CELChecker.compile(source, declarations) {
        case .failure(let issues):
            return .issues(issues)
        case .success(let program):
            let activation = CELSlotActivation(names.map { facts[$0].map(CELBinding.value) ?? .unbound })
            switch program.evaluate(activation) {
            case .value(let v): return .value(v)
            case .error(let e): return .failed(e.message)
            case .unknown(let slots):
                let unknownNames = slots.map { $0 < names.count ? names[$0] : "slot \($0)" }
                return .failed("the result is unknown: it depends on \(unknownNames.joined(separator: ", "))")
            }
        }
    }

    /// Checks against a rule book's declared facts and evaluates with what its rules derive.
    static func evaluate(_ source: String, facts: FactSet, book: RuleBook) -> Outcome {
        switch book.checkExpression(source) {
        case .failure(let issues):
            return .issues(issues)
        case .success(let program):
            let derived = book.score(facts, traced: false).derived
            let bindings = facts.bindings + derived.map { $0.value.map(CELBinding.value) ?? .unknown }
            switch program.evaluate(CELSlotActivation(bindings)) {
            case .value(let v): return .value(v)
            case .error(let e): return .failed(e.message)
            case .unknown(let slots):
                let names = slots.map { $0 < book.facts.count ? book.facts[$0].id : "slot \($0)" }
                return .failed("the result is unknown: it depends on \(names.joined(separator: ", ")), which the facts given leave unknown")
            }
        }
    }

    /// The facts of `--facts`: one JSON object, read strictly (RFC 8259) like a `.json` profile.
    static func parseFacts(_ text: String) -> Result<[String: CELValue], FactsError> {
        switch JSONReader.object(text, file: "--facts") {
        case .failure(let failure):
            var problem = failure.diagnostic
            if let line = problem.location?.line {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.indices.contains(line - 1) { problem.sourceLine = String(lines[line - 1]) }
            }
            return .failure(FactsError(DiagnosticText.renderEach([problem])))
        case .success(let members):
            var out: [String: CELValue] = [:]
            for member in members {
                guard out.updateValue(member.value, forKey: member.key) == nil else {
                    return .failure(FactsError("--facts:\(member.keyAt.line):\(member.keyAt.column): error: '\(member.key)' is given twice\n  hint: keep one of them"))
                }
            }
            return .success(out)
        }
    }

    static func facts(from object: Any) -> Result<[String: CELValue], FactsError> {
        guard let dict = object as? [String: Any] else {
            return .failure(FactsError("the facts must be a JSON object such as {\"capital\": 15000.0}"))
        }
        var out: [String: CELValue] = [:]
        for (k, v) in dict {
            guard let value = CELValue.fromJSON(v) else { return .failure(FactsError("the value of '\(k)' is not plain JSON")) }
            out[k] = value
        }
        return .success(out)
    }

    struct FactsError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// `line:col: error: message`, the offending line, a caret under the column, and the hint.
    static func render(_ issue: CELIssue, source: String) -> String {
        let d = issue.diagnostic(source: source)
        var lines = ["\(issue.line):\(issue.column): error: \(issue.message)"]
        if let line = d.sourceLine {
            // A long line is cut around the column, so a 100,000-byte expression stays readable.
            let excerpt = DiagnosticText.excerpt(of: line, column: issue.column)
            lines.append("  " + excerpt.text)
            lines.append("  " + excerpt.caret)
        }
        if let hint = issue.hint { lines.append("  hint: \(hint)") }
        return lines.joined(separator: "\n")
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    // MARK: Batch

    static func runBatch() {
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            // One write per answer: nothing stays buffered while the caller waits.
            FileHandle.standardOutput.write(Data((answer(line) + "\n").utf8))
        }
    }

    static func answer(_ line: String) -> String {
        guard let data = line.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: []),
              let request = object as? [String: Any] else {
            return reply(id: salvageID(line), error: "malformed request: expected a JSON object {\"id\", \"expr\", \"facts\"}")
        }
        let id = request["id"].flatMap { CELValue.fromJSON($0) } ?? .null
        guard let expr = request["expr"] as? String else {
            return reply(id: id, error: "malformed request: \"expr\" must be a string")
        }
        var bindings: [String: CELValue] = [:]
        if let f = request["facts"], !(f is NSNull) {
            switch facts(from: f) {
            case .success(let b): bindings = b
            case .failure(let e): return reply(id: id, error: "malformed request: facts: \(e)")
            }
        }
        switch evaluate(expr, facts: bindings) {
        case .value(let v):
            var out = "{\"id\":"
            id.writeJSON(into: &out)
            out += ",\"value\":"
            v.writeJSON(into: &out)
            return out + "}"
        case .issues(let issues):
            return reply(id: id, error: issues.map { issue in
                "\(issue.line):\(issue.column): \(issue.message)" + (issue.hint.map { " (hint: \($0))" } ?? "")
            }.joined(separator: "; "))
        case .failed(let message):
            return reply(id: id, error: message)
        }
    }

    static func reply(id: CELValue, error: String) -> String {
        var out = "{\"id\":"
        id.writeJSON(into: &out)
        out += ",\"error\":"
        writeJSONString(error, to: &out)
        return out + "}"
    }

    /// The id of a request line that is not valid JSON, when it can still be read.
    static func salvageID(_ line: String) -> CELValue {
        guard let r = line.range(of: #""id"\s*:\s*"((?:[^"\\]|\\.)*)""#, options: .regularExpression) else { return .null }
        let match = String(line[r])
        guard let open = match.range(of: ":") else { return .null }
        let literal = match[open.upperBound...].trimmingCharacters(in: .whitespaces)
        if let data = literal.data(using: .utf8),
           let s = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String {
            return .string(s)
        }
        return .null
    }
}

extension CELValue {
    fileprivate func writeJSON(into out: inout String) { out += jsonText }
}
