import Foundation
import VigilConfig
import VigilCore
import VigilReports

/// `/`: every service with its SLOs, what needs attention on top, filters by team and tier.
public struct OverviewPage: DashboardPage {
    public static let template = "overview"

    struct Option: Sendable {
        let value: String
        let selected: Bool
    }

    struct AlertLine: Sendable {
        let slo: String
        let tier: String
        let severity: String
        let css: String
        let since: String
        let href: String
    }

    struct IncidentLine: Sendable {
        let reference: String
        let title: String
        let severity: String
        let status: String
        let started: String
        let href: String
    }

    struct SLORow: Sendable {
        let name: String
        let href: String
        let words: String
        let css: String
        let sli: String
        let target: String
        let window: String
        let budget: String
        let budgetWidth: Int
        let budgetCss: String
        let burn: String
        let exhaustion: String
    }

    struct ServiceBlock: Sendable {
        let name: String
        let team: String?
        let tier: Int?
        let description: String?
        let slos: [SLORow]
    }

    struct Group: Sendable {
        let heading: String
        let services: [ServiceBlock]
    }

    let chrome: PageChrome
    let teams: [Option]
    let tiers: [Option]
    let timeZoneField: String?
    let alerts: [AlertLine]
    let incidents: [IncidentLine]
    /// Open release gates: overrides in force, each in words.
    let overrides: [String]
    let groups: [Group]
    let hasAttention: Bool

    /// The page for `report`, filtered by `team` and `tier` (`nil` for all).
    /// - Parameters:
    ///   - alerts: pending and firing SLO alerts; only firing ones are listed on top.
    ///   - incidents: the open incidents.
    ///   - overrides: gate overrides in force: a service shipping past its policy is visible.
    public init(
        report: SLOReport, configuration: VigilConfiguration, alerts: [ActiveAlert], incidents: [Incident], overrides: [GateOverride] = [],
        team: String?, tier: Int?, display: TimeDisplay, signedIn: Bool = false, refresh: Int? = nil
    ) {
        self.overrides = overrides.map { override in
            "\(override.service)" + (override.version.map { " \($0)" } ?? "") + ": release gate open until \(display.minute(override.expires)), "
                + "by \(override.createdBy) — \(override.reason)"
        }
        let keep = [("team", team), ("tier", tier.map(String.init))].compactMap { name, value in value.map { (name, $0) } }
        chrome = PageChrome(
            title: "Overview", path: "/", display: display, keep: keep, refresh: refresh,
            generatedAt: Date(epochMinute: report.evaluatedAt), signedIn: signedIn)
        teams = Set(configuration.services.compactMap(\.team)).sorted().map { Option(value: $0, selected: $0 == team) }
        tiers = Set(configuration.services.compactMap(\.tier)).sorted().map { Option(value: String($0), selected: $0 == tier) }
        timeZoneField = display.parameter
        let severities = Dictionary(
            configuration.slos.map { spec in
                (
                    spec.name,
                    Dictionary(spec.objective.alerting.tiers.map { ($0.name, $0.severity.rawValue) }, uniquingKeysWith: { a, _ in a })
                        .merging(["exhaustion": spec.objective.alerting.exhaustion?.severity.rawValue ?? "ticket"]) { a, _ in a }
                )
            }, uniquingKeysWith: { a, _ in a })
        let entriesByName = Dictionary(report.entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.alerts = alerts.filter { $0.status.state == .firing }.map { alert in
            let severity = severities[entriesByName[alert.slo]?.spec.name ?? alert.slo]?[alert.tier] ?? "page"
            let entry = entriesByName[alert.slo]
            let href =
                entry.map { Paths.slo(($0.spec.name, $0.instance.group, $0.spec.objective.grouping?.labels ?? []), display: display) }
                ?? Paths.slo(named: alert.slo, display: display)
            return AlertLine(
                slo: alert.slo, tier: alert.tier, severity: severity, css: severity == "page" ? "crit" : "warn",
                since: display.minute(Date(epochMinute: alert.status.activeSince ?? alert.status.since)), href: href)
        }
        self.incidents = incidents.filter(\.status.isOpen).map {
            IncidentLine(
                reference: $0.reference, title: $0.title, severity: $0.severity, status: $0.status.rawValue,
                started: display.minute($0.times.start), href: Paths.incident($0.id, display: display))
        }
        hasAttention = !self.alerts.isEmpty || !self.incidents.isEmpty || !self.overrides.isEmpty
        let shown = configuration.services.filter { (team == nil || $0.team == team) && (tier == nil || $0.tier == tier) }
        func block(_ service: ServiceSpec) -> ServiceBlock {
            let rows = report.entries.filter { $0.spec.objective.service == service.name }.map { Self.row($0, display: display) }
            return ServiceBlock(name: service.name, team: service.team, tier: service.tier, description: service.description, slos: rows)
        }
        let own = shown.filter { !$0.external }.map(block)
        let external = shown.filter(\.external).map(block)
        groups = [Group(heading: "Our services", services: own), Group(heading: "Third-party dependencies", services: external)]
            .filter { !$0.services.isEmpty }
    }

    static func row(_ entry: SLOReport.Entry, display: TimeDisplay) -> SLORow {
        let slo = entry.spec.objective
        let status = entry.status
        let state = Figures.state(status)
        return SLORow(
            name: entry.name,
            href: Paths.slo((entry.spec.name, entry.instance.group, slo.grouping?.labels ?? []), display: display),
            words: state.words, css: state.css,
            sli: Figures.percent(status?.sli, digits: 3), target: Formatting.objective(slo.objective), window: slo.window.description,
            budget: Figures.percent(status?.budgetRemaining, digits: 1), budgetWidth: Figures.barWidth(status?.budgetRemaining),
            budgetCss: Figures.budgetClass(status?.budgetRemaining), burn: Figures.fastestBurn(status),
            exhaustion: Figures.exhaustion(status?.timeToExhaustion))
    }
}
