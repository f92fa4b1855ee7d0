/// The error-budget arithmetic of an objective `T`, as the SRE Workbook defines it
/// (docs/concepts.md).
/// Every function answers `nil` for *no data*: no valid events is not 100 %.
public struct ErrorBudget: Hashable, Sendable {
    /// The target `T`, strictly between 0 and 1 (e.g. 0.999).
    public let objective: Double

    public init(objective: Double) {
        precondition(objective > 0 && objective < 1, "objective must lie in (0, 1); validate at the edge")
        self.objective = objective
    }

    /// `1 − T`: the fraction of events allowed to fail.
    public var allowedErrorRatio: Double { 1 - objective }

    /// `1 − bad / ((1 − T) · valid)`; negative once the budget is overspent.
    public func remaining(_ counts: EventCounts) -> Double? {
        consumed(counts).map { 1 - $0 }
    }

    /// `bad / ((1 − T) · valid)`: the share of the budget spent (above 1 when overspent).
    public func consumed(_ counts: EventCounts) -> Double? {
        counts.errorRatio.map { $0 / allowedErrorRatio }
    }

    /// `(bad / valid) / (1 − T)` over whatever window `counts` covers. Burn 1 spends
    /// exactly the budget by the end of the compliance window.
    public func burnRate(_ counts: EventCounts) -> Double? {
        counts.errorRatio.map { $0 / allowedErrorRatio }
    }

    /// Whether the error ratio of `counts` exceeds burn `factor`, compared as
    /// `bad/valid > factor · (1 − T)` — the form Prometheus rules use, so both agree on
    /// the boundary.
    public func exceeds(_ counts: EventCounts, factor: Double) -> Bool {
        guard let errorRatio = counts.errorRatio else { return false }
        return errorRatio > factor * allowedErrorRatio
    }

    /// The share of the window's budget that the bad events of a part of it spent:
    /// `bad_part / ((1 − T) · valid_window)` — the same denominator as
    /// ``remaining(_:)``, so an incident's share and the budget left add up.
    /// `nil` when the window has no valid events.
    public func spent(by part: EventCounts, ofWindow window: EventCounts) -> Double? {
        guard window.valid > 0 else { return nil }
        return Double(part.bad) / (allowedErrorRatio * Double(window.valid))
    }

    /// The share of a compliance window's budget spent by burning at `burnRate` for
    /// `duration`: `b · w / W`.
    public static func budgetSpent(burnRate: Double, for duration: Duration, window: Duration) -> Double {
        burnRate * (duration / window)
    }

    /// `remaining · W / b`: never at burn 0, now when nothing remains.
    public static func timeToExhaustion(remaining: Double, burnRate: Double, window: Duration) -> TimeToExhaustion {
        if remaining <= 0 { return .exhausted }
        if burnRate <= 0 { return .never }
        return .after(window * (remaining / burnRate))
    }
}

/// How long until the budget runs out at the current burn rate.
public enum TimeToExhaustion: Hashable, Sendable {
    /// The budget is already spent.
    case exhausted
    /// At this burn, in this long.
    case after(Duration)
    /// Burn is zero: the budget is not being spent.
    case never

    /// Whether the budget runs out before `horizon`.
    public func isSooner(than horizon: Duration) -> Bool {
        switch self {
        case .exhausted: true
        case .after(let duration): duration < horizon
        case .never: false
        }
    }
}
