import Foundation
import Logging
import ServiceLifecycle
import VigilCore
import VigilStore

/// Once a second: tells the notifier which probes are down, and lets it flush and commit
/// what is due. (SLO alerts are synced by the evaluator after each evaluation.)
struct NotifierService: Service {
    let runtime: VigilRuntime
    var tick: Duration = .seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await runtime.hotState.isReady, await runtime.leads() {
                do {
                    try await runtime.notifierTick(at: runtime.clock.now)
                } catch {
                    runtime.logger.error("notifier failed", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: tick) }
        }
    }
}

/// Sends what the outbox holds: due rows, a few at a time; each attempt is recorded,
/// failures retried with backoff and jitter until the receiver's `retry_for` has passed.
/// After a restart the rows left undelivered are simply due again.
struct OutboxService: Service {
    let runtime: VigilRuntime
    var poll: Duration = .milliseconds(250)
    var concurrency = 8

    func run() async throws {
        var generator = SystemRandomNumberGenerator()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var sent = 0
            if await runtime.hotState.isReady, await runtime.leads() {
                do { sent = try await runtime.deliverDue(limit: concurrency, using: &generator) } catch {
                    runtime.logger.error("outbox failed", metadata: ["error": "\(error)"])
                }
            }
            // A full batch: there may be more due at once.
            if sent < concurrency { try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: poll) } }
        }
    }
}
