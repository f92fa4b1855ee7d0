/// A pass/fail line for a load run, as k6 writes them: `p99 < 200ms`, `errors < 1%`,
/// `rps > 5000`. Any failing threshold sets `vigil load`'s exit code, so CI can fail a
/// build on a latency or capacity regression.
public struct LoadThreshold: Hashable, Sendable, CustomStringConvertible {
    public enum Metric: Hashable, Sendable {
        /// A latency percentile (`p50`, `p99`, `p99.9`).
        case percentile(Double)
        case mean, max
        /// Failed requests / all requests.
        case errors
        /// Requests per second over the run.
        case rps
    }

    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="

        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .less: left < right
            case .lessOrEqual: left <= right
            case .greater: left > right
            case .greaterOrEqual: left >= right
            }
        }
    }

    public var metric: Metric
    public var comparison: Comparison
    /// Seconds for latency metrics, a share (0.01) for errors, a rate for rps.
    public var limit: Double
    /// As written.
    public var text: String

    public var description: String { text }

    /// A threshold that does not parse, with the offset of the bad token.
    public struct ParseError: Error, Hashable, Sendable {
        public var message: String
        public var offset: Int
    }

    public init(parsing text: String) throws(ParseError) {
        self.text = text
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else {
            throw ParseError(message: "expected METRIC OP VALUE, such as 'p99 < 200ms', 'errors < 1%' or 'rps > 5000'", offset: 0)
        }
        let metricText = String(parts[0])
        let opText = String(parts[1])
        let valueText = String(parts[2])
        let opOffset = text.distance(from: text.startIndex, to: parts[1].startIndex)
        let valueOffset = text.distance(from: text.startIndex, to: parts[2].startIndex)
        switch metricText {
        case "mean": metric = .mean
        case "max": metric = .max
        case "errors": metric = .errors
        case "rps": metric = .rps
        default:
            guard metricText.hasPrefix("p"), let percentile = Double(metricText.dropFirst()), percentile > 0, percentile < 100 else {
                throw ParseError(message: "unknown metric '\(metricText)'; expected p50, p90, p99, p99.9…, mean, max, errors or rps", offset: 0)
            }
            metric = .percentile(percentile)
        }
        guard let comparison = Comparison(rawValue: opText) else {
            throw ParseError(message: "expected <, <=, > or >= after '\(metricText)', found '\(opText)'", offset: opOffset)
        }
        self.comparison = comparison
        switch metric {
        case .errors:
            guard valueText.hasSuffix("%"), let percent = Double(valueText.dropLast()), (0...100).contains(percent) else {
                throw ParseError(message: "expected a percentage such as 1%, found '\(valueText)'", offset: valueOffset)
            }
            limit = percent / 100
        case .rps:
            guard let rate = Double(valueText), rate >= 0 else {
                throw ParseError(message: "expected requests per second such as 5000, found '\(valueText)'", offset: valueOffset)
            }
            limit = rate
        case .percentile, .mean, .max:
            guard let duration = try? Duration(parsing: valueText), duration >= .zero else {
                throw ParseError(message: "expected a duration such as 200ms or 1.5s, found '\(valueText)'", offset: valueOffset)
            }
            limit = duration.inSeconds
        }
    }

    /// Whether the run met it.
    public func holds(for summary: LoadSummary) -> Bool {
        guard let observed = observed(in: summary) else { return false }
        return comparison.holds(observed, limit)
    }

    /// What the run measured for this metric (seconds, a share, or a rate); `nil` when
    /// it has no value (no request completed).
    public func observed(in summary: LoadSummary) -> Double? {
        switch metric {
        case .percentile(let p): summary.latency?.percentile(p)
        case .mean: summary.latency?.mean
        case .max: summary.latency?.max
        case .errors: summary.requests > 0 ? Double(summary.errors.total) / Double(summary.requests) : nil
        case .rps: summary.requestsPerSecond
        }
    }
}
