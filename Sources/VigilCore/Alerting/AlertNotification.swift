import Foundation

/// One message to one receiver about one alert group: what fires, what resolved.
public struct AlertNotification: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// At least one alert of the group fires.
        case firing
        /// Every alert in it has resolved.
        case resolved
    }

    public var receiver: String
    /// The group's identity: the route's place in the tree and the group labels.
    public var groupKey: String
    public var groupLabels: LabelSet
    public var status: Status
    /// Firing alerts first, then resolved ones, each in fingerprint order.
    public var alerts: [Alert]
    /// The most urgent class among the firing alerts (among all when none fires).
    public var notificationClass: NotificationClass
    /// Fixed when the notification is made, the same on every retry, so a receiver can
    /// drop a second copy.
    public var idempotencyKey: String
    public var createdAt: Date
    /// Sent only because `repeat_interval` passed, with nothing new.
    public var isRepeat: Bool
    /// Set on a page an escalation sent to a person: which step, and the links that
    /// acknowledge and resolve it.
    public var page: PageContext?

    public init(
        receiver: String, groupKey: String, groupLabels: LabelSet, status: Status, alerts: [Alert],
        notificationClass: NotificationClass, idempotencyKey: String, createdAt: Date, isRepeat: Bool
    ) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.status = status
        self.alerts = alerts
        self.notificationClass = notificationClass
        self.idempotencyKey = idempotencyKey
        self.createdAt = createdAt
        self.isRepeat = isRepeat
    }

    /// Labels every alert in the notification shares.
    public var commonLabels: LabelSet { Self.common(alerts.map(\.labels)) }
    /// Annotations every alert in the notification shares.
    public var commonAnnotations: LabelSet { Self.common(alerts.map(\.annotations)) }

    /// The alerts still firing when the notification was made.
    public var firing: [Alert] { alerts.filter { $0.endsAt == nil || $0.endsAt! > createdAt } }

    public var firingCount: Int { firing.count }

    static func common(_ sets: [LabelSet]) -> LabelSet {
        guard var shared = sets.first else { return [:] }
        for set in sets.dropFirst() { shared = shared.filter { set[$0.key] == $0.value } }
        return shared
    }
}

/// What a page from an escalation adds to a notification.
public struct PageContext: Hashable, Sendable, Codable {
    public var escalationID: String
    public var policy: String
    public var kind: EscalationDelivery.Kind
    /// 0-based, as in ``Escalation/Page``.
    public var step: Int
    public var round: Int
    /// The person paged (`nil` for a receiver target).
    public var person: String?
    /// One-click links (single use, expiring); `nil` on resolutions.
    public var acknowledgeURL: String?
    public var resolveURL: String?
    public var linksExpireAt: Date?

    public init(
        escalationID: String, policy: String, kind: EscalationDelivery.Kind, step: Int, round: Int, person: String?, acknowledgeURL: String?,
        resolveURL: String?, linksExpireAt: Date?
    ) {
        self.escalationID = escalationID
        self.policy = policy
        self.kind = kind
        self.step = step
        self.round = round
        self.person = person
        self.acknowledgeURL = acknowledgeURL
        self.resolveURL = resolveURL
        self.linksExpireAt = linksExpireAt
    }
}
