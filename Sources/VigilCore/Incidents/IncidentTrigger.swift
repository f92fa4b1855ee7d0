import Foundation

/// A page that the routing policy says should open an incident (`open_incident:` on
/// its route): the receiver has been told about firing pages of this group.
public struct IncidentOpening: Hashable, Sendable {
    /// The notifier's group key: one incident per group and firing episode.
    public var groupKey: String
    public var severity: String
    /// The group's firing pages, oldest first.
    public var alerts: [Alert]

    /// When the earliest of them began to fire (the incident's `detected`).
    public var firingSince: Date { alerts.map(\.startsAt).min() ?? .distantPast }

    public init(groupKey: String, severity: String, alerts: [Alert]) {
        self.groupKey = groupKey
        self.severity = severity
        self.alerts = alerts
    }
}

/// What to do about an ``IncidentOpening`` given the incidents already opened for its group.
public enum IncidentTriggerDecision: Hashable, Sendable {
    /// No incident covers this episode: open one.
    case open
    /// An open incident covers the group: link the alerts it does not have yet.
    case link(incident: Int64, fingerprints: [String])
    /// Nothing to do: everything is linked, or this episode's incident was already
    /// resolved by hand while the page still fires (reopening is a human's call).
    case none

    /// - Parameter existing: incidents opened from `opening.groupKey`, any order.
    public static func decide(_ opening: IncidentOpening, existing: [Incident]) -> IncidentTriggerDecision {
        if let open = existing.filter({ $0.status.isOpen }).max(by: { $0.id < $1.id }) {
            let missing = opening.alerts.map(\.fingerprint).filter { !open.alerts.contains($0) }
            return missing.isEmpty ? .none : .link(incident: open.id, fingerprints: missing)
        }
        // An incident made for this episode (created after it began firing) was closed
        // or resolved by a person: do not open another for the same firing.
        if existing.contains(where: { $0.createdAt >= opening.firingSince }) { return .none }
        return .open
    }
}

extension NotificationDispatcher {
    /// The groups on routes with `open_incident` whose receiver has been told that pages
    /// fire — opened when the page goes out, after `group_wait`, like a person would.
    /// Level-triggered (from the state, not from a flush), so a crash between the page
    /// and the incident still opens it on the next tick.
    public func incidentOpenings(at now: Date) -> [IncidentOpening] {
        var openings: [IncidentOpening] = []
        for (key, group) in state.groups.sorted(by: { $0.key < $1.key }) {
            guard let route = root.route(id: AlertRoute.routeID(ofGroupKey: key)), let severity = route.openIncident else { continue }
            let pages = group.lastFiring.compactMap { state.alerts[$0] }
                .filter { $0.isFiring(at: now) && $0.notificationClass == .alert }
                .sorted { ($0.startsAt, $0.fingerprint) < ($1.startsAt, $1.fingerprint) }
            if !pages.isEmpty { openings.append(IncidentOpening(groupKey: key, severity: severity, alerts: pages)) }
        }
        return openings
    }
}

/// When impact began, estimated from an SLO's minutes: the first minute of the unbroken
/// run of minutes over the error budget's rate (error ratio above `1 − T`) that reaches
/// up to detection, looking back at most `lookback` (the alert's long window). A burn
/// alert fires some time after errors start; this gives time-to-detect a real value
/// rather than zero. Responders can still correct `start` by hand.
public enum ImpactStart {
    /// - Parameters:
    ///   - counts: the counts of a minute (zero counts for no data).
    /// - Returns: the estimated start, `detected` itself when the minute before it was
    ///   within budget.
    public static func estimate(detected: Date, lookback: Duration, allowedErrorRatio: Double, counts: (EpochMinute) -> EventCounts) -> Date {
        let detectedMinute = detected.epochMinute
        let earliest = detectedMinute - max(1, lookback.wholeMinutes)
        var start: EpochMinute?
        var minute = detectedMinute
        // Detection happens at or after the end of a bad minute: walk back from there.
        while minute > earliest {
            minute -= 1
            let minuteCounts = counts(minute)
            guard let ratio = minuteCounts.errorRatio, ratio > allowedErrorRatio else { break }
            start = minute
        }
        guard let start else { return detected }
        return min(detected, Date(epochMinute: start))
    }
}
