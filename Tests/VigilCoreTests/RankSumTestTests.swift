import Foundation
import Testing
import VigilCore

/// Properties of the rank-sum shift over random samples, checked against quantities
/// computed independently of the test's root search: the pairwise differences.
@Suite struct RankSumTestTests {
    /// Without ties, the estimate is where the count of pairs (i, j) with x_i − y_j above
    /// it equals the count below: the median of the m·n differences (the Hodges-Lehmann
    /// estimator). With the continuity correction the statistic is zero between the two
    /// middle differences (m·n even) or across the two steps around the middle one (odd);
    /// the search lands there, within its tolerance.
    @Test func theEstimateIsTheMedianOfThePairwiseDifferences() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let m = Int.random(in: 3...40, using: &generator)
            let n = Int.random(in: 3...40, using: &generator)
            let shift = Double.random(in: -50...50, using: &generator)
            let x = (0..<m).map { _ in Double.random(in: 0...100, using: &generator) + shift }
            let y = (0..<n).map { _ in Double.random(in: 0...100, using: &generator) }
            let result = try RankSumTest(confidence: 0.95).shift(experiment: x, control: y)
            let differences = x.flatMap { xi in y.map { xi - $0 } }.sorted()
            let middle = differences.count / 2
            let odd = differences.count % 2 == 1
            let low = differences[middle - 1] - 1e-4
            let high = differences[odd ? middle + 1 : middle] + 1e-4
            #expect(result.estimate >= low && result.estimate <= high, "m=\(m) n=\(n)")
            #expect(result.lower <= result.estimate + 1e-4 && result.estimate <= result.upper + 1e-4)
        }
    }

    /// The interval is the set of shifts the test does not reject, so it holds 0 exactly
    /// when |standardised statistic at 0| ≤ z (away from the search's tolerance).
    @Test func zeroIsInsideTheIntervalWhenTheTestDoesNotReject() throws {
        var generator = SystemRandomNumberGenerator()
        let z = StandardNormal.quantile(0.975)
        for _ in 0..<200 {
            let shift = Double.random(in: -30...30, using: &generator)
            let x = (0..<25).map { _ in Double(Int.random(in: 0...100, using: &generator)) + shift }
            let y = (0..<30).map { _ in Double(Int.random(in: 0...100, using: &generator)) }
            let statistic = try RankSumTest.standardisedDifference(shift: 0, quantile: 0, experiment: x, control: y)
            let result = try RankSumTest(confidence: 0.95).shift(experiment: x, control: y)
            guard abs(result.lower) > 1e-3, abs(result.upper) > 1e-3 else { continue }
            let containsZero = result.lower <= 0 && 0 <= result.upper
            #expect(containsZero == (abs(statistic) <= z), "statistic \(statistic), interval [\(result.lower), \(result.upper)]")
        }
    }

    @Test func shiftingTheExperimentShiftsTheEstimate() throws {
        let x = [10.0, 12, 9, 14, 11, 13, 8, 15]
        let y = [9.0, 11, 10, 8, 12, 7, 10.5, 9.5]
        let base = try RankSumTest().shift(experiment: x, control: y)
        let moved = try RankSumTest().shift(experiment: x.map { $0 + 100 }, control: y)
        #expect(abs(moved.estimate - base.estimate - 100) < 1e-3)
        #expect(throws: RankSumTest.Failure.emptySample) { try RankSumTest().shift(experiment: [], control: y) }
        #expect(throws: RankSumTest.Failure.allTied) { try RankSumTest().shift(experiment: [1, 1], control: [1, 1, 1]) }
    }
}
