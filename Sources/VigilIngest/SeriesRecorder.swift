import VigilCore

/// Turns events into per-minute good/valid counts, one ``BucketSeries`` per SLI — the
/// offline path of `vigil slo report`. The server applies ``EventJudge/aggregate(_:)``
/// to its hot series the same way after each commit.
public struct SeriesRecorder: Sendable {
    /// How events are checked and counted.
    public let judge: EventJudge
    /// One series per SLI that received events.
    public private(set) var series: [String: BucketSeries] = [:]
    /// SLIs whose latency threshold falls between histogram bounds (counted rounded down).
    public private(set) var misalignedThresholds: Set<String> = []

    public init(indicators: [String: ServiceLevelIndicator], earliestMinute: EpochMinute) {
        judge = EventJudge(indicators: indicators, earliestMinute: earliestMinute)
    }

    /// Records `batch` after checking every event; if any is invalid nothing is recorded
    /// and every problem is returned.
    public mutating func recordAll(_ batch: DecodedBatch) -> [EventError] {
        let errors = judge.problems(in: batch)
        guard errors.isEmpty else { return errors }
        for event in batch.events {
            guard let (counts, roundedDown) = judge.counts(for: event) else { continue }
            if roundedDown { misalignedThresholds.insert(event.sli) }
            series[event.sli, default: BucketSeries(startingAt: judge.earliestMinute)].record(counts, at: event.time.epochMinute)
        }
        return []
    }
}
