import Foundation
import Hummingbird
import VigilConfig
import VigilCore

/// `POST /api/v1/alertmanager`: Alertmanager's webhook payload (version 4) in. Its
/// alerts route, group and notify like Vigil's own; answered 200 only once committed.
enum AlertmanagerRoutes {
    static func receive(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await JSONBody(
            request, code: "invalid_alertmanager_payload",
            allowed: [
                "version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "alerts",
            ],
            limit: 4 * 1024 * 1024)
        if let version = try body.text("version"), version != "4" {
            throw body.fail("expected Alertmanager's webhook version 4, found '\(version)'", field: "version")
        }
        guard let items = body.object["alerts"] as? [Any] else { throw body.fail("required: a list of alerts", field: "alerts") }
        let now = runtime.clock.now
        var alerts: [Alert] = []
        for (index, item) in items.enumerated() {
            alerts.append(try alert(item, field: "alerts[\(index)]", body: body, now: now))
        }
        for alert in alerts { await runtime.notifier.receive(alert, at: now) }
        try await runtime.notifier.tick(at: now)
        return try JSONResponse.make(Accepted(accepted: alerts.count))
    }

    struct Accepted: Encodable {
        let accepted: Int
    }

    static func alert(_ item: Any, field: String, body: JSONBody, now: Date) throws(APIError) -> Alert {
        guard let object = item as? [String: Any] else { throw body.fail("expected an object", field: field) }
        guard let labels = object["labels"] as? [String: String], !labels.isEmpty else {
            throw body.fail("expected labels: an object of strings, not empty", field: "\(field).labels")
        }
        let annotations = object["annotations"] as? [String: String] ?? [:]
        if object["annotations"] != nil && !(object["annotations"] is [String: String]) && !(object["annotations"] is NSNull) {
            throw body.fail("expected an object of strings", field: "\(field).annotations")
        }
        func time(_ key: String) throws(APIError) -> Date? {
            guard let text = object[key] as? String else {
                if object[key] == nil || object[key] is NSNull { return nil }
                throw body.fail("expected an RFC 3339 time", field: "\(field).\(key)")
            }
            guard let date = RFC3339.parse(text) else { throw body.fail("expected an RFC 3339 time, found '\(text)'", field: "\(field).\(key)") }
            // Alertmanager writes the zero time (year 1) for "not ended".
            return date.timeIntervalSince1970 <= 0 ? nil : date
        }
        guard let startsAt = try time("startsAt") else { throw body.fail("required", field: "\(field).startsAt") }
        var endsAt = try time("endsAt")
        let status = object["status"] as? String
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
