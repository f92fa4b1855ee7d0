/// One day of a service's public uptime history: the share of good events of the SLI the
/// status page follows, and how the day is drawn. A day without events is "no data", not
/// 100 %.
public struct UptimeDay: Hashable, Sendable {
    /// How a day's bar is drawn (and said, for screen readers).
    public enum Level: String, Hashable, Sendable, Codable {
        case up, degraded, down
        case noData = "no_data"

        public var words: String {
            switch self {
            case .up: "no downtime"
            case .degraded: "degraded"
            case .down: "outage"
            case .noData: "no data"
            }
        }
    }

    /// The day's first minute (UTC midnight).
    public let day: EpochMinute
    public let counts: EventCounts
    public let level: Level

    /// The share of good events, `nil` without events.
    public var uptime: Double? { counts.ratio }

    /// The last `days` UTC days up to and including the one holding `now`, each with the
    /// counts of `minutes` that fall into it. A day is "up" while it meets `objective`,
    /// "down" below the budget of ten days' worth (1 − 10·(1 − objective)), and
    /// "degraded" between: one bad hour on a 99.9 % service shows, one bad request does not.
    public static func history(
        minutes: [(minute: EpochMinute, counts: EventCounts)], days: Int, endingAt now: EpochMinute,
        objective: Double
    ) -> [UptimeDay] {
        let lastDay = now - now % 1440
        let firstDay = lastDay - Int64(days - 1) * 1440
        var totals = [EventCounts](repeating: EventCounts.zero, count: days)
        for entry in minutes where entry.minute >= firstDay && entry.minute < lastDay + 1440 {
            let index = Int((entry.minute - firstDay) / 1440)
            totals[index] += entry.counts
        }
        return totals.enumerated().map { index, counts in
            UptimeDay(day: firstDay + Int64(index) * 1440, counts: counts, level: level(counts.ratio, objective: objective))
        }
    }

    static func level(_ ratio: Double?, objective: Double) -> Level {
        guard let ratio else { return .noData }
        if ratio >= objective { return .up }
        return ratio >= 1 - 10 * (1 - objective) ? .degraded : .down
    }

    /// The share of good events over every day of `history` (`nil` without events).
    public static func overall(_ history: [UptimeDay]) -> Double? {
        history.reduce(EventCounts.zero) { $0 + $1.counts }.ratio
    }
}
