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
    /// Outbox rows, newest first.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch({ try await runtime.notificationStore.notifications(before: cursor, limit: $0) }, cursor: { String($0.id) })
        return try JSONResponse.make(API.NotificationList(notifications: rows.map(API.NotificationDocument.init), nextCursor: next))
    }

    static func attempts(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        guard let id = Int64(context.parameters.decoded("id")) else { throw APIError.notFound("no notification with that id") }
        let attempts = try await runtime.notificationStore.deliveryAttempts(notification: id)
        return try JSONResponse.make(
            API.DeliveryAttemptList(
                attempts: attempts.map {
                    API.DeliveryAttemptDocument(at: $0.at, success: $0.success, status: $0.status, error: $0.error, durationMs: $0.duration.inMilliseconds)
                }))
    }

}

extension API.NotificationDocument {
    init(_ entry: OutboxEntry) {
        let notification = entry.notification
        self.init(
            id: entry.id, idempotencyKey: notification.idempotencyKey, receiver: notification.receiver, status: notification.status.rawValue,
            class: notification.notificationClass.rawValue, groupKey: notification.groupKey, groupLabels: notification.groupLabels,
            alerts: notification.alerts.count, isRepeat: notification.isRepeat, createdAt: notification.createdAt, state: entry.state,
            attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt, deliveredAt: entry.deliveredAt, gaveUpAt: entry.gaveUpAt,
            lastError: entry.lastError)
    }
}
