import Foundation

/// A change asked of an incident (by the API, the CLI or the notifier), applied to the
/// stored value with the timeline lines it makes. Pure, so the store can apply it inside
/// its transaction.
public enum IncidentChange: Sendable {
    case status(IncidentStatus)
    case severity(String)
    /// Assigns a role; `nil` person frees it.
    case role(String, person: String?)
    case note(String)
    /// Links alerts (fingerprints) with what they say.
    case linkAlerts([(fingerprint: String, summary: String)])
    /// Sets one of the five times by hand (`start`, `detected`, …) — responders often
    /// learn when impact really began only later.
    case time(IncidentTimeField, Date)
    case dataLoss(Bool)
}

/// The five times, by name.
public enum IncidentTimeField: String, Hashable, Sendable, CaseIterable, Codable {
    case start, detected, acknowledged, mitigated, resolved
}

/// A change that cannot be applied; the API answers 409 (a refused move) or 400.
public enum IncidentChangeError: Error, Hashable, Sendable, CustomStringConvertible {
    case transition(IncidentTransitionError)
    case unknownSeverity(String, known: [String])
    case unknownRole(String, known: [String])
    case timeOrder(String)
    case closed

    public var description: String {
        switch self {
        case .transition(let error): error.description
        case .unknownSeverity(let value, let known): Suggestion.unknown("severity", value, expected: known)
        case .unknownRole(let value, let known): Suggestion.unknown("role", value, expected: known)
        case .timeOrder(let message): message
        case .closed: "a closed incident does not change"
        }
    }
}

/// What an incident may hold: the configured severities and roles.
public struct IncidentVocabulary: Hashable, Sendable {
    public var severities: [String]
    public var roles: [String]

    public init(severities: [String] = ["SEV1", "SEV2", "SEV3", "SEV4"], roles: [String] = ["commander", "communications", "scribe", "operations"]) {
        self.severities = severities
        self.roles = roles
    }
}

extension Incident {
    /// Applies `change` at `now` by `author` and returns the timeline lines it makes.
    /// - Parameter postmortemSatisfied: whether closing is allowed (no postmortem is
    ///   required, or the required one is final).
    public mutating func apply(
        _ change: IncidentChange, at now: Date, by author: String, vocabulary: IncidentVocabulary,
        postmortemSatisfied: Bool = true
    ) throws(IncidentChangeError) -> [IncidentTimelineEntry] {
        if status == .closed { throw .closed }
        func line(_ kind: IncidentTimelineEntry.Kind, _ text: String) -> IncidentTimelineEntry {
            IncidentTimelineEntry(incident: id, at: now, kind: kind, author: author, text: text)
        }
        switch change {
        case .status(let next):
            // Asking again for the status it has is a retry, not a move: no change.
            if next == status { return [] }
            let previous = status
            do {
                status = try IncidentLifecycle.move(status, to: next, times: &times, at: now, postmortemSatisfied: postmortemSatisfied)
            } catch { throw .transition(error) }
            return [line(.status, "\(previous.rawValue) → \(next.rawValue)")]
        case .severity(let value):
            guard vocabulary.severities.contains(value) else { throw .unknownSeverity(value, known: vocabulary.severities) }
            guard value != severity else { return [] }
            let previous = severity
            severity = value
            return [line(.severity, "\(previous) → \(value)")]
        case .role(let role, let person):
            guard vocabulary.roles.contains(role) else { throw .unknownRole(role, known: vocabulary.roles) }
            guard roles[role] != person else { return [] }
            roles[role] = person
            return [line(.role, person.map { "\(role): \($0)" } ?? "\(role): unassigned")]
        case .note(let text):
            return [line(.note, text)]
        case .linkAlerts(let linked):
            var lines: [IncidentTimelineEntry] = []
            for alert in linked where !alerts.contains(alert.fingerprint) {
                alerts.append(alert.fingerprint)
                lines.append(line(.alert, "\(alert.summary) (alert \(alert.fingerprint))"))
            }
            return lines
        case .time(let field, let date):
            var candidate = times
            switch field {
            case .start: candidate.start = date
            case .detected: candidate.detected = date
            case .acknowledged: candidate.acknowledged = date
            case .mitigated: candidate.mitigated = date
            case .resolved:
                guard !status.isOpen else { throw .timeOrder("resolved is set by moving the incident to resolved") }
                candidate.resolved = date
            }
            if let problem = candidate.orderProblem { throw .timeOrder(problem) }
            times = candidate
            return [line(.times, "\(field.rawValue) time set to \(RFC3339.format(date))")]
        case .dataLoss(let value):
            guard value != dataLoss else { return [] }
            dataLoss = value
            return [line(.note, value ? "marked as having lost data" : "no longer marked as having lost data")]
        }
    }
}

extension IncidentTimes {
    /// Why the times are out of order (a time before `start`, acknowledged before
    /// detected, resolved before mitigated), or `nil` when they are in order.
    public var orderProblem: String? {
        let named: [(String, Date?)] = [("detected", detected), ("acknowledged", acknowledged), ("mitigated", mitigated), ("resolved", resolved)]
        for (name, time) in named {
            if let time, time < start { return "\(name) (\(RFC3339.format(time))) is before start (\(RFC3339.format(start)))" }
        }
        if let detected, let acknowledged, acknowledged < detected { return "acknowledged is before detected" }
        if let mitigated, let resolved, resolved < mitigated { return "resolved is before mitigated" }
        return nil
    }
}
