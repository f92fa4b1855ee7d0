import Foundation

/// Decides which notifications go out when: routes alerts into groups, waits and
/// batches by each route's timers, applies silences, inhibitions and
/// acknowledgements, and sends a group only when it has news or is due a repeat
/// (Alertmanager's rules; see docs/alerting.md). A value with no clock and no I/O: the
/// caller feeds it alerts and instants. Its ``state`` is Codable so the server can store
/// it in the same transaction as the notifications it made.
public struct NotificationDispatcher: Sendable {
    public var root: AlertRoute
    public var inhibitRules: [InhibitRule]
    public private(set) var state: State

    /// What the dispatcher remembers between flushes.
    public struct State: Hashable, Sendable, Codable {
        /// Alerts it knows, by fingerprint: firing ones, and resolved ones not yet flushed.
        public var alerts: [String: Alert] = [:]
        public var groups: [String: AlertGroupState] = [:]
        /// Numbers notifications, for idempotency keys that never repeat.
        public var sequence: Int = 0

        public init() {}
    }

    public init(root: AlertRoute, inhibitRules: [InhibitRule] = InhibitRule.defaults, state: State = State()) {
        self.root = root
        self.inhibitRules = inhibitRules
        self.state = state
    }

    /// When ``flush(at:silences:acknowledged:)`` next has something to look at.
    public var nextFlush: Date? { state.groups.values.map(\.nextFlush).min() }

    /// Takes a new or updated alert. A resolved alert it never saw firing is ignored;
    /// alerts of class `log` are recorded by the caller, never sent.
    public mutating func receive(_ alert: Alert, at now: Date) {
        let fingerprint = alert.fingerprint
        var merged = alert
        if let known = state.alerts[fingerprint] {
            merged.startsAt = min(known.startsAt, alert.startsAt)
        } else if !alert.isFiring(at: now) {
            return
        }
        guard merged.notificationClass != .log else { return }
        state.alerts[fingerprint] = merged
        for route in root.matchingRoutes(for: merged.labels) {
            let groupLabels = route.groupLabels(of: merged.labels)
            let key = Self.groupKey(route: route, groupLabels: groupLabels)
            var group = state.groups[key] ?? AlertGroupState(key: key, route: route, groupLabels: groupLabels, firstSeen: now)
            group.members.insert(fingerprint)
            // An alert that began longer than group_wait ago (a restart, a late source)
            // needs no more waiting.
            if !group.hasFlushed && merged.startsAt.addingTimeInterval(route.groupWait.inSeconds) <= now { group.nextFlush = min(group.nextFlush, now) }
            state.groups[key] = group
        }
    }

    /// Replaces the routing tree and inhibition rules (a reload): every known alert is
    /// routed again; groups that still exist keep what they last sent, others go.
    public mutating func reconfigure(root: AlertRoute, inhibitRules: [InhibitRule], at now: Date) {
        self.root = root
        self.inhibitRules = inhibitRules
        let old = state.groups
        state.groups = [:]
        for alert in state.alerts.values.sorted(by: { $0.fingerprint < $1.fingerprint }) { receive(alert, at: now) }
        for (key, group) in state.groups {
            guard let previous = old[key] else { continue }
            var kept = previous
            kept.members = group.members
            kept.timers = group.timers
            state.groups[key] = kept
        }
    }

