/// The set of burn-rate tiers an SLO alerts with, plus the optional exhaustion alert.
public struct BurnRatePolicy: Hashable, Sendable {
    /// How the Workbook's 30-day tiers are adapted to another window length.
    public enum WindowScaling: String, Hashable, Sendable, CaseIterable {
        /// Keep the 1h/5m, 6h/30m, 1d/2h, 3d/6h windows and recompute each factor as
        /// `share · W / long` (Sloth's choice; 28 d gives 13.44, 5.6, 2.8, 0.933).
        case keepWindows = "keep_windows"
        /// Keep each factor and scale both windows by `W / 30d`, rounded to the minute.
        case scaleWindows = "scale_windows"
    }

    /// The tiers, most urgent first.
    public var tiers: [BurnRateTier]
    /// Fire when the projected time to exhaustion falls below a horizon.
    public var exhaustion: ExhaustionAlert?
    /// The lookback that defines the *current* burn rate (default 1 h).
    public var burnLookback: Duration

    public init(tiers: [BurnRateTier], exhaustion: ExhaustionAlert? = nil, burnLookback: Duration = .seconds(3600)) {
        self.tiers = tiers
        self.exhaustion = exhaustion
        self.burnLookback = burnLookback
    }

    /// The SRE Workbook's four tiers for a 30-day window: budget share, long window,
    /// short window, severity.
    public static let workbookTiers: [(share: Double, long: Duration, short: Duration, severity: TierSeverity)] = [
        (0.02, .seconds(3600), .seconds(300), .page),
        (0.05, .seconds(6 * 3600), .seconds(1800), .page),
        (0.10, .seconds(86_400), .seconds(7200), .ticket),
        (0.10, .seconds(3 * 86_400), .seconds(6 * 3600), .ticket),
    ]

    /// The Workbook tiers adapted to a compliance window of length `window`.
    public static func standard(for window: Duration, scaling: WindowScaling = .keepWindows, minEvents: Int64 = 0) -> BurnRatePolicy {
        let thirtyDays = Duration.seconds(30 * 86_400)
        let tiers = workbookTiers.map { share, long, short, severity in
            switch scaling {
            case .keepWindows:
                return BurnRateTier(
                    name: "\(severity.rawValue)-\(long.compactDescription)", severity: severity,
                    longWindow: long, shortWindow: short,
                    factor: share * (window / long), minEvents: minEvents)
            case .scaleWindows:
                let ratio = window / thirtyDays
                let scaledLong = Self.roundedToMinute(long * ratio)
                let scaledShort = Self.roundedToMinute(short * ratio)
                return BurnRateTier(
                    name: "\(severity.rawValue)-\(scaledLong.compactDescription)", severity: severity,
                    longWindow: scaledLong, shortWindow: scaledShort,
                    factor: share * (thirtyDays / long), minEvents: minEvents)
            }
        }
        return BurnRatePolicy(tiers: tiers)
    }

    /// `duration` rounded to the nearest whole minute (at least one).
    public static func roundedToMinute(_ duration: Duration) -> Duration {
        .seconds(max(1, (duration.inSeconds / 60).rounded()) * 60)
    }
}

/// "Budget gone within `horizon`": fires when the remaining budget, spent at the current
/// burn rate, would run out sooner than `horizon`.
public struct ExhaustionAlert: Hashable, Sendable {
    /// Fire when time to exhaustion is below this.
    public var horizon: Duration
    /// Page or ticket.
    public var severity: TierSeverity
    /// Minimum valid events in the burn lookback before it may fire.
    public var minEvents: Int64

    public init(horizon: Duration, severity: TierSeverity = .ticket, minEvents: Int64 = 0) {
        self.horizon = horizon
        self.severity = severity
        self.minEvents = minEvents
    }
}
