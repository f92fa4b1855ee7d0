/// Evaluates SLOs against their bucket series. Pure: same inputs, same answer.
public enum SLOEvaluator {
    /// Evaluates `slo` at `minute` (every window ends just before it) over `series`.
    ///
    /// `series` holds what the budget counts: events for `.occurrences`, or the slice
    /// series from ``BucketSeries/timeslices(of:sliceMinutes:target:from:to:)`` for
    /// `.timeslices`.
    public static func evaluate(_ slo: ServiceLevelObjective, series: BucketSeries, at minute: EpochMinute) -> SLOStatus {
        let budget = slo.budget
        let span = slo.window.span(endingAt: minute)
        let counts = series.counts(from: span.start, to: span.end)
        let remaining = budget.remaining(counts)

        func burn(over window: Duration) -> WindowBurn {
            let windowCounts = series.counts(endingBefore: minute, minutes: max(1, window.wholeMinutes))
            return WindowBurn(window: window, counts: windowCounts, rate: budget.burnRate(windowCounts))
        }

        let tiers = slo.alerting.tiers.map { tier -> TierStatus in
            let long = burn(over: tier.longWindow)
            let short = burn(over: tier.shortWindow)
            return TierStatus(tier: tier, long: long, short: short, state: state(of: tier, long: long, short: short, budget: budget))
        }

        let current = burn(over: slo.alerting.burnLookback)
        var exhaustionTime: TimeToExhaustion?
        if let remaining {
            if remaining <= 0 {
                exhaustionTime = .exhausted
            } else if let rate = current.rate {
                exhaustionTime = ErrorBudget.timeToExhaustion(remaining: remaining, burnRate: rate, window: span.length)
            }
        }

        let exhaustion = slo.alerting.exhaustion.map { alert -> ExhaustionStatus in
            let soon = exhaustionTime?.isSooner(than: alert.horizon) ?? false
            let enoughTraffic = current.counts.valid >= alert.minEvents
            return ExhaustionStatus(alert: alert, isFiring: soon && enoughTraffic, isHeldBack: soon && !enoughTraffic)
        }

        return SLOStatus(
            slo: slo.name, evaluatedAt: minute, span: span, counts: counts,
            budgetRemaining: remaining, budgetConsumed: budget.consumed(counts),
            currentBurn: current, timeToExhaustion: exhaustionTime, tiers: tiers, exhaustion: exhaustion)
    }

    /// A tier fires when both windows exceed its factor and the short window carries the
    /// minimum traffic.
    static func state(of tier: BurnRateTier, long: WindowBurn, short: WindowBurn, budget: ErrorBudget) -> TierState {
        guard long.counts.hasData else { return .noData }
        let burning = budget.exceeds(long.counts, factor: tier.factor) && budget.exceeds(short.counts, factor: tier.factor)
        guard burning else { return .quiet }
        guard short.counts.valid >= tier.minEvents else {
            return .heldBack(required: tier.minEvents, observed: short.counts.valid)
        }
        return .firing
    }
}
