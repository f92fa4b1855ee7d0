import Foundation
import Hummingbird
import Logging
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// The notifier's API: the outbox and its delivery attempts, the alerts it holds,
/// acknowledgements and silences (docs/alerting.md).
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

    /// The alerts the notifier holds (Vigil's and Alertmanager's), firing first.
    static func active(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let alerts = await runtime.notifier.alerts(at: now).map { API.ActiveAlert($0, acknowledgement: $1, at: now) }
        return try JSONResponse.make(API.ActiveAlerts(alerts: alerts))
    }

    /// `{"by": "ana", "comment": "looking"}`: stops repeats of a firing alert.
    static func acknowledge(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let fingerprint = context.parameters.get("fingerprint") ?? ""
        let body = try await JSONBody(request, code: "invalid_acknowledgement", allowed: ["by", "comment"])
        let by = try body.requiredText("by")
        let now = runtime.clock.now
        guard await runtime.notifier.alerts(at: now).contains(where: { $0.alert.fingerprint == fingerprint && $0.alert.isFiring(at: now) }) else {
            throw APIError.notFound("no firing alert with fingerprint '\(fingerprint)' (GET /api/v1/alerts/active lists them)")
        }
        let acknowledgement = Acknowledgement(fingerprint: fingerprint, by: by, at: now, comment: try body.text("comment"))
        try await runtime.notifier.acknowledge(acknowledgement)
        runtime.logger.notice("alert acknowledged", metadata: ["fingerprint": "\(fingerprint)", "by": "\(by)"])
        return try JSONResponse.make(API.AcknowledgedAlert(fingerprint: fingerprint, acknowledgedBy: by, acknowledgedAt: now))
    }

    // MARK: Silences

    /// `{"matchers": ["slo=checkout"], "duration": "2h" | "ends_at": …, "starts_at"?, "created_by", "comment"}`.
    static func createSilence(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await JSONBody(
            request, code: "invalid_silence", allowed: ["id", "matchers", "starts_at", "ends_at", "duration", "created_by", "comment"])
        guard let texts = try body.texts("matchers"), !texts.isEmpty else {
            throw body.fail("give at least one matcher such as \"slo=checkout\": a silence without one would mute everything", field: "matchers")
        }
        var matchers: [LabelMatcher] = []
        for (index, text) in texts.enumerated() {
            do { matchers.append(try LabelMatcher(parsing: text)) } catch {
                throw body.fail("\(error.message) (at character \(error.offset + 1) of '\(text)')", field: "matchers[\(index)]")
            }
        }
        let now = runtime.clock.now
        let start = try body.time("starts_at") ?? now
        let end: Date
        switch (try body.time("ends_at"), try body.duration("duration")) {
        case (let given?, nil): end = given
        case (nil, let duration?): end = start.addingTimeInterval(duration.inSeconds)
        case (nil, nil): throw body.fail("give ends_at or duration", field: "ends_at")
        case (_?, _?): throw body.fail("give ends_at or duration, not both", field: "duration")
        }
        guard end > start, end > now else { throw body.fail("the silence must end after it starts and after now", field: "ends_at") }
        var id = UUID().uuidString.lowercased()
        if let given = try body.text("id") {
            guard given.count <= 64, given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw body.fail("an id has up to 64 letters, digits, '-' and '_'", field: "id")
            }
            if try await runtime.notificationStore.silences(activeAt: now, includeExpired: true).contains(where: { $0.id == given }) {
                throw APIError(
                    status: .conflict, code: "silence_exists", message: "a silence with id '\(given)' exists; end it or choose another id", field: "id")
            }
            id = given
        }
        let silence = Silence(
            id: id, matchers: matchers, startsAt: start, endsAt: end,
            createdBy: try body.requiredText("created_by"), comment: try body.requiredText("comment"))
        try await runtime.notifier.addSilence(silence, at: now)
        runtime.logger.notice("silence added", metadata: ["id": "\(silence.id)", "by": "\(silence.createdBy)", "matchers": "\(texts)"])
        return try JSONResponse.make(API.SilenceDocument(silence, now: now), status: .created)
    }

    /// Active and pending silences; `?expired=true` adds the ended ones.
    static func silences(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let all = try await runtime.notificationStore.silences(activeAt: now, includeExpired: request.uri.queryParameters.get("expired") == "true")
        return try JSONResponse.make(API.SilenceList(silences: all.map { API.SilenceDocument($0, now: now) }))
    }

    /// Ends a silence now.
    static func expireSilence(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard try await runtime.notifier.expireSilence(id: id, at: runtime.clock.now) else { throw APIError.notFound("no silence with id '\(id)'") }
        return Response(status: .noContent)
    }
}
