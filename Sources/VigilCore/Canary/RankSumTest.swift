import Foundation

/// The shift between two samples by the Wilcoxon rank-sum (Mann-Whitney U) test: the
/// Hodges-Lehmann estimate of how far the experiment's values sit above the control's,
/// with a confidence interval — what Kayenta's judge decides a canary metric by.
///
/// The interval is the set of shifts μ the test would not reject: μ such that the rank
/// sum of `experiment − μ` against `control`, standardised with the normal approximation
/// (tie-corrected variance, continuity correction ½), lies within ±z₁₋α/₂. Its ends and the
/// estimate (the μ where the standardised statistic is zero) are found by ``BrentRoot``,
/// as R's `wilcox.test(conf.int = TRUE, exact = FALSE)` and Kayenta do, so the figures
/// match theirs.
///
/// The statistic is a step function of μ (it moves only where μ crosses a difference
/// `x_i − y_j`), and the root search stops within `rootTolerance` (absolute, 10⁻⁴ as in R
/// and Kayenta): feed durations in milliseconds, not seconds, or a shift of a few
/// microseconds is below what the search resolves.
public struct RankSumTest: Sendable {
    /// The estimated shift (experiment − control) and its interval.
    public struct Shift: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public var estimate: Double
    }

    /// Why no interval exists.
    public enum Failure: Error, Equatable, Sendable {
        /// One sample is empty.
        case emptySample
        /// Every observation of both samples is the same value: no rank carries information.
        case allTied
    }

    public var confidence: Double
    public var rootTolerance: Double

    public init(confidence: Double = 0.95, rootTolerance: Double = 1e-4) {
        self.confidence = confidence
        self.rootTolerance = rootTolerance
    }

    /// The shift of `experiment` against `control`.
    public func shift(experiment x: [Double], control y: [Double]) throws(Failure) -> Shift {
        guard !x.isEmpty, !y.isEmpty else { throw .emptySample }
        let low = x.min()! - y.max()!
        let high = x.max()! - y.min()!
        let z = StandardNormal.quantile(1 - (1 - confidence) / 2)
        do {
            func root(_ quantile: Double) throws -> Double {
                let fLow = try Self.standardisedDifference(shift: low, quantile: quantile, experiment: x, control: y)
                let fHigh = try Self.standardisedDifference(shift: high, quantile: quantile, experiment: x, control: y)
                // Outside the bracket's sign change the interval reaches its end.
                if fLow <= 0 { return low }
                if fHigh >= 0 { return high }
                return try BrentRoot.solve(low, high, fa: fLow, fb: fHigh, tolerance: rootTolerance) {
                    try Self.standardisedDifference(shift: $0, quantile: quantile, experiment: x, control: y)
                }
            }
            let lower = try root(z)
            let upper = try root(-z)
            let fLow = try Self.standardisedDifference(shift: low, quantile: 0, experiment: x, control: y)
            let fHigh = try Self.standardisedDifference(shift: high, quantile: 0, experiment: x, control: y)
            let estimate = try BrentRoot.solve(low, high, fa: fLow, fb: fHigh, tolerance: rootTolerance) {
                try Self.standardisedDifference(shift: $0, quantile: 0, experiment: x, control: y)
            }
            return Shift(lower: lower, upper: upper, estimate: estimate)
        } catch {
            throw .allTied
        }
    }

    /// The rank-sum statistic of `experiment − shift` against `control`, centred,
    /// continuity-corrected and divided by its tie-corrected standard deviation, minus
    /// `quantile`: zero where `shift` is an end of the interval (or, with quantile 0, the
    /// estimate). Decreases as `shift` grows.
    public static func standardisedDifference(shift: Double, quantile: Double, experiment x: [Double], control y: [Double]) throws(Failure) -> Double {
        let m = Double(x.count)
        let n = Double(y.count)
        let (ranks, ties) = Ranking.averageRanks(x.map { $0 - shift } + y)
        let rankSum = ranks.prefix(x.count).reduce(0, +)
        let centred = rankSum - m * (m + 1) / 2 - m * n / 2
        let correction = centred == 0 ? 0 : (centred > 0 ? 0.5 : -0.5)
        let tieTerm = ties.reduce(0.0) { $0 + pow(Double($1), 3) - Double($1) }
        let sigma = ((m * n / 12) * ((m + n + 1) - tieTerm / ((m + n) * (m + n - 1)))).squareRoot()
        guard sigma > 0 else { throw .allTied }
        return (centred - correction) / sigma - quantile
    }
}
