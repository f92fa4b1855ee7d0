import VigilCore

/// Turns events into per-minute good/valid counts, one ``BucketSeries`` per SLI, judging
/// latencies against each SLI's threshold. Shared by `vigil slo report` and the server.
public struct SeriesRecorder: Sendable {
    /// The SLIs events may name.
    public let indicators: [String: ServiceLevelIndicator]
    /// One series per SLI that received events.
    public private(set) var series: [String: BucketSeries] = [:]
    /// SLIs whose latency threshold falls between histogram bounds (counted rounded down).
    public private(set) var misalignedThresholds: Set<String> = []
    /// The earliest minute any series may hold.
    public let earliestMinute: EpochMinute

    public init(indicators: [String: ServiceLevelIndicator], earliestMinute: EpochMinute) {
        self.indicators = indicators
        self.earliestMinute = earliestMinute
    }

    /// Checks that an event fits its SLI, without recording it.
    public func validate(_ event: Event) -> (field: String, message: String)? {
        guard let indicator = indicators[event.sli] else {
            return ("sli", "unknown SLI '\(event.sli)'\(Suggestion.hint(for: event.sli, among: indicators.keys))")
        }
        switch (event.measurement, indicator.kind) {
        case (.latency, .ratio), (.histogram, .ratio):
            return ("", "SLI '\(event.sli)' is a ratio SLI: send good and total counts")
        default:
            break
        }
        if event.time.epochMinute < earliestMinute { return ("time", "older than the oldest minute kept") }
        return nil
    }

    /// Records a batch that ``validate(_:)`` accepted in full.
    public mutating func record(_ event: Event) {
        guard let indicator = indicators[event.sli] else { return }
        let counts: EventCounts
        switch (event.measurement, indicator.kind) {
        case (.counts(let good, let total), _):
            counts = EventCounts(good: good, valid: total)
        case (.latency(let latency), let kind):
            guard let judged = kind.judge(latency: latency) else { return }
            counts = judged
        case (.histogram(let histogram), .latency(let threshold)):
            counts = histogram.counts(threshold: threshold)
            if !histogram.hasBound(at: threshold) { misalignedThresholds.insert(event.sli) }
        case (.histogram, .ratio):
            return
        }
        series[event.sli, default: BucketSeries(startingAt: earliestMinute)].record(counts, at: event.time.epochMinute)
    }

    /// Records `events` after checking every one; if any is invalid nothing is recorded
    /// and every problem is returned.
    public mutating func recordAll(_ batch: DecodedBatch) -> [EventError] {
        let errors = zip(batch.events, batch.positions).compactMap { event, position in
            validate(event).map { EventError(index: position.index, line: position.line, field: $0.field, message: $0.message) }
        }
        guard errors.isEmpty else { return errors }
        for event in batch.events { record(event) }
        return []
    }
}
