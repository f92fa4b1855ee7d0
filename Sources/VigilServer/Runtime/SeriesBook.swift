import VigilConfig
import VigilCore
import VigilIngest
import VigilStore

/// The hot copy of the store's minute data: every SLI's series and every grouped SLO
/// instance's, with the admission that decides which instances exist. They change
/// together (an admitted group is a new series), so they are one value; ``HotState``
/// owns it, and a test drives one directly.
///
/// Every series starts at the earliest minute any SLO can need (`start`), which the owner
/// passes in: it follows the clock and the configuration, neither of which this holds.
struct SeriesBook: Sendable {
    /// Per SLI, and per grouped-SLO instance (``SLOInstance/seriesKey``).
    private(set) var series: [String: BucketSeries] = [:]
    /// Which instances grouped SLOs have.
    private(set) var groups: GroupAdmission
    /// Latency SLIs whose threshold fell between histogram bounds and was rounded down.
    private(set) var roundedDownThresholds: Set<String> = []
    /// Which version series are stored; they are never held here (``VersionSeries``).
    private(set) var versions = VersionAdmission()

    init(slos: [ServiceLevelObjective]) {
        groups = GroupAdmission(slos: slos)
    }

    /// Replaces everything with the store's buckets (at start-up, or a rebuild).
    mutating func rebuild(from buckets: [String: [MinuteCounts]], slos: [ServiceLevelObjective], start: EpochMinute) {
        series = [:]
        replace(buckets, start: start)
        groups = GroupAdmission(slos: slos, storedSeries: buckets.keys)
        versions = VersionAdmission(storedSeries: buckets.keys.filter(VersionSeries.isKey))
    }

    /// Replaces some series with freshly loaded buckets. An hourly roll-up older than
    /// `start` is counted at `start`, so a window reaching into that hour sees all of it.
    mutating func replace(_ buckets: [String: [MinuteCounts]], start: EpochMinute) {
        for (key, minutes) in buckets where !VersionSeries.isKey(key) {
            var values = BucketSeries(startingAt: start)
            for entry in minutes { values.record(entry.counts, at: max(entry.minute, start)) }
            series[key] = values
        }
    }

    /// Gives new label combinations of grouped SLOs their instances (or the overflow
    /// instance past the limit) and returns the deltas to store.
    mutating func admit(_ aggregate: EventJudge.Aggregate) -> [MinuteDelta] {
        versions.admit(groups.admit(aggregate))
    }

    /// Adds committed deltas. Only after the store made them durable.
    mutating func apply(_ deltas: [MinuteDelta], roundedDown: Set<String>, start: EpochMinute) {
        roundedDownThresholds.formUnion(roundedDown)
        for delta in deltas where !VersionSeries.isKey(delta.sli) {
            series[delta.sli, default: BucketSeries(startingAt: start)].record(delta.counts, at: delta.minute)
        }
    }

    /// Sets buckets to their stored counts (replicas following each other): each change
    /// replaces the minute's counts, so one read twice changes nothing.
    /// - Returns: whether any count changed.
    mutating func set(_ changes: [BucketChange], start: EpochMinute) -> Bool {
        var changed = false
        for change in changes where change.bucket.minute >= start && !VersionSeries.isKey(change.series) {
            let current = series[change.series]?.counts(at: change.bucket.minute) ?? .zero
            let difference = change.bucket.counts - current
            guard difference != .zero else { continue }
            series[change.series, default: BucketSeries(startingAt: start)].record(difference, at: change.bucket.minute)
            changed = true
        }
        return changed
    }

    /// Follows a new configuration: the series stay (they belong to SLIs and instances,
    /// not to SLO definitions); the groups follow the SLOs' new groupings.
    mutating func reconfigure(slos: [ServiceLevelObjective]) {
        groups.reconfigure(slos: slos, storedSeries: series.keys)
    }

    /// Drops minutes before `start`.
    mutating func trim(before start: EpochMinute) {
        for key in series.keys { series[key]?.discard(before: start) }
    }

    /// The series an SLO's events are in: its SLI's, or every instance's of a grouped SLO.
    func seriesOf(_ spec: SLOSpec) -> [BucketSeries] {
        guard spec.objective.isGrouped else { return series[spec.objective.sli.name].map { [$0] } ?? [] }
        return series.filter { SLOInstance.isSeriesKey($0.key, of: spec.name) }.map(\.value)
    }
}
