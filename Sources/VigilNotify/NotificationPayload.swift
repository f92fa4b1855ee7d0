import Foundation
import VigilCore

/// The bodies a notification is sent as. Pure functions of the notification (and the
/// server's external URL), so a retry sends the same bytes. Keys are sorted, so the output
/// is stable for golden tests and signatures.
public enum NotificationPayload {
    /// Vigil's own webhook document (docs/alerting.md): the notification, and for each
    /// alert its class, service, SLO, severity, summary, link and runbook.
    public static func vigil(_ notification: AlertNotification) -> Data {
        var document: [String: Any] = [
            "version": "1",
            "idempotency_key": notification.idempotencyKey,
            "receiver": notification.receiver,
            "status": notification.status.rawValue,
            "class": notification.notificationClass.rawValue,
            "repeat": notification.isRepeat,
            "group_key": notification.groupKey,
            "group_labels": notification.groupLabels,
            "common_labels": notification.commonLabels,
            "common_annotations": notification.commonAnnotations,
            "created_at": RFC3339.format(notification.createdAt),
            "alerts": notification.alerts.map { alert -> [String: Any] in
                [
                    "status": alert.isFiring(at: notification.createdAt) ? "firing" : "resolved",
                    "fingerprint": alert.fingerprint,
                    "class": alert.notificationClass.rawValue,
                    "service": alert.labels["service"] ?? NSNull(),
                    "slo": alert.labels["slo"] ?? NSNull(),
                    "severity": alert.labels["severity"] ?? NSNull(),
                    "summary": alert.annotations["summary"] ?? NSNull(),
                    "link": alert.annotations["link"] ?? NSNull(),
                    "runbook": alert.annotations["runbook_url"] ?? NSNull(),
                    "labels": alert.labels,
                    "annotations": alert.annotations,
                    "starts_at": RFC3339.format(alert.startsAt),
                    "ends_at": alert.endsAt.map(RFC3339.format) ?? NSNull(),
                ]
            },
        ]
        if let page = notification.page { document["page"] = pageDocument(page) }
        return encode(document)
    }

    static func pageDocument(_ page: PageContext) -> [String: Any] {
        [
            "escalation": page.escalationID, "policy": page.policy, "kind": page.kind.rawValue, "step": page.step + 1, "round": page.round + 1,
            "person": page.person ?? NSNull(), "acknowledge_url": page.acknowledgeURL ?? NSNull(), "resolve_url": page.resolveURL ?? NSNull(),
            "links_expire_at": page.linksExpireAt.map(RFC3339.format) ?? NSNull(),
        ]
    }

    /// What an SMS or voice gateway reads out: the headline, the first summary and the
    /// acknowledge link, within 320 characters (two SMS segments) — the link is never cut.
    public static func text(_ notification: AlertNotification, to: String) -> Data {
        var text = headline(notification)
        if let summary = notification.alerts.first?.annotations["summary"] { text += ": \(summary)" }
        let link = notification.page?.acknowledgeURL.map { " Ack: \($0)" } ?? ""
        let room = max(0, 320 - link.count)
        if text.count > room { text = String(text.prefix(max(0, room - 1))) + "…" }
        return encode(["to": to, "text": text + link])
    }

    /// Alertmanager's webhook payload, version 4, so tools that read Alertmanager's
    /// webhooks read Vigil's.
    public static func alertmanager(_ notification: AlertNotification, externalURL: String) -> Data {
        let document: [String: Any] = [
            "version": "4",
            "groupKey": notification.groupKey,
            "truncatedAlerts": 0,
            "status": notification.status.rawValue,
            "receiver": notification.receiver,
            "groupLabels": notification.groupLabels,
            "commonLabels": notification.commonLabels,
            "commonAnnotations": notification.commonAnnotations,
            "externalURL": externalURL,
            "alerts": notification.alerts.map { alert -> [String: Any] in
                [
                    "status": alert.isFiring(at: notification.createdAt) ? "firing" : "resolved",
                    "labels": alert.labels,
                    "annotations": alert.annotations,
                    "startsAt": RFC3339.format(alert.startsAt),
                    // Alertmanager's zero time for an alert that has not ended.
                    "endsAt": alert.endsAt.map(RFC3339.format) ?? "0001-01-01T00:00:00Z",
                    "generatorURL": alert.annotations["link"] ?? "",
                    "fingerprint": alert.fingerprint,
                ]
            },
        ]
        return encode(document)
    }

