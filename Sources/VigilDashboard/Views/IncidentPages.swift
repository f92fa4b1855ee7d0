import Foundation
import VigilCore
import VigilReports

/// `/incidents`: every incident, newest first.
public struct IncidentsPage: DashboardPage {
    public static let template = "incidents"

    struct Row: Sendable {
        let reference: String
        let href: String
        let title: String
        let severity: String
        let status: String
        let css: String
        let services: String
        let started: String
        let resolved: String
    }

    let chrome: PageChrome
    let rows: [Row]

    public init(incidents: [Incident], now: Date, display: TimeDisplay, signedIn: Bool = false, refresh: Int? = nil) {
        chrome = PageChrome(title: "Incidents", path: "/incidents", display: display, refresh: refresh, generatedAt: now, signedIn: signedIn)
        rows = incidents.map {
            Row(
                reference: $0.reference, href: Paths.incident($0.id, display: display), title: $0.title, severity: $0.severity,
                status: $0.status.rawValue, css: IncidentPage.css($0.status), services: $0.services.joined(separator: ", "),
                started: display.minute($0.times.start), resolved: $0.times.resolved.map(display.minute) ?? "—")
        }
    }
}

/// `/incidents/{id}`: one incident with its times, roles, error-budget impact, postmortem,
/// public updates and timeline.
public struct IncidentPage: DashboardPage {
    public static let template = "incident"

    struct Labelled: Sendable {
        let label: String
        let value: String
    }

    struct RoleLine: Sendable {
        let role: String
        let person: String
    }

    struct ImpactRow: Sendable {
        let slo: String
        let href: String
        let bad: String
        let valid: String
        let spent: String
        let window: String
    }

    struct PostmortemBlock: Sendable {
        let status: String
        let href: String
        let text: String
    }

    struct UpdateLine: Sendable {
        let time: String
        let status: String
        let text: String
    }

    struct TimelineLine: Sendable {
        let time: String
        let kind: String
        let text: String
        let author: String
    }

    let chrome: PageChrome
    let reference: String
    let title: String
    let status: String
    let css: String
    let severity: String
    let services: String
    let summary: String?
    let times: [Labelled]
    let roles: [RoleLine]
    let impacts: [ImpactRow]
    let postmortem: PostmortemBlock?
    /// Why a postmortem is required, when it is and none exists.
    let needed: String?
    let updates: [UpdateLine]
    let timeline: [TimelineLine]

    public init(
        incident: Incident, timeline: [IncidentTimelineEntry], updates: [IncidentUpdate], impacts: [BudgetImpact],
        postmortem: Postmortem?, postmortemReasons: [String], now: Date, display: TimeDisplay, signedIn: Bool = false
    ) {
        chrome = PageChrome(title: incident.reference, path: "/incidents", display: display, generatedAt: now, signedIn: signedIn)
        reference = incident.reference
        title = incident.title
        status = incident.status.rawValue
        css = Self.css(incident.status)
        severity = incident.severity
        services = incident.services.joined(separator: ", ")
        summary = incident.summary
        let t = incident.times
        let moments: [(String, Date?)] = [
            ("Started", t.start), ("Detected", t.detected), ("Acknowledged", t.acknowledged),
            ("Mitigated", t.mitigated), ("Resolved", t.resolved),
        ]
        var times = moments.compactMap { label, date in date.map { Labelled(label: label, value: display.minute($0)) } }
        let durations: [(String, Duration?)] = [
            ("Time to detect", t.timeToDetect), ("Time to acknowledge", t.timeToAcknowledge),
            ("Time to mitigate", t.timeToMitigate), ("Time to resolve", t.timeToResolve),
        ]
        times += durations.compactMap { label, value in value.map { Labelled(label: label, value: Formatting.approximate($0)) } }
        self.times = times
        roles = incident.roles.sorted { $0.key < $1.key }.map { RoleLine(role: $0.key, person: $0.value) }
        self.impacts = impacts.map {
            ImpactRow(
                slo: $0.slo, href: Paths.slo(named: $0.slo, display: display), bad: Formatting.count($0.bad), valid: Formatting.count($0.valid),
                spent: $0.budgetSpent.map { Formatting.percent($0, digits: 1) } ?? "no data", window: $0.window)
        }
        self.postmortem = postmortem.map {
            PostmortemBlock(status: $0.status.words, href: "/api/v1/incidents/\(incident.id)/postmortem", text: $0.text)
        }
        needed = postmortemReasons.isEmpty ? nil : postmortemReasons.joined(separator: "; ")
        self.updates = updates.sorted { $0.at > $1.at }.map { UpdateLine(time: display.minute($0.at), status: $0.status.rawValue, text: $0.text) }
        self.timeline = timeline.map { TimelineLine(time: display.minute($0.at), kind: $0.kind.rawValue, text: $0.text, author: $0.author) }
    }

    static func css(_ status: IncidentStatus) -> String {
        status.isOpen ? "crit" : "ok"
    }
}
