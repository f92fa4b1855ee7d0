import Foundation
import Testing
import VigilCore

@testable import VigilNotify

/// What a page adds to each payload (the escalation, the step, the two links), the text
/// an SMS gateway reads, and the links' tokens.
@Suite struct PagePayloadTests {
    static let key = Data((0..<32).map { UInt8($0) })
    static let now = NotificationPayloadTests.created

    static func page(summary: String = "checkout: burning 14.6×") -> AlertNotification {
        var notification = NotificationPayloadTests.notification
        notification.alerts[0].annotations["summary"] = summary
        notification.page = PageContext(
            escalationID: "esc-4", policy: "shop-web-pages", kind: .page, step: 1, round: 0, person: "Dana Reyes",
            acknowledgeURL: "http://vigil:9470/oncall/ack/TOKEN-A", resolveURL: "http://vigil:9470/oncall/resolve/TOKEN-R",
            linksExpireAt: now.addingTimeInterval(86_400))
        return notification
    }

    @Test func everyPayloadCarriesThePageAndItsLinks() throws {
        let vigil = try NotificationPayloadTests.json(NotificationPayload.vigil(Self.page()))
        let page = try #require(vigil["page"] as? [String: Any])
        #expect(page["escalation"] as? String == "esc-4" && page["step"] as? Int == 2 && page["round"] as? Int == 1)
        #expect(page["person"] as? String == "Dana Reyes" && page["acknowledge_url"] as? String == "http://vigil:9470/oncall/ack/TOKEN-A")
        #expect(try NotificationPayloadTests.json(NotificationPayload.vigil(NotificationPayloadTests.notification))["page"] == nil)
        let slack = try NotificationPayloadTests.json(NotificationPayload.slack(Self.page()))
        #expect(
            (slack["text"] as? String)?.hasSuffix("<http://vigil:9470/oncall/ack/TOKEN-A|Acknowledge> · <http://vigil:9470/oncall/resolve/TOKEN-R|Resolve>")
                == true)
        let email = NotificationPayload.email(Self.page(), from: "vigil@example.com", to: ["dana@example.com"])
        let body = try #require(email.components(separatedBy: "\r\n\r\n").last.flatMap { Data(base64Encoded: $0, options: .ignoreUnknownCharacters) })
        #expect(String(decoding: body, as: UTF8.self).contains("Acknowledge (one click, single use): http://vigil:9470/oncall/ack/TOKEN-A"))
    }

    @Test("an SMS fits 320 characters and never cuts the link", arguments: [10, 400, 2000])
    func text(summaryLength: Int) throws {
        let text = try NotificationPayloadTests.json(
            NotificationPayload.text(Self.page(summary: String(repeating: "é", count: summaryLength)), to: "+4915112345678"))
        let message = try #require(text["text"] as? String)
        #expect(text["to"] as? String == "+4915112345678")
        #expect(message.count <= 320)
        #expect(message.hasSuffix(" Ack: http://vigil:9470/oncall/ack/TOKEN-A"))
    }

    @Test func aTokenIsGenuineUntilItExpiresAndAnyChangeBreaksIt() throws {
        let link = PageLink(escalation: "esc-4", person: "Dana Reyes", action: .acknowledge, expires: Self.now.addingTimeInterval(600), nonce: "k1")
        let token = link.token(key: Self.key)
        #expect(try PageLink.verify(token, key: Self.key, now: Self.now) == link)
        #expect(throws: PageLink.Refusal.expired(link.expires)) { try PageLink.verify(token, key: Self.key, now: Self.now.addingTimeInterval(601)) }
        #expect(throws: PageLink.Refusal.badSignature) { try PageLink.verify(token, key: Data(repeating: 1, count: 32), now: Self.now) }
        // Another person's name in the same signature.
        let other = PageLink(escalation: "esc-4", person: "Mallory", action: .acknowledge, expires: link.expires, nonce: "k1").token(key: Self.key)
        let spliced = other.split(separator: ".")[0] + "." + token.split(separator: ".")[1]
        #expect(throws: PageLink.Refusal.badSignature) { try PageLink.verify(String(spliced), key: Self.key, now: Self.now) }
        for broken in ["", "abc", "a.b.c", token + "x", "!!!." + token.split(separator: ".")[1]] {
            #expect(throws: PageLink.Refusal.self) { try PageLink.verify(broken, key: Self.key, now: Self.now) }
        }
        #expect(PageLink.id(of: token) == String(token.split(separator: ".")[1]))
        // Tokens are URL-safe.
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        #expect(FeedToken.verify(FeedToken.make(subject: "schedule:primary", key: Self.key), subject: "schedule:primary", key: Self.key))
        #expect(!FeedToken.verify(FeedToken.make(subject: "schedule:primary", key: Self.key), subject: "schedule:other", key: Self.key))
    }
}
