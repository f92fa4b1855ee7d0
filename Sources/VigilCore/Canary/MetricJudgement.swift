/// What the judge concluded about one canary metric, with the figures behind it — so a
/// score of 0 can be read back to the metric, the interval and the rule that caused it.
public struct MetricJudgement: Sendable, Equatable, Codable {
    /// Kayenta's metric classifications.
    public enum Classification: String, Sendable, Codable, CaseIterable {
        case pass
        /// The canary is significantly higher (and by enough, by the effect size).
        case high
        /// The canary is significantly lower.
        case low
        /// A sample was empty; left out of the score unless the metric must have data.
        case nodata
        /// A sample was empty and the metric must have data: counts as a failure.
        case nodataFailMetric = "nodata_fail_metric"
        /// The comparison could not be made.
        case error
    }

    public var metric: String
    public var classification: Classification
    /// Why, in words; `nil` for a plain pass.
    public var reason: String?
    /// A critical metric that failed: the canary's score is 0.
    public var critical: Bool
    /// Mean of the canary over mean of the baseline (NaN where a mean is 0).
    public var deviation: Double
    /// The effect size by the metric's measure (NaN where undefined).
    public var effectSize: Double
    /// The Hodges-Lehmann shift (canary − baseline) and its interval, when computed.
    public var shift: RankSumTest.Shift?
    /// The band around zero the interval had to leave (± tolerance × |estimate|).
    public var bounds: ClosedRange<Double>?
    /// Values compared, after NaN and outlier handling.
    public var baselineCount: Int
    public var canaryCount: Int

    public init(
        metric: String, classification: Classification, reason: String? = nil, critical: Bool = false, deviation: Double = 1,
        effectSize: Double = .nan, shift: RankSumTest.Shift? = nil, bounds: ClosedRange<Double>? = nil, baselineCount: Int = 0, canaryCount: Int = 0
    ) {
        self.metric = metric
        self.classification = classification
        self.reason = reason
        self.critical = critical
        self.deviation = deviation
        self.effectSize = effectSize
        self.shift = shift
        self.bounds = bounds
        self.baselineCount = baselineCount
        self.canaryCount = canaryCount
    }
}
