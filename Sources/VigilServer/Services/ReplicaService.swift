import Foundation
import Logging
import ServiceLifecycle
import VigilCore
import VigilStore

/// In replicated mode, once a second: follows the other replicas' writes, takes or
/// confirms leadership, and keeps what replicas share (alert states, silences,
/// acknowledgements, maintenance windows) current where this replica does not own it.
struct ReplicaService: Service {
    let runtime: VigilRuntime
    let replication: Replication
    var tick: Duration = .seconds(1)

    func run() async throws {
        var ticks = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await runtime.hotState.isReady {
                do {
                    try await replication.catchUp()
                    let (leads, changed) = await replication.checkLeadership()
                    runtime.metrics.recordLeadership(leads)
                    if changed {
                        if leads { try await runtime.assumeLeadership() }
                        runtime.logger.notice(leads ? "leading: this replica runs the evaluator, notifier and probes" : "following: another replica leads")
                    }
                    // The leader owns alert states; a follower shows the leader's.
                    if !leads { await runtime.hotState.restore(alerts: try await runtime.store.latestAlertStates()) }
                    if ticks % 5 == 0 {
                        try await runtime.refreshMaintenance()
                        try await runtime.notifier.refreshShared(at: runtime.clock.now)
                    }
                } catch {
                    runtime.logger.error("following the other replicas failed", metadata: ["error": "\(error)"])
                }
                ticks += 1
            }
            try? await cancelWhenGracefulShutdown { try await runtime.clock.sleep(for: tick) }
        }
        await replication.resign()
    }
}
