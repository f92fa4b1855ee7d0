/// How one canary metric is judged: Kayenta's per-metric analysis configuration, with its
/// defaults (`NetflixACAJudge`: tolerance 0.25, confidence 0.98).
public struct CanaryMetric: Sendable, Equatable, Codable {
    /// Which way a change is bad.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// Only an increase fails (errors, latency).
        case increase
        /// Only a decrease fails (throughput, success).
        case decrease
        /// Either way fails.
        case either
    }

    /// What to do with NaN values (a point with no data): drop them, or count them as 0.
    /// With `replace`, a metric with no data at all passes instead of being `nodata`.
    public enum NaNStrategy: String, Sendable, Codable, CaseIterable {
        case remove
        case replace
    }

    public var name: String
    public var direction: Direction = .either
    /// How far outside zero, as a fraction of the estimated shift, the interval must lie
    /// to count as a change.
    public var tolerance: Double = 0.25
    /// The confidence of the interval.
    public var confidence: Double = 0.98
    public var effectSizeMeasure: EffectSizeMeasure = .meanRatio
    /// A change counts only when its effect is at or beyond these (decrease: at or below
    /// `allowedDecrease`; increase: at or above `allowedIncrease`). Default: the measure's
    /// neutral value, so any significant change counts.
    public var allowedDecrease: Double?
    public var allowedIncrease: Double?
    /// A critical metric's change beyond these fails the whole canary (score 0).
    public var criticalDecrease: Double?
    public var criticalIncrease: Double?
    /// A change of this metric fails the canary outright (score 0).
    public var critical = false
    /// No data for this metric fails its group instead of being left out of the score.
    public var mustHaveData = false
    public var nanStrategy: NaNStrategy = .remove
    /// Drop outliers before comparing: values beyond the wider of Tukey's fences
    /// (`outlierFactor` × IQR past the quartiles) and the 1st/99th percentiles.
    public var removeOutliers = false
    public var outlierFactor = 3.0
    /// The groups the metric's score counts in (Kayenta's metric groups).
    public var groups: [String] = []
    /// A muted metric is classified and shown but left out of the score.
    public var muted = false

    public init(name: String) { self.name = name }

    var effectThresholds: (decrease: Double, increase: Double) {
        (allowedDecrease ?? effectSizeMeasure.neutral, allowedIncrease ?? effectSizeMeasure.neutral)
    }

    var criticalThresholds: (decrease: Double, increase: Double) {
        (criticalDecrease ?? effectSizeMeasure.neutral, criticalIncrease ?? effectSizeMeasure.neutral)
    }
}
