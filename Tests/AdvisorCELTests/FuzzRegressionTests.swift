import Testing

@testable import AdvisorCEL

/// Inputs the fuzzers found (scripts/fuzz.sh), kept as tests.
@Suite struct FuzzRegressionTests {
    /// `1e-324` underflows to 0.0, and 0.0 / 0.0 is NaN: a value, not an error, the same each
    /// time (the first fuzz run stopped here because its own check compared NaN with itself).
    @Test func anUnderflowingLiteralDividedByZeroIsNaN() throws {
        for _ in 0..<2 {
            guard case .value(.double(let result)) = try evaluateDynamic("1e-324  / .0") else {
                Issue.record("1e-324 / .0 is not a double")
                return
            }
            #expect(result.isNaN)
        }
        #expect(try evaluateDynamic("1e-324 == 0.0") == T)
        #expect(try evaluateDynamic("1e-324 / .0 != 1e-324 / .0") == T)
    }
}
