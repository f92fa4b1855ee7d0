import Foundation

/// Mean, median and 90th percentile of some durations (means hide the long tail).
public struct DurationSummary: Hashable, Sendable {
    public var count: Int
    public var mean: Duration
    public var median: Duration
    public var p90: Duration

    public init(count: Int, mean: Duration, median: Duration, p90: Duration) {
        self.count = count
        self.mean = mean
        self.median = median
        self.p90 = p90
    }

    /// `nil` for no values. Quantiles interpolate linearly between order statistics
    /// (R's type 7, NumPy's default), so the median of an even count is the mean of the
    /// middle two.
    public init?(_ values: [Duration]) {
        guard !values.isEmpty else { return nil }
        let seconds = values.map(\.inSeconds).sorted()
        count = seconds.count
        mean = Self.duration(seconds.reduce(0, +) / Double(seconds.count))
        median = Self.duration(Self.quantile(seconds, 0.5))
        p90 = Self.duration(Self.quantile(seconds, 0.9))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    static func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}

/// Incident figures over a period: MTTD, MTTA, MTTM and MTTR as mean, median and p90
/// (means hide the long tail), MTBF (period / incidents), MTTF (mean time from one
/// resolution to the next start) and availability ≈ MTTF / (MTTF + MTTR).
public struct IncidentFigures: Hashable, Sendable {
    public var count: Int
    /// Time to detect, acknowledge, mitigate and resolve, over the incidents that have
    /// the times each needs.
    public var detect: DurationSummary?
    public var acknowledge: DurationSummary?
    public var mitigate: DurationSummary?
    public var resolve: DurationSummary?
    /// Period length / number of incidents.
    public var meanTimeBetweenFailures: Duration?
    /// Mean time from one resolution to the next start.
    public var meanTimeToFailure: Duration?
    /// MTTF / (MTTF + MTTR).
    public var availability: Double?

    /// - Parameters:
    ///   - incidents: the incidents that started in the period.
    ///   - period: the period's length.
    public init(_ incidents: [IncidentTimes], period: Duration) {
        count = incidents.count
        detect = DurationSummary(incidents.compactMap(\.timeToDetect))
        acknowledge = DurationSummary(incidents.compactMap(\.timeToAcknowledge))
        mitigate = DurationSummary(incidents.compactMap(\.timeToMitigate))
        resolve = DurationSummary(incidents.compactMap(\.timeToResolve))
        meanTimeBetweenFailures = incidents.isEmpty ? nil : period / incidents.count
        let ordered = incidents.sorted { $0.start < $1.start }
        let uptimes = zip(ordered, ordered.dropFirst()).compactMap { previous, next in
            previous.resolved.map { IncidentTimes.span($0, next.start) }
        }
        meanTimeToFailure = DurationSummary(uptimes)?.mean
        if let mttf = meanTimeToFailure, let mttr = resolve?.mean, mttf + mttr > .zero {
            availability = mttf.inSeconds / (mttf + mttr).inSeconds
        }
    }
}
