import Testing
import Yams

@testable import AdvisorLoading

/// The composer reads a plain scalar's type from its bytes; it must always agree with Yams'
/// resolver, or a rule book would mean something else than it did.
@Suite struct PlainScalarTests {
    static let tricky = [
        "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "yes", "Yes", "y", "n", "on", "OFF", "0", "-0",
        "+0", "00", "007", "08", "0x1F", "0o17", "0b101", "1_000", "1,000", "1e5", "1E5", "1e+5", "1.", ".5", "-.5", "1.5", "-1.5",
        "+1.5", "1.5e3", "1.5E-3", "1.5e", "1.5e+", "1.5e+3x", ".inf", "-.inf", "+.inf", ".Inf", ".NaN", ".nan", "nan", "inf",
        "2024-01-01", "2024-1-1 10:00:00", "12:30", "1:30:00", "190:20:30.15", "<<", "=", "-", "+", "- x", "-x", "--1", "1-2",
        "9223372036854775808", "99999999999999999999999", "١٢", "１２", "é", "5 ", "1.5.5", "0.0", "-0.0", "capital < 20000",
        "(capital < 1)", "'a' in b", "!brand", "~x", "<", "=x", ".", "..", "+.", "0.", "-0.", "1__0", "0_7", "0x", "0b",
    ]

    @Test func trickyScalarsResolveAsYamsResolvesThem() {
        for text in Self.tricky {
            #expect(PlainScalar.tag(of: text) == Resolver.default.resolveTag(of: Node(text)), "\(text.debugDescription)")
        }
    }

    @Test func generatedScalarsResolveAsYamsResolvesThem() {
        // Every short string over the characters that matter to the rules, sampled.
        let alphabet = Array("0123456789+-._eExob:~<=TtrunlNa ")
        var generator = SplitMix64(seed: 20_260_101)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 9)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            #expect(PlainScalar.tag(of: text) == Resolver.default.resolveTag(of: Node(text)), "\(text.debugDescription)")
        }
    }

    @Test func theCommonFormsNeedNoRegularExpression() {
        for text in ["capital", "true", "no", "~", "", "20000", "-5", "2.5", "1.5e-3", "Korean skincare", "(a)", "'x' in y"] {
            #expect(PlainScalar.quickTag(of: text) != nil, "\(text)")
        }
    }
}

/// A small seeded generator, so that a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
