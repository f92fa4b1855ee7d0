/// Good and valid events over some range of time. `valid` counts every event that the SLI
/// judges; `good` those that met it. No valid events means *no data*, never 100 %.
public struct EventCounts: Hashable, Sendable {
    /// Events that met the SLI.
    public var good: Int64
    /// Events the SLI judged (good + bad).
    public var valid: Int64

    public init(good: Int64, valid: Int64) {
        self.good = good
        self.valid = valid
    }

    /// No events.
    public static let zero = EventCounts(good: 0, valid: 0)

    /// Events that failed the SLI.
    public var bad: Int64 { valid - good }

    /// Whether any valid event was seen.
    public var hasData: Bool { valid > 0 }

    /// `good / valid`, or `nil` when there is no data.
    public var ratio: Double? { hasData ? Double(good) / Double(valid) : nil }

    /// `bad / valid`, or `nil` when there is no data.
    public var errorRatio: Double? { hasData ? Double(bad) / Double(valid) : nil }

    public static func + (lhs: EventCounts, rhs: EventCounts) -> EventCounts {
        EventCounts(good: lhs.good + rhs.good, valid: lhs.valid + rhs.valid)
    }

    public static func - (lhs: EventCounts, rhs: EventCounts) -> EventCounts {
        EventCounts(good: lhs.good - rhs.good, valid: lhs.valid - rhs.valid)
    }

    public static func += (lhs: inout EventCounts, rhs: EventCounts) { lhs = lhs + rhs }
}
