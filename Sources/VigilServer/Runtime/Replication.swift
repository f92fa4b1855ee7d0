import Foundation
import VigilCore
import VigilStore

/// What one replica of several sharing a PostgreSQL store keeps up: the other replicas'
/// writes, followed into this one's hot state by bucket revision, and whether this one
/// leads (runs the evaluator, the notifier, the outbox and the probes).
///
/// Revisions grow in commit order (the store serialises the transactions that take them),
/// so following is a cursor: everything after the last revision seen. Each change carries
/// the bucket's counts as they stand, and applying one replaces, so the order in which a
/// replica's own writes and the feed arrive cannot count anything twice: in replicated
/// mode the ingestion writer does not add its deltas itself, it catches up instead.
actor Replication {
    private let store: any ReplicatedStore
    private let hotState: HotState
    private let lease: any LeaderLease
    private var cursor: Int64 = 0
    /// Whether this replica held the lease at the last check.
    private(set) var isLeader = false

    init(store: any ReplicatedStore, hotState: HotState, lease: any LeaderLease) {
        self.store = store
        self.hotState = hotState
        self.lease = lease
    }

    /// Called before the hot state is loaded: the feed starts after what the load sees.
    func markStart() async throws {
        cursor = try await store.latestBucketRevision()
    }

    /// Applies every bucket written since the last call, by any replica.
    /// - Returns: how many buckets changed.
    @discardableResult
    func catchUp() async throws -> Int {
        var applied = 0
        while true {
            let changes = try await store.bucketChanges(after: cursor, limit: Self.page)
            guard let last = changes.last else { break }
            await hotState.set(changes)
            cursor = last.revision
            applied += changes.count
            if changes.count < Self.page { break }
        }
        return applied
    }

    static let page = 10_000

    /// Takes or confirms the lease. - Returns: `(leads, changed)`.
    func checkLeadership() async -> (leads: Bool, changed: Bool) {
        let leads = await lease.acquireOrConfirm()
        defer { isLeader = leads }
        return (leads, leads != isLeader)
    }

    /// Gives the lease up so another replica takes over without waiting.
    func resign() async {
        isLeader = false
        await lease.release()
    }
}
