/// Where an incident stands. Forward is the usual path; a few steps back are allowed
/// because diagnoses are wrong and fixes regress.
public enum IncidentStatus: String, Hashable, Sendable, CaseIterable, Codable {
    case investigating, identified, monitoring, resolved
    /// After the postmortem (when one is required) — nothing changes a closed incident.
    case closed

    /// The statuses this one may move to.
    public var allowedNext: [IncidentStatus] {
        switch self {
        case .investigating: [.identified, .monitoring, .resolved]
        case .identified: [.investigating, .monitoring, .resolved]
        case .monitoring: [.investigating, .identified, .resolved]
        case .resolved: [.investigating, .closed]
        case .closed: []
        }
    }

    /// Whether the incident is still open (impact not over).
    public var isOpen: Bool { self != .resolved && self != .closed }
}

/// A refused status change, with the moves that were allowed (the API answers 409).
public struct IncidentTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let from: IncidentStatus
    public let to: IncidentStatus
    public let allowed: [IncidentStatus]
    /// Set when `to` is `closed` and a required postmortem is not final yet.
    public let needsPostmortem: Bool

    public var description: String {
        if needsPostmortem { return "this incident needs a final postmortem before it can be closed" }
        let options = allowed.map(\.rawValue).joined(separator: ", ")
        return "cannot go from \(from.rawValue) to \(to.rawValue); \(allowed.isEmpty ? "a \(from.rawValue) incident does not change" : "allowed: \(options)")"
    }
}
