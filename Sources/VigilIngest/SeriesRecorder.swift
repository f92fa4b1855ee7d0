import VigilCore

/// Turns events into per-minute good/valid counts, one ``BucketSeries`` per SLI and per
/// grouped-SLO instance — the offline path of `vigil slo report`. The server applies
/// ``EventJudge/aggregate(_:)`` to its hot series the same way after each commit.
public struct SeriesRecorder: Sendable {
    /// How events are checked and counted.
    public let judge: EventJudge
    /// One series per SLI, and per instance series key, that received events.
    public private(set) var series: [String: BucketSeries] = [:]
    /// SLIs whose latency threshold falls between histogram bounds (counted rounded down).
    public private(set) var misalignedThresholds: Set<String> = []
    /// Which instances the grouped SLOs have, within their limits.
    public private(set) var groups: GroupAdmission

    public init(indicators: [String: ServiceLevelIndicator], slos: [ServiceLevelObjective] = [], earliestMinute: EpochMinute) {
        judge = EventJudge(indicators: indicators, slos: slos, earliestMinute: earliestMinute)
        groups = GroupAdmission(slos: slos)
    }

    /// Records `batch` after checking every event; if any is invalid nothing is recorded
    /// and every problem is returned.
    public mutating func recordAll(_ batch: DecodedBatch) -> [EventError] {
        let errors = judge.problems(in: batch)
        guard errors.isEmpty else { return errors }
        let aggregate = judge.aggregate(batch.events)
        misalignedThresholds.formUnion(aggregate.roundedDown)
        for delta in groups.admit(aggregate) {
            series[delta.sli, default: BucketSeries(startingAt: judge.earliestMinute)].record(delta.counts, at: delta.minute)
        }
        return []
    }
}
