import Foundation
import VigilConfig
import VigilCore

extension HotState {
    /// What an SLO's budget counts over `[from, to)` in each of its series (its SLI's, or
    /// every instance's of a grouped SLO), as the evaluator counts it (``budgeted(_:series:from:to:)``).
    func budgeted(_ spec: SLOSpec, from: EpochMinute, to: EpochMinute) -> [BucketSeries] {
        seriesOf(spec).map { budget($0, of: spec, from: from, to: to) }
    }

    /// What an SLO's budget counts over `[from, to)` in one series (an instance's, by key),
    /// as the evaluator counts it: the service's maintenance minutes left out when the
    /// SLO says so, and slices for timeslices budgeting (one good or bad slice per `slice`
    /// of minutes). The API's series, the dashboard's charts and the reports read it.
    func budgeted(_ spec: SLOSpec, series key: String, from: EpochMinute, to: EpochMinute) -> BucketSeries {
        budget(series(for: key) ?? BucketSeries(startingAt: from), of: spec, from: from, to: to)
    }

    private func budget(_ events: BucketSeries, of spec: SLOSpec, from: EpochMinute, to: EpochMinute) -> BucketSeries {
        var counted = events
        if spec.excludeMaintenance {
            let excluded = maintenance.filter { $0.service == spec.objective.service }.compactMap { $0.minutes(from: from, to: to) }
            if !excluded.isEmpty { counted = BucketSeries.masking(counted, excluding: excluded, from: from, to: to) }
        }
        guard case .timeslices(let slice, let target) = spec.objective.budgeting else { return counted }
        return BucketSeries.timeslices(of: counted, sliceMinutes: slice.wholeMinutes, target: target, from: from, to: to)
    }

    func counts(_ all: [BucketSeries], from: EpochMinute, to: EpochMinute) -> EventCounts {
        all.reduce(.zero) { $0 + $1.counts(from: from, to: to) }
    }

    /// The budget `slo` spent in `[from, to)`, against its compliance window ending at
    /// `to`; `nil` for an SLO that is not configured (or fed from Prometheus, whose data
    /// is not held here).
    func budgetImpact(slo name: String, from: Date, to: Date) -> BudgetImpact? {
        guard let spec = configuration.slo(named: name) else { return nil }
        if case .prometheus = spec.objective.sli.source { return nil }
        // Whole minutes: the minute the incident started in counts, the minute it ended in too.
        let start = from.epochMinute
        let end = max(to.epochMinute + 1, start + 1)
        let window = spec.objective.window.span(endingAt: end)
        let all = budgeted(spec, from: min(start, window.start), to: end)
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

extension HotState {
    /// An SLO's week for the weekly report: the SLI and budget left over the window
    /// ending at `to`, and the budget spent in `[from, to)` and in the week before.
    func week(of spec: SLOSpec, from: Date, to: Date) -> (compliance: Double?, remaining: Double?, spent: Double?, spentBefore: Double?) {
        let budget = ErrorBudget(objective: spec.objective.objective)
        let end = to.epochMinute
        let start = from.epochMinute
        let previous = start - (end - start)
        let window = spec.objective.window.span(endingAt: end)
        let reach = min(previous, spec.objective.window.span(endingAt: start).start)
        let all = budgeted(spec, from: reach, to: end)
        let windowCounts = counts(all, from: window.start, to: window.end)
        let previousWindow = spec.objective.window.span(endingAt: start)
        return (
            windowCounts.ratio, budget.remaining(windowCounts),
            budget.spent(by: counts(all, from: start, to: end), ofWindow: windowCounts),
            budget.spent(by: counts(all, from: previous, to: start), ofWindow: counts(all, from: previousWindow.start, to: previousWindow.end))
        )
    }
}