    /// The notifications due at `now`, in group-key order; advances every due group's
    /// timers and forgets alerts whose resolution has been dealt with.
    /// - Parameters:
    ///   - silences: silences to apply (inactive ones are ignored).
    ///   - acknowledged: fingerprints someone has acknowledged; a group whose firing
    ///     alerts are all acknowledged does not repeat.
    public mutating func flush(at now: Date, silences: [Silence] = [], acknowledged: Set<String> = []) -> [AlertNotification] {
        let firingNow = state.alerts.values.filter { $0.isFiring(at: now) }
        var notifications: [AlertNotification] = []
        for key in state.groups.keys.sorted() {
            guard var group = state.groups[key], group.nextFlush <= now else { continue }
            var firing: [Alert] = []
            var resolved: [Alert] = []
            for fingerprint in group.members.sorted() {
                guard let alert = state.alerts[fingerprint] else { continue }
                let muted = silences.contains { $0.mutes(alert.labels, at: now) } || inhibitRules.contains { $0.inhibits(alert, among: firingNow) }
                if muted { continue }
                if alert.isFiring(at: now) {
                    firing.append(alert)
                } else if group.lastFiring.contains(fingerprint) || group.lastResolved.contains(fingerprint) {
                    // Only resolutions of alerts the receiver was told about.
                    resolved.append(alert)
                }
            }
            let firingSet = Set(firing.map(\.fingerprint))
            let resolvedSet = Set(resolved.map(\.fingerprint))
            if let isRepeat = group.news(firing: firingSet, resolved: resolvedSet, at: now, acknowledged: acknowledged) {
                state.sequence += 1
                notifications.append(
                    AlertNotification(
                        receiver: group.receiver, groupKey: key, groupLabels: group.groupLabels,
                        status: firing.isEmpty ? .resolved : .firing, alerts: firing + resolved,
                        notificationClass: (firing.isEmpty ? resolved : firing).map(\.notificationClass).max() ?? .alert,
                        idempotencyKey: "\(Alert.fingerprint(of: ["group": key]))-\(state.sequence)", createdAt: now, isRepeat: isRepeat))
                group.lastFiring = firingSet
                group.lastResolved = resolvedSet
                group.lastNotifiedAt = now
            }
            // Resolved alerts leave the group once looked at; an empty group ends.
            group.members = group.members.filter { state.alerts[$0]?.isFiring(at: now) == true }
            group.hasFlushed = true
            group.nextFlush = now.addingTimeInterval(group.timers.groupInterval.inSeconds)
            state.groups[key] = group.members.isEmpty ? nil : group
        }
        let grouped = state.groups.values.reduce(into: Set<String>()) { $0.formUnion($1.members) }
        state.alerts = state.alerts.filter { $0.value.isFiring(at: now) || grouped.contains($0.key) }
        return notifications
    }

    /// `<route id>:{name="value",…}` with the group labels in name order.
    static func groupKey(route: AlertRoute, groupLabels: LabelSet) -> String {
        let pairs = groupLabels.keys.sorted().map { name in
            (try? LabelMatcher(name: name, op: .equal, value: groupLabels[name]!))?.description ?? name
        }
        return "\(route.id):{\(pairs.joined(separator: ","))}"
    }
}

/// One alert group's members, timers and what it last sent.
public struct AlertGroupState: Hashable, Sendable, Codable {
    public struct Timers: Hashable, Sendable, Codable {
        public var groupWait: Duration
        public var groupInterval: Duration
        public var repeatInterval: Duration
    }

    public var key: String
    public var receiver: String
    public var groupLabels: LabelSet
    public var timers: Timers
    /// Fingerprints of the alerts in it.
    public var members: Set<String> = []
    public var nextFlush: Date
    public var hasFlushed = false
    /// What the last notification said fires, and had resolved.
    public var lastFiring: Set<String> = []
    public var lastResolved: Set<String> = []
    public var lastNotifiedAt: Date?

    init(key: String, route: AlertRoute, groupLabels: LabelSet, firstSeen: Date) {
        self.key = key
        self.receiver = route.receiver
        self.groupLabels = groupLabels
        self.timers = Timers(groupWait: route.groupWait, groupInterval: route.groupInterval, repeatInterval: route.repeatInterval)
        self.nextFlush = firstSeen.addingTimeInterval(route.groupWait.inSeconds)
    }

    /// Whether a notification is due: `false` for news, `true` for a repeat, `nil` for
    /// none. News is an alert firing that the last notification did not list, or
    /// everything having resolved, or a resolution not yet told.
    func news(firing: Set<String>, resolved: Set<String>, at now: Date, acknowledged: Set<String>) -> Bool? {
        if firing.isEmpty && resolved.isEmpty { return nil }
        guard let last = lastNotifiedAt else { return firing.isEmpty ? nil : false }
        if !firing.isSubset(of: lastFiring) { return false }
        if firing.isEmpty && !lastFiring.isEmpty { return false }
        if !resolved.isSubset(of: lastResolved) { return false }
        let repeatDue = now >= last.addingTimeInterval(timers.repeatInterval.inSeconds)
        if !firing.isEmpty && repeatDue && !firing.isSubset(of: acknowledged) { return true }
        return nil
    }
}
