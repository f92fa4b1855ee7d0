import Foundation

/// Mutes matching alerts between two times; who made it and why are kept.
public struct Silence: Hashable, Sendable {
    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String

    public init(id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, createdBy: String, comment: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// Whether it is in force at `now`.
    public func isActive(at now: Date) -> Bool { startsAt <= now && now < endsAt }

    /// Whether it mutes `labels` at `now`. A silence with no matchers mutes nothing (the
    /// API refuses one: it would silence everything by accident).
    public func mutes(_ labels: LabelSet, at now: Date) -> Bool {
        isActive(at: now) && !matchers.isEmpty && matchers.matches(labels)
    }
}

/// Someone has taken an alert: its repeats stop (new alerts in its group still notify).
public struct Acknowledgement: Hashable, Sendable, Codable {
    public var fingerprint: String
    public var by: String
    public var at: Date
    public var comment: String?

    public init(fingerprint: String, by: String, at: Date, comment: String? = nil) {
        self.fingerprint = fingerprint
        self.by = by
        self.at = at
        self.comment = comment
    }
}
