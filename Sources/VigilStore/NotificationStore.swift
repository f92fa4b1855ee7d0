import Foundation
import VigilCore

/// The notifier's durable memory: the dispatcher's state, the outbox of notifications
/// with every delivery attempt, silences, acknowledgements and the alert log.
public protocol NotificationStore: Sendable {
    /// The dispatcher state last committed (`nil` before the first).
    func notifierState() async throws -> Data?

    /// In **one** transaction: the notifier's new state (dispatcher and escalations), the
    /// notifications it made (each an outbox row, due at once), the alert events it saw
    /// and the escalation log. Deciding and recording cannot come apart: after a crash the
    /// same notifications are still due, and no escalation step goes out twice.
    func commitDispatch(state: Data, notifications: [AlertNotification], events: [AlertEvent], escalationEvents: [EscalationEvent], at now: Date)
        async throws

    /// Undelivered rows due at `now`, oldest first.
    func dueNotifications(at now: Date, limit: Int) async throws -> [OutboxEntry]

    /// When the next undelivered row is due, if any.
    func nextDueTime() async throws -> Date?

    /// Records one attempt and what follows from it.
    func recordAttempt(_ attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws

    /// Outbox rows, newest first, before cursor `before` (an id).
    func notifications(before: Int64?, limit: Int) async throws -> [OutboxEntry]

    /// The attempts made for one outbox row, oldest first.
    func deliveryAttempts(notification: Int64) async throws -> [DeliveryAttempt]

    func addSilence(_ silence: Silence, createdAt: Date) async throws
    /// Silences whose end is after `now` (with `includeExpired`, all of them), newest first.
    func silences(activeAt now: Date, includeExpired: Bool) async throws -> [Silence]
    /// Ends a silence at `now`; `false` when there is none with that id.
    func expireSilence(id: String, at now: Date) async throws -> Bool

    func acknowledge(_ acknowledgement: Acknowledgement) async throws
    func acknowledgements() async throws -> [Acknowledgement]
    /// Forgets acknowledgements of alerts that have resolved.
    func removeAcknowledgements(fingerprints: [String]) async throws

    /// Every acknowledgement made from `since` on (kept after the alert resolves).
    func acknowledgementLog(since: Date) async throws -> [Acknowledgement]

    /// Alert events from `since` on, oldest first (for the alert-noise report).
    func alertEvents(since: Date) async throws -> [AlertEvent]
}

/// A notification in the outbox and where its delivery stands.
public struct OutboxEntry: Hashable, Sendable {
    public var id: Int64
    public var notification: AlertNotification
    public var nextAttemptAt: Date?
    public var attempts: Int
    public var deliveredAt: Date?
    public var gaveUpAt: Date?
    public var lastError: String?

    public init(id: Int64, notification: AlertNotification, nextAttemptAt: Date?, attempts: Int, deliveredAt: Date?, gaveUpAt: Date?, lastError: String?) {
        self.id = id
        self.notification = notification
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.deliveredAt = deliveredAt
        self.gaveUpAt = gaveUpAt
        self.lastError = lastError
    }

    /// `pending`, `delivered` or `failed` (given up).
    public var state: String { deliveredAt != nil ? "delivered" : gaveUpAt != nil ? "failed" : "pending" }
}

/// One try at delivering an outbox row.
public struct DeliveryAttempt: Hashable, Sendable {
    public var notification: Int64
    public var at: Date
    public var success: Bool
    /// The receiver's HTTP status or SMTP reply code, when it answered.
    public var status: Int?
    public var error: String?
    public var duration: Duration

    public init(notification: Int64, at: Date, success: Bool, status: Int?, error: String?, duration: Duration) {
        self.notification = notification
        self.at = at
        self.success = success
        self.status = status
        self.error = error
        self.duration = duration
    }
}

/// What an attempt leads to.
public enum DeliveryOutcome: Hashable, Sendable {
    case delivered
    case retry(at: Date)
    case gaveUp
}
