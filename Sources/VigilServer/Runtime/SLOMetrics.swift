import Foundation
import Prometheus
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Every SLO instance's figures as Prometheus gauges (`vigil_slo_*`), so budgets can be
/// graphed and alerted on beside everything else (docs/server.md, "Metrics"). Built at
/// each scrape from the evaluator's current report into a registry of its own: an SLO
/// removed by a reload, or a group that aged out, leaves no stale series behind. The
/// series are bounded as the report is, by each grouped SLO's `max_groups`.
enum SLOMetrics {
    /// The exposition text for `report`, with each tier's alert state from `alerts`.
    static func exposition(_ report: SLOReport, configuration: VigilConfiguration, alerts: [AlertKey: AlertStatus]) -> String {
        let registry = PrometheusCollectorRegistry()
        let teams = Dictionary(configuration.services.map { ($0.name, $0.team) }, uniquingKeysWith: { a, _ in a })
        for entry in report.entries {
            let labels = Self.labels(entry, team: teams[entry.spec.objective.service] ?? nil)
            func gauge(_ name: String, _ help: String, _ value: Double?, extra: [(String, String)] = []) {
                guard let value, value.isFinite else { return }
                registry.makeGauge(name: name, labels: labels + extra, help: help).set(value)
            }
            gauge("vigil_slo_objective", "The SLO's objective, a ratio (0.999).", entry.spec.objective.objective)
            gauge("vigil_slo_period_seconds", "The length of the SLO's compliance window.", entry.spec.objective.window.nominalLength.inSeconds)
            guard let status = entry.status else { continue }
            gauge("vigil_slo_sli", "The SLI over the compliance window: good / valid events (absent without data).", status.sli)
            gauge("vigil_slo_events_valid", "Valid events in the compliance window.", Double(status.counts.valid))
            gauge("vigil_slo_events_good", "Good events in the compliance window.", Double(status.counts.good))
            gauge(
                "vigil_slo_error_budget_remaining", "The share of the error budget left over the window (1 untouched, below 0 overspent).",
                status.budgetRemaining)
            gauge(
                "vigil_slo_current_burn_rate", "The burn rate over the current burn window (1: the budget lasts exactly the window).", status.currentBurn.rate)
            var windows: [Duration: Double] = [:]
            for tier in status.tiers {
                windows[tier.long.window] = tier.long.rate ?? windows[tier.long.window]
                windows[tier.short.window] = tier.short.rate ?? windows[tier.short.window]
            }
            for (window, rate) in windows.sorted(by: { $0.key < $1.key }) {
                gauge("vigil_slo_burn_rate", "The burn rate over an alert window.", rate, extra: [("window", window.compactDescription)])
            }
            switch status.timeToExhaustion {
            case .exhausted?: gauge("vigil_slo_time_to_exhaustion_seconds", "Seconds until the budget is spent at the current burn (0: spent).", 0)
            case .after(let duration)?:
                gauge("vigil_slo_time_to_exhaustion_seconds", "Seconds until the budget is spent at the current burn (0: spent).", duration.inSeconds)
            case .never?, nil: break
            }
            for tier in status.tiers {
                let state = alerts[AlertKey(slo: entry.name, tier: tier.tier.name)]?.state ?? .inactive
                gauge(
                    "vigil_slo_alert_state", "Each burn-rate tier's alert: 0 inactive or resolved, 1 pending, 2 firing.", Self.code(state),
                    extra: [("tier", tier.tier.name), ("severity", tier.tier.severity.rawValue)])
            }
        }
        return registry.emitToString()
    }

    /// `slo`, `service`, `team` and the instance's group labels (a group label that would
    /// collide with those is prefixed `group_`; the overflow instance is `slo_group="other"`).
    static func labels(_ entry: SLOReport.Entry, team: String?) -> [(String, String)] {
        var labels: [(String, String)] = [("slo", entry.spec.name), ("service", entry.spec.objective.service)]
        if let team { labels.append(("team", team)) }
        let reserved: Set<String> = ["slo", "service", "team", "window", "tier", "severity"]
        switch entry.instance.group {
        case .values(let values)?:
            for (name, value) in zip(entry.spec.objective.grouping?.labels ?? [], values) {
                labels.append((reserved.contains(name) ? "group_\(name)" : name, value))
            }
        case .overflow?: labels.append(("slo_group", "other"))
        case nil: break
        }
        return labels
    }

    static func code(_ state: AlertState) -> Double {
        switch state {
        case .inactive, .resolved: 0
        case .pending: 1
        case .firing: 2
        }
    }
}
