// Turns a checked tree into instruction trees: identifiers become slot reads, constant lists
// and maps are built once, common shapes (`fact < 1.0`, `fact == 'x'`, `fact in [...]`) get
// dedicated instructions.

enum Compiler {
    static func program(for node: CELNode, parsed: ParsedExpression, checker: TypeChecker, resultType: CELType) -> CELProgram {
        let slots = checker.referenced.sorted()
        var dense: [Int: Int] = [:]
        for (i, s) in slots.enumerated() { dense[s] = i }
        let plain = Builder(checker: checker, dense: dense, observe: false).build(node)
        let observed = Builder(checker: checker, dense: dense, observe: true).build(node)
        let code = Code(plain: plain, observed: observed, localCount: checker.localCount, slots: slots)
        return CELProgram(resultType: resultType, referencedSlots: slots, dynamicIdentifiers: checker.dynamicNames,
                          parsed: parsed, node: node, code: code)
    }
}

struct Builder {
    let checker: TypeChecker
    let dense: [Int: Int]
    /// Wrap every node to report its result; no fusing of nodes (every node must report).
    let observe: Bool

    func build(_ n: CELNode) -> Instruction {
        let instr = inner(n)
        let unknown = CELResult.unknown(slots: slots(under: n))
        instr.unknownAll = unknown
        guard observe else { return instr }
        let wrapped = Observed(id: n.id, inner: instr)
        wrapped.unknownAll = unknown
        return wrapped
    }

    func slotRef(_ n: CELNode) -> SlotReference? {
        guard !observe, case .ident(let name) = n.kind, case .slot(let s)? = checker.refs[n.id] else { return nil }
        return SlotReference(slot: s, denseIndex: dense[s]!, name: name)
    }

    func inner(_ n: CELNode) -> Instruction {
        switch n.kind {
        case .literal(let v):
            return Constant(v)
        case .ident(let name):
            switch checker.refs[n.id] {
            case .slot(let s)?: return SlotReference(slot: s, denseIndex: dense[s]!, name: name)
            case .local(let l)?: return LocalReference(l)
            case nil: return Failing("no value for '\(name)'")
            }
        case .select(let operand, let field):
            return Select(build(operand), field, testOnly: false)
        case .has(let operand, let field):
            return Select(build(operand), field, testOnly: true)
        case .index(let operand, let index):
            return Index(build(operand), build(index))
        case .list(let items):
            let built = items.map(build)
            if !observe {
                let constants = built.compactMap(\.constant)
                if constants.count == built.count { return Constant(.list(constants)) }
            }
            return ListLiteral(built)
        case .map(let entries):
            let keys = entries.map { build($0.key) }
            let values = entries.map { build($0.value) }
            if !observe {
                let ks = keys.compactMap(\.constant), vs = values.compactMap(\.constant)
                if ks.count == keys.count && vs.count == values.count,
                   case .value(let m) = MapLiteral.build(ks, vs) {
                    return Constant(m)
                }
            }
            return MapLiteral(keys: keys, values: values)
        case .comprehension(let c):
            return Comprehension(c.macro, range: build(c.range), local: checker.compLocals[n.id]!,
                                 filter: c.filter.map(build), body: build(c.body))
        case .call(let function, let target, let args):
            if target == nil, let op = CELOperator(rawValue: function) {
                return operatorInstr(op, args)
            }
            guard let builtin = checker.builtins[n.id] else {
                if Builtin(rawValue: function) != nil {
                    return Failing("no such overload: \(function)() cannot be called this way")
                }
                return Failing("unknown function '\(function)'")
            }
            let operandNodes = (target.map { [$0] } ?? []) + args
            if builtin == .size, operandNodes.count == 1, let ref = slotRef(operandNodes[0]) { return SizeOfSlot(ref) }
            let operands = operandNodes.map(build)
            if operands.count == 1 { return Unary(Builder.unaryFunction(builtin), operands[0]) }
            return Binary(Builder.binaryFunction(builtin), operands[0], operands[1])
        }
    }

