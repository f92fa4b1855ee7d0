import Foundation
import Logging
import VigilConfig
import VigilCore
import VigilNotify
import VigilStore

extension VigilRuntime {
    /// Releases what the runtime holds open (the notification HTTP client).
    public func shutdown() async throws { try await sender.shutdown() }

    /// Syncs the probes that are down and flushes the notifier.
    func notifierTick(at now: Date) async throws {
        let configuration = await hotState.configuration
        let services = Dictionary(configuration.services.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let base = configuration.server.linkBase
        let down = await probes.all().filter { $0.health.state == .down }.map { entry in
            VigilAlerts.probeDown(
                entry.spec, service: services[entry.spec.service], since: entry.since ?? now,
                lastFailure: entry.lastFailure?.conditions.first(where: { !$0.success })?.condition ?? entry.lastFailure?.error,
                externalURL: base)
        }
        await notifier.sync(.probes, firing: down, at: now)
        try await notifier.tick(at: now)
        for event in await notifier.committedEscalationEvents {
            metrics.recordEscalation(event)
            guard event.kind == .acknowledged else { continue }
            do { try await incidents.escalationAcknowledged(event) } catch {
                logger.error("marking an incident acknowledged failed", metadata: ["group": "\(event.groupKey)", "error": "\(error)"])
            }
        }
        for opening in await notifier.incidentOpenings(at: now) {
            // One group's failure must not stop the others (or the tick): it is tried
            // again next tick, since openings are read from the state.
            do { try await incidents.handle(opening, at: now) } catch {
                logger.error("opening an incident from a page failed", metadata: ["group": "\(opening.groupKey)", "error": "\(error)"])
            }
        }
    }

    /// The `vigil_slo_*` series of the current report (empty until the hot state is ready).
    func sloMetrics() async -> String {
        guard await hotState.isReady else { return "" }
        return SLOMetrics.exposition(await hotState.report(), configuration: await hotState.configuration, alerts: await hotState.alertStates())
    }

    /// The escalations to show: the leader's own, or on a follower the leader's as last
    /// committed to the shared store.
    func escalations() async throws -> [Escalation] {
        await leads() ? await notifier.escalations() : try await notifier.committedEscalations()
    }

    /// Sends up to `limit` due outbox rows at once and records each attempt.
    /// - Returns: how many were attempted.
    func deliverDue<R: RandomNumberGenerator>(limit: Int, using generator: inout R) async throws -> Int {
        let now = clock.now
        let due = try await notificationStore.dueNotifications(at: now, limit: limit)
        guard !due.isEmpty else { return 0 }
        let configuration = await hotState.configuration
        var receivers: [String: ReceiverSpec] = [:]
        for entry in due { receivers[entry.notification.receiver] = configuration.deliveryReceiver(named: entry.notification.receiver) }
        let results = await withTaskGroup(of: (OutboxEntry, NotificationSender.Result?).self) { group in
            for entry in due {
                let receiver = receivers[entry.notification.receiver]
                group.addTask { [sender] in
                    guard let receiver else { return (entry, nil) }
                    return (entry, await sender.send(entry.notification, to: receiver))
                }
            }
            var results: [(OutboxEntry, NotificationSender.Result?)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (entry, result) in results {
            let finished = clock.now
            guard let result else {
                try await notificationStore.recordAttempt(
                    DeliveryAttempt(
                        notification: entry.id, at: finished, success: false, status: nil,
                        error: "receiver '\(entry.notification.receiver)' is no longer configured", duration: .zero),
                    outcome: .gaveUp)
                continue
            }
            var outcome = DeliveryOutcome.delivered
            if !result.success {
                let policy = RetryPolicy(base: deliveryBackoff, horizon: receivers[entry.notification.receiver]?.retryFor ?? .seconds(86_400))
                let next =
                    result.retryable
                    ? policy.nextAttempt(afterAttempt: entry.attempts + 1, at: finished, createdAt: entry.notification.createdAt, using: &generator) : nil
                outcome = next.map { DeliveryOutcome.retry(at: $0) } ?? .gaveUp
                logger.warning(
                    "notification not delivered",
                    metadata: [
                        "receiver": "\(entry.notification.receiver)", "key": "\(entry.notification.idempotencyKey)",
                        "attempt": "\(entry.attempts + 1)", "error": "\(result.error ?? "")", "next": "\(next.map(RFC3339.format) ?? "given up")",
                    ])
            }
            metrics.recordDelivery(receiver: entry.notification.receiver, success: result.success)
            try await notificationStore.recordAttempt(
                DeliveryAttempt(
                    notification: entry.id, at: finished, success: result.success, status: result.status, error: result.error, duration: result.duration),
                outcome: outcome)
        }
        return due.count
    }
}
