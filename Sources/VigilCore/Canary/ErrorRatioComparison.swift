import Foundation

/// A canary's error ratio against its baseline's, compared as two proportions of counted
/// requests — where Kayenta's rank test goes wrong: a handful of errors in sparse
/// per-interval samples passes Mann-Whitney (kayenta#426), and too few requests pass or
/// fail a canary on noise. Counts carry what samples lose: how many requests there were.
///
/// The difference of error ratios d = p̂_canary − p̂_baseline gets Newcombe's hybrid score
/// interval (Newcombe 1998, method 10: Wilson intervals for each ratio, combined), which
/// stays inside [−1, 1] and behaves at zero errors, unlike the Wald interval. With the
/// tolerated increase m = `tolerance` × p̂_baseline (at least `minimumMargin`):
/// - **fail** when the interval's lower end is above m: the canary is worse by more than
///   tolerated, with the given confidence;
/// - **pass** when its upper end is at most m: it is shown not to be worse by more;
/// - **insufficient data** otherwise, with ``requestsNeeded``: how many canary requests,
///   at the ratios seen so far, would make the interval decide one way or the other.
public struct ErrorRatioComparison: Sendable, Equatable, Codable {
    /// Requests counted in one population.
    public struct Counts: Sendable, Hashable, Codable {
        public var bad: Int
        public var total: Int
        public init(bad: Int, total: Int) {
            self.bad = bad
            self.total = total
        }
        public var ratio: Double { total == 0 ? .nan : Double(bad) / Double(total) }
    }

    public enum Verdict: String, Sendable, Codable, CaseIterable {
        case pass
        case fail
        case insufficientData = "insufficient_data"
        /// A population counted no request at all.
        case nodata
    }

    public var baseline: Counts
    public var canary: Counts
    public var verdict: Verdict
    /// p̂_canary − p̂_baseline and its interval.
    public var difference: Double
    public var lower: Double
    public var upper: Double
    /// The tolerated increase m.
    public var margin: Double
    /// For `insufficient_data`: how many more canary requests (beyond those counted) would
    /// decide, if its error ratio stays as seen; `nil` when more baseline requests are
    /// needed as well.
    public var requestsNeeded: Int?

    /// Compares `canary` with `baseline`.
    /// - Parameters:
    ///   - tolerance: the tolerated relative increase of the error ratio (0.25: a quarter more).
    ///   - minimumMargin: the tolerated increase when the baseline has (almost) no errors, as
    ///     an absolute ratio (10⁻⁴: one more error in 10,000 requests).
    ///   - confidence: of the interval.
    public static func compare(
        baseline: Counts, canary: Counts, tolerance: Double = 0.25, minimumMargin: Double = 1e-4, confidence: Double = 0.98
    ) -> ErrorRatioComparison {
        let z = StandardNormal.quantile(1 - (1 - confidence) / 2)
        let margin = max(tolerance * (baseline.total > 0 ? baseline.ratio : 0), minimumMargin)
        var result = ErrorRatioComparison(
            baseline: baseline, canary: canary, verdict: .nodata, difference: .nan, lower: .nan, upper: .nan, margin: margin, requestsNeeded: nil)
        guard baseline.total > 0, canary.total > 0 else { return result }
        let (lower, upper) = newcombeInterval(canary, baseline, z: z)
        result.difference = canary.ratio - baseline.ratio
        result.lower = lower
        result.upper = upper
        if lower > margin {
            result.verdict = .fail
        } else if upper <= margin {
            result.verdict = .pass
        } else {
            result.verdict = .insufficientData
            result.requestsNeeded = requestsNeeded(baseline: baseline, canary: canary, margin: margin, z: z)
        }
        return result
    }

    /// Newcombe's hybrid score interval for p̂₁ − p̂₂.
    public static func newcombeInterval(_ first: Counts, _ second: Counts, z: Double) -> (lower: Double, upper: Double) {
        let (l1, u1) = wilsonInterval(first, z: z)
        let (l2, u2) = wilsonInterval(second, z: z)
        let p1 = first.ratio
        let p2 = second.ratio
        let d = p1 - p2
        return (d - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot(), d + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot())
    }

    /// Wilson's score interval for one ratio.
    public static func wilsonInterval(_ counts: Counts, z: Double) -> (lower: Double, upper: Double) {
        let n = Double(counts.total)
        let p = counts.ratio
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The fewest more canary requests after which, at the canary's error ratio so far,
    /// the same interval would decide; `nil` when no number would (the baseline's own
    /// uncertainty keeps the interval across the margin) or the ratios sit on it.
    ///
    /// Found by the interval itself rather than a sample-size formula, so it is exactly
    /// what this comparison needs: doubling until the interval decides, then bisecting.
    /// (Rounding the hypothetical error counts makes "decides" not quite monotonic in n;
    /// the answer is always a count that decides.)
    static func requestsNeeded(baseline: Counts, canary: Counts, margin: Double, z: Double) -> Int? {
        let ratio = canary.ratio
        func decides(_ total: Int) -> Bool {
            let bad = Int((ratio * Double(total)).rounded())
            let (lower, upper) = newcombeInterval(Counts(bad: bad, total: total), baseline, z: z)
            return lower > margin || upper <= margin
        }
        let limit = 1 << 50
        guard decides(limit) else { return nil }
        var undecided = canary.total
        var decided = max(1, canary.total) * 2
        while !decides(decided) {
            undecided = decided
            decided = min(decided * 2, limit)
        }
        while decided - undecided > 1 {
            let middle = undecided + (decided - undecided) / 2
            if decides(middle) { decided = middle } else { undecided = middle }
        }
        return decided - canary.total
    }
}
