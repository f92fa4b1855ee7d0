import Foundation

/// Runs escalations: takes the notifications the dispatcher addressed to an escalation
/// policy, pages each step's targets, waits each step's delay for an acknowledgement,
/// repeats, and stops on acknowledgement or resolution (docs/oncall.md). A value with no
/// clock and no I/O, like ``NotificationDispatcher``: the caller gives it instants, the
/// acknowledgements it knows and who each schedule has on call, and commits its
/// ``state`` in the same transaction as the deliveries it returns — so a restart or a
/// fail-over neither repeats a step nor skips one.
public struct EscalationBook: Sendable {
    public var policies: [String: EscalationPolicy]
    public private(set) var state: State

    public struct State: Hashable, Sendable, Codable {
        public var escalations: [String: Escalation] = [:]
        /// Numbers escalations (their ids) and update messages (their keys).
        public var sequence = 0

        public init() {}
    }

    /// An acknowledgement the caller knows of: who, and when.
    public struct Acknowledger: Hashable, Sendable {
        public var by: String
        public var at: Date

        public init(by: String, at: Date) {
            self.by = by
            self.at = at
        }
    }

    /// How long an ended escalation is kept for pages and the API.
    public static let retention: TimeInterval = 7 * 86_400

    public init(policies: [EscalationPolicy], state: State = State()) {
        self.policies = Dictionary(policies.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.state = state
    }

    /// The escalation still open (or acknowledged) for a group.
    public func current(groupKey: String) -> Escalation? {
        state.escalations.values.filter { $0.groupKey == groupKey && $0.endedAt == nil }.max { $0.startedAt < $1.startedAt }
    }

    /// When ``advance(at:acknowledgements:onCall:)`` next has a step to send.
    public var nextDue: Date? { state.escalations.values.filter { $0.status == .active }.compactMap(\.nextAt).min() }

    // MARK: Notifications in

    /// A notification the dispatcher made for a receiver that is an escalation policy.
    /// Starts an escalation (its first step goes out at once), tells those already paged
    /// the news, or ends the escalation when the group resolved.
    /// - Returns: the deliveries and the events to record.
    public mutating func take(_ notification: AlertNotification, at now: Date) -> (deliveries: [EscalationDelivery], events: [EscalationEvent]) {
        let existing = current(groupKey: notification.groupKey)
        if notification.status == .resolved {
            guard var escalation = existing else { return ([], []) }
            escalation.notification = notification
            return end(&escalation, by: nil, at: now)
        }
        if var escalation = existing {
            let firing = Set(notification.firing.map(\.fingerprint))
            if escalation.status == .acknowledged {
                // News the acknowledgement did not cover is a new page.
                if firing.isSubset(of: escalation.acknowledgedAlerts) { return ([], []) }
                escalation.endedAt = now
                escalation.nextAt = nil
                state.escalations[escalation.id] = escalation
            } else {
                escalation.notification = notification
                state.escalations[escalation.id] = escalation
                // An active escalation repeats by its own steps; the dispatcher's repeat is
                // for the ones that ran out.
                if notification.isRepeat && escalation.status == .active { return ([], []) }
                return (updates(escalation, kind: .update), [])
            }
        }
        guard let policy = policies[notification.receiver] else { return ([], []) }
        state.sequence += 1
        let escalation = Escalation(
            id: "esc-\(state.sequence)", policy: policy.name, groupKey: notification.groupKey, notification: notification, startedAt: now,
            status: .active, step: 0, round: 0, nextAt: now)
        state.escalations[escalation.id] = escalation
        return ([], [EscalationEvent(escalationID: escalation.id, policy: policy.name, groupKey: escalation.groupKey, kind: .started, at: now)])
    }

    // MARK: Time passing

    /// Sends every step that is due at `now` and stops escalations whose firing alerts
    /// are all acknowledged.
    /// - Parameters:
    ///   - acknowledgements: by alert fingerprint.
    ///   - onCall: who a schedule has on call at an instant.
    public mutating func advance(
        at now: Date, acknowledgements: [String: Acknowledger], onCall: (String, Date) -> [String]
    ) -> (deliveries: [EscalationDelivery], events: [EscalationEvent]) {
        var deliveries: [EscalationDelivery] = []
        var events: [EscalationEvent] = []
        for id in state.escalations.keys.sorted(by: Self.idOrder) {
            guard var escalation = state.escalations[id], escalation.isOpen else { continue }
            let firing = escalation.firingAlerts
            if !firing.isEmpty, firing.allSatisfy({ acknowledgements[$0] != nil }) {
                let latest = firing.compactMap { acknowledgements[$0] }.max { $0.at < $1.at }!
                events += acknowledge(&escalation, by: latest.by, at: latest.at, alerts: firing)
                continue
            }
            guard escalation.status == .active, let due = escalation.nextAt, due <= now else { continue }
            guard let policy = policies[escalation.policy], !policy.steps.isEmpty else {
                // The policy went away in a reload: nothing left to page with.
                escalation.status = .exhausted
                escalation.nextAt = nil
                state.escalations[id] = escalation
                events.append(event(escalation, .exhausted, at: now))
                continue
            }
            if escalation.finalStepSent {
                escalation.status = .exhausted
                escalation.nextAt = nil
                state.escalations[id] = escalation
                events.append(event(escalation, .exhausted, at: now))
                continue
            }
            // A step that reaches nobody (a schedule gap) moves on at once, but at most a
            // round's worth, so a policy that reaches nobody still waits its delays.
            for _ in 0..<policy.steps.count {
                let (sent, stepEvents) = send(&escalation, policy: policy, at: now, onCall: onCall)
                deliveries += sent
                events += stepEvents
                if !sent.isEmpty || escalation.finalStepSent { break }
            }
            state.escalations[id] = escalation
        }
        return (deliveries, events)
    }

    /// Sends the escalation's next step and moves its pointer on.
    mutating func send(
        _ escalation: inout Escalation, policy: EscalationPolicy, at now: Date, onCall: (String, Date) -> [String]
    ) -> ([EscalationDelivery], [EscalationEvent]) {
        let step = policy.steps[min(escalation.step, policy.steps.count - 1)]
        let (index, round) = (min(escalation.step, policy.steps.count - 1), escalation.round)
        var reached: [Escalation.Recipient] = []
        var events: [EscalationEvent] = []
        for target in step.targets {
            var found: [Escalation.Recipient] = []
            switch target {
            case .person(let name): found = [.person(name)]
            case .receiver(let name): found = [.receiver(name)]
            case .schedule(let name): found = onCall(name, now).map { .person($0) }
            }
            if found.isEmpty {
                escalation.pages.append(Escalation.Page(step: index, round: round, target: target, recipient: nil, at: now))
                if case .schedule(let name) = target { events.append(event(escalation, .unreachable, at: now, step: index, round: round, detail: name)) }
            }
            for recipient in found where !reached.contains(recipient) {
                reached.append(recipient)
                escalation.pages.append(Escalation.Page(step: index, round: round, target: target, recipient: recipient, at: now))
            }
        }
        let deliveries = reached.map { recipient in
            EscalationDelivery(
                escalationID: escalation.id, kind: .page, recipient: recipient, step: index, round: round, notification: escalation.notification,
                key: "\(escalation.id)-r\(round)s\(index)-\(Self.slug(recipient))")
        }
        for recipient in reached {
            var paged = event(escalation, .paged, at: now, step: index, round: round)
            switch recipient {
            case .person(let name): paged.person = name
            case .receiver(let name): paged.receiver = name
            }
            events.append(paged)
        }
        escalation.nextAt = now.addingTimeInterval(step.delay.inSeconds)
        escalation.step += 1
        if escalation.step >= policy.steps.count {
            if escalation.round >= policy.repeatCount {
                escalation.finalStepSent = true
            } else {
                escalation.step = 0
                escalation.round += 1
            }
        }
        return (deliveries, events)
    }

    // MARK: People acting

    /// Somebody acknowledged the escalation `id` (by link, API or CLI). `false` when it is
    /// unknown or no longer open.
    public mutating func acknowledge(id: String, by: String, at now: Date) -> [EscalationEvent]? {
        guard var escalation = state.escalations[id], escalation.isOpen else { return nil }
        return acknowledge(&escalation, by: by, at: now, alerts: escalation.firingAlerts)
    }

    /// Somebody used the resolve link: the escalation ends and everyone paged hears it.
    public mutating func resolve(id: String, by: String, at now: Date) -> (deliveries: [EscalationDelivery], events: [EscalationEvent])? {
        guard var escalation = state.escalations[id], escalation.endedAt == nil else { return nil }
        return end(&escalation, by: by, at: now)
    }

    /// Forgets escalations that ended more than ``retention`` ago.
    public mutating func prune(at now: Date) {
        state.escalations = state.escalations.filter { $0.value.endedAt.map { now.timeIntervalSince($0) < Self.retention } ?? true }
    }

    // MARK: Helpers

    mutating func acknowledge(_ escalation: inout Escalation, by: String, at: Date, alerts: Set<String>) -> [EscalationEvent] {
        escalation.status = .acknowledged
        escalation.acknowledgedBy = by
        escalation.acknowledgedAt = at
        escalation.acknowledgedAlerts = alerts
        escalation.nextAt = nil
        state.escalations[escalation.id] = escalation
        var acknowledged = event(escalation, .acknowledged, at: at)
        acknowledged.person = by
        return [acknowledged]
    }

    mutating func end(_ escalation: inout Escalation, by: String?, at now: Date) -> ([EscalationDelivery], [EscalationEvent]) {
        escalation.status = .resolved
        escalation.resolvedBy = by
        escalation.endedAt = now
        escalation.nextAt = nil
        state.escalations[escalation.id] = escalation
        var resolved = event(escalation, .resolved, at: now)
        resolved.person = by
        return (updates(escalation, kind: .resolved), [resolved])
    }

    /// One message of `kind` to everyone paged so far.
    mutating func updates(_ escalation: Escalation, kind: EscalationDelivery.Kind) -> [EscalationDelivery] {
        let recipients = escalation.recipients
        guard !recipients.isEmpty else { return [] }
        state.sequence += 1
        let last = escalation.pages.last
        return recipients.map { recipient in
            EscalationDelivery(
                escalationID: escalation.id, kind: kind, recipient: recipient, step: last?.step ?? 0, round: last?.round ?? 0,
                notification: escalation.notification, key: "\(escalation.id)-\(kind.rawValue)\(state.sequence)-\(Self.slug(recipient))")
        }
    }

    func event(_ escalation: Escalation, _ kind: EscalationEvent.Kind, at: Date, step: Int? = nil, round: Int? = nil, detail: String? = nil)
        -> EscalationEvent
    {
        var event = EscalationEvent(
            escalationID: escalation.id, policy: escalation.policy, groupKey: escalation.groupKey, kind: kind, at: at, step: step, round: round,
            detail: detail)
        event.service = escalation.notification.commonLabels["service"]
        return event
    }

    /// A recipient as a key fragment: letters, digits and dashes.
    static func slug(_ recipient: Escalation.Recipient) -> String {
        let (prefix, name) =
            switch recipient {
            case .person(let name): ("p", name)
            case .receiver(let name): ("r", name)
            }
        let cleaned = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return prefix + ":" + String(cleaned) + ":" + Alert.fingerprint(of: ["n": name]).prefix(6)
    }

    /// `esc-2` before `esc-10`.
    static func idOrder(_ a: String, _ b: String) -> Bool {
        let number = { (id: String) in Int(id.dropFirst(4)) ?? 0 }
        return (number(a), a) < (number(b), b)
    }
}
