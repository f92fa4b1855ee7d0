import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore

/// `POST /api/v1/alertmanager`: Alertmanager's webhook payload (version 4) in. Its
/// alerts route, group and notify like Vigil's own; answered 200 only once committed.
enum AlertmanagerRoutes {
    static func receive(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(
            request, as: API.AlertmanagerWebhook.self, code: "invalid_alertmanager_payload", limit: 4 * 1024 * 1024, decoder: .peer)
        if let version = body.document.version, version != "4" {
            throw body.fail("expected Alertmanager's webhook version 4, found '\(version)'", field: "version")
        }
        let now = runtime.clock.now
        var alerts: [Alert] = []
        for (index, item) in body.document.alerts.enumerated() {
            alerts.append(try alert(item, field: "alerts[\(index)]", body: body, now: now))
        }
        for alert in alerts { await runtime.notifier.receive(alert, at: now) }
        try await runtime.notifier.tick(at: now)
        return try JSONResponse.make(API.AlertmanagerAccepted(accepted: alerts.count))
    }

    static func alert(
        _ item: API.AlertmanagerWebhook.Alert, field: String, body: RequestBody<API.AlertmanagerWebhook>, now: Date
    ) throws(APIError) -> Alert {
        let labels = item.labels
        guard !labels.isEmpty else { throw body.fail("expected labels: an object of strings, not empty", field: "\(field).labels") }
        let annotations = item.annotations ?? [:]
        func time(_ text: String?, _ key: String) throws(APIError) -> Date? {
            guard let text else { return nil }
            guard let date = RFC3339.parse(text) else { throw body.fail("expected an RFC 3339 time, found '\(text)'", field: "\(field).\(key)") }
            // Alertmanager writes the zero time (year 1) for "not ended".
            return date.timeIntervalSince1970 <= 0 ? nil : date
        }
        guard let startsAt = try time(item.startsAt, "startsAt") else { throw body.fail("required", field: "\(field).startsAt") }
        var endsAt = try time(item.endsAt, "endsAt")
        let status = item.status
        if let status, status != "firing" && status != "resolved" {
            throw body.fail("expected firing or resolved, found '\(status)'", field: "\(field).status")
        }
        if status == "resolved" && endsAt == nil { endsAt = now }
        // Alertmanager says again when it resolves; a firing alert's planned end (set by
        // Prometheus a few evaluations ahead) must not resolve it here in between.
        if status == "firing" { endsAt = nil }
        var alert = Alert(labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt)
        if labels[Alert.classLabel].flatMap(NotificationClass.init(rawValue:)) == nil {
            alert.labels[Alert.classLabel] = Alert.notificationClass(forSeverity: labels["severity"]).rawValue
        }
        return alert
    }
}
