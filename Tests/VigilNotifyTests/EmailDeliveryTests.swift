import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

@testable import VigilNotify

/// Email over SMTP to a real relay (aiosmtpd) that insists on STARTTLS and AUTH.
@Suite(.serialized) struct EmailDeliveryTests {
    static func receiver(_ sink: SMTPSink, password: String) -> ReceiverSpec {
        var email = EmailReceiver(to: ["oncall@example.com", "sre@example.com"], from: "vigil@example.com", smarthost: sink.smarthost)
        email.username = "vigil"
        email.password = password
        email.insecureSkipVerify = true // the relay's certificate is self-signed
        return ReceiverSpec(name: "mail", kind: .email(email))
    }

    @Test(.requires(.smtpRelay)) func emailIsSentOverSTARTTLSWithAuth() async throws {
        let sink = try SMTPSink(user: "vigil", password: "s3cret")
        defer { sink.stop() }
        // A generous timeout: the relay is Python doing a TLS handshake, and in the full
        // suite it shares two cores with browsers, Prometheus and PostgreSQL.
        let sender = NotificationSender(externalURL: "http://vigil:9470", timeout: .seconds(30))
        let sent = await sender.send(NotificationPayloadTests.notification, to: Self.receiver(sink, password: "s3cret"))
        #expect(sent.success && sent.status == 250, "\(sent.error ?? "")")
        let message = try #require(try sink.messages().first)
        #expect(message["tls"] as? Bool == true && message["authenticated"] as? Bool == true)
        #expect(message["from"] as? String == "vigil@example.com" && message["to"] as? [String] == ["oncall@example.com", "sre@example.com"])
        let text = try #require(message["message"] as? String)
        #expect(text.contains("Subject: [FIRING:1] alert checkout"))
        #expect(text.contains("Message-ID: <abc-7@vigil>"))
        // the body is base64: decode it and read it as a person would
        let encoded = try #require(text.components(separatedBy: "\r\n\r\n").dropFirst().first ?? text.components(separatedBy: "\n\n").dropFirst().first)
        let body = String(decoding: Data(base64Encoded: encoded.filter { !$0.isWhitespace }) ?? Data(), as: UTF8.self)
        #expect(body.contains("[FIRING] ErrorBudgetBurn checkout page-1h (alert)"), "\(body)")
        #expect(body.contains("  checkout: burning 14.6×") && body.contains("  Runbook: https://runbooks/checkout"))
        // a wrong password is a permanent refusal: not retried
        let refused = await sender.send(NotificationPayloadTests.notification, to: Self.receiver(sink, password: "wrong"))
        #expect(!refused.success && !refused.retryable && refused.status == 535, "\(refused.error ?? "") \(refused.duration)")
        try await sender.shutdown()
    }

    @Test func linesStartingWithADotAreStuffed() {
        #expect(SMTPClient.dotStuffed(".hidden\nplain\n..two\n") == "..hidden\r\nplain\r\n...two\r\n")
        #expect(SMTPClient.dotStuffed("a\r\nb") == "a\r\nb\r\n")
    }
}
