/// How a policy's canaries are judged (docs/safe-change.md §4): which event label tells
/// the baseline from the canary, and the judge's parameters.
public struct CanaryPolicy: Hashable, Sendable, Codable {
    /// The event label whose values name versions (`version`). Events of the policy's
    /// services that carry it are also counted per value, so two versions can be compared.
    public var splitBy: String
    /// The tolerated relative increase of an SLI's bad ratio (0.25: a quarter more).
    public var tolerance: Double
    /// The confidence of each comparison's interval.
    public var confidence: Double
    /// Score (0–100) at or above which an interval passes.
    public var pass: Double
    /// Score at or above which an interval is marginal; below it, the run fails at once.
    public var marginal: Double
    /// Metrics read from `server.prometheus` for both versions, beside the SLIs.
    public var prometheus: [PromQLCanaryMetric] = []

    public init(splitBy: String = "version", tolerance: Double = 0.25, confidence: Double = 0.98, pass: Double = 95, marginal: Double = 75) {
        self.splitBy = splitBy
        self.tolerance = tolerance
        self.confidence = confidence
        self.pass = pass
        self.marginal = marginal
    }
}
