import Foundation
import VigilConfig
import VigilCore

/// Every SLO of a configuration evaluated at one instant — what `vigil slo report` prints
/// and, later, what the server's SLO endpoints answer.
public struct SLOReport: Sendable {
    /// One SLO's line in the report.
    public struct Entry: Sendable {
        /// The SLO as configured.
        public let spec: SLOSpec
        /// Which instance: the SLO itself, or one group of a grouped SLO.
        public let instance: SLOInstance
        /// Its evaluation; `nil` when it was not evaluated (see `notes`).
        public let status: SLOStatus?
        /// Remarks a reader needs: why it was not evaluated, rounding of thresholds.
        public let notes: [String]
        /// Whether its service is a third party's (`external: true`), reported apart.
        public var external = false

        /// The instance's name: the SLO's, or with its group (`name{route="/cart"}`).
        public var name: String { instance.name(labels: spec.objective.grouping?.labels ?? []) }
    }

    /// When the report was evaluated (every window ends just before this minute).
    public let evaluatedAt: EpochMinute
    /// One entry per SLO, in configuration order.
    public let entries: [Entry]

    /// Evaluates every SLO of `configuration` at `minute` over the recorded series; a
    /// grouped SLO gets one entry per instance in `instances` (or one unevaluated entry
    /// while it has none).
    public static func build(
        configuration: VigilConfiguration, series: [String: BucketSeries], instances: [String: [SLOInstance]] = [:],
        misalignedThresholds: Set<String> = [], maintenance: [MaintenanceWindow] = [], prometheus: [String: String]? = nil,
        at minute: EpochMinute
    ) -> SLOReport {
        var entries: [Entry] = []
        for spec in configuration.slos {
            let slo = spec.objective
            var notes: [String] = []
            if case .prometheus = slo.sli.source {
                // `prometheus` is nil offline: only a server reads Prometheus.
                guard let problems = prometheus else {
                    entries.append(
                        Entry(
                            spec: spec, instance: SLOInstance(slo: slo.name, group: nil), status: nil,
                            notes: ["SLI is read from Prometheus; the offline report evaluates pushed events only"]))
                    continue
                }
                if let problem = problems[slo.sli.name] { notes.append(problem) }
                guard series[slo.sli.name] != nil else {
                    if notes.isEmpty { notes.append("no minutes read from Prometheus yet") }
                    entries.append(Entry(spec: spec, instance: SLOInstance(slo: slo.name, group: nil), status: nil, notes: notes))
                    continue
                }
                notes.append("SLI read from Prometheus, one sample a minute")
            }
            // Maintenance windows this SLO leaves out (exclude_maintenance), within its reach.
            let from = earliestMinute(for: slo, at: minute)
            let excluded =
                spec.excludeMaintenance
                ? maintenance.filter { $0.service == slo.service }.compactMap { $0.minutes(from: from, to: minute) } : []
            if !excluded.isEmpty {
                notes.append("\(excluded.reduce(0) { $0 + $1.count }) minutes of maintenance left out")
            }
            func evaluate(_ slo: ServiceLevelObjective, _ events: BucketSeries?, at minute: EpochMinute) -> SLOStatus {
                guard !excluded.isEmpty, let events else { return Self.evaluate(slo, events, at: minute) }
                return Self.evaluate(slo, BucketSeries.masking(events, excluding: excluded, from: from, to: minute), at: minute)
            }
            if misalignedThresholds.contains(slo.sli.name), case .latency(let threshold) = slo.sli.kind {
                notes.append("threshold \(threshold.compactDescription) is not a histogram bucket bound; counted at the largest bound below it")
            }
            guard let grouping = slo.grouping else {
                let status = evaluate(slo, series[slo.sli.name], at: minute)
                entries.append(Entry(spec: spec, instance: SLOInstance(slo: slo.name, group: nil), status: status, notes: notes))
                continue
            }
            let groups = instances[slo.name] ?? []
            if groups.isEmpty {
                let labels = grouping.labels.joined(separator: ", ")
                entries.append(
                    Entry(
                        spec: spec, instance: SLOInstance(slo: slo.name, group: nil), status: nil,
                        notes: notes + ["grouped by \(labels): no events yet, so no instances"]))
            }
            for instance in groups {
                var instanceNotes = notes
                if instance.group == .overflow {
                    instanceNotes.append("the limit of \(grouping.limit) groups was reached: further label values are counted here")
                }
                let status = evaluate(slo, instance.seriesKey.flatMap { series[$0] }, at: minute)
                entries.append(Entry(spec: spec, instance: instance, status: status, notes: instanceNotes))
            }
        }
        let external = Set(configuration.services.filter(\.external).map(\.name))
        for index in entries.indices where external.contains(entries[index].spec.objective.service) { entries[index].external = true }
        return SLOReport(evaluatedAt: minute, entries: entries)
    }

    /// One SLO (or instance) over its events, timeslices applied when it budgets by them.
    static func evaluate(_ slo: ServiceLevelObjective, _ events: BucketSeries?, at minute: EpochMinute) -> SLOStatus {
        let events = events ?? BucketSeries(startingAt: minute)
        let budgeted: BucketSeries
        switch slo.budgeting {
        case .occurrences:
            budgeted = events
        case .timeslices(let slice, let target):
            budgeted = BucketSeries.timeslices(
                of: events, sliceMinutes: slice.wholeMinutes, target: target,
                from: earliestMinute(for: slo, at: minute), to: minute)
        }
        return SLOEvaluator.evaluate(slo, series: budgeted, at: minute)
    }

    /// The first minute any window of `slo` reaches back to when evaluated at `minute`:
    /// the compliance window, the longest tier window, the burn lookback.
    public static func earliestMinute(for slo: ServiceLevelObjective, at minute: EpochMinute) -> EpochMinute {
        let longest = ([slo.alerting.burnLookback] + slo.alerting.tiers.map(\.longWindow)).max() ?? .zero
        return min(slo.window.span(endingAt: minute).start, minute - longest.wholeMinutes)
    }

    /// The highest output class any SLO calls for.
    public var notificationClass: NotificationClass {
        entries.compactMap(\.status?.notificationClass).max() ?? .log
    }
}
