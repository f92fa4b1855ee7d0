import Foundation
import VigilConfig
import VigilCore
import VigilReports

/// `/status`: the public status page. It shows only what `status_page:` names, under
/// the public names given there: each service's state in words, its daily uptime, the
/// incidents that were made public (those with at least one public update: publishing an
/// update is the decision to tell users) and maintenance. No SLO targets, no hostnames,
/// no internal timeline, no people.
public struct StatusPage: DashboardPage {
    public static let template = "status"

    /// What the server knows about one listed service.
    public struct ServiceInput: Sendable {
        public let entry: StatusPageSettings.Entry
        public let condition: ServiceCondition
        /// Empty when the service has no SLO for the bars.
        public let days: [UptimeDay]

        public init(entry: StatusPageSettings.Entry, condition: ServiceCondition, days: [UptimeDay]) {
            self.entry = entry
            self.condition = condition
            self.days = days
        }
    }

    struct Day: Sendable {
        let date: String
        let level: String
        let words: String
    }

    struct ServiceLine: Sendable {
        let name: String
        /// Not `description`: a missing value would make Mustache show the page's own.
        let about: String?
        let words: String
        let css: String
        let uptime: String
        let dayCount: Int
        let days: [Day]
    }

    struct UpdateLine: Sendable {
        let time: String
        let status: String
        let text: String
    }

    struct IncidentBlock: Sendable {
        let title: String
        let statusWords: String
        let css: String
        let services: String
        let started: String
        let resolved: String?
        let updates: [UpdateLine]
    }

    struct MaintenanceLine: Sendable {
        let service: String
        let start: String
        let end: String
        let reason: String
        let inProgress: Bool
    }

    let title: String
    let description: String?
    let overallWords: String
    let overallCss: String
    let services: [ServiceLine]
    let active: [IncidentBlock]
    let past: [IncidentBlock]
    let maintenance: [MaintenanceLine]
    let updatedAt: String
    let dayCount: Int
    /// The same facts as data, for `/status.json` and the Atom feed.
    public let document: StatusDocument

    public init(
        settings: StatusPageSettings, services: [ServiceInput], incidents: [(Incident, [IncidentUpdate])],
        maintenance: [MaintenanceWindow], now: Date, display: TimeDisplay = .utc
    ) {
        let document = StatusDocument(settings: settings, services: services, incidents: incidents, maintenance: maintenance, now: now)
        self.document = document
        title = settings.title
        description = settings.description
        overallWords = document.overall.words
        overallCss = Self.css(document.overall)
        dayCount = settings.days
        updatedAt = display.minute(now)
        self.services = document.services.map { service in
            ServiceLine(
                name: service.name, about: service.description, words: service.condition.words, css: Self.css(service.condition),
                uptime: service.uptime.map { Formatting.percent($0, digits: 2) } ?? "no data", dayCount: service.days.count,
                days: service.days.map { Day(date: $0.date, level: $0.level.rawValue, words: $0.words) })
        }
        func block(_ incident: StatusDocument.IncidentEntry) -> IncidentBlock {
            IncidentBlock(
                title: incident.title, statusWords: incident.status.capitalized, css: incident.resolvedAt == nil ? "crit" : "ok",
                services: incident.services.joined(separator: ", "), started: display.minute(incident.startedAt),
                resolved: incident.resolvedAt.map(display.minute),
                updates: incident.updates.map { UpdateLine(time: display.minute($0.at), status: $0.status.capitalized, text: $0.text) })
        }
        active = document.incidents.filter { $0.resolvedAt == nil }.map(block)
        past = document.incidents.filter { $0.resolvedAt != nil }.map(block)
        self.maintenance = document.maintenance.map {
            MaintenanceLine(service: $0.service, start: display.minute($0.start), end: display.minute($0.end), reason: $0.reason, inProgress: $0.inProgress)
        }
    }

