import Foundation

/// How `vigil serve` turns a PromQL SLI into minute counts it evaluates itself: each
/// query is asked for `[1m]` windows, one sample per minute, and multiplied by 60. The
/// sample at the end of minute *m* (time `(m + 1) · 60`) is that minute's events; counts
/// are rounded to whole events (Prometheus extrapolates rates, so they are estimates).
public struct PrometheusMinuteQueries: Hashable, Sendable {
    public enum Form: Hashable, Sendable {
        /// `queries` = [bad, valid].
        case errors
        /// `queries` = [good, valid].
        case good
        /// `queries` = [error ratio]: each minute weighs the same (``ratioWeight`` events),
        /// as there are no counts to weigh it by.
        case ratio
    }

    public let form: Form
    public let queries: [String]

    /// The events a minute of an `error_ratio_query` SLI stands for.
    public static let ratioWeight: Double = 1000

    public init(_ query: PrometheusSLIQuery) {
        func perMinute(_ text: String) -> String { "(\(PrometheusSLIQuery.substitute(text, window: "1m"))) * 60" }
        switch query {
        case .errorsOverTotal(let errors, let total): (form, queries) = (.errors, [perMinute(errors), perMinute(total)])
        case .goodOverTotal(let good, let total): (form, queries) = (.good, [perMinute(good), perMinute(total)])
        case .errorRatio(let ratio): (form, queries) = (.ratio, [PrometheusSLIQuery.substitute(ratio, window: "1m")])
        }
    }

    /// The minute counts from each query's samples (by minute, in ``queries`` order). A
    /// minute missing from any query, or not a number (0/0), has no data.
    public func minutes(_ samples: [[EpochMinute: Double]]) -> [EpochMinute: EventCounts] {
        guard samples.count == queries.count, let first = samples.first else { return [:] }
        var result: [EpochMinute: EventCounts] = [:]
        for (minute, value) in first where value.isFinite {
            switch form {
            case .ratio:
                let ratio = min(max(value, 0), 1)
                let valid = Int64(Self.ratioWeight)
                result[minute] = EventCounts(good: valid - Int64((ratio * Self.ratioWeight).rounded()), valid: valid)
            case .errors, .good:
                guard let total = samples[1][minute], total.isFinite else { continue }
                let valid = max(0, Int64(total.rounded()))
                let part = min(valid, max(0, Int64(value.rounded())))
                result[minute] = EventCounts(good: form == .errors ? valid - part : part, valid: valid)
            }
        }
        return result
    }
}
