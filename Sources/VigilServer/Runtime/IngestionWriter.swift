import Foundation
import VigilCore
import VigilStore

/// Group commit: batches that arrive while a transaction is being written wait and go
/// together into the next one, so many requests share one fsync. Each caller resumes only
/// after the transaction holding its batch is durable; only then do its deltas reach the
/// hot state.
actor IngestionWriter {
    private struct Pending {
        let batch: IngestBatch
        let roundedDown: Set<String>
        let continuation: CheckedContinuation<CommitOutcome, any Error>
    }

    private let store: any SignalStore
    private let hotState: HotState
    /// In replicated mode, committed buckets reach the hot state through the feed.
    private let replication: Replication?
    private let metrics: ServerMetrics
    /// Stamps each commit's receive time.
    private let clock: any WallClock
    private var pending: [Pending] = []
    private var isFlushing = false

    /// Told of each commit that succeeds (a full disk's end shows here first).
    private let health: WriteHealth

    init(
        store: any SignalStore, hotState: HotState, metrics: ServerMetrics, clock: any WallClock, replication: Replication? = nil,
        health: WriteHealth
    ) {
        self.health = health
        self.clock = clock
        self.store = store
        self.replication = replication
        self.hotState = hotState
        self.metrics = metrics
    }

    /// Queues a batch and returns once it is durable.
    /// - Returns: whether it was stored, or an earlier batch's key came again (a retry,
    ///   or a conflict when the body differs).
    func submit(_ batch: IngestBatch, roundedDown: Set<String>) async throws -> CommitOutcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(batch: batch, roundedDown: roundedDown, continuation: continuation))
            if !isFlushing {
                isFlushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let group = pending
            pending = []
            let started = ContinuousClock.now
            do {
                let outcomes = try await store.commit(group.map(\.batch), receivedAt: clock.now)
                metrics.recordCommit(ContinuousClock.now - started, batches: group.count)
                health.succeeded(at: clock.now)
                var deltas: [MinuteDelta] = []
                var roundedDown: Set<String> = []
                for (entry, outcome) in zip(group, outcomes) where outcome == .stored {
                    deltas += entry.batch.deltas
                    roundedDown.formUnion(entry.roundedDown)
                    metrics.eventsIngested(entry.batch.eventCount)
                }
                if let replication {
                    // The batch is durable; following the store shows it here (and the
                    // other replicas' writes with it). A failure only delays that.
                    await hotState.apply([], roundedDown: roundedDown)
                    do { try await replication.catchUp() } catch {}
                } else {
                    await hotState.apply(deltas, roundedDown: roundedDown)
                }
                for (entry, outcome) in zip(group, outcomes) { entry.continuation.resume(returning: outcome) }
            } catch {
                for entry in group { entry.continuation.resume(throwing: error) }
            }
        }
        isFlushing = false
    }
}
