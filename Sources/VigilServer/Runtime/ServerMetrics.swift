import Foundation
import Synchronization

/// Counters the server exposes on `/metrics`. (Exposition through swift-prometheus lands
/// with the operations slice; the figures are kept from the start so nothing is lost.)
final class ServerMetrics: Sendable {
    private struct Figures {
        var eventsIngested = 0
        var eventsRejected: [String: Int] = [:]
        var commits = 0
        var batchesCommitted = 0
        var commitSeconds = 0.0
        var evaluations = 0
        var evaluationSeconds = 0.0
    }

    private let figures = Mutex(Figures())

    func eventsIngested(_ count: Int) { figures.withLock { $0.eventsIngested += count } }
    func eventsRejected(_ count: Int, reason: String) { figures.withLock { $0.eventsRejected[reason, default: 0] += count } }
    func recordCommit(seconds: Double, batches: Int) {
        figures.withLock {
            $0.commits += 1
            $0.batchesCommitted += batches
            $0.commitSeconds += seconds
        }
    }
    func recordEvaluation(seconds: Double) {
        figures.withLock {
            $0.evaluations += 1
            $0.evaluationSeconds += seconds
        }
    }

    /// Batches per commit so far: how much group commit is sharing.
    var batchesPerCommit: Double {
        figures.withLock { $0.commits == 0 ? 0 : Double($0.batchesCommitted) / Double($0.commits) }
    }

    var ingested: Int { figures.withLock { $0.eventsIngested } }
}