    func operatorInstr(_ op: CELOperator, _ args: [CELNode]) -> Instruction {
        switch op {
        case .logicalAnd: return And(build(args[0]), build(args[1]), merge: merge(args))
        case .logicalOr: return Or(build(args[0]), build(args[1]), merge: merge(args))
        case .logicalNot: return Not(build(args[0]))
        case .negate: return Unary(Ops.negate, build(args[0]))
        case .conditional: return Conditional(build(args[0]), build(args[1]), build(args[2]))
        case .equals, .notEquals:
            let negated = op == .notEquals
            if let ref = slotRef(args[0]), let c = args[1].literalValue, !observe {
                return EqualsSlotConstant(negated: negated, ref, c)
            }
            if let ref = slotRef(args[1]), let c = args[0].literalValue, !observe {
                return EqualsSlotConstant(negated: negated, ref, c)
            }
            return Equals(negated: negated, build(args[0]), build(args[1]))
        case .less, .lessEquals, .greater, .greaterEquals:
            let cmp: ComparisonOperator, flipped: ComparisonOperator
            switch op {
            case .less: (cmp, flipped) = (.less, .greater)
            case .lessEquals: (cmp, flipped) = (.lessEquals, .greaterEquals)
            case .greater: (cmp, flipped) = (.greater, .less)
            default: (cmp, flipped) = (.greaterEquals, .lessEquals)
            }
            if let ref = slotRef(args[0]), let c = args[1].literalValue { return CompareSlotWithConstant(cmp, ref, c) }
            if let ref = slotRef(args[1]), let c = args[0].literalValue {
                return CompareSlotWithConstant(flipped, ref, c, writtenConstantFirst: cmp)
            }
            if !observe, let c = args[1].literalValue { return CompareWithConstant(cmp, build(args[0]), c) }
            if !observe, let c = args[0].literalValue { return CompareWithConstant(flipped, build(args[1]), c, writtenConstantFirst: cmp) }
            return Compare(cmp, build(args[0]), build(args[1]))
        case .add: return Binary(Ops.add, build(args[0]), build(args[1]))
        case .subtract: return Binary(Ops.subtract, build(args[0]), build(args[1]))
        case .multiply: return Binary(Ops.multiply, build(args[0]), build(args[1]))
        case .divide: return Binary(Ops.divide, build(args[0]), build(args[1]))
        case .modulo: return Binary(Ops.modulo, build(args[0]), build(args[1]))
        case .in:
            if let c = args[0].literalValue, let ref = slotRef(args[1]) { return ConstantInSlot(c, ref) }
            let lhs = build(args[0]), rhs = build(args[1])
            if !observe, case .list(let items)? = rhs.constant {
                let strings = items.compactMap { v -> String? in
                    if case .string(let s) = v { return s }
                    return nil
                }
                if strings.count == items.count { return InStrings(lhs, strings) }
            }
            return Binary(Ops.inOp, lhs, rhs)
        }
    }

    /// The slots read anywhere under a node, sorted and unique.
    func slots(under node: CELNode) -> [Int] {
        var found = Set<Int>()
        node.walk { n in
            if case .slot(let s)? = checker.refs[n.id] { found.insert(s) }
        }
        return found.sorted()
    }

    func merge(_ args: [CELNode]) -> UnknownMerge {
        UnknownMerge(left: slots(under: args[0]), right: slots(under: args[1]))
    }

    static func unaryFunction(_ b: Builtin) -> @Sendable (CELValue) -> CELResult {
        switch b {
        case .size: return Ops.size
        case .int: return Ops.toInt
        case .uint: return Ops.toUInt
        case .double: return Ops.toDouble
        case .string: return Ops.toString
        case .bool: return Ops.toBool
        case .bytes: return Ops.toBytes
        case .dyn: return Ops.dyn
        case .contains, .startsWith, .endsWith, .matches:
            return { _ in .error(CELError("no such overload: \(b.rawValue)() needs an argument")) }
        }
    }

    static func binaryFunction(_ b: Builtin) -> @Sendable (CELValue, CELValue) -> CELResult {
        switch b {
        case .contains: return Ops.contains
        case .startsWith: return Ops.startsWith
        case .endsWith: return Ops.endsWith
        case .matches: return Ops.matches
        default:
            return { _, _ in .error(CELError("no such overload: \(b.rawValue)() takes one argument")) }
        }
    }
}