    /// A Slack incoming-webhook message: a headline and one attachment per alert,
    /// coloured by class.
    public static func slack(_ notification: AlertNotification) -> Data {
        let attachments = notification.alerts.map { alert -> [String: Any] in
            let firing = alert.isFiring(at: notification.createdAt)
            var lines: [String] = []
            if let summary = alert.annotations["summary"] { lines.append(summary) }
            if let runbook = alert.annotations["runbook_url"] { lines.append("Runbook: <\(runbook)>") }
            var attachment: [String: Any] = [
                "color": !firing ? "good" : alert.notificationClass == .alert ? "danger" : "warning",
                "title": "[\(firing ? "FIRING" : "RESOLVED")] \(title(of: alert))",
                "text": lines.joined(separator: "\n"),
                "footer": "Vigil · \(alert.notificationClass.rawValue)",
            ]
            if let link = alert.annotations["link"] { attachment["title_link"] = link }
            return attachment
        }
        var text = headline(notification)
        if let page = notification.page, let acknowledge = page.acknowledgeURL, let resolve = page.resolveURL {
            text += "\n<\(acknowledge)|Acknowledge> · <\(resolve)|Resolve>"
        }
        return encode(["text": text, "attachments": attachments])
    }

    /// An email (RFC 5322, CRLF lines): the headline as subject, one paragraph per alert,
    /// the body in base64 so any relay carries it unchanged; `Message-ID` comes from the
    /// idempotency key, so a retried message is recognisably the same.
    public static func email(_ notification: AlertNotification, from: String, to: [String]) -> String {
        var body = "\(headline(notification))\n\n"
        for alert in notification.alerts {
            let firing = alert.isFiring(at: notification.createdAt)
            body += "[\(firing ? "FIRING" : "RESOLVED")] \(title(of: alert)) (\(alert.notificationClass.rawValue))\n"
            if let summary = alert.annotations["summary"] { body += "  \(summary)\n" }
            body += "  since \(RFC3339.format(alert.startsAt))\(alert.endsAt.map { ", until \(RFC3339.format($0))" } ?? "")\n"
            if let link = alert.annotations["link"] { body += "  \(link)\n" }
            if let runbook = alert.annotations["runbook_url"] { body += "  Runbook: \(runbook)\n" }
            body += "  Labels: \(alert.labels.keys.sorted().map { "\($0)=\(alert.labels[$0]!)" }.joined(separator: ", "))\n\n"
        }
        if let page = notification.page, let acknowledge = page.acknowledgeURL, let resolve = page.resolveURL {
            body += "Acknowledge (one click, single use): \(acknowledge)\nResolve: \(resolve)\n\n"
        }
        body += "Idempotency key: \(notification.idempotencyKey)\n"
        let subject = headline(notification)
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.timeZone = TimeZone(identifier: "UTC")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let headers = [
            "From: \(from)", "To: \(to.joined(separator: ", "))", "Subject: \(encodedSubject)",
            "Date: \(date.string(from: notification.createdAt))",
            "Message-ID: <\(notification.idempotencyKey)@vigil>", "X-Vigil-Idempotency-Key: \(notification.idempotencyKey)",
            "X-Vigil-Class: \(notification.notificationClass.rawValue)",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
        ]
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded + "\r\n"
    }

    /// `[FIRING:2] alert shop-web-availability` — the status, how many fire, the class
    /// and what the group is about.
    public static func headline(_ notification: AlertNotification) -> String {
        let status = notification.status == .firing ? "FIRING:\(notification.firingCount)" : "RESOLVED"
        let subject =
            notification.groupLabels.isEmpty
            ? (notification.commonLabels["alertname"] ?? "alerts")
            : notification.groupLabels.keys.sorted().map { notification.groupLabels[$0]! }.joined(separator: " ")
        return "[\(status)] \(notification.notificationClass.rawValue) \(subject)\(notification.isRepeat ? " (repeat)" : "")"
    }

    /// `ErrorBudgetBurn shop-web-availability page-1h`: the alert name and its subject.
    static func title(of alert: Alert) -> String {
        ([alert.labels["alertname"]] + ["slo", "probe", "tier"].map { alert.labels[$0] }).compactMap { $0 }.joined(separator: " ")
    }

    static func encode(_ document: [String: Any]) -> Data {
        // Only strings, numbers, booleans, arrays and dictionaries go in: cannot fail.
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
