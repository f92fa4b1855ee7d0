import Foundation

/// What is measured: which events count as valid and which of them as good.
public struct ServiceLevelIndicator: Hashable, Sendable {
    /// The name events are sent under.
    public var name: String
    /// How an event is judged.
    public var kind: SLIKind
    /// Where the events come from.
    public var source: SLISource
    /// For a ratio SLI fed single requests: the statuses that make a request bad.
    public var errorStatuses: StatusCodeSet

    public init(name: String, kind: SLIKind = .ratio, source: SLISource = .events, errorStatuses: StatusCodeSet = .serverErrors) {
        self.name = name
        self.kind = kind
        self.source = source
        self.errorStatuses = errorStatuses
    }
}

/// How an SLI judges an event.
public enum SLIKind: Hashable, Sendable {
    /// Events arrive already judged as good/valid counts (e.g. non-5xx / all requests).
    case ratio
    /// An event is good when its latency is at most `threshold`. Counted from raw
    /// latencies or from histogram buckets, never from averages.
    case latency(threshold: Duration)
}

/// Where an SLI's events come from.
public enum SLISource: Hashable, Sendable {
    /// Pushed to Vigil (the events file offline, the ingestion API in the server).
    case events
    /// Read from a Prometheus-compatible query API.
    case prometheus(PrometheusSLIQuery)
    /// The runs of a probe: a passing run is a good event; its response time feeds a
    /// latency SLI.
    case probe(String)
}

/// An SLI written as PromQL. `{{.window}}` stands for the range (Sloth's convention).
public enum PrometheusSLIQuery: Hashable, Sendable {
    /// Rates of failed and of all events.
    case errorsOverTotal(errors: String, total: String)
    /// Rates of good and of all events.
    case goodOverTotal(good: String, total: String)
    /// One query that yields the error ratio directly.
    case errorRatio(String)

    /// `query` with Sloth's `{{.window}}` replaced by a range such as `5m`.
    public static func substitute(_ query: String, window: String) -> String {
        query.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "{{.window}}", with: window).replacingOccurrences(of: "{{ .window }}", with: window)
    }

    /// A histogram's `le` label for a threshold, as Prometheus client libraries write
    /// bucket bounds in seconds: `0.3`, `1`, `2.5`.
    public static func bucketBound(_ threshold: Duration) -> String {
        let seconds = threshold.inSeconds
        return seconds == seconds.rounded() ? String(Int64(seconds)) : "\(seconds)"
    }
}

/// How the budget is counted.
public enum BudgetingMethod: Hashable, Sendable {
    /// Every event counts: SLI = good events / valid events.
    case occurrences
    /// The window is cut into slices; a slice is good when its own SLI is at least
    /// `target`; SLI = good slices / slices with data.
    case timeslices(slice: Duration, target: Double)
}
