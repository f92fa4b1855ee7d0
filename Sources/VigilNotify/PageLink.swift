import Crypto
import Foundation

/// The credential in a page's acknowledge and resolve links: which escalation, who was
/// paged, what the link does and until when, signed with HMAC-SHA256 under a key the
/// store keeps (the same on every replica). `<payload>.<signature>`, both base64url.
/// Single use is the store's job (``id`` is what it records); this only says whether a
/// token is genuine and current.
public struct PageLink: Hashable, Sendable, Codable {
    public enum Action: String, Hashable, Sendable, Codable {
        case acknowledge = "ack"
        case resolve
    }

    public var escalation: String
    /// The person paged (`nil`: a receiver's channel, where whoever clicks acts).
    public var person: String?
    public var action: Action
    public var expires: Date
    /// Makes each link distinct (the delivery's key).
    public var nonce: String

    public init(escalation: String, person: String?, action: Action, expires: Date, nonce: String) {
        self.escalation = escalation
        self.person = person
        self.action = action
        self.expires = expires
        self.nonce = nonce
    }

    enum CodingKeys: String, CodingKey {
        case escalation = "e"
        case person = "p"
        case action = "a"
        case expires = "x"
        case nonce = "n"
    }

    /// Why a token is refused.
    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case malformed
        case badSignature
        case expired(Date)

        public var description: String {
            switch self {
            case .malformed: "this link is not a Vigil page link (it may have been cut short)"
            case .badSignature: "this link's signature does not match: it was altered, or signed by another Vigil"
            case .expired(let at): "this link expired at \(ISO8601DateFormatter().string(from: at))"
            }
        }
    }

    /// The token for this link.
    public func token(key: Data) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let payload = Self.base64URL((try? encoder.encode(self)) ?? Data())
        return payload + "." + Self.signature(payload, key: key)
    }

    /// The link a token names, if it is genuine and not expired at `now`.
    public static func verify(_ token: String, key: Data, now: Date) throws(Refusal) -> PageLink {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payloadData = data(base64URL: String(parts[0])) else { throw .malformed }
        let expected = signature(String(parts[0]), key: key)
        guard WebhookSignature.constantTimeEqual(expected, String(parts[1])) else {
            throw .badSignature
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let link = try? decoder.decode(PageLink.self, from: payloadData) else { throw .malformed }
        guard link.expires > now else { throw .expired(link.expires) }
        return link
    }

    /// What the store records to make a token single use: its signature.
    public static func id(of token: String) -> String { String(token.split(separator: ".").last ?? Substring(token)) }

    static func signature(_ payload: String, key: Data) -> String {
        base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// The token in an iCal feed's URL: calendar apps cannot send a bearer token, so the URL
/// carries an HMAC of what the feed shows, under the same key as page links.
public enum FeedToken {
    /// `schedule:storefront-primary` or `person:Dana Reyes`.
    public static func make(subject: String, key: Data) -> String { PageLink.signature("ical:" + subject, key: key) }

    public static func verify(_ token: String, subject: String, key: Data) -> Bool {
        WebhookSignature.constantTimeEqual(make(subject: subject, key: key), token)
    }
}
