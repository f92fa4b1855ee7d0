import Foundation
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Every SLO alert's state — one per burn-rate tier and exhaustion forecast of each SLO
/// instance — and how an evaluation moves them (``AlertStateMachine``, with each tier's
/// `for:`). A value: ``HotState`` owns one, and a test drives one with reports directly.
struct AlertBook: Equatable, Sendable {
    private(set) var states: [AlertKey: AlertStatus]

    init(states: [AlertKey: AlertStatus] = [:]) {
        self.states = states
    }

    /// Runs the state machines over a fresh evaluation.
    /// - Returns: the transitions to persist, in report order.
    mutating func evaluate(_ report: SLOReport) -> [AlertTransition] {
        var transitions: [AlertTransition] = []
        for entry in report.entries {
            guard let status = entry.status else { continue }
            // A tier's `for:` keeps it pending until its condition has held that long.
            var conditions = status.tiers.map { ($0.tier.name, $0.state == .firing, $0.tier.holdFor) }
            if let exhaustion = status.exhaustion { conditions.append(("exhaustion", exhaustion.isFiring, .zero)) }
            for (tier, holds, holdFor) in conditions {
                let key = AlertKey(slo: entry.name, tier: tier)
                let current = states[key] ?? AlertStatus(since: report.evaluatedAt)
                let (next, changed) = AlertStateMachine.next(current, holds: holds, at: report.evaluatedAt, holdFor: holdFor)
                states[key] = next
                if changed { transitions.append(AlertTransition(key: key, state: next.state, at: next.since, activeSince: next.activeSince)) }
            }
        }
        return transitions
    }

    /// Every firing tier (and exhaustion forecast) of `report`, and every spent budget, as
    /// an alert for the notifier.
    func firing(in report: SLOReport, configuration: VigilConfiguration) -> [Alert] {
        let teams = Dictionary(configuration.services.map { ($0.name, $0.team) }, uniquingKeysWith: { a, _ in a })
        let base = configuration.server.linkBase
        var alerts: [Alert] = []
        for entry in report.entries {
            let policy = entry.spec.objective.alerting
            var severities = Dictionary(policy.tiers.map { ($0.name, $0.severity) }, uniquingKeysWith: { a, _ in a })
            severities["exhaustion"] = policy.exhaustion?.severity
            for (tier, severity) in severities {
                guard let status = states[AlertKey(slo: entry.name, tier: tier)], status.state == .firing else { continue }
                alerts.append(
                    VigilAlerts.slo(
                        entry, tier: tier, severity: severity, since: status.activeSince ?? status.since,
                        team: teams[entry.spec.objective.service] ?? nil, externalURL: base))
            }
            if let remaining = entry.status?.budgetRemaining, remaining <= 0, !entry.spec.objective.alerting.tiers.isEmpty {
                alerts.append(VigilAlerts.exhausted(entry, at: report.evaluatedAt, team: teams[entry.spec.objective.service] ?? nil, externalURL: base))
            }
        }
        return alerts
    }

    /// Alerts that are not inactive, by SLO and tier.
    var active: [(key: AlertKey, status: AlertStatus)] {
        states.filter { $0.value.state != .inactive }
            .map { (key: $0.key, status: $0.value) }
            .sorted { ($0.key.slo, $0.key.tier) < ($1.key.slo, $1.key.tier) }
    }

    /// The states of one SLO instance's alerts, by tier.
    func tiers(of slo: String) -> [(tier: String, status: AlertStatus)] {
        states.filter { $0.key.slo == slo }.map { (tier: $0.key.tier, status: $0.value) }.sorted { $0.tier < $1.tier }
    }
}
