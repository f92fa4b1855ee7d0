import Foundation
import VigilConfig
import VigilCore
import VigilIngest
import VigilReports
import VigilStore

/// What the server knows right now, and the one place it changes: the configuration in
/// force (``ActiveConfiguration``), the minute series and groups (``SeriesBook``), every
/// alert's state (``AlertBook``), maintenance windows and why PromQL SLIs lack data, and
/// the latest evaluation built from them all.
///
/// The parts are values with their own rules and tests; this actor only sequences them.
/// They stay behind one actor because a report must see one moment of all of them (a
/// new configuration with the groups it admits, the maintenance with the series it
/// masks): separate actors would let one evaluation mix two.
actor HotState {
    private var active: ActiveConfiguration
    private var book: SeriesBook
    private var alertBook = AlertBook()
    /// Maintenance windows (configured and stored) that SLOs with `exclude_maintenance` leave out.
    private(set) var maintenance: [MaintenanceWindow] = []
    /// Why a PromQL SLI has no (or stale) minutes, by SLI name (the reader sets them).
    private var prometheusProblems: [String: String] = [:]
    private var cachedReport: SLOReport?
    private var lastSnapshotHour: EpochMinute?
    private(set) var isReady = false
    private let clock: any WallClock

    init(configuration: VigilConfiguration, clock: any WallClock) {
        self.clock = clock
        active = ActiveConfiguration(configuration, at: clock.now.epochMinute)
        book = SeriesBook(slos: configuration.slos.map(\.objective))
    }

    var configuration: VigilConfiguration { active.configuration }

    /// Counts configuration changes (``ActiveConfiguration/generation``).
    var generation: Int { active.generation }

    /// Per SLI, and per grouped-SLO instance.
    var series: [String: BucketSeries] { book.series }

    /// The SLIs a probe's runs feed.
    func indicators(fedBy probe: String) -> [ServiceLevelIndicator] { active.indicators(fedBy: probe) }

    /// The current minute: every window ends just before it.
    var now: EpochMinute { clock.now.epochMinute }

    /// The first minute any SLO can look back to, bounded by retention.
    func earliestNeededMinute(at minute: EpochMinute) -> EpochMinute { active.earliestNeededMinute(at: minute) }

    private var start: EpochMinute { active.earliestNeededMinute(at: now) }

    /// How events are judged now: known SLIs, within retention, not too far ahead.
    func judge() -> EventJudge {
        let minute = now
        let settings = configuration.server
        return EventJudge(
            routing: active.routing,
            earliestMinute: minute - settings.retention.wholeMinutes,
            endMinute: (clock.now.addingTimeInterval(settings.maxFuture.inSeconds)).epochMinute + 1)
    }

    /// Replaces the hot series with the store's buckets and restores alert states.
    func rebuild(from buckets: [String: [MinuteCounts]], alerts: [AlertKey: AlertStatus]) {
        book.rebuild(from: buckets, slos: configuration.slos.map(\.objective), start: start)
        alertBook = AlertBook(states: alerts)
        cachedReport = nil
        isReady = true
    }

    /// Gives new label combinations of grouped SLOs their instances (or the overflow
    /// instance past the limit) and returns the deltas to store. Serialised here, so
    /// concurrent batches never admit past the limit.
    func admit(_ aggregate: EventJudge.Aggregate) -> [MinuteDelta] {
        book.admit(aggregate)
    }

    /// Per grouped SLO: its instances, whether it reached its limit, and how many events
    /// overflowed since start.
    func grouping(of slo: String) -> (instances: [SLOInstance], isFull: Bool, overflowedEvents: Int64) {
        (book.groups.instances[slo] ?? [], book.groups.isFull(slo), book.groups.overflowedEvents[slo] ?? 0)
    }

    /// Every series key held in memory.
    var seriesKeys: [String] { Array(book.series.keys) }

    /// Replaces some series with freshly loaded buckets.
    func replaceSeries(_ buckets: [String: [MinuteCounts]]) {
        book.replace(buckets, start: start)
        cachedReport = nil
    }

    /// Applies committed deltas. Called only after the store made them durable.
    func apply(_ deltas: [MinuteDelta], roundedDown: Set<String>) {
        book.apply(deltas, roundedDown: roundedDown, start: start)
        if !deltas.isEmpty { cachedReport = nil }
    }

    /// Sets buckets to their stored counts (replicas following each other).
    func set(_ changes: [BucketChange]) {
        if book.set(changes, start: start) { cachedReport = nil }
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
        let report = report(at: minute)
        cachedReport = report
        return report
    }

    /// Every SLO evaluated with the windows ending at `minute` (not cached): what the
    /// evaluator said, or would have said, then.
    func report(at minute: EpochMinute) -> SLOReport {
        var problems = prometheusProblems
        if configuration.server.prometheus == nil {
            for (name, indicator) in configuration.indicators {
                if case .prometheus = indicator.source { problems[name] = "no Prometheus to read it from: set server.prometheus.url" }
            }
        }
        return SLOReport.build(
            configuration: configuration, series: book.series, instances: book.groups.instances,
            misalignedThresholds: book.roundedDownThresholds, maintenance: maintenance, prometheus: problems, at: minute)
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
    func series(for key: String) -> BucketSeries? { book.series[key] }

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

    /// Every SLO alert's state, by instance and tier.
    func alertStates() -> [AlertKey: AlertStatus] { alertBook.states }

    /// The states of one SLO's alerts.
    func alerts(for slo: String) -> [(tier: String, status: AlertStatus)] { alertBook.tiers(of: slo) }

    /// Swaps in a new configuration (the series stay: they belong to SLIs, not SLOs).
    func replace(configuration: VigilConfiguration) {
        active.replace(with: configuration, at: now)
        book.reconfigure(slos: configuration.slos.map(\.objective))
        cachedReport = nil
    }

    /// Drops hot minutes older than any window needs.
    func trim() {
        book.trim(before: start)
    }

    /// The series an SLO's events are in: its SLI's, or every instance's of a grouped SLO.
    func seriesOf(_ spec: SLOSpec) -> [BucketSeries] { book.seriesOf(spec) }
}
