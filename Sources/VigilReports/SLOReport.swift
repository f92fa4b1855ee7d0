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
        /// Its evaluation; `nil` when it was not evaluated (see `notes`).
        public let status: SLOStatus?
        /// Remarks a reader needs: why it was not evaluated, rounding of thresholds.
        public let notes: [String]
    }

    /// When the report was evaluated (every window ends just before this minute).
    public let evaluatedAt: EpochMinute
    /// One entry per SLO, in configuration order.
    public let entries: [Entry]

    /// Evaluates every SLO of `configuration` at `minute` over the recorded series.
    public static func build(configuration: VigilConfiguration, series: [String: BucketSeries], misalignedThresholds: Set<String> = [], at minute: EpochMinute) -> SLOReport {
        let entries = configuration.slos.map { spec -> Entry in
            let slo = spec.objective
            if case .prometheus = slo.sli.source {
                return Entry(spec: spec, status: nil, notes: ["SLI is read from Prometheus; the offline report evaluates pushed events only"])
            }
            var notes: [String] = []
            if misalignedThresholds.contains(slo.sli.name), case .latency(let threshold) = slo.sli.kind {
                notes.append("threshold \(threshold.compactDescription) is not a histogram bucket bound; counted at the largest bound below it")
            }
            let events = series[slo.sli.name] ?? BucketSeries(startingAt: minute)
            let budgeted: BucketSeries
            switch slo.budgeting {
            case .occurrences:
                budgeted = events
            case .timeslices(let slice, let target):
                budgeted = BucketSeries.timeslices(
                    of: events, sliceMinutes: slice.wholeMinutes, target: target,
                    from: earliestMinute(for: slo, at: minute), to: minute)
            }
            return Entry(spec: spec, status: SLOEvaluator.evaluate(slo, series: budgeted, at: minute), notes: notes)
        }
        return SLOReport(evaluatedAt: minute, entries: entries)
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
