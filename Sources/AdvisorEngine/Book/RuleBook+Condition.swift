import AdvisorCEL
import AdvisorDiagnostics

extension RuleBook {
    /// Checks an expression as the rule book checks a rule's condition: names resolve to the
    /// declared facts (asked and derived) with their types, and a text compared with an enum or
    /// list fact must be one of its values (`risk_tolerance == 'hihg'` can never hold: an issue
    /// that suggests 'high'). Unlike a condition, the expression may be of any type.
    public func checkExpression(_ source: String) -> Result<CELProgram, [CELIssue]> {
        let declarations = CELDeclarations(variables: facts.map { ($0.id, $0.kind.celType) }, undeclaredIdentifiers: .reject)
        let parsed: ParsedExpression
        switch CELParser.parse(source) {
        case .success(let expression): parsed = expression
        case .failure(let issues): return .failure(issues)
        }
        switch CELChecker.check(parsed, declarations) {
        case .failure(let issues): return .failure(issues)
        case .success(let program):
            let literals = EnumLiterals.issues(in: parsed, facts: facts)
            return literals.isEmpty ? .success(program) : .failure(literals)
        }
    }
}
