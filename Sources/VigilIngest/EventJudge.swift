import Foundation
import VigilCore

/// Checks events against the configured SLIs and turns them into per-minute counts.
/// Shared by the offline report and the server's ingestion, so both judge alike.
public struct EventJudge: Sendable {
    /// The SLIs events may name.
    public let indicators: [String: ServiceLevelIndicator]
    /// Events before this minute are refused (older than retention or any window).
    public let earliestMinute: EpochMinute
    /// Events at or after this minute are refused (too far in the future); `nil` = none.
    public let endMinute: EpochMinute?

    public init(indicators: [String: ServiceLevelIndicator], earliestMinute: EpochMinute, endMinute: EpochMinute? = nil) {
        self.indicators = indicators
        self.earliestMinute = earliestMinute
        self.endMinute = endMinute
    }

    /// What is wrong with `event`, if anything: the field and a message.
    public func problem(with event: Event) -> (field: String, message: String)? {
        guard let indicator = indicators[event.sli] else {
            return ("sli", "unknown SLI '\(event.sli)'\(Suggestion.hint(for: event.sli, among: indicators.keys))")
        }
        switch (event.measurement, indicator.kind) {
        case (.latency, .ratio), (.histogram, .ratio):
            return ("", "SLI '\(event.sli)' is a ratio SLI: send good and total counts")
        default:
            break
        }
        let minute = event.time.epochMinute
        if minute < earliestMinute { return ("time", "older than the data kept (from \(Self.format(earliestMinute)))") }
        if let endMinute, minute >= endMinute { return ("time", "too far in the future (after \(Self.format(endMinute)))") }
        return nil
    }

    /// Every invalid event of a batch, with its position.
    public func problems(in batch: DecodedBatch) -> [EventError] {
        zip(batch.events, batch.positions).compactMap { event, position in
            problem(with: event).map { EventError(index: position.index, line: position.line, field: $0.field, message: $0.message) }
        }
    }

    /// The good/valid counts of a valid event, and whether a histogram had to be rounded
    /// down to a bucket bound below the threshold.
    public func counts(for event: Event) -> (counts: EventCounts, roundedDown: Bool)? {
        guard let indicator = indicators[event.sli] else { return nil }
        switch (event.measurement, indicator.kind) {
        case (.counts(let good, let total), _):
            return (EventCounts(good: good, valid: total), false)
        case (.latency(let latency), let kind):
            return kind.judge(latency: latency).map { ($0, false) }
        case (.histogram(let histogram), .latency(let threshold)):
            return (histogram.counts(threshold: threshold), !histogram.hasBound(at: threshold))
        case (.histogram, .ratio):
            return nil
        }
    }

    /// Valid events summed per (SLI, minute), in a stable order, and the SLIs whose
    /// histograms had to be rounded down — judged once per event.
    public func aggregate(_ events: [Event]) -> (deltas: [MinuteDelta], roundedDown: Set<String>) {
        var sums: [MinuteKey: EventCounts] = [:]
        var roundedDown: Set<String> = []
        for event in events {
            guard let (counts, rounded) = counts(for: event) else { continue }
            if rounded { roundedDown.insert(event.sli) }
            sums[MinuteKey(sli: event.sli, minute: event.time.epochMinute), default: .zero] += counts
        }
        let deltas = sums.map { MinuteDelta(sli: $0.key.sli, minute: $0.key.minute, counts: $0.value) }
            .sorted { ($0.sli, $0.minute) < ($1.sli, $1.minute) }
        return (deltas, roundedDown)
    }

    private struct MinuteKey: Hashable {
        let sli: String
        let minute: EpochMinute
    }

    static func format(_ minute: EpochMinute) -> String { RFC3339.format(minute: minute) }
}
