import Foundation

/// A canary metric read from Prometheus (docs/safe-change.md §4.3): one query template
/// whose `{{selector}}` takes the baseline's and the canary's label matchers, read once a
/// minute over the run and judged by Kayenta's classifier.
///
/// ```yaml
/// prometheus:
///   - name: p99-latency-ms
///     query: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="shop", {{selector}}}[1m]))) * 1000'
///     selector: 'version="{{version}}"'     # the default: the policy's split_by label
///     direction: increase
///     weight: 2                             # each SLI weighs 1
///     critical: false                       # a failure forces the score to 0
///     must_have_data: false                 # no data fails it instead of leaving it out
/// ```
public struct PromQLCanaryMetric: Hashable, Sendable, Codable {
    public var name: String
    /// Holds `{{selector}}` once or more.
    public var query: String
    /// Label matchers holding `{{version}}`.
    public var selector: String
    /// Which change is worse.
    public var direction: CanaryMetric.Direction
    /// Its weight in an interval's score (each SLI weighs 1).
    public var weight: Double
    /// A failure forces the interval's score to 0.
    public var critical: Bool
    /// No data fails it instead of leaving it out.
    public var mustHaveData: Bool

    public init(
        name: String, query: String, selector: String, direction: CanaryMetric.Direction = .increase, weight: Double = 1, critical: Bool = false,
        mustHaveData: Bool = false
    ) {
        self.name = name
        self.query = query
        self.selector = selector
        self.direction = direction
        self.weight = weight
        self.critical = critical
        self.mustHaveData = mustHaveData
    }

    /// The query for one population: the version as a PromQL string (quotes and
    /// backslashes escaped, so a version cannot end the matcher).
    public func query(for version: String) -> String {
        let escaped = version.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        let matchers = selector.replacingOccurrences(of: "{{version}}", with: escaped)
        return query.replacingOccurrences(of: "{{selector}}", with: matchers)
    }

    /// Samples read for it, carrying its direction, weight and flags to the judge.
    public func samples(baseline: [Double], canary: [Double], problem: String? = nil) -> CanarySamplePair {
        CanarySamplePair(
            metric: name, direction: direction, baseline: baseline, canary: canary, problem: problem, weight: weight, critical: critical,
            mustHaveData: mustHaveData)
    }
}
