import Foundation
import Testing
@testable import AdvisorCEL

/// Prints evaluation speed; asserts nothing about it (debug builds are much slower).
/// Run `swift test -c release --filter Benchmark` for representative numbers.
@Suite("Benchmark")
struct BenchmarkTests {
    static let conditions = [
        "capital < 20000.0 && category_breadth in ['single', 'focused']",
        "brand_authorization == false",
        "sku_count > 1000 || capital >= 500000.0",
        "'payment' in service_capabilities && !brand_authorization",
        "service_capabilities.exists(s, s == 'customs_clearance')",
    ]

    @Test("evaluation speed of typical rule conditions (prints only)")
    func speed() throws {
        let programs = try Self.conditions.map { try compile($0, ruleFacts) }
        let known = CELSlotActivation([
            .value(.double(15000)), .value(.int(300)), .value(.bool(true)), .value(.string("focused")),
            .value(.strings(["payment", "customs_clearance"])), .value(.map(CELMap())), .value(.null),
        ])
        let partial = CELSlotActivation([.unknown, .value(.int(300)), .unknown, .value(.string("broad")), .unknown, .unknown, .unknown])
        #if DEBUG
        let iterations = 20_000
        #else
        let iterations = 1_000_000
        #endif
        for (name, activation) in [("known facts", known), ("unknown facts", partial)] {
            for (source, program) in zip(Self.conditions, programs) {
                // The best of several rounds: other processes on the machine only add time.
                var best = Double.infinity
                var trues = 0
                for _ in 0..<5 {
                    let clock = ContinuousClock()
                    let elapsed = clock.measure {
                        for _ in 0..<(iterations / 5) where program.evaluate(activation).boolValue == true { trues += 1 }
                    }
                    let ns = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
                    best = min(best, ns / Double(iterations / 5))
                }
                print("benchmark [\(name)] \(String(format: "%.1f", best)) ns/eval  \(source)  (true \(trues)x)")
            }
        }
    }
}
