import Foundation

/// A change to who is on call over `[start, end)`, applied over what the layers say.
public struct ScheduleOverride: Hashable, Sendable, Codable {
    public enum Change: Hashable, Sendable, Codable {
        /// Put this person on call beside whoever is.
        case add(String)
        /// Take this person off call (which may leave nobody).
        case remove(String)
        /// Put `with` where `person` would be; a `nil` person replaces everyone.
        case replace(person: String?, with: String)
    }

    /// Stable id (`cfg-1` for one in the configuration; the store's for the API's).
    public var id: String
    public var schedule: String
    public var change: Change
    public var start: Date
    public var end: Date
    public var createdBy: String?
    public var reason: String?
    /// Set when someone cancelled it: it then changes nothing.
    public var cancelledAt: Date?
    public var cancelledBy: String?

    public init(id: String, schedule: String, change: Change, start: Date, end: Date, createdBy: String? = nil, reason: String? = nil) {
        self.id = id
        self.schedule = schedule
        self.change = change
        self.start = start
        self.end = end
        self.createdBy = createdBy
        self.reason = reason
    }

    /// Everyone the override names.
    public var people: [String] {
        switch change {
        case .add(let person), .remove(let person): [person]
        case .replace(let person, let with): [person, with].compactMap { $0 }
        }
    }

    /// The people on call after this override, given `people` before it.
    func apply(to people: [String]) -> [String] {
        switch change {
        case .add(let person): return people.contains(person) ? people : people + [person]
        case .remove(let person): return people.filter { $0 != person }
        case .replace(nil, let with): return [with]
        case .replace(let person?, let with):
            guard people.contains(person) else { return people }
            var replaced: [String] = []
            for name in people where !replaced.contains(name == person ? with : name) { replaced.append(name == person ? with : name) }
            return replaced
        }
    }

    /// A short human description: `Kim Lee instead of Dana Reyes`.
    public var summary: String {
        switch change {
        case .add(let person): "\(person) added"
        case .remove(let person): "\(person) removed"
        case .replace(nil, let with): "\(with) instead of everyone"
        case .replace(let person?, let with): "\(with) instead of \(person)"
        }
    }
}
