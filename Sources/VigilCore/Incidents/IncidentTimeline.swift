import Foundation

/// The five times of an incident (start, detected, acknowledged, mitigated, resolved) and
/// the status moves that set them. Time to detect and to acknowledge run from the time
/// before; time to mitigate and to resolve run from `start` (docs/incidents.md).
public struct IncidentTimes: Hashable, Sendable, Codable {
    /// Impact began.
    public var start: Date
    /// Someone (or an alert) noticed.
    public var detected: Date?
    /// A human took it.
    public var acknowledged: Date?
    /// Impact stopped (a workaround, a rollback).
    public var mitigated: Date?
    /// Fixed.
    public var resolved: Date?

    public init(start: Date, detected: Date? = nil, acknowledged: Date? = nil, mitigated: Date? = nil, resolved: Date? = nil) {
        self.start = start
        self.detected = detected
        self.acknowledged = acknowledged
        self.mitigated = mitigated
        self.resolved = resolved
    }

    /// detected − start.
    public var timeToDetect: Duration? { detected.map { Self.span(start, $0) } }
    /// acknowledged − detected.
    public var timeToAcknowledge: Duration? { acknowledged.flatMap { acknowledged in detected.map { Self.span($0, acknowledged) } } }
    /// mitigated − start.
    public var timeToMitigate: Duration? { mitigated.map { Self.span(start, $0) } }
    /// resolved − start.
    public var timeToResolve: Duration? { resolved.map { Self.span(start, $0) } }

    /// `to − from`, to the millisecond.
    public static func span(_ from: Date, _ to: Date) -> Duration {
        .milliseconds(Int64((to.timeIntervalSince(from) * 1000).rounded()))
    }
}

/// The status machine with its side effects on the times.
public enum IncidentLifecycle {
    /// Moves `status` to `next` at `now`, filling the times a move implies: leaving
    /// `investigating` means it was detected and acknowledged; `monitoring` means
    /// mitigated; `resolved` sets resolved (and mitigated, if it was never set).
    /// Re-opening clears `resolved`. Closing needs `postmortemSatisfied`.
    /// - Throws: ``IncidentTransitionError`` for a move that is not allowed.
    public static func move(
        _ status: IncidentStatus, to next: IncidentStatus, times: inout IncidentTimes, at now: Date,
        postmortemSatisfied: Bool = true
    ) throws(IncidentTransitionError) -> IncidentStatus {
        guard status.allowedNext.contains(next) else {
            throw IncidentTransitionError(from: status, to: next, allowed: status.allowedNext, needsPostmortem: false)
        }
        if next == .closed && !postmortemSatisfied {
            throw IncidentTransitionError(from: status, to: next, allowed: status.allowedNext, needsPostmortem: true)
        }
        switch next {
        case .investigating:
            times.resolved = nil
        case .identified:
            times.detected = times.detected ?? now
            times.acknowledged = times.acknowledged ?? now
        case .monitoring:
            times.detected = times.detected ?? now
            times.acknowledged = times.acknowledged ?? now
            times.mitigated = times.mitigated ?? now
        case .resolved:
            times.detected = times.detected ?? now
            times.acknowledged = times.acknowledged ?? now
            times.mitigated = times.mitigated ?? now
            times.resolved = now
        case .closed:
            break
        }
        return next
    }
}
