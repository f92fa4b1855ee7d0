import Crypto
import Foundation

/// The signature of a webhook body: `X-Vigil-Signature: t=<unix seconds>,v1=<hex>`, where
/// hex is HMAC-SHA256 with the receiver's secret over `<t>.<body>`. The time is signed so a
/// captured request cannot be replayed later; a receiver checks both (docs/alerting.md).
public enum WebhookSignature {
    public static let header = "X-Vigil-Signature"

    /// The header value for `body` sent at `time`.
    public static func sign(_ body: Data, secret: String, at time: Date) -> String {
        let seconds = Int64(time.timeIntervalSince1970)
        return "t=\(seconds),v1=\(hex(body, secret: secret, seconds: seconds))"
    }

    /// Whether `header` is a valid signature of `body`, made at most `tolerance` from `now`.
    public static func verify(_ header: String, body: Data, secret: String, now: Date, tolerance: TimeInterval = 300) -> Bool {
        var fields: [Substring: Substring] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let t = fields["t"], let seconds = Int64(t), let given = fields["v1"],
            abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance
        else { return false }
        let expected = hex(body, secret: secret, seconds: seconds)
        return constantTimeEqual(expected, String(given))
    }

    /// Whether two signatures are equal, comparing every byte: a timing difference would
    /// leak how much of a forged signature was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func hex(_ body: Data, secret: String, seconds: Int64) -> String {
        var message = Data("\(seconds).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
