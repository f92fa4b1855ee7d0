import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization
import VigilCore

/// What several replicas of `vigil serve` need from a shared store beyond the data: a way
/// to follow each other's writes, and a lease that lets one of them lead.
public protocol ReplicatedStore: Sendable {
    /// The newest bucket revision committed now; following starts after it.
    func latestBucketRevision() async throws -> Int64

    /// Minute buckets written (by any replica) after `revision`, oldest write first, with
    /// their counts as they stand: applying them replaces, so reading one twice is harmless.
    func bucketChanges(after revision: Int64, limit: Int) async throws -> [BucketChange]

    /// A lease on leadership named `name`, held on its own connection.
    func leaderLease(name: String) -> any LeaderLease
}

/// One minute bucket as stored after a write.
public struct BucketChange: Hashable, Sendable {
    public var series: String
    public var bucket: MinuteCounts
    /// Revisions grow in commit order (see ``PostgresStore``'s write lock).
    public var revision: Int64

    public init(series: String, bucket: MinuteCounts, revision: Int64) {
        self.series = series
        self.bucket = bucket
        self.revision = revision
    }
}

/// Exclusive leadership among replicas.
public protocol LeaderLease: Sendable {
    /// Takes the lease if it is free, or confirms it is still held: whether this replica
    /// leads now. `false` when another replica holds it, or when the holder has gone too
    /// long without a confirmation to be sure the database has not given the lease away.
    func acquireOrConfirm() async -> Bool
    /// Gives the lease up (on shutdown), so another replica takes over at once.
    func release() async
}

extension PostgresStore: ReplicatedStore {
    /// Serialises the transactions that give buckets revisions, so revision order is
    /// commit order: a reader that sees revision N has seen every write before it.
    static let bucketWriteLock: Int64 = 0x7669_6769_6c2d_6277

    public func latestBucketRevision() async throws -> Int64 {
        // A revision is taken only under the write lock; taking it here too means no
        // write is half-way when the answer is read.
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.bucketWriteLock))", logger: self.logger)
            return try await connection.query("SELECT COALESCE(MAX(revision), 0) FROM minute_buckets", logger: self.logger)
                .collect().first?.decode(Int64.self) ?? 0
        }
    }

    public func bucketChanges(after revision: Int64, limit: Int) async throws -> [BucketChange] {
        try await rows(
            """
            SELECT sli, minute, good, valid, revision FROM minute_buckets WHERE revision > \(revision) ORDER BY revision LIMIT \(limit)
            """
        ).map { row in
            let (series, minute, good, valid, revision) = try row.decode((String, Int64, Int64, Int64, Int64).self)
            return BucketChange(series: series, bucket: MinuteCounts(minute: minute, counts: EventCounts(good: good, valid: valid)), revision: revision)
        }
    }

    public func leaderLease(name: String) -> any LeaderLease {
        leaderLease(name: name, idleTimeout: .seconds(5))
    }

    /// A lease whose session PostgreSQL ends after `idleTimeout` without a confirmation
    /// (tests shorten it to see a silent holder lose the lease sooner).
    func leaderLease(name: String, idleTimeout: Duration) -> PostgresLeaderLease {
        PostgresLeaderLease(settings: settings, key: Self.leaseKey(name), idleTimeout: idleTimeout, logger: logger)
    }

    /// A stable 63-bit key for a lease name (FNV-1a), the same in every replica.
    static func leaseKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }
}

