import Crypto
import Foundation
import Synchronization
import VigilConfig
import VigilCore

/// Checks presented tokens against the configured hashes, remembers tokens it has
/// checked, and throttles clients that keep presenting wrong ones. One per server: its
/// memory outlives a request and a configuration reload.
///
/// An scrypt check costs ~40 ms and 16 MiB by design (``ScryptHash``), which an ingest
/// client sending many batches a second cannot pay per request. So a token that matched
/// is remembered by its SHA-256 — in memory only, against the configured hash it
/// matched, so a token removed by a reload stops matching at once. Only right tokens
/// are remembered (at most one entry per configured token), so the memory is bounded
/// by the configuration, not by what clients send. Wrong tokens pay the full price,
/// and ``SignInThrottle`` bounds how often one client may make the server pay it.
final class TokenVerifier: Sendable {
    private struct State {
        var throttle: SignInThrottle
        /// SHA-256 of a presented token → the scrypt hash it was found to match.
        var verified: [[UInt8]: ScryptHash] = [:]
    }

    private let state: Mutex<State>

    init(throttle: SignInThrottle = SignInThrottle()) {
        state = Mutex(State(throttle: throttle))
    }

    /// The configured token that `presented` is, or `nil`.
    ///
    /// Every `sha256:` hash is compared in constant time and all of them are compared, so
    /// neither the comparison nor the number of tokens tried says how close a guess was.
    func match(_ presented: String, among tokens: [TokenSpec]) -> TokenSpec? {
        let digest = Array(SHA256.hash(data: Data(presented.utf8)))
        var found: TokenSpec?
        for token in tokens {
            if case .sha256(let configured) = token.hash, Self.constantTimeEqual(configured, digest) { found = token }
        }
        if let found { return found }
        let remembered = state.withLock { $0.verified[digest] }
        if let remembered, let token = tokens.first(where: { $0.hash == .scrypt(remembered) }) { return token }
        for token in tokens {
            guard case .scrypt(let hash) = token.hash, hash.matches(presented) else { continue }
            state.withLock { state in
                // Bounded by the configuration: a reload may leave entries for hashes no
                // longer configured, so start over rather than grow.
                if state.verified.count >= max(64, 2 * tokens.count) { state.verified = [:] }
                state.verified[digest] = hash
            }
            return token
        }
        return nil
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// How many presented tokens are remembered as checked.
    var rememberedTokens: Int { state.withLock { $0.verified.count } }

    // MARK: Throttle

    /// How long `client` must still wait before its token is looked at; `nil` when it may try.
    func wait(for client: String, at now: Date) -> Duration? {
        state.withLock { $0.throttle.wait(for: client, at: now) }
    }

    /// `client` presented a wrong token at `now`.
    func failed(_ client: String, at now: Date) {
        state.withLock { $0.throttle.failed(client, at: now) }
    }

    /// `client` presented a right token: its failures are forgotten.
    func succeeded(_ client: String) {
        state.withLock { $0.throttle.succeeded(client) }
    }
}
