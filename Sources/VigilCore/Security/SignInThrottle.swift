import Foundation

/// Failed sign-ins per client, and how long each must wait before trying again.
///
/// A client gets ``freeFailures`` failed attempts; after the n-th failure beyond those it
/// waits `baseDelay × 2^(n−1)`, at most ``maximumDelay`` — 1 s, 2 s, 4 s … 15 min. While it
/// waits, an attempt is refused *without looking at the token*, so waiting is not a
/// way to keep guessing. Failures are forgotten ``memory`` after the last one, and a
/// success forgets them at once. At most ``capacity`` clients are remembered (the
/// longest idle go first), so a flood of addresses cannot grow memory without bound.
///
/// Delays rather than a lockout: a lockout lets anyone who knows a client's address
/// (or shares its proxy) keep it out; an exponential delay costs a guesser almost every
/// attempt while a person who mistyped waits a second or two. The tokens `vigil token
/// new` makes are 256 random bits, out of any guesser's reach with or without it; the
/// throttle protects weak hand-made secrets, and bounds how often one client can make the
/// server pay for an scrypt check (~40 ms each).
public struct SignInThrottle: Sendable {
    public var freeFailures = 5
    public var baseDelay: Duration = .seconds(1)
    public var maximumDelay: Duration = .seconds(15 * 60)
    public var memory: Duration = .seconds(15 * 60)
    public var capacity = 10_000

    private struct Record: Sendable {
        var failures: Int
        var lastFailure: Date
        var allowedAt: Date
    }

    private var records: [String: Record] = [:]

    public init() {}

    /// How long `client` must still wait at `now`; `nil` when it may try.
    public func wait(for client: String, at now: Date) -> Duration? {
        guard let record = records[client], now < record.allowedAt, now.timeIntervalSince(record.lastFailure) < memory.inSeconds else { return nil }
        return .milliseconds(Int64((record.allowedAt.timeIntervalSince(now) * 1000).rounded(.up)))
    }

    /// `client` failed to sign in at `now`.
    public mutating func failed(_ client: String, at now: Date) {
        var record = records[client] ?? Record(failures: 0, lastFailure: now, allowedAt: now)
        if now.timeIntervalSince(record.lastFailure) >= memory.inSeconds { record.failures = 0 }
        record.failures += 1
        record.lastFailure = now
        record.allowedAt = now.addingTimeInterval(delay(afterFailures: record.failures).inSeconds)
        records[client] = record
        if records.count > capacity { forgetIdle(at: now) }
    }

    /// `client` signed in: its failures are forgotten.
    public mutating func succeeded(_ client: String) {
        records[client] = nil
    }

    /// The wait after `failures` failed attempts in a row.
    public func delay(afterFailures failures: Int) -> Duration {
        let beyond = failures - freeFailures
        guard beyond > 0 else { return .zero }
        let seconds = baseDelay.inSeconds * pow(2, Double(min(beyond - 1, 40)))
        return min(.milliseconds(Int64(seconds * 1000)), maximumDelay)
    }

    /// How many clients are remembered.
    public var rememberedClients: Int { records.count }

    /// Drops records past ``memory``, then the longest idle until under ``capacity``.
    private mutating func forgetIdle(at now: Date) {
        records = records.filter { now.timeIntervalSince($0.value.lastFailure) < memory.inSeconds }
        guard records.count > capacity else { return }
        let kept = records.sorted { $0.value.lastFailure > $1.value.lastFailure }.prefix(capacity)
        records = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
