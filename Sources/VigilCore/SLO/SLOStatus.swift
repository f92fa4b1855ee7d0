/// An SLO evaluated at one instant: its SLI, budget, burn rates and which tiers fire.
public struct SLOStatus: Hashable, Sendable {
    /// The SLO's name.
    public let slo: String
    /// The minute evaluation ran at; every window ends just before it.
    public let evaluatedAt: EpochMinute
    /// The compliance window in force.
    public let span: WindowSpan
    /// Good and valid over the compliance window (events, or slices for timeslices).
    public let counts: EventCounts
    /// `1 − bad / ((1 − T) · valid)`; `nil` = no data.
    public let budgetRemaining: Double?
    /// `bad / ((1 − T) · valid)`; `nil` = no data.
    public let budgetConsumed: Double?
    /// The burn over the policy's lookback (default 1 h), which defines "current".
    public let currentBurn: WindowBurn
    /// `remaining · W / current burn`; `nil` when either is unknown.
    public let timeToExhaustion: TimeToExhaustion?
    /// Each burn-rate tier's windows and state.
    public let tiers: [TierStatus]
    /// The exhaustion-time alert, when the policy has one.
    public let exhaustion: ExhaustionStatus?

    /// `good / valid` over the compliance window; `nil` = no data.
    public var sli: Double? { counts.ratio }

    /// Whether anything was measured in the compliance window.
    public var hasData: Bool { counts.hasData }

    /// The tiers that fire.
    public var firingTiers: [TierStatus] { tiers.filter { $0.state == .firing } }

    /// The most urgent output this status calls for: `alert` if a page tier (or a
    /// page-severity exhaustion alert) fires, `ticket` for a ticket, else `log`.
    public var notificationClass: NotificationClass {
        var result = NotificationClass.log
        for tier in firingTiers { result = max(result, tier.tier.severity.notificationClass) }
        if let exhaustion, exhaustion.isFiring { result = max(result, exhaustion.alert.severity.notificationClass) }
        return result
    }
}

/// Counts and burn rate over one window ending at the evaluation time.
public struct WindowBurn: Hashable, Sendable {
    /// The window's length.
    public let window: Duration
    /// Good and valid within it.
    public let counts: EventCounts
    /// `(bad/valid) / (1 − T)`; `nil` = no data.
    public let rate: Double?
}

/// One tier at one instant.
public struct TierStatus: Hashable, Sendable {
    /// The tier.
    public let tier: BurnRateTier
    /// Its long window.
    public let long: WindowBurn
    /// Its short window.
    public let short: WindowBurn
    /// Whether it fires, and if not, why.
    public let state: TierState
}

/// Why a tier does or does not fire.
public enum TierState: Hashable, Sendable {
    /// Both windows burn faster than the factor, with enough traffic.
    case firing
    /// At least one window burns at or below the factor.
    case quiet
    /// Both windows burn too fast, but the short window holds fewer valid events than the
    /// minimum-traffic guard requires, so the tier is held back.
    case heldBack(required: Int64, observed: Int64)
    /// The long window holds no valid events.
    case noData
}

/// The exhaustion-time alert at one instant.
public struct ExhaustionStatus: Hashable, Sendable {
    /// The configured alert.
    public let alert: ExhaustionAlert
    /// Whether the budget runs out within the horizon (with enough traffic).
    public let isFiring: Bool
    /// True when it would fire but the lookback holds fewer events than required.
    public let isHeldBack: Bool
}
