import Foundation
import VigilCore

extension API {
    /// One alert rule in the noise review.
    public struct AlertRuleNoise: Codable, Sendable, Equatable {
        public var rule: String
        public var `class`: String
        public var fired: Int
        public var firingSeconds: Double
        public var flaps: Int
        public var acknowledgedShare: Double
        public var incidentShare: Double
        /// Why to prune or demote it, when it should be.
        public var advice: String?

        public init(_ rule: AlertNoiseReport.Rule) {
            self.rule = rule.rule
            `class` = rule.notificationClass.rawValue
            fired = rule.fired
            firingSeconds = rule.firingTime.inSeconds
            flaps = rule.flaps
            acknowledgedShare = rule.acknowledgedShare
            incidentShare = rule.incidentShare
            advice = rule.advice
        }
    }

    /// `GET /api/v1/reports/alerts`: how often each rule fired, for how long, its flaps
    /// and the share acknowledged or tied to an incident.
    public struct AlertNoiseDocument: Codable, Sendable, Equatable {
        public var since: Date
        public var until: Date
        public var flapWindowSeconds: Double
        public var rules: [AlertRuleNoise]
        /// The rules to prune or demote.
        public var candidates: [String]

        public init(_ report: AlertNoiseReport, since: Date, until: Date, flapWindow: Duration) {
            self.since = since
            self.until = until
            flapWindowSeconds = flapWindow.inSeconds
            rules = report.rules.map(AlertRuleNoise.init)
            candidates = report.candidates.map(\.rule)
        }
    }

    /// Mean, median and p90 of one incident time, in seconds.
    public struct DurationFigures: Codable, Sendable, Equatable {
        public var count: Int
        public var meanSeconds: Double
        public var medianSeconds: Double
        public var p90Seconds: Double

        public init?(_ summary: DurationSummary?) {
            guard let summary else { return nil }
            count = summary.count
            meanSeconds = summary.mean.inSeconds
            medianSeconds = summary.median.inSeconds
            p90Seconds = summary.p90.inSeconds
        }
    }

    /// MTTD, MTTA, MTTM, MTTR (mean / median / p90), MTBF, MTTF and availability of a
    /// set of incidents; a figure is absent where no incident has the times it needs.
    public struct IncidentFiguresDocument: Codable, Sendable, Equatable {
        public var incidents: Int
        public var timeToDetect: DurationFigures?
        public var timeToAcknowledge: DurationFigures?
        public var timeToMitigate: DurationFigures?
        public var timeToResolve: DurationFigures?
        public var mtbfSeconds: Double?
        public var mttfSeconds: Double?
        public var availability: Double?

        public init(_ figures: IncidentFigures) {
            incidents = figures.count
            timeToDetect = DurationFigures(figures.detect)
            timeToAcknowledge = DurationFigures(figures.acknowledge)
            timeToMitigate = DurationFigures(figures.mitigate)
            timeToResolve = DurationFigures(figures.resolve)
            mtbfSeconds = figures.meanTimeBetweenFailures?.inSeconds
            mttfSeconds = figures.meanTimeToFailure?.inSeconds
            availability = figures.availability
        }
    }

    /// `GET /api/v1/reports/incidents`: the figures overall and per service, severity and month.
    public struct IncidentReportDocument: Codable, Sendable, Equatable {
        public var since: Date
        public var until: Date
        public var overall: IncidentFiguresDocument
        public var byService: [String: IncidentFiguresDocument]
        public var bySeverity: [String: IncidentFiguresDocument]
        public var byMonth: [String: IncidentFiguresDocument]
        /// The incidents counted, oldest first.
        public var incidents: [IncidentSummary]

        public init(_ report: IncidentReport, incidents: [Incident], since: Date, until: Date) {
            self.since = since
            self.until = until
            overall = IncidentFiguresDocument(report.overall)
            byService = report.byService.mapValues(IncidentFiguresDocument.init)
            bySeverity = report.bySeverity.mapValues(IncidentFiguresDocument.init)
            byMonth = report.byMonth.mapValues(IncidentFiguresDocument.init)
            self.incidents = incidents.sorted { $0.times.start < $1.times.start }.map(IncidentSummary.init)
        }
    }

    /// One team's toil against the cap.
    public struct ToilTeamDocument: Codable, Sendable, Equatable {
        public struct Category: Codable, Sendable, Equatable {
            public var category: String
            public var minutes: Int
        }

        public struct Week: Codable, Sendable, Equatable {
            public var start: Date
            public var minutes: Int
            /// `nil` when the team declares no members.
            public var ratio: Double?
        }

        public var team: String
        public var minutes: Int
        public var ratio: Double?
        public var overCap: Bool
        public var automatableShare: Double?
        /// Largest first.
        public var categories: [Category]
        public var weeks: [Week]

        public init(_ team: ToilReport.TeamFigures) {
            self.team = team.team
            minutes = team.minutes
            ratio = team.ratio
            overCap = team.overCap
            automatableShare = team.automatableShare
            categories = team.categories.map { Category(category: $0.category, minutes: $0.minutes) }
            weeks = team.weeks.map { Week(start: $0.start, minutes: $0.minutes, ratio: $0.ratio) }
        }
    }

    /// `GET /api/v1/reports/toil`.
    public struct ToilReportDocument: Codable, Sendable, Equatable {
        public var since: Date
        public var until: Date
        /// The share of a team's time toil should stay under (0.5).
        public var cap: Double
        public var teams: [ToilTeamDocument]

        public init(_ report: ToilReport, since: Date, until: Date) {
            self.since = since
            self.until = until
            cap = ToilReport.cap
            teams = report.teams.map(ToilTeamDocument.init)
        }
    }

    /// One SLO in the review: met × toil × satisfaction, and what to do.
    public struct SLOReviewLine: Codable, Sendable, Equatable {
        public var slo: String
        public var service: String
        public var objective: Double
        public var compliance: Double?
        public var toilRatio: Double?
        public var satisfaction: Double?
        /// `keep`, `tighten`, `loosen`, …
        public var advice: String
        public var reason: String
        /// Pages that reached people for the service in the period, when on-call is configured.
        public var pages: Int?

        public init(_ line: SLOReview) {
            pages = line.pages
            slo = line.slo
            service = line.service
            objective = line.objective
            compliance = line.compliance
            toilRatio = line.toilRatio
            satisfaction = line.satisfaction
            advice = line.advice.rawValue
            reason = line.reason
        }
    }

    /// `GET /api/v1/reports/slo-review`.
    public struct SLOReviewDocument: Codable, Sendable, Equatable {
        public var review: [SLOReviewLine]

        public init(review: [SLOReviewLine]) {
            self.review = review
        }
    }
}
