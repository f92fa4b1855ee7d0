import Foundation

/// One layer of a schedule: a rotation through participants, optionally only inside
/// some windows (business hours) and with shifts shorter than the rotation's period.
public struct ScheduleLayer: Hashable, Sendable, Codable {
    public var name: String
    public var rotation: Rotation
    /// The first handoff, wall-clock time in the schedule's zone.
    public var start: LocalDateTime
    /// Where the layer stops (wall-clock), if it does.
    public var end: LocalDateTime?
    /// Who takes the shifts, in order: shift *k* is `participants[k mod n]`.
    public var participants: [String]
    /// A shift covers at most this long from its handoff; `nil`: until the next handoff.
    public var shiftLength: Duration?
    /// The layer has somebody on call only inside these windows (all the time when empty).
    public var restrictions: [TimeWindow]

    public init(
        name: String, rotation: Rotation, start: LocalDateTime, end: LocalDateTime? = nil, participants: [String], shiftLength: Duration? = nil,
        restrictions: [TimeWindow] = []
    ) {
        self.name = name
        self.rotation = rotation
        self.start = start
        self.end = end
        self.participants = participants
        self.shiftLength = shiftLength
        self.restrictions = restrictions
    }

    /// The layer's on-call stretches that overlap `[from, to)`, in time order and clipped
    /// to it: each shift from its handoff to the next one (or `shift_length`), cut to the
    /// restriction windows.
    public func segments(from: Date, to: Date, zone: TimeZone) -> [OnCallSegment] {
        guard !participants.isEmpty, from < to else { return [] }
        let layerStart = start.instant(in: zone)
        let layerEnd = end.map { $0.instant(in: zone) }
        let windowFrom = max(from, layerStart)
        let windowTo = min(to, layerEnd ?? to)
        guard windowFrom < windowTo else { return [] }
        let handoffs = rotation.handoffs(start: start, zone: zone, from: windowFrom, to: windowTo)
        var shifts: [OnCallSegment] = []
        for (position, handoff) in handoffs.enumerated() {
            // The final occurrence of a rule with COUNT or UNTIL ends the layer unless a
            // shift length says how long it lasts.
            var shiftEnd = position + 1 < handoffs.count ? handoffs[position + 1].at : handoff.at
            if let shiftLength {
                let capped = handoff.at.addingTimeInterval(shiftLength.inSeconds)
                shiftEnd = position + 1 < handoffs.count ? min(shiftEnd, capped) : capped
            }
            let clipped = max(handoff.at, windowFrom)..<max(max(handoff.at, windowFrom), min(shiftEnd, windowTo))
            guard !clipped.isEmpty else { continue }
            let person = participants[handoff.index % participants.count]
            if restrictions.isEmpty {
                shifts.append(OnCallSegment(start: clipped.lowerBound, end: clipped.upperBound, people: [person]))
                continue
            }
            let windows = restrictions.flatMap { $0.occurrences(from: clipped.lowerBound, to: clipped.upperBound, in: zone) }
            for window in Self.union(windows) {
                shifts.append(OnCallSegment(start: window.lowerBound, end: window.upperBound, people: [person]))
            }
        }
        return shifts
    }

    /// Overlapping or touching ranges merged, in order.
    static func union(_ ranges: [Range<Date>]) -> [Range<Date>] {
        var merged: [Range<Date>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
