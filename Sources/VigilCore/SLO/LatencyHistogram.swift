/// A cumulative latency histogram (Prometheus-style `le` buckets) for one interval.
public struct LatencyHistogram: Hashable, Sendable {
    /// A bucket: how many observations were at most `upperBound`.
    public struct Bucket: Hashable, Sendable {
        /// The bucket's inclusive upper bound; `nil` is `+Inf`.
        public var upperBound: Duration?
        /// Cumulative count of observations ≤ `upperBound`.
        public var cumulativeCount: Int64

        public init(upperBound: Duration?, cumulativeCount: Int64) {
            self.upperBound = upperBound
            self.cumulativeCount = cumulativeCount
        }
    }

    /// Buckets sorted by upper bound, `+Inf` last.
    public let buckets: [Bucket]

    /// Sorts the buckets; the largest cumulative count is the total.
    public init(buckets: [Bucket]) {
        self.buckets = buckets.sorted { lhs, rhs in
            switch (lhs.upperBound, rhs.upperBound) {
            case (let l?, let r?): l < r
            case (_?, nil): true
            default: false
            }
        }
    }

    /// All observations.
    public var total: Int64 { buckets.map(\.cumulativeCount).max() ?? 0 }

    /// Good/valid against a latency threshold: good = observations in the largest bucket
    /// whose bound is at most `threshold`. When the threshold falls between bounds this
    /// rounds *down* (conservative: it never counts a slow request as fast).
    public func counts(threshold: Duration) -> EventCounts {
        let good = buckets.last(where: { $0.upperBound.map { $0 <= threshold } ?? false })?.cumulativeCount ?? 0
        return EventCounts(good: good, valid: total)
    }

    /// Whether `threshold` is exactly one of the bucket bounds (no rounding needed).
    public func hasBound(at threshold: Duration) -> Bool {
        buckets.contains { $0.upperBound == threshold }
    }
}

extension ServiceLevelIndicator {
    /// Judges one request: a ratio SLI by its status (bad when in ``errorStatuses``), a
    /// latency SLI by its latency. `nil` when the request lacks what this SLI needs.
    public func judge(status: Int?, latency: Duration?) -> EventCounts? {
        switch kind {
        case .ratio: status.map { EventCounts(good: errorStatuses.contains($0) ? 0 : 1, valid: 1) }
        case .latency(let threshold): latency.map { EventCounts(good: $0 <= threshold ? 1 : 0, valid: 1) }
        }
    }
}
