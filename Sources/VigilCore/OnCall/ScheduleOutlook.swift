import Foundation

/// What a person asks of a schedule at an instant: who is on call, since and until when,
/// who is next, and — over the horizon ahead — the gaps and each person's hours (the
/// balance). Shared by the API, the CLI and the on-call page so they never disagree.
public struct ScheduleOutlook: Hashable, Sendable {
    public var schedule: String
    public var at: Date
    public var onCall: [String]
    /// The current stretch, clipped to the horizon (`nil` before it or past it).
    public var since: Date?
    public var until: Date?
    /// The first different set of people after `until` (empty: a gap follows).
    public var next: [String]
    public var nextAt: Date?
    /// Stretches with nobody on call from `at` to `at + horizon`.
    public var gaps: [OnCallSegment]
    /// Hours on call per person from `at` to `at + horizon`.
    public var hours: [String: Double]
    /// Every stretch from `at - horizon/2` to `at + horizon` (for timelines).
    public var segments: [OnCallSegment]

    public static let defaultHorizon: TimeInterval = 14 * 86_400

    public init(_ schedule: Schedule, at: Date, overrides: [ScheduleOverride] = [], horizon: TimeInterval = defaultHorizon) {
        self.schedule = schedule.name
        self.at = at
        let lookBack = at.addingTimeInterval(-horizon / 2)
        let end = at.addingTimeInterval(horizon)
        let segments = schedule.segments(from: lookBack, to: end, overrides: overrides)
        self.segments = segments
        let index = segments.firstIndex { $0.start <= at && at < $0.end }
        let current = index.map { segments[$0] }
        onCall = current?.people ?? []
        since = current?.start
        until = current.map(\.end)
        let following = index.flatMap { segments.indices.contains($0 + 1) ? segments[$0 + 1] : nil }
        next = following?.people ?? []
        nextAt = following?.start
        let ahead = segments.compactMap { segment -> OnCallSegment? in
            guard segment.end > at else { return nil }
            var clipped = segment
            clipped.start = max(segment.start, at)
            return clipped
        }
        gaps = ahead.filter(\.isGap)
        var hours: [String: Double] = [:]
        for person in schedule.participants { hours[person] = 0 }
        for segment in ahead { for person in segment.people { hours[person, default: 0] += segment.duration / 3600 } }
        self.hours = hours
    }

    /// Warnings a team should see before they bite: gaps ahead, and hours so uneven that
    /// one person carries more than twice another's share.
    public var warnings: [String] {
        var result: [String] = []
        for gap in gaps {
            result.append(
                "schedule \(schedule): nobody on call from \(RFC3339.format(gap.start)) to \(RFC3339.format(gap.end)) (\(Self.hoursText(gap.duration / 3600)))")
        }
        let positive = hours.filter { $0.value > 0 }
        if let most = positive.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), let least = hours.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }),
            hours.count > 1, most.value > 2 * least.value + 1
        {
            result.append(
                "schedule \(schedule): uneven load over the next 14 days — \(most.key) \(Self.hoursText(most.value)), \(least.key) \(Self.hoursText(least.value))"
            )
        }
        return result
    }

    static func hoursText(_ hours: Double) -> String {
        hours == hours.rounded() ? "\(Int(hours)) h" : String(format: "%.1f h", hours)
    }
}
