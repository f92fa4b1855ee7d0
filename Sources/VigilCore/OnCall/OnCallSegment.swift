import Foundation

/// A stretch `[start, end)` during which the same people are on call (none: a gap).
public struct OnCallSegment: Hashable, Sendable, Codable {
    public var start: Date
    public var end: Date
    /// In the order the layers and overrides put them.
    public var people: [String]
    /// Whether an override made this stretch differ from what the layers say.
    public var overridden: Bool

    public init(start: Date, end: Date, people: [String], overridden: Bool = false) {
        self.start = start
        self.end = end
        self.people = people
        self.overridden = overridden
    }

    public var duration: TimeInterval { end.timeIntervalSince(start) }
    public var isGap: Bool { people.isEmpty }
}

/// One person's contiguous time on call in a schedule: the row on-call pay is computed from.
public struct OnCallShift: Hashable, Sendable, Codable {
    public var schedule: String
    public var person: String
    public var start: Date
    public var end: Date
    /// Whether any part of it comes from an override.
    public var overridden: Bool

    public init(schedule: String, person: String, start: Date, end: Date, overridden: Bool = false) {
        self.schedule = schedule
        self.person = person
        self.start = start
        self.end = end
        self.overridden = overridden
    }

    public var hours: Double { end.timeIntervalSince(start) / 3600 }
}
