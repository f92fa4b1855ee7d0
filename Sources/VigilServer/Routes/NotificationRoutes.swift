import Foundation
import Hummingbird
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/notifications`: the outbox and each notification's delivery attempts
/// (docs/alerting.md).
enum NotificationRoutes {
    struct Notification: Encodable {
        let id: Int64
        let idempotencyKey: String
        let receiver: String
        let status: String
        let `class`: String
        let groupKey: String
        let groupLabels: [String: String]
        let alerts: Int
        let isRepeat: Bool
        let createdAt: Date
        let state: String
        let attempts: Int
        let nextAttemptAt: Date?
        let deliveredAt: Date?
        let gaveUpAt: Date?
        let lastError: String?

        init(_ entry: OutboxEntry) {
            let notification = entry.notification
            id = entry.id
            idempotencyKey = notification.idempotencyKey
            receiver = notification.receiver
            status = notification.status.rawValue
            `class` = notification.notificationClass.rawValue
            groupKey = notification.groupKey
            groupLabels = notification.groupLabels
            alerts = notification.alerts.count
            isRepeat = notification.isRepeat
            createdAt = notification.createdAt
            state = entry.state
            attempts = entry.attempts
            nextAttemptAt = entry.nextAttemptAt
            deliveredAt = entry.deliveredAt
            gaveUpAt = entry.gaveUpAt
            lastError = entry.lastError
        }
    }

    struct Notifications: Encodable {
        let notifications: [Notification]
        let nextCursor: String?
    }

    /// Outbox rows, newest first.
    static func list(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch({ try await runtime.notificationStore.notifications(before: cursor, limit: $0) }, cursor: { String($0.id) })
        return try JSONResponse.make(Notifications(notifications: rows.map(Notification.init), nextCursor: next))
    }

    struct Attempt: Encodable {
        let at: Date
        let success: Bool
        let status: Int?
        let error: String?
        let durationMs: Double
    }

    struct Attempts: Encodable {
        let attempts: [Attempt]
    }

    static func attempts(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw APIError.notFound("no notification with that id") }
        let attempts = try await runtime.notificationStore.deliveryAttempts(notification: id)
        return try JSONResponse.make(
            Attempts(
                attempts: attempts.map {
                    Attempt(at: $0.at, success: $0.success, status: $0.status, error: $0.error, durationMs: $0.duration.inMilliseconds)
                }))
    }

}
