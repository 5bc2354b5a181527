import AdvisorCEL

/// Splits a condition into its top-level parts, so a trace can say which parts held.
enum ConditionClauses {
    /// The operands of the outermost `&&` chain, or of the outermost `||` chain, or the whole
    /// condition when it is neither.
    static func split(_ parsed: ParsedExpression) -> [CELNode] {
        guard let (op, _) = parsed.root.operatorCall, op == .logicalAnd || op == .logicalOr else { return [parsed.root] }
        var parts: [CELNode] = []
        func flatten(_ node: CELNode) {
            if let (inner, operands) = node.operatorCall, inner == op {
                operands.forEach(flatten)
            } else {
                parts.append(node)
            }
        }
        flatten(parsed.root)
        return parts
    }
}

/// Finds string literals compared with an enum or list fact that are not among its values:
/// `category_breadth == 'brod'` type-checks (both are strings) but can never hold.
enum EnumLiterals {
    static func issues(in parsed: ParsedExpression, facts: [FactDeclaration]) -> [CELIssue] {
        var issues: [CELIssue] = []
        // Names in scope that hold a value of a known set: facts, and comprehension variables over list facts.
        var scope: [String: (fact: String, values: [String])] = [:]
        for fact in facts where !fact.kind.allowedValues.isEmpty {
            scope[fact.id] = (fact.id, fact.kind.allowedValues)
        }

        func check(_ literal: CELNode, against owner: (fact: String, values: [String])) {
            guard case .string(let text)? = literal.literalValue, !owner.values.contains(text) else { return }
            let (line, column) = parsed.lineAndColumn(ofOffset: literal.range.lowerBound)
            issues.append(
                CELIssue(
                    line: line, column: column, offset: literal.range.lowerBound,
                    message: "'\(text)' is not a value of '\(owner.fact)', so this comparison can never hold",
                    hint: NameSuggestion.hint(for: text, among: owner.values, listing: true)))
        }

        /// The value set of an enum-valued identifier in scope (not a list itself).
        func scalarOwner(_ node: CELNode, _ scope: [String: (fact: String, values: [String])], listValued: Set<String>) -> (fact: String, values: [String])? {
            guard let name = node.identifierName, !listValued.contains(name) else { return nil }
            return scope[name]
        }

        func visit(_ node: CELNode, _ scope: [String: (fact: String, values: [String])], _ listValued: Set<String>) {
            if let (op, operands) = node.operatorCall, operands.count == 2 {
                let (left, right) = (operands[0], operands[1])
                switch op {
                case .equals, .notEquals:
                    if let owner = scalarOwner(left, scope, listValued: listValued) { check(right, against: owner) }
                    if let owner = scalarOwner(right, scope, listValued: listValued) { check(left, against: owner) }
                case .in:
                    if let owner = scalarOwner(left, scope, listValued: listValued), case .list(let items) = right.kind {
                        items.forEach { check($0, against: owner) }
                    }
                    if let name = right.identifierName, listValued.contains(name), let owner = scope[name] {
                        check(left, against: owner)
                    }
                default:
                    break
                }
            }
            if case .comprehension(let comprehension) = node.kind {
                visit(comprehension.range, scope, listValued)
                var inner = scope
                var innerLists = listValued
                innerLists.remove(comprehension.variable)
                if let name = comprehension.range.identifierName, listValued.contains(name), let owner = scope[name] {
                    inner[comprehension.variable] = owner
                } else {
                    inner[comprehension.variable] = nil
                }
                if let filter = comprehension.filter { visit(filter, inner, innerLists) }
                visit(comprehension.body, inner, innerLists)
                return
            }
            for child in node.children { visit(child, scope, listValued) }
        }

        let lists = Set(facts.filter { if case .list = $0.kind { return true } else { return false } }.map(\.id))
        visit(parsed.root, scope, lists)
        return issues
    }
}
