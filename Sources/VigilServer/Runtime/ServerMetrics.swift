import Foundation
import Prometheus
import VigilBuildInfo
import VigilCore

/// Vigil's own metrics, exposed on `/metrics` in the Prometheus text format. Each runtime
/// owns its registry (no global state), so tests can run several servers side by side.
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let ingested: Counter
    private let commits: Counter
    private let commitDuration: DurationHistogram
    private let batchesPerCommit: ValueHistogram
    private let evaluationDuration: DurationHistogram
    private let sloCount: Gauge

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        ingested = registry.makeCounter(name: "vigil_events_ingested_total", help: "Events acknowledged (durable).")
        commits = registry.makeCounter(name: "vigil_commits_total", help: "Group-commit transactions written.")
        commitDuration = registry.makeDurationHistogram(
            name: "vigil_commit_duration_seconds",
            buckets: [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
                .milliseconds(100), .milliseconds(500),
            ],
            help: "Time to write and fsync one group commit.")
        batchesPerCommit = registry.makeValueHistogram(
            name: "vigil_commit_batches", buckets: [1, 2, 4, 8, 16, 32, 64, 128],
            help: "Requests that shared one group commit.")
        evaluationDuration = registry.makeDurationHistogram(
            name: "vigil_evaluation_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1)],
            help: "Time to evaluate every SLO once.")
        sloCount = registry.makeGauge(name: "vigil_slos", help: "SLOs in the running configuration.")
        // Prometheus's convention for what is running: a constant 1 labelled with the build.
        registry.makeGauge(
            name: "vigil_build_info", labels: [("version", BuildInfo.version), ("revision", BuildInfo.revision)],
            help: "The running build: version and git revision (always 1)."
        ).set(1.0)
    }

    /// Replicated mode: whether this replica leads (1) or follows (0).
    func recordLeadership(_ leads: Bool) {
        registry.makeGauge(name: "vigil_replica_leader", help: "1 while this replica leads (evaluates, notifies, probes), 0 while it follows.")
            .set(leads ? 1.0 : 0.0)
    }

    func eventsIngested(_ count: Int) { ingested.increment(by: Int64(count)) }

    func eventsRejected(_ count: Int, reason: String) {
        registry.makeCounter(name: "vigil_events_rejected_total", labels: [("reason", reason)], help: "Events refused, by reason.")
            .increment(by: Int64(count))
    }

    func recordCommit(_ duration: Duration, batches: Int) {
        commits.increment()
        commitDuration.record(duration)
        batchesPerCommit.record(Double(batches))
    }

    func recordEvaluation(_ duration: Duration, slos: Int) {
        evaluationDuration.record(duration)
        sloCount.set(Double(slos))
    }

    /// One probe run under blackbox_exporter's names, with a `probe` label, so dashboards
    /// built for it keep working.
    func recordProbe(_ probe: String, success: Bool, duration: Duration?, status: Int?, certificateExpiry: Date?, isDNS: Bool) {
        let labels = [("probe", probe)]
        registry.makeGauge(name: "probe_success", labels: labels, help: "Whether the last run of the probe passed.").set(success ? 1.0 : 0.0)
        if let duration {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            registry.makeGauge(name: "probe_duration_seconds", labels: labels, help: "How long the last run took.").set(seconds)
            if isDNS { registry.makeGauge(name: "probe_dns_lookup_time_seconds", labels: labels, help: "How long the last DNS lookup took.").set(seconds) }
        }
        if let status { registry.makeGauge(name: "probe_http_status_code", labels: labels, help: "HTTP status of the last run.").set(Double(status)) }
        if let certificateExpiry {
            registry.makeGauge(name: "probe_ssl_earliest_cert_expiry", labels: labels, help: "Unix time the earliest certificate of the chain expires.")
                .set(certificateExpiry.timeIntervalSince1970)
        }
    }

    /// Runs the scheduler could not start in their slot.
    func probeMissed(_ probe: String, count: Int) {
        registry.makeCounter(name: "vigil_probe_missed_runs_total", labels: [("probe", probe)], help: "Probe runs missed (scheduler behind or at its limit).")
            .increment(by: Int64(count))
    }

    /// One delivery attempt of a notification.
    func recordDelivery(receiver: String, success: Bool) {
        registry.makeCounter(
            name: "vigil_notification_attempts_total", labels: [("receiver", receiver), ("result", success ? "delivered" : "failed")],
            help: "Notification delivery attempts, by receiver and result."
        )
        .increment()
    }

    /// SLO alert transitions, by the state entered.
    func recordTransitions(_ states: [AlertState]) {
        for state in states {
            registry.makeCounter(
                name: "vigil_slo_alert_transitions_total", labels: [("state", state.rawValue)], help: "SLO alert state changes, by the state entered."
            )
            .increment()
        }
    }

    /// Escalation events: pages to people, acknowledgements, ends.
    func recordEscalation(_ event: EscalationEvent) {
        registry.makeCounter(
            name: "vigil_escalation_events_total", labels: [("policy", event.policy), ("kind", event.kind.rawValue)],
            help: "Escalation events (started, paged, unreachable, acknowledged, resolved, exhausted), by policy."
        )
        .increment()
    }

    /// The exposition text.
    func exposition() -> String { registry.emitToString() }
}
