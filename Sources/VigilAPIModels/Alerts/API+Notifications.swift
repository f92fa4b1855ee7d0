import Foundation
import VigilCore

extension API {
    /// One notification of the outbox and where its delivery stands.
    public struct NotificationDocument: Codable, Sendable, Equatable {
        public var id: Int64
        public var idempotencyKey: String
        public var receiver: String
        /// `firing` or `resolved`.
        public var status: String
        /// `alert`, `ticket` or `log`.
        public var `class`: String
        public var groupKey: String
        public var groupLabels: [String: String]
        /// How many alerts it carries.
        public var alerts: Int
        public var isRepeat: Bool
        public var createdAt: Date
        /// `pending`, `delivered` or `failed` (given up).
        public var state: String
        public var attempts: Int
        public var nextAttemptAt: Date?
        public var deliveredAt: Date?
        public var gaveUpAt: Date?
        public var lastError: String?

        public init(
            id: Int64, idempotencyKey: String, receiver: String, status: String, class: String, groupKey: String, groupLabels: [String: String],
            alerts: Int, isRepeat: Bool, createdAt: Date, state: String, attempts: Int, nextAttemptAt: Date?, deliveredAt: Date?, gaveUpAt: Date?,
            lastError: String?
        ) {
            self.id = id
            self.idempotencyKey = idempotencyKey
            self.receiver = receiver
            self.status = status
            self.class = `class`
            self.groupKey = groupKey
            self.groupLabels = groupLabels
            self.alerts = alerts
            self.isRepeat = isRepeat
            self.createdAt = createdAt
            self.state = state
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
            self.deliveredAt = deliveredAt
            self.gaveUpAt = gaveUpAt
            self.lastError = lastError
        }
    }

    /// `GET /api/v1/notifications`: the outbox, newest first.
    public struct NotificationList: Codable, Sendable, Equatable {
        public var notifications: [NotificationDocument]
        public var nextCursor: String?

        public init(notifications: [NotificationDocument], nextCursor: String?) {
            self.notifications = notifications
            self.nextCursor = nextCursor
        }
    }

    /// One try at delivering a notification.
    public struct DeliveryAttemptDocument: Codable, Sendable, Equatable {
        public var at: Date
        public var success: Bool
        /// The receiver's HTTP status, where it answered.
        public var status: Int?
        public var error: String?
        public var durationMs: Double

        public init(at: Date, success: Bool, status: Int?, error: String?, durationMs: Double) {
            self.at = at
            self.success = success
            self.status = status
            self.error = error
            self.durationMs = durationMs
        }
    }

    /// `GET /api/v1/notifications/{id}/attempts`, oldest first.
    public struct DeliveryAttemptList: Codable, Sendable, Equatable {
        public var attempts: [DeliveryAttemptDocument]

        public init(attempts: [DeliveryAttemptDocument]) {
            self.attempts = attempts
        }
    }
}
