import Foundation
import Logging
import Synchronization
import VigilStore

/// Whether the store takes writes. A write refused as ``StoreError/unavailable(_:)``
/// (disk full, read-only, locked, unreachable) marks it failing: `/-/ready` answers 503,
/// so a load balancer sends writes elsewhere, until a write succeeds again — ingestion's,
/// or the small one `/-/ready` tries itself while failing (``SignalStore/checkWrites(at:)``),
/// since with no traffic sent there would be no other.
final class WriteHealth: Sendable {
    /// Why writes fail, and since when; `nil` while they succeed.
    struct Failure: Equatable, Sendable {
        let cause: String
        let since: Date
    }

    private let state = Mutex<Failure?>(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    var failure: Failure? { state.withLock { $0 } }

    /// A write was refused: logged with its cause once per outage (the cause again if it changes).
    func failed(_ cause: String, at now: Date) {
        let changed = state.withLock { failure -> Bool in
            guard failure?.cause != cause else { return false }
            failure = Failure(cause: cause, since: failure?.since ?? now)
            return true
        }
        if changed { logger.error("the store refuses writes; answering 503 until a write succeeds", metadata: ["cause": "\(cause)"]) }
    }

    /// A write succeeded.
    func succeeded(at now: Date) {
        guard
            let ended = state.withLock({ failure -> Failure? in
                defer { failure = nil }
                return failure
            })
        else { return }
        logger.notice(
            "the store takes writes again", metadata: ["cause": "\(ended.cause)", "seconds": "\(Int(now.timeIntervalSince(ended.since)))"])
    }
}
