import Foundation
import Logging
import VigilStore

/// Stores probe runs in batches: runs that finish while a transaction is being written
/// go together into the next one, so a thousand probes a second cost a few fsyncs, not
/// a thousand. Nobody waits on it — a probe result is not an acknowledgement promised to
/// a client — but nothing is dropped: a failed write is logged with its count.
actor ProbeRunWriter {
    private let store: any SignalStore
    private let logger: Logger
    private var pending: [ProbeRunRecord] = []
    private var flushing: Task<Void, Never>?

    init(store: any SignalStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func add(_ records: [ProbeRunRecord]) {
        pending += records
        guard flushing == nil else { return }
        flushing = Task { await self.writePending() }
    }

    /// Returns once everything added so far is written (at shutdown, and in tests).
    func drain() async {
        while let task = flushing { await task.value }
    }

    private func writePending() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await store.recordProbeRuns(batch)
            } catch {
                logger.error("probe runs not stored", metadata: ["runs": "\(batch.count)", "error": "\(error)"])
            }
        }
        flushing = nil
    }
}