/// Leadership as a session-level advisory lock held on a dedicated connection. If the
/// holder dies, PostgreSQL ends its session and frees the lock; another replica's next
/// ``acquireOrConfirm()`` takes it.
///
/// A slow database is not a lost lease. A check that has not answered within ``checkWait`` is left
/// running, not cancelled (cancelling would close the session and give the lock away),
/// and the next call waits for the same check. Meanwhile the holder goes on leading while
/// its last confirmation is under ``leadershipGrace`` old, shorter than the idle timeout
/// after which PostgreSQL could end a silent holder's session; past it, it stops leading
/// until a check answers. So two replicas never lead at once, and a database that is only
/// slow does not leave every replica without a leader.
actor PostgresLeaderLease: LeaderLease {
    private let settings: PostgresURL
    private let key: Int64
    private let idleTimeout: Duration
    private let logger: Logger
    private var connection: PostgresConnection?
    private var held = false
    private var lastConfirmed: ContinuousClock.Instant?
    /// The check under way, kept across calls while the database is slow.
    private var pending: Task<Bool, any Error>?
    private var nextID = 1

    init(settings: PostgresURL, key: Int64, idleTimeout: Duration, logger: Logger) {
        self.settings = settings
        self.key = key
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    deinit {
        // Owners call release() first (postgres-nio asserts a connection is closed before
        // it goes); this only makes sure a forgotten lease still ends its session, and
        // with it the lock, in a release build.
        pending?.cancel()
        if let connection {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        }
    }

    /// How long a holder leads on without a confirmation: well within the idle timeout,
    /// so it has stopped before PostgreSQL could free the lock for another replica.
    var leadershipGrace: Duration { idleTimeout * 0.6 }

    /// How long a call waits for a check (2 s with the 5 s idle timeout): shorter than the
    /// grace, so a holder's first slow check still finds it leading.
    var checkWait: Duration { idleTimeout * 0.4 }

    func acquireOrConfirm() async -> Bool {
        let check = pending ?? Task { try await self.check() }
        pending = check
        switch await Self.outcome(of: check, within: checkWait) {
        case .answered(let holds):
            pending = nil
            held = holds
            if holds { lastConfirmed = .now }
            return holds
        case .failed:
            // The session is gone or unusable: whatever it held, it holds no more.
            pending = nil
            await drop()
            return false
        case .slow:
            guard held, let lastConfirmed else { return false }
            return ContinuousClock.now - lastConfirmed < leadershipGrace
        }
    }

    private enum Outcome {
        case answered(Bool)
        case failed
        case slow
    }

    /// Waits for `check` at most `limit`, without cancelling it. (A task group would not
    /// do: leaving it waits for every child, and a wait on a task's value ignores
    /// cancellation.) A waiter left behind ends when the check does.
    private static func outcome(of check: Task<Bool, any Error>, within limit: Duration) async -> Outcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let waiting = Mutex<CheckedContinuation<Outcome, Never>?>(continuation)
            let answer: @Sendable (Outcome) -> Void = { outcome in waiting.withLock { $0.take() }?.resume(returning: outcome) }
            let timer = Task {
                try await Task.sleep(for: limit)
                answer(.slow)
            }
            Task {
                do { answer(.answered(try await check.value)) } catch { answer(.failed) }
                timer.cancel()
            }
        }
    }

    private func check() async throws -> Bool {
        let connection = try await openConnection()
        if held {
            try await connection.query("SELECT 1", logger: logger)
            return true
        }
        return try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger).collect().first?.decode(Bool.self) ?? false
    }

    private func openConnection() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        held = false
        var configuration = try settings.connectionConfiguration()
        configuration.options.connectTimeout = .seconds(2)
        nextID += 1
        let opened = try await PostgresConnection.connect(configuration: configuration, id: nextID, logger: logger)
        // The holder confirms every second. If it stops — hung, or cut off from the
        // database — PostgreSQL ends the session after `idleTimeout` (5 s; and notices a
        // dead peer within ~10 s), which frees the lock for another replica. The holder
        // gives the lease up after 2 s without an answer, so the two never overlap.
        do {
            let milliseconds = idleTimeout.components.seconds * 1000 + idleTimeout.components.attoseconds / 1_000_000_000_000_000
            try await opened.query(PostgresQuery(unsafeSQL: "SET idle_session_timeout = \(milliseconds)"), logger: logger)
            try await opened.query("SET tcp_keepalives_idle = 5", logger: logger)
            try await opened.query("SET tcp_keepalives_interval = 2", logger: logger)
            try await opened.query("SET tcp_keepalives_count = 3", logger: logger)
        } catch {
            try? await opened.close()
            throw error
        }
        connection = opened
        return opened
    }

    private func drop() async {
        held = false
        lastConfirmed = nil
        if let connection { try? await connection.close() }
        connection = nil
    }

    func release() async {
        pending?.cancel()
        pending = nil
        await drop()
    }
}
