import Crypto
import Foundation

extension Digest {
    /// The digest in lower-case hex, as token hashes are configured and idempotency-key
    /// fingerprints stored.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
