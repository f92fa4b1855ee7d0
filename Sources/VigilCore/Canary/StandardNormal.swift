import Foundation

/// The standard normal distribution: what the rank-sum and proportion tests compare their
/// statistics with.
public enum StandardNormal {
    /// P(Z ≤ z), from the complementary error function (accurate far into both tails).
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The z with P(Z ≤ z) = p, for 0 < p < 1 (−∞ and +∞ at 0 and 1).
    ///
    /// Bisection on ``cdf(_:)`` to the last representable bit, then one Newton step: slower
    /// than a rational approximation but exact to the precision of `erfc`, with no table of
    /// coefficients to get wrong. A canary analysis calls it a handful of times.
    public static func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "a probability is between 0 and 1")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle) < p { low = middle } else { high = middle }
        }
        let z = (low + high) / 2
        let density = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        guard density > 0 else { return z }
        let refined = z - (cdf(z) - p) / density
        return refined.isFinite ? refined : z
    }
}
