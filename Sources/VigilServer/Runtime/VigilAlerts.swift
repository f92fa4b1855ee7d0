import Foundation
import VigilConfig
import VigilCore
import VigilReports

/// Turns Vigil's own signals into alerts for the notifier, with the labels and
/// annotations docs/alerting.md lists.
enum VigilAlerts {
    /// An SLO tier (or the exhaustion forecast) that fires.
    static func slo(_ entry: SLOReport.Entry, tier: String, severity: TierSeverity, since: EpochMinute, team: String?, externalURL: String) -> Alert {
        let spec = entry.spec
        var labels: LabelSet = [
            "alertname": tier == "exhaustion" ? "ErrorBudgetExhaustion" : "ErrorBudgetBurn",
            "slo": spec.name, "service": spec.objective.service, "tier": tier,
            "severity": severity.rawValue, Alert.classLabel: severity.notificationClass.rawValue,
        ]
        if let team { labels["team"] = team }
        if let grouping = spec.objective.grouping {
            switch entry.instance.group {
            case .values(let values)?: for (name, value) in zip(grouping.labels, values) where labels[name] == nil { labels[name] = value }
            case .overflow?: labels["slo_group"] = "other"
            case nil: break
            }
        }
        var annotations: LabelSet = ["summary": summary(entry, tier: tier), "link": link(externalURL, entry)]
        if let runbook = spec.alerting.runbook { annotations["runbook_url"] = runbook }
        return Alert(labels: labels, annotations: annotations, startsAt: Date(epochMinute: since))
    }

    /// An SLO whose error budget is spent (remaining ≤ 0): a ticket — releases should
    /// stop until it recovers (an error-budget policy's "freeze releases"), which is not a page.
    static func exhausted(_ entry: SLOReport.Entry, at minute: EpochMinute, team: String?, externalURL: String) -> Alert {
        var alert = slo(entry, tier: "exhausted", severity: .ticket, since: minute, team: team, externalURL: externalURL)
        alert.labels["alertname"] = "ErrorBudgetExhausted"
        alert.labels["tier"] = nil
        let left = (entry.status?.budgetRemaining ?? 0) * 100
        alert.annotations["summary"] = String(format: "%@: the error budget is spent (%.1f %% left); hold risky releases until it recovers", entry.name, left)
        return alert
    }

    static func summary(_ entry: SLOReport.Entry, tier: String) -> String {
        guard let status = entry.status else { return "\(entry.name): \(tier)" }
        if tier == "exhaustion", let left = status.budgetRemaining {
            return "\(entry.name): the error budget (\(Int((left * 100).rounded())) % left) runs out within the exhaustion horizon at the current burn"
        }
        if let firing = status.tiers.first(where: { $0.tier.name == tier }), let rate = firing.long.rate {
            return String(format: "%@: burning the error budget at %.1f× over %@ (%@)", entry.name, rate, firing.tier.longWindow.compactDescription, tier)
        }
        return "\(entry.name): \(tier) fires"
    }

    static func link(_ externalURL: String, _ entry: SLOReport.Entry) -> String {
        var link = "\(externalURL)/api/v1/slos/\(entry.spec.name)"
        if let grouping = entry.spec.objective.grouping {
            switch entry.instance.group {
            case .values(let values)?:
                let query = zip(grouping.labels, values).map { "group.\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $1)" }
                link += "?" + query.joined(separator: "&")
            case .overflow?: link += "?group=other"
            case nil: break
            }
        }
        return link
    }

    /// A probe that is down. Third parties open tickets: nobody here can fix them.
    static func probeDown(_ spec: ProbeSpec, service: ServiceSpec?, since: Date, lastFailure: String?, externalURL: String) -> Alert {
        let external = service?.external ?? false
        let notificationClass: NotificationClass = external ? .ticket : .alert
        var labels: LabelSet = [
            "alertname": "ProbeDown", "probe": spec.name, "service": spec.service,
            "severity": external ? "ticket" : "page", Alert.classLabel: notificationClass.rawValue,
        ]
        if let team = service?.team { labels["team"] = team }
        var summary = "probe \(spec.name) (\(spec.kind.name) \(spec.kind.target)) is down"
        if let lastFailure { summary += ": \(lastFailure)" }
        return Alert(labels: labels, annotations: ["summary": summary, "link": "\(externalURL)/api/v1/probes/\(spec.name)/results"], startsAt: since)
    }
}
