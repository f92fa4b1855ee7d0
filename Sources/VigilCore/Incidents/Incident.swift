import Foundation

/// An incident: what broke, how bad, who is on it, and its five times
/// (``IncidentTimes``).
public struct Incident: Hashable, Sendable, Codable {
    /// Assigned by the store; shown as `INC-<id>`.
    public var id: Int64
    public var title: String
    public var summary: String?
    /// One of the configured severities (`SEV1`…`SEV4` by default).
    public var severity: String
    public var status: IncidentStatus
    public var times: IncidentTimes
    /// Role → person (`commander: "Dana"`).
    public var roles: [String: String]
    /// Affected services and SLOs.
    public var services: [String]
    public var slos: [String]
    /// Runbook and playbook links.
    public var runbooks: [String]
    /// Where the responders talk: a chat channel or bridge link.
    public var chat: String?
    /// Fingerprints of the alerts linked to it.
    public var alerts: [String]
    /// The alert group (the notifier's group key) that opened it, for incidents opened
    /// from a page.
    public var alertGroup: String?
    /// Whether data was lost (a postmortem criterion).
    public var dataLoss: Bool
    public var createdAt: Date
    public var createdBy: String

    public init(
        id: Int64 = 0, title: String, summary: String? = nil, severity: String, status: IncidentStatus = .investigating,
        times: IncidentTimes, roles: [String: String] = [:], services: [String] = [], slos: [String] = [],
        runbooks: [String] = [], chat: String? = nil, alerts: [String] = [], alertGroup: String? = nil,
        dataLoss: Bool = false, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.severity = severity
        self.status = status
        self.times = times
        self.roles = roles
        self.services = services
        self.slos = slos
        self.runbooks = runbooks
        self.chat = chat
        self.alerts = alerts
        self.alertGroup = alertGroup
        self.dataLoss = dataLoss
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// `INC-42`.
    public var reference: String { "INC-\(id)" }

    /// Reads `INC-42` or `42`.
    public static func id(parsing text: String) -> Int64? {
        let digits = text.uppercased().hasPrefix("INC-") ? String(text.dropFirst(4)) : text
        guard let id = Int64(digits), id > 0 else { return nil }
        return id
    }

    /// The user-visible part: start until mitigated (or resolved, or `now` while open).
    public func downtime(at now: Date) -> Duration {
        IncidentTimes.span(times.start, times.mitigated ?? times.resolved ?? now)
    }
}

/// One line of an incident's internal timeline. Append-only.
public struct IncidentTimelineEntry: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case opened, status, role, alert, change, note, severity, page
        /// One of the five times set by hand.
        case times
    }

    public var id: Int64
    public var incident: Int64
    public var at: Date
    public var kind: Kind
    public var author: String
    public var text: String

    public init(id: Int64 = 0, incident: Int64 = 0, at: Date, kind: Kind, author: String, text: String) {
        self.id = id
        self.incident = incident
        self.at = at
        self.kind = kind
        self.author = author
        self.text = text
    }
}

/// A customer-facing status update (what the public status page shows), kept apart from
/// the internal timeline.
public struct IncidentUpdate: Hashable, Sendable, Codable {
    public var id: Int64
    public var incident: Int64
    public var at: Date
    /// The status the update announces.
    public var status: IncidentStatus
    public var text: String
    public var author: String

    public init(id: Int64 = 0, incident: Int64 = 0, at: Date, status: IncidentStatus, text: String, author: String) {
        self.id = id
        self.incident = incident
        self.at = at
        self.status = status
        self.text = text
        self.author = author
    }
}
