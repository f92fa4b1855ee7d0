/// One multiwindow burn-rate condition (SRE Workbook, "Alerting on SLOs"): it fires when
/// the burn rate over the long window **and** over the short window both exceed `factor`.
/// The long window makes the alert significant; the short one lets it reset quickly once
/// the burning stops.
public struct BurnRateTier: Hashable, Sendable {
    /// A name for reports, e.g. `page-1h`.
    public var name: String
    /// Page (alert) or ticket.
    public var severity: TierSeverity
    /// The long window.
    public var longWindow: Duration
    /// The short window.
    public var shortWindow: Duration
    /// The burn rate both windows must exceed.
    public var factor: Double
    /// The minimum-traffic guard: the tier cannot fire unless its short window holds at
    /// least this many valid events (the short window lies inside the long one, so the long
    /// window then holds them too). Zero disables the guard.
    public var minEvents: Int64
    /// `for`: how long the condition must hold before the tier fires; until then its
    /// alert is *pending*. Zero (the default) fires at the first evaluation that finds the
    /// condition, as the Workbook's tiers do: their short window already keeps a blip
    /// from paging. A hold suits tiers whose short window is very short, as Prometheus's
    /// and Pyrra's `for:` do.
    public var holdFor: Duration

    public init(
        name: String, severity: TierSeverity, longWindow: Duration, shortWindow: Duration, factor: Double, minEvents: Int64 = 0,
        holdFor: Duration = .zero
    ) {
        self.name = name
        self.severity = severity
        self.longWindow = longWindow
        self.shortWindow = shortWindow
        self.factor = factor
        self.minEvents = minEvents
        self.holdFor = holdFor
    }

    /// The share of the budget that burning at `factor` for `longWindow` spends out of a
    /// compliance window of length `window`: `factor · long / W`.
    public func budgetShare(of window: Duration) -> Double {
        factor * (longWindow / window)
    }
}
