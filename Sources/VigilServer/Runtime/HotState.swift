import Foundation
import VigilConfig
import VigilCore
import VigilIngest
import VigilReports
import VigilStore

/// What the server knows right now: the configuration, every SLI's minute series (the
/// hot copy of the store), the latest evaluation and every alert's state.
actor HotState {
    private(set) var configuration: VigilConfiguration {
        didSet {
            (routing, lookback) = Self.derive(configuration, at: clock.now.epochMinute)
            probeFed = Self.probeFed(configuration)
            generation += 1
        }
    }
    /// Counts configuration changes, so pollers (the probe scheduler) can tell a reload
    /// without comparing whole configurations.
    private(set) var generation = 0
    /// The SLIs each probe feeds, by probe name.
    private var probeFed: [String: [ServiceLevelIndicator]] = [:]
    private(set) var isReady = false
    /// Derived from the configuration once per (re)load, not per request: the SLIs events
    /// may name, and how far back the longest window reaches.
    private var routing: EventRouting
    private var lookback: Int64 = 0
    /// Per SLI, and per grouped-SLO instance (keys starting with `@`).
    private(set) var series: [String: BucketSeries] = [:]
    /// Which instances grouped SLOs have.
    private var groups: GroupAdmission
    private var roundedDownThresholds: Set<String> = []
    /// Every SLO alert's state.
    private var alertBook = AlertBook()
    private var cachedReport: SLOReport?
    /// Maintenance windows (configured and stored) that SLOs with `exclude_maintenance` leave out.
    private(set) var maintenance: [MaintenanceWindow] = []
    private var lastSnapshotHour: EpochMinute?
    /// Why a PromQL SLI has no (or stale) minutes, by SLI name (the reader sets them).
    private var prometheusProblems: [String: String] = [:]
    private let clock: any WallClock

    init(configuration: VigilConfiguration, clock: any WallClock) {
        self.configuration = configuration
        self.clock = clock
        groups = GroupAdmission(slos: configuration.slos.map(\.objective))
        (routing, lookback) = Self.derive(configuration, at: clock.now.epochMinute)
        probeFed = Self.probeFed(configuration)
    }

    private static func probeFed(_ configuration: VigilConfiguration) -> [String: [ServiceLevelIndicator]] {
        var result: [String: [ServiceLevelIndicator]] = [:]
        for indicator in configuration.indicators.values {
            if case .probe(let probe) = indicator.source { result[probe, default: []].append(indicator) }
        }
        return result
    }

    /// The SLIs a probe's runs feed.
    func indicators(fedBy probe: String) -> [ServiceLevelIndicator] { probeFed[probe] ?? [] }

    /// The SLIs of a configuration and how many minutes its longest window reaches back
    /// (a calendar window may reach a whole 31-day month back).
    private static func derive(_ configuration: VigilConfiguration, at reference: EpochMinute) -> (EventRouting, Int64) {
        let needed = configuration.slos.map { SLOReport.earliestMinute(for: $0.objective, at: reference) }.min() ?? reference
        let hasCalendar = configuration.slos.contains { if case .calendar = $0.objective.window { true } else { false } }
        let routing = EventRouting(indicators: configuration.indicators, slos: configuration.slos.map(\.objective))
        return (routing, reference - needed + (hasCalendar ? 31 * 1440 : 0))
    }

    /// The current minute: every window ends just before it.
    var now: EpochMinute { clock.now.epochMinute }

    /// The first minute any SLO can look back to, bounded by retention (hourly roll-ups
    /// reach further back than minutes).
    func earliestNeededMinute(at minute: EpochMinute) -> EpochMinute {
        max(minute - lookback, minute - configuration.server.hourlyRetention.wholeMinutes)
    }

    /// How events are judged now: known SLIs, within retention, not too far ahead.
    func judge() -> EventJudge {
        let minute = now
        let settings = configuration.server
        return EventJudge(
            routing: routing,
            earliestMinute: minute - settings.retention.wholeMinutes,
            endMinute: (clock.now.addingTimeInterval(settings.maxFuture.inSeconds)).epochMinute + 1)
    }

    /// Replaces the hot series with the store's buckets and restores alert states.
    func rebuild(from buckets: [String: [MinuteCounts]], alerts: [AlertKey: AlertStatus]) {
        let start = earliestNeededMinute(at: now)
        series = [:]
        replaceSeries(buckets)
        groups = GroupAdmission(slos: configuration.slos.map(\.objective), storedSeries: buckets.keys)
        alertBook = AlertBook(states: alerts)
        cachedReport = nil
        isReady = true
    }

    /// Gives new label combinations of grouped SLOs their instances (or the overflow
    /// instance past the limit) and returns the deltas to store. Serialised here, so
    /// concurrent batches never admit past the limit.
    func admit(_ aggregate: EventJudge.Aggregate) -> [MinuteDelta] {
        groups.admit(aggregate)
    }

    /// Per grouped SLO: its instances, whether it reached its limit, and how many events
    /// overflowed since start.
    func grouping(of slo: String) -> (instances: [SLOInstance], isFull: Bool, overflowedEvents: Int64) {
        (groups.instances[slo] ?? [], groups.isFull(slo), groups.overflowedEvents[slo] ?? 0)
    }

    /// Every series key held in memory.
    var seriesKeys: [String] { Array(series.keys) }

    /// Replaces some series with freshly loaded buckets. An hourly roll-up older than
    /// the start is counted at the start, so a window reaching into that hour sees all
    /// of it.
    func replaceSeries(_ buckets: [String: [MinuteCounts]]) {
        let start = earliestNeededMinute(at: now)
        for (key, minutes) in buckets {
            var values = BucketSeries(startingAt: start)
            for entry in minutes { values.record(entry.counts, at: max(entry.minute, start)) }
            series[key] = values
        }
        cachedReport = nil
    }

    /// Applies committed deltas. Called only after the store made them durable.
    func apply(_ deltas: [MinuteDelta], roundedDown: Set<String>) {
        roundedDownThresholds.formUnion(roundedDown)
        guard !deltas.isEmpty else { return }
        let start = earliestNeededMinute(at: now)
        for delta in deltas {
            series[delta.sli, default: BucketSeries(startingAt: start)].record(delta.counts, at: delta.minute)
        }
        cachedReport = nil
    }

    /// Sets buckets to their stored counts (replicas following each other): each change
    /// replaces the minute's counts, so one read twice changes nothing.
    func set(_ changes: [BucketChange]) {
        guard !changes.isEmpty else { return }
        let start = earliestNeededMinute(at: now)
        for change in changes where change.bucket.minute >= start {
            let current = series[change.series]?.counts(at: change.bucket.minute) ?? .zero
            let difference = change.bucket.counts - current
            guard difference != .zero else { continue }
            series[change.series, default: BucketSeries(startingAt: start)].record(difference, at: change.bucket.minute)
        }
        cachedReport = nil
    }

    /// Takes alert states from the store (a follower shows what the leader decided).
    func restore(alerts: [AlertKey: AlertStatus]) {
        guard alerts != alertBook.states else { return }
        alertBook = AlertBook(states: alerts)
        cachedReport = nil
    }

    /// Every SLO evaluated at the current minute; cached until data or the minute change.
    func report() -> SLOReport {
        let minute = now
        if let cachedReport, cachedReport.evaluatedAt == minute { return cachedReport }
        var problems = prometheusProblems
        if configuration.server.prometheus == nil {
            for (name, indicator) in configuration.indicators {
                if case .prometheus = indicator.source { problems[name] = "no Prometheus to read it from: set server.prometheus.url" }
            }
        }
        let report = SLOReport.build(
            configuration: configuration, series: series, instances: groups.instances,
            misalignedThresholds: roundedDownThresholds, maintenance: maintenance, prometheus: problems, at: minute)
        cachedReport = report
        return report
    }

    /// Records why a PromQL SLI's latest minutes could not be read (`nil`: they were).
    func setPrometheusProblem(_ problem: String?, for sli: String) {
        guard prometheusProblems[sli] != problem else { return }
        prometheusProblems[sli] = problem
        cachedReport = nil
    }

    /// Replaces the maintenance windows (the report is evaluated again).
    func replace(maintenance windows: [MaintenanceWindow]) {
        maintenance = windows
        cachedReport = nil
    }

    /// The minute series of one SLI or instance series key (for charts).
    func series(for key: String) -> BucketSeries? { series[key] }

    /// Runs the alert state machines over a fresh evaluation.
    /// - Returns: the transitions to persist.
    func evaluateAlerts() -> [AlertTransition] {
        alertBook.evaluate(report())
    }

    /// Snapshots of every evaluated instance, once per hour (`nil` when this hour's were
    /// already taken).
    func evaluationSnapshots() -> [EvaluationRecord]? {
        let report = report()
        let hour = report.evaluatedAt / 60
        guard hour != lastSnapshotHour else { return nil }
        lastSnapshotHour = hour
        return report.entries.compactMap { entry in
            entry.status.map { status in
                EvaluationRecord(
                    instance: entry.name, minute: report.evaluatedAt, counts: status.counts, sli: status.sli,
                    budgetRemaining: status.budgetRemaining, burnRate: status.currentBurn.rate,
                    output: status.notificationClass.rawValue, objective: entry.spec.objective.objective)
            }
        }
    }

    /// Every firing SLO tier (and exhaustion forecast) as an alert for the notifier.
    func firingAlerts() -> [Alert] {
        alertBook.firing(in: report(), configuration: configuration)
    }

    /// Alerts that are not inactive, by SLO and tier.
    func activeAlerts() -> [(key: AlertKey, status: AlertStatus)] { alertBook.active }

    /// The states of one SLO's alerts.
    func alerts(for slo: String) -> [(tier: String, status: AlertStatus)] { alertBook.tiers(of: slo) }

    /// Swaps in a new configuration (the series stay: they belong to SLIs, not SLOs).
    func replace(configuration: VigilConfiguration) {
        self.configuration = configuration
        groups.reconfigure(slos: configuration.slos.map(\.objective), storedSeries: series.keys)
        cachedReport = nil
    }

    /// Drops hot minutes older than any window needs.
    func trim() {
        let start = earliestNeededMinute(at: now)
        for key in series.keys { series[key]?.discard(before: start) }
    }
}
