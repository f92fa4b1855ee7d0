import Foundation

/// One alert group's run through an escalation policy: which step is next and when, who
/// has been paged, and how it ended. Codable: it is part of the notifier's committed state.
public struct Escalation: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// Steps are still to go out, or the last one's delay is still running.
        case active
        /// Somebody acknowledged: no further step.
        case acknowledged
        /// The group resolved, or somebody used the resolve link.
        case resolved
        /// Every step of every round went out and nobody acknowledged.
        case exhausted
    }

    /// Someone (or something) a page went to.
    public enum Recipient: Hashable, Sendable, Codable, CustomStringConvertible {
        case person(String)
        case receiver(String)

        public var description: String {
            switch self {
            case .person(let name): name
            case .receiver(let name): "receiver \(name)"
            }
        }
    }

    /// One target of one step, as it went out: whom it reached (nobody: a schedule gap).
    public struct Page: Hashable, Sendable, Codable {
        public var step: Int
        public var round: Int
        public var target: EscalationPolicy.Target
        public var recipient: Recipient?
        public var at: Date
    }

    /// `esc-<n>`: unique within the notifier's state, part of links and idempotency keys.
    public var id: String
    public var policy: String
    public var groupKey: String
    /// The group's latest notification: what each page says.
    public var notification: AlertNotification
    public var startedAt: Date
    public var status: Status
    /// The next step to send (an index into the policy's steps) and its round (0 first).
    public var step: Int
    public var round: Int
    /// When the next step (or, after the last, the end) is due; `nil` once ended.
    public var nextAt: Date?
    /// Set once the last step of the last round went out.
    public var finalStepSent = false
    public var pages: [Page] = []
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    /// The firing alerts the acknowledgement covered: a new one starts a new escalation.
    public var acknowledgedAlerts: Set<String> = []
    public var endedAt: Date?
    /// Who used the resolve link (`nil` when the alerts resolved by themselves).
    public var resolvedBy: String?

    /// Everyone paged so far, in the order first paged.
    public var recipients: [Recipient] {
        var seen: [Recipient] = []
        for page in pages { if let recipient = page.recipient, !seen.contains(recipient) { seen.append(recipient) } }
        return seen
    }

    /// The fingerprints of the alerts the group's latest notification lists as firing.
    public var firingAlerts: Set<String> {
        Set(notification.firing.map(\.fingerprint))
    }

    /// What the page is about: each firing alert's summary (its name, or fingerprint, without one).
    public var summaries: [String] {
        notification.firing.map { $0.annotations["summary"] ?? $0.labels["alertname"] ?? $0.fingerprint }
    }

    public var isOpen: Bool { status == .active || status == .exhausted }
}

/// A message an escalation sends to one recipient.
public struct EscalationDelivery: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A step's page.
        case page
        /// News for a group already paged: sent to everyone paged so far.
        case update
        /// The group resolved (or was resolved by link).
        case resolved
    }

    public var escalationID: String
    public var kind: Kind
    public var recipient: Escalation.Recipient
    /// The step and round that paged (for updates and resolutions, the last one sent).
    public var step: Int
    public var round: Int
    public var notification: AlertNotification
    /// Unique per escalation, kind, step and recipient: the outbox's idempotency key.
    public var key: String
}

/// A change to an escalation worth a line in a timeline or log.
public struct EscalationEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case started, paged, unreachable, acknowledged, resolved, exhausted
    }

    public var escalationID: String
    public var policy: String
    public var groupKey: String
    public var kind: Kind
    public var at: Date
    public var step: Int?
    public var round: Int?
    /// Who was paged, acknowledged or resolved.
    public var person: String?
    public var receiver: String?
    /// For `unreachable`: the schedule with nobody on call.
    public var detail: String?
    /// The service the paging alerts share, for the on-call load per service.
    public var service: String?

    public init(
        escalationID: String, policy: String, groupKey: String, kind: Kind, at: Date, step: Int? = nil, round: Int? = nil, person: String? = nil,
        receiver: String? = nil, detail: String? = nil
    ) {
        self.escalationID = escalationID
        self.policy = policy
        self.groupKey = groupKey
        self.kind = kind
        self.at = at
        self.step = step
        self.round = round
        self.person = person
        self.receiver = receiver
        self.detail = detail
    }

    /// `paged Dana Reyes (step 1, round 1)` for timelines.
    public var summary: String {
        let position = step.map { " (step \($0 + 1)\(round.map { $0 > 0 ? ", round \($0 + 1)" : "" } ?? ""))" } ?? ""
        let who = person ?? receiver.map { "receiver \($0)" } ?? ""
        switch kind {
        case .started: return "escalation \(escalationID) started (policy \(policy))"
        case .paged: return "paged \(who)\(position)"
        case .unreachable: return "nobody on call in \(detail ?? "a schedule")\(position)"
        case .acknowledged: return "acknowledged by \(who.isEmpty ? "someone" : who)"
        case .resolved: return who.isEmpty ? "escalation \(escalationID) ended: the alerts resolved" : "resolved by \(who)"
        case .exhausted: return "escalation \(escalationID) exhausted: every step went out, nobody acknowledged"
        }
    }
}
