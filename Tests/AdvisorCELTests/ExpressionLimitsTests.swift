import Foundation
import Testing

@testable import AdvisorCEL

/// An expression can be as long and as deep as the documented limits, and no more: past them
/// it is a parse error, never a stack overflow. Evaluation errors are values, never traps.
@Suite struct ExpressionLimitsTests {
    func nested(_ depth: Int) -> String { String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) }
    func negated(_ count: Int) -> String { String(repeating: "!", count: count) + "true" }
    func chain(_ operands: Int) -> String { Array(repeating: "1", count: operands).joined(separator: "+") }
    func lists(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }

    @Test func theLongestExpressionAcceptedIsMaxSourceLengthBytes() throws {
        // A text literal fills the expression exactly: two quotes around the rest.
        let atLimit = "'" + String(repeating: "x", count: CELParser.maxSourceLength - 2) + "'"
        #expect(atLimit.utf8.count == CELParser.maxSourceLength)
        #expect(try evaluateDynamic(atLimit) == .value(.string(String(repeating: "x", count: CELParser.maxSourceLength - 2))))
        let past = parseIssue(atLimit + " ")
        #expect(past?.message == "the expression is too long (100001 bytes; the limit is 100000)")
        #expect(past?.line == 1 && past?.column == 1)
        #expect(past?.hint == "split it into several rules or derived facts")
    }

    @Test func nestingStopsAtMaxNestingDepthWithAMessage() throws {
        // 199 parentheses or `!` and a chain of 200 operands are the deepest accepted: each
        // nests one level under the expression itself. Nested lists count two levels each.
        #expect(try evaluateDynamic(nested(CELParser.maxNestingDepth - 1)) == .value(.int(1)))
        #expect(try evaluateDynamic(negated(CELParser.maxNestingDepth - 1)) == F)
        #expect(try evaluateDynamic(chain(CELParser.maxNestingDepth)) == .value(.int(200)))
        #expect(parseIssue(lists(CELParser.maxNestingDepth / 2)) == nil)
        for past in [nested(CELParser.maxNestingDepth), negated(CELParser.maxNestingDepth), chain(CELParser.maxNestingDepth + 1), lists(CELParser.maxNestingDepth / 2 + 1)] {
            let issue = parseIssue(past)
            #expect(issue?.message == "the expression nests more than 200 levels deep", "\(past.prefix(20))")
            #expect(issue?.hint == "split it into simpler conditions or derived facts")
        }
    }

    @Test func farPastTheLimitsNothingOverflowsTheStack() {
        // 100,000 levels would overflow any stack if the parser recursed into them.
        let deep = [nested(49_999), negated(99_000), lists(49_999), String(repeating: "-", count: 99_000) + "1", "a" + String(repeating: ".b", count: 49_000)]
        for source in deep {
            #expect(parseIssue(source)?.message == "the expression nests more than 200 levels deep", "\(source.prefix(20))")
        }
    }

    @Test func expressionsAtTheLimitEvaluateOnASmallThreadStack() throws {
        // A program embedding the advisor may load a rule book on a secondary thread, whose
        // stack is 512 KiB on macOS: the deepest accepted expression must parse, check and
        // evaluate in that (about 400 KiB in a release build). Debug builds use several times
        // more stack per call, so they get 4 MiB here.
        #if DEBUG
            let stackSize = 4 << 20
        #else
            let stackSize = 512 << 10
        #endif
        let sources = [
            nested(CELParser.maxNestingDepth - 1), "(" + negated(CELParser.maxNestingDepth - 2) + ")",
            Array(repeating: "(true &&", count: CELParser.maxNestingDepth - 1).joined() + " true" + String(repeating: ")", count: CELParser.maxNestingDepth - 1),
            chain(CELParser.maxNestingDepth), "size(" + lists(CELParser.maxNestingDepth / 2 - 1) + ") == 1",
        ]
        let results = Results()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            results.values = sources.map { source in
                (try? compile(source, [], .allowAsDynamic)).map { $0.evaluate(CELSlotActivation([])) }
            }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        #expect(results.values == [.value(.int(1)), T, T, .value(.int(200)), T])
    }

    final class Results: @unchecked Sendable {
        var values: [CELResult?] = []
    }

    @Test func arithmeticErrorsAreValuesNotTraps() throws {
        #expect(errorMessage(try evaluateDynamic("1 / 0")) == "division by zero")
        #expect(errorMessage(try evaluateDynamic("1 % 0")) == "modulus by zero")
        #expect(errorMessage(try evaluateDynamic("9223372036854775807 + 1")) == "integer overflow")
        #expect(errorMessage(try evaluateDynamic("-9223372036854775808 - 1")) == "integer overflow")
        #expect(errorMessage(try evaluateDynamic("-9223372036854775808 / -1")) == "integer overflow")
        #expect(errorMessage(try evaluateDynamic("-(-9223372036854775808)")) == "integer overflow")
        #expect(errorMessage(try evaluateDynamic("4294967296 * 4294967296")) == "integer overflow")
        #expect(errorMessage(try evaluateDynamic("0u - 1u")) == "unsigned integer overflow")
        #expect(errorMessage(try evaluateDynamic("int(1e300)"))?.contains("does not fit in an int") == true)
        #expect(errorMessage(try evaluateDynamic("int('99999999999999999999')")) != nil)
        // Doubles follow IEEE 754: no error, and the result says what happened.
        #expect(try evaluateDynamic("1.0 / 0.0") == .value(.double(.infinity)))
        guard case .value(.double(let nan)) = try evaluateDynamic("0.0 / 0.0") else {
            Issue.record("0.0 / 0.0 is not a double")
            return
        }
        #expect(nan.isNaN)
        #expect(try evaluateDynamic("0.0 / 0.0 == 0.0 / 0.0") == F)
    }

    @Test func aConditionThatFailsOnlyForSomeValuesIsAnErrorResultForThem() throws {
        let program = try compile("100 / sku_count > 1", ruleFacts)
        let bindings = ruleFacts.map { fact in fact.name == "sku_count" ? CELBinding.value(.int(0)) : .unknown }
        #expect(errorMessage(program.evaluate(CELSlotActivation(bindings))) == "division by zero")
        // A false side of && settles it whatever the other side does.
        let guarded = try compile("sku_count > 0 && 100 / sku_count > 1", ruleFacts)
        #expect(guarded.evaluate(CELSlotActivation(bindings)) == F)
    }
}
