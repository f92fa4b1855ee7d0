import Foundation
import VigilConfig
import VigilCore

extension HotState {
    /// The series an SLO's events are in: its SLI's, or every instance's of a grouped SLO.
    private func seriesOf(_ spec: SLOSpec) -> [BucketSeries] {
        guard spec.objective.isGrouped else { return series[spec.objective.sli.name].map { [$0] } ?? [] }
        let prefix = "@\(spec.name)"
        return series.filter { $0.key.hasPrefix(prefix + "[") || $0.key == prefix + "*" }.map(\.value)
    }

    private func counts(_ all: [BucketSeries], from: EpochMinute, to: EpochMinute) -> EventCounts {
        all.reduce(.zero) { $0 + $1.counts(from: from, to: to) }
    }

    /// The budget `slo` spent in `[from, to)`, against its compliance window ending at
    /// `to`; `nil` for an SLO that is not configured (or fed from Prometheus, whose data
    /// is not held here).
    func budgetImpact(slo name: String, from: Date, to: Date) -> BudgetImpact? {
        guard let spec = configuration.slo(named: name) else { return nil }
        if case .prometheus = spec.objective.sli.source { return nil }
        let all = seriesOf(spec)
        // Whole minutes: the minute the incident started in counts, the minute it ended in too.
        let start = from.epochMinute, end = max(to.epochMinute + 1, start + 1)
        let window = spec.objective.window.span(endingAt: end)
        return BudgetImpact(
            slo: name, objective: spec.objective.objective, from: from, to: to,
            during: counts(all, from: start, to: end), window: counts(all, from: window.start, to: window.end),
            windowName: spec.objective.window.description)
    }

    /// When impact on `slo` began, estimated from its minutes before `detected`
    /// (``ImpactStart``); `nil` for an SLO this server holds no events of.
    func impactStart(slo name: String, detected: Date, lookback: Duration) -> Date? {
        guard let spec = configuration.slo(named: name) else { return nil }
        if case .prometheus = spec.objective.sli.source { return nil }
        let all = seriesOf(spec)
        let allowed = ErrorBudget(objective: spec.objective.objective).allowedErrorRatio
        return ImpactStart.estimate(detected: detected, lookback: lookback, allowedErrorRatio: allowed) { minute in
            all.reduce(.zero) { $0 + $1.counts(at: minute) }
        }
    }
}