    static func css(_ condition: ServiceCondition) -> String {
        switch condition {
        case .operational: "ok"
        case .maintenance: "none"
        case .degraded, .partialOutage: "warn"
        case .majorOutage: "crit"
        }
    }
}

/// The public status as data: what `/status.json` answers and the Atom feed is made of.
public struct StatusDocument: Encodable, Sendable {
    public struct DayEntry: Encodable, Sendable {
        let date: String
        let uptime: Double?
        let level: UptimeDay.Level
        let words: String
    }

    public struct ServiceEntry: Encodable, Sendable {
        let name: String
        let description: String?
        let condition: ServiceCondition
        let words: String
        /// The share of good events over the days shown; `nil` without events.
        let uptime: Double?
        let days: [DayEntry]
    }

    public struct UpdateEntry: Encodable, Sendable {
        let at: Date
        let status: String
        let text: String
    }

    public struct IncidentEntry: Encodable, Sendable {
        let id: String
        let title: String
        let status: String
        let services: [String]
        let startedAt: Date
        let resolvedAt: Date?
        let updates: [UpdateEntry]
    }

    public struct MaintenanceEntry: Encodable, Sendable {
        let service: String
        let start: Date
        let end: Date
        let reason: String
        let inProgress: Bool
    }

    let title: String
    let updatedAt: Date
    let overall: ServiceCondition
    var overallWords: String { overall.words }
    let services: [ServiceEntry]
    let incidents: [IncidentEntry]
    let maintenance: [MaintenanceEntry]

    enum CodingKeys: String, CodingKey { case title, updatedAt, overall, overallWords, services, incidents, maintenance }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(overall, forKey: .overall)
        try c.encode(overallWords, forKey: .overallWords)
        try c.encode(services, forKey: .services)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(maintenance, forKey: .maintenance)
    }

    init(
        settings: StatusPageSettings, services: [StatusPage.ServiceInput], incidents: [(Incident, [IncidentUpdate])],
        maintenance: [MaintenanceWindow], now: Date
    ) {
        title = settings.title
        updatedAt = now
        let publicNames = Dictionary(settings.services.map { ($0.service, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        self.services = services.map { input in
            ServiceEntry(
                name: input.entry.displayName, description: input.entry.description, condition: input.condition, words: input.condition.words,
                uptime: input.days.isEmpty ? nil : UptimeDay.overall(input.days),
                days: input.days.map {
                    DayEntry(
                        date: Formatting.day(Date(epochMinute: $0.day)), uptime: $0.uptime, level: $0.level,
                        words: $0.level.words + ($0.uptime.map { " (\(Formatting.percent($0, digits: 2)) uptime)" } ?? ""))
                })
        }
        overall = self.services.map(\.condition).max() ?? .operational
        let horizon = now.addingTimeInterval(-Double(settings.days) * 86_400)
        self.incidents = incidents.compactMap { incident, updates in
            let shown = incident.services.compactMap { publicNames[$0] }
            guard !updates.isEmpty, !shown.isEmpty, incident.times.resolved.map({ $0 >= horizon }) ?? true else { return nil }
            return IncidentEntry(
                id: incident.reference, title: incident.title, status: updates.max { $0.at < $1.at }!.status.rawValue, services: shown,
                startedAt: incident.times.start, resolvedAt: incident.status.isOpen ? nil : incident.times.resolved ?? updates.last!.at,
                updates: updates.sorted { $0.at > $1.at }.map { UpdateEntry(at: $0.at, status: $0.status.rawValue, text: $0.text) })
        }.sorted { $0.startedAt > $1.startedAt }
        self.maintenance = maintenance.filter { $0.end > now }.compactMap { window in
            publicNames[window.service].map {
                MaintenanceEntry(service: $0, start: window.start, end: window.end, reason: window.reason, inProgress: window.isActive(at: now))
            }
        }.sorted { $0.start < $1.start }
    }
}
