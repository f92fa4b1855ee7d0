import Foundation
import VigilCore

extension API {
    /// An incident's five times; the ones not reached yet are absent.
    public struct IncidentTimes: Codable, Sendable, Equatable {
        public var start: Date
        public var detected: Date?
        public var acknowledged: Date?
        public var mitigated: Date?
        public var resolved: Date?

        public init(_ times: VigilCore.IncidentTimes) {
            start = times.start
            detected = times.detected
            acknowledged = times.acknowledged
            mitigated = times.mitigated
            resolved = times.resolved
        }
    }

    /// Time to detect / acknowledge / mitigate / resolve, in seconds, where both ends are known.
    public struct IncidentDurations: Codable, Sendable, Equatable {
        public var detectSeconds: Double?
        public var acknowledgeSeconds: Double?
        public var mitigateSeconds: Double?
        public var resolveSeconds: Double?

        public init(_ times: VigilCore.IncidentTimes) {
            detectSeconds = times.timeToDetect?.inSeconds
            acknowledgeSeconds = times.timeToAcknowledge?.inSeconds
            mitigateSeconds = times.timeToMitigate?.inSeconds
            resolveSeconds = times.timeToResolve?.inSeconds
        }
    }

    /// An incident in a list.
    public struct IncidentSummary: Codable, Sendable, Equatable {
        /// `INC-<number>`.
        public var id: String
        public var title: String
        public var severity: String
        public var status: String
        public var services: [String]
        public var slos: [String]
        public var times: IncidentTimes
        public var durations: IncidentDurations

        public init(_ incident: Incident) {
            id = incident.reference
            title = incident.title
            severity = incident.severity
            status = incident.status.rawValue
            services = incident.services
            slos = incident.slos
            times = IncidentTimes(incident.times)
            durations = IncidentDurations(incident.times)
        }
    }

    /// `GET /api/v1/incidents`: newest first.
    public struct IncidentList: Codable, Sendable, Equatable {
        public var incidents: [IncidentSummary]
        public var nextCursor: String?

        public init(incidents: [IncidentSummary], nextCursor: String?) {
            self.incidents = incidents
            self.nextCursor = nextCursor
        }
    }

    /// One line of an incident's timeline.
    public struct TimelineLine: Codable, Sendable, Equatable {
        public var at: Date
        public var kind: String
        public var author: String
        public var text: String

        public init(_ entry: IncidentTimelineEntry) {
            at = entry.at
            kind = entry.kind.rawValue
            author = entry.author
            text = entry.text
        }
    }

    /// A customer-facing update (what the public status page shows).
    public struct PublicUpdate: Codable, Sendable, Equatable {
        public var at: Date
        public var status: String
        public var text: String
        public var author: String

        public init(_ update: IncidentUpdate) {
            at = update.at
            status = update.status.rawValue
            text = update.text
            author = update.author
        }
    }

    /// The error budget an affected SLO spent between the incident's start and its
    /// resolution (or now).
    public struct BudgetImpact: Codable, Sendable, Equatable {
        public var slo: String
        public var objective: Double
        public var window: String
        public var validEvents: Int64
        public var badEvents: Int64
        /// Share of the window's error budget (0.25 = 25 %); absent without data.
        public var budgetSpent: Double?

        public init(slo: String, objective: Double, window: String, validEvents: Int64, badEvents: Int64, budgetSpent: Double?) {
            self.slo = slo
            self.objective = objective
            self.window = window
            self.validEvents = validEvents
            self.badEvents = badEvents
            self.budgetSpent = budgetSpent
        }
    }

    /// A change shipped to an affected service shortly before the incident began.
    public struct SuspectChange: Codable, Sendable, Equatable {
        public var id: Int64?
        public var service: String
        public var version: String?
        public var time: Date
        public var author: String?
        public var description: String?
        public var minutesBeforeStart: Double

        public init(id: Int64?, service: String, version: String?, time: Date, author: String?, description: String?, incidentStart: Date) {
            self.id = id
            self.service = service
            self.version = version
            self.time = time
            self.author = author
            self.description = description
            minutesBeforeStart = incidentStart.timeIntervalSince(time) / 60
        }
    }

    /// Whether the incident needs a postmortem (and why), and the postmortem's status.
    public struct PostmortemState: Codable, Sendable, Equatable {
        public var required: Bool
        public var reasons: [String]
        public var status: String?

        public init(reasons: [String], status: String?) {
            required = !reasons.isEmpty
            self.reasons = reasons
            self.status = status
        }
    }

    /// `GET /api/v1/incidents/{id}` and the answer of every change to an incident.
    public struct IncidentDetail: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var summary: String?
        public var severity: String
        public var status: String
        /// The statuses it may move to next.
        public var allowedNext: [String]
        public var roles: [String: String]
        public var services: [String]
        public var slos: [String]
        public var runbooks: [String]
        public var chat: String?
        public var alerts: [String]
        public var dataLoss: Bool
        public var openedBy: String
        public var openedAt: Date
        public var times: IncidentTimes
        public var durations: IncidentDurations
        public var budgetImpact: [BudgetImpact]
        public var suspectChanges: [SuspectChange]
        public var postmortem: PostmortemState
        public var timeline: [TimelineLine]
        public var updates: [PublicUpdate]

        /// The incident with what the server knows around it.
        public init(
            _ incident: Incident, budgetImpact: [BudgetImpact], suspectChanges: [SuspectChange], postmortem: PostmortemState,
            timeline: [TimelineLine], updates: [PublicUpdate]
        ) {
            id = incident.reference
            title = incident.title
            summary = incident.summary
            severity = incident.severity
            status = incident.status.rawValue
            allowedNext = incident.status.allowedNext.map(\.rawValue)
            roles = incident.roles
            services = incident.services
            slos = incident.slos
            runbooks = incident.runbooks
            chat = incident.chat
            alerts = incident.alerts
            dataLoss = incident.dataLoss
            openedBy = incident.createdBy
            openedAt = incident.createdAt
            times = IncidentTimes(incident.times)
            durations = IncidentDurations(incident.times)
            self.budgetImpact = budgetImpact
            self.suspectChanges = suspectChanges
            self.postmortem = postmortem
            self.timeline = timeline
            self.updates = updates
        }
    }
}
