import Foundation
import Logging
import PostgresNIO
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilStore

#if canImport(Glibc)
    import Glibc
#endif

/// What replicas sharing one PostgreSQL database need from it: each other's writes, in
/// commit order, and a leader lease only one of them holds.
@Suite(.requires(.postgres)) struct ReplicationStoreTests {
    /// Two stores (as two replicas would open) on one fresh database.
    func twoReplicas() async throws -> (PostgresStore, PostgresStore) {
        let url = try await TestPostgres.shared.freshDatabase()
        return (try await PostgresStore.connect(url: url, logger: Logger(label: "a")), try await PostgresStore.connect(url: url, logger: Logger(label: "b")))
    }

    @Test func aReplicaFollowsTheOthersWritesByRevision() async throws {
        let (first, second) = try await twoReplicas()
        defer {
            first.close()
            second.close()
        }
        let minute: EpochMinute = 29_600_000
        let start = try await second.latestBucketRevision()
        _ = try await first.commit(
            [IngestBatch(idempotencyKey: nil, deltas: [MinuteDelta(sli: "api", minute: minute, counts: EventCounts(good: 3, valid: 4))], eventCount: 4)],
            receivedAt: Date())
        _ = try await first.commit(
            [IngestBatch(idempotencyKey: nil, deltas: [MinuteDelta(sli: "api", minute: minute, counts: EventCounts(good: 1, valid: 1))], eventCount: 1)],
            receivedAt: Date())
        let changes = try await second.bucketChanges(after: start, limit: 100)
        // One row per bucket, with its counts as they stand after both writes.
        #expect(changes.map(\.bucket) == [MinuteCounts(minute: minute, counts: EventCounts(good: 4, valid: 5))])
        let cursor = try #require(changes.last?.revision)
        #expect(try await second.bucketChanges(after: cursor, limit: 100).isEmpty)
        #expect(try await second.latestBucketRevision() == cursor)
        // Concurrent writers from both replicas: every write shows up after the cursor.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<20 {
                let store = n % 2 == 0 ? first : second
                group.addTask {
                    _ = try await store.commit(
                        [
                            IngestBatch(
                                idempotencyKey: "w\(n)",
                                deltas: [
                                    MinuteDelta(sli: "api", minute: minute + EpochMinute(n % 3), counts: EventCounts(good: 1, valid: 1))
                                ], eventCount: 1)
                        ], receivedAt: Date())
                }
            }
            try await group.waitForAll()
        }
        var latest: [EpochMinute: EventCounts] = [:]
        for change in try await first.bucketChanges(after: cursor, limit: 100) { latest[change.bucket.minute] = change.bucket.counts }
        #expect(latest[minute]?.valid == 5 + 7 && latest[minute + 1]?.valid == 7 && latest[minute + 2]?.valid == 6)
    }

    @Test func onlyOneReplicaHoldsTheLeaseAndItPassesOnRelease() async throws {
        let (first, second) = try await twoReplicas()
        defer {
            first.close()
            second.close()
        }
        let a = first.leaderLease(name: "vigil-leader")
        let b = second.leaderLease(name: "vigil-leader")
        // A busy database may take longer than a check's 2 s to answer: leadership is
        // then taken by a later call (the check is not abandoned), never by two at once.
        #expect(await Self.eventually { await a.acquireOrConfirm() })
        #expect(await !b.acquireOrConfirm())
        #expect(await a.acquireOrConfirm(), "the holder confirms")
        // Another name is another lease.
        let other = second.leaderLease(name: "another")
        #expect(await Self.eventually { await other.acquireOrConfirm() })
        await a.release()
        #expect(await Self.eventually { await b.acquireOrConfirm() })
        #expect(await !a.acquireOrConfirm())
        // A holder that stops confirming (hung, or cut off) loses the lease on the
        // database's side: its idle session ends (after 5 s; 1 s here) and another replica
        // takes over. The wait is PostgreSQL's own timer, which no test clock moves.
        let c = second.leaderLease(name: "handover", idleTimeout: .seconds(1))
        #expect(await Self.eventually { await c.acquireOrConfirm() })
        let d = first.leaderLease(name: "handover", idleTimeout: .seconds(1))
        #expect(await !d.acquireOrConfirm())
        try await Task.sleep(for: .milliseconds(1500))
        #expect(await Self.eventually { await d.acquireOrConfirm() }, "the silent holder's session ended and freed the lock")
        #expect(await !c.acquireOrConfirm(), "the silent holder learns it no longer leads")
        // Every lease is given up before it goes (postgres-nio insists in debug builds).
        for lease in [a, b, other, c, d] { await lease.release() }
    }

    /// A database that is slow, not gone (here: the holder's backend process stopped with
    /// SIGSTOP): the holder leads on through its grace, never beside another replica, then
    /// waits; when the database answers again, the same check confirms it and it leads.
    @Test func aSlowDatabaseNeitherSplitsNorDropsLeadership() async throws {
        let (first, second) = try await twoReplicas()
        defer {
            first.close()
            second.close()
        }
        let a = first.leaderLease(name: "slow", idleTimeout: .seconds(5))
        let b = second.leaderLease(name: "slow", idleTimeout: .seconds(5))
        #expect(await Self.eventually { await a.acquireOrConfirm() })
        let holder = try #require(
            try await second.rows(
                """
                SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """
            ).first?.decode(Int32.self))
        #expect(kill(pid_t(holder), SIGSTOP) == 0)
        var resumed = false
        defer { if !resumed { kill(pid_t(holder), SIGCONT) } }
        let stopped = ContinuousClock.now
        #expect(await a.acquireOrConfirm(), "a check slower than its wait is not a lost lease while the grace lasts")
        #expect(await !b.acquireOrConfirm(), "the lock is still held: nobody else leads")
        try await Task.sleep(until: stopped + a.leadershipGrace + .milliseconds(300))
        #expect(await !a.acquireOrConfirm(), "past its grace without an answer, the holder stops leading")
        #expect(await !b.acquireOrConfirm())
        kill(pid_t(holder), SIGCONT)
        resumed = true
        #expect(await Self.eventually { await a.acquireOrConfirm() }, "the answer comes, and the same session leads again")
        #expect(await !b.acquireOrConfirm())
        for lease in [a, b] { await lease.release() }
    }

    /// Whether `condition` holds within 10 s, asked every 200 ms.
    static func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
