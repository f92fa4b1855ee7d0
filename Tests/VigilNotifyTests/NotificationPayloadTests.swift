import Foundation
import Testing
import VigilCore

@testable import VigilNotify

/// The three webhook bodies and the signature, on one fixed notification.
@Suite struct NotificationPayloadTests {
    static let created = Date(timeIntervalSince1970: 1_800_000_000)

    static let notification = AlertNotification(
        receiver: "oncall", groupKey: "0:{slo=\"checkout\"}", groupLabels: ["slo": "checkout"], status: .firing,
        alerts: [
            Alert(
                labels: ["alertname": "ErrorBudgetBurn", "slo": "checkout", "service": "shop", "tier": "page-1h", "severity": "page", "class": "alert"],
                annotations: ["summary": "checkout: burning 14.6×", "runbook_url": "https://runbooks/checkout", "link": "http://vigil/api/v1/slos/checkout"],
                startsAt: created.addingTimeInterval(-120)),
            Alert(
                labels: ["alertname": "ErrorBudgetBurn", "slo": "checkout", "service": "shop", "tier": "ticket-1d", "severity": "ticket", "class": "ticket"],
                annotations: ["summary": "checkout: slow burn"], startsAt: created.addingTimeInterval(-7200), endsAt: created.addingTimeInterval(-60)),
        ],
        notificationClass: .alert, idempotencyKey: "abc-7", createdAt: created, isRepeat: false)

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func alertmanagerPayloadIsVersion4() throws {
        let body = try Self.json(NotificationPayload.alertmanager(Self.notification, externalURL: "http://vigil:9470"))
        #expect(body["version"] as? String == "4")
        #expect(body["status"] as? String == "firing" && body["receiver"] as? String == "oncall")
        #expect(body["groupKey"] as? String == "0:{slo=\"checkout\"}" && body["externalURL"] as? String == "http://vigil:9470")
        #expect(body["commonLabels"] as? [String: String] == ["alertname": "ErrorBudgetBurn", "slo": "checkout", "service": "shop"])
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["status"] as? String } == ["firing", "resolved"])
        #expect(alerts[0]["endsAt"] as? String == "0001-01-01T00:00:00Z")
        #expect(alerts[1]["endsAt"] as? String == "2027-01-15T07:59:00Z")
        #expect(alerts[0]["startsAt"] as? String == "2027-01-15T07:58:00Z")
        #expect(alerts[0]["fingerprint"] as? String == Self.notification.alerts[0].fingerprint)
        #expect(alerts[0]["generatorURL"] as? String == "http://vigil/api/v1/slos/checkout")
    }

    @Test func vigilPayloadCarriesWhatAPersonNeeds() throws {
        let body = try Self.json(NotificationPayload.vigil(Self.notification))
        #expect(body["idempotency_key"] as? String == "abc-7" && body["class"] as? String == "alert" && body["repeat"] as? Bool == false)
        let first = try #require((body["alerts"] as? [[String: Any]])?.first)
        #expect(first["class"] as? String == "alert" && first["service"] as? String == "shop" && first["slo"] as? String == "checkout")
        #expect(first["severity"] as? String == "page" && first["summary"] as? String == "checkout: burning 14.6×")
        #expect(first["runbook"] as? String == "https://runbooks/checkout" && first["link"] as? String == "http://vigil/api/v1/slos/checkout")
        #expect(first["ends_at"] is NSNull)
        // the same notification always renders to the same bytes (retries, signatures)
        #expect(NotificationPayload.vigil(Self.notification) == NotificationPayload.vigil(Self.notification))
    }

    @Test func slackMessageHasAHeadlineAndColouredAttachments() throws {
        let body = try Self.json(NotificationPayload.slack(Self.notification))
        #expect(body["text"] as? String == "[FIRING:1] alert checkout")
        let attachments = try #require(body["attachments"] as? [[String: Any]])
        #expect(attachments.map { $0["color"] as? String } == ["danger", "good"])
        #expect(attachments[0]["title"] as? String == "[FIRING] ErrorBudgetBurn checkout page-1h")
        #expect(attachments[0]["text"] as? String == "checkout: burning 14.6×\nRunbook: <https://runbooks/checkout>")
        #expect(attachments[0]["title_link"] as? String == "http://vigil/api/v1/slos/checkout")
    }

    @Test func signaturesVerifyAndRefuseTamperingAndReplay() {
        let body = Data(#"{"a":1}"#.utf8)
        let header = WebhookSignature.sign(body, secret: "s3cret", at: Self.created)
        #expect(header.hasPrefix("t=1800000000,v1="))
        #expect(WebhookSignature.verify(header, body: body, secret: "s3cret", now: Self.created.addingTimeInterval(10)))
        #expect(!WebhookSignature.verify(header, body: Data(#"{"a":2}"#.utf8), secret: "s3cret", now: Self.created))
        #expect(!WebhookSignature.verify(header, body: body, secret: "other", now: Self.created))
        #expect(!WebhookSignature.verify(header, body: body, secret: "s3cret", now: Self.created.addingTimeInterval(3600)))
        // HMAC-SHA256("s3cret", "1800000000.{"a":1}") computed with Python's hmac module
        #expect(WebhookSignature.hex(body, secret: "s3cret", seconds: 1_800_000_000) == Self.pythonHMAC)
    }

    static let pythonHMAC = "476d445fc5d734bcaf69961f0de38cb8c2ec42450829655895ca5e064c0765c9"
}
