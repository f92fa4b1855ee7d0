import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// `GET /api/v1/reports/alerts?since=30d`: the alert-noise review (docs/alerting.md).
enum ReportRoutes {
    struct Rule: Encodable {
        let rule: String
        let `class`: String
        let fired: Int
        let firingSeconds: Double
        let flaps: Int
        let acknowledgedShare: Double
        let incidentShare: Double
        let advice: String?
    }

    struct AlertReport: Encodable {
        let since: Date
        let until: Date
        let flapWindowSeconds: Double
        let rules: [Rule]
        let candidates: [String]
    }

    static func alerts(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = until.addingTimeInterval(-(try durationParameter(request, "since", default: .seconds(30 * 86_400))).inSeconds)
        let flapWindow = try durationParameter(request, "flap_window", default: .seconds(600))
        // Episodes that began before the period and were still firing count too: read a
        // retention's worth of history before `since`.
        let events = try await runtime.notificationStore.alertEvents(since: since.addingTimeInterval(-35 * 86_400))
        let acknowledgements = try await runtime.notificationStore.acknowledgementLog(since: since.addingTimeInterval(-35 * 86_400))
        let report = AlertNoiseReport(
            events: events,
            acknowledgements: acknowledgements.map { ($0.fingerprint, $0.at) }, since: since, until: until, flapWindow: flapWindow,
            incidentLinks: try await incidentLinks(runtime, since: since.addingTimeInterval(-35 * 86_400)))
        let rules = report.rules.map {
            Rule(
                rule: $0.rule, class: $0.notificationClass.rawValue, fired: $0.fired, firingSeconds: $0.firingTime.inSeconds, flaps: $0.flaps,
                acknowledgedShare: $0.acknowledgedShare, incidentShare: $0.incidentShare, advice: $0.advice)
        }
        return try JSONResponse.make(
            AlertReport(since: since, until: until, flapWindowSeconds: flapWindow.inSeconds, rules: rules, candidates: report.candidates.map(\.rule)))
    }
}

extension ReportRoutes {
    /// Every incident that started from `since` on, paged through.
    static func incidents(_ runtime: VigilRuntime, since: Date) async throws -> [Incident] {
        var all: [Incident] = []
        var before: Int64?
        while true {
            let page = try await runtime.incidentStore.incidents(IncidentQuery(startedSince: since, before: before, limit: 1000))
            all += page
            guard page.count == 1000 else { return all }
            before = page.last?.id
        }
    }

    /// The alerts incidents link, with each incident's span.
    static func incidentLinks(_ runtime: VigilRuntime, since: Date) async throws -> [(fingerprint: String, from: Date, to: Date?)] {
        try await incidents(runtime, since: since).flatMap { incident in
            incident.alerts.map { (fingerprint: $0, from: incident.times.start, to: incident.times.resolved) }
        }
    }

    struct Summary: Encodable {
        let count: Int
        let meanSeconds: Double
        let medianSeconds: Double
        let p90Seconds: Double

        init?(_ summary: DurationSummary?) {
            guard let summary else { return nil }
            count = summary.count
            meanSeconds = summary.mean.inSeconds
            medianSeconds = summary.median.inSeconds
            p90Seconds = summary.p90.inSeconds
        }
    }

    /// Incident figures: MTTD, MTTA, MTTM, MTTR as mean / median / p90.
    struct Figures: Encodable {
        let incidents: Int
        let timeToDetect: Summary?
        let timeToAcknowledge: Summary?
        let timeToMitigate: Summary?
        let timeToResolve: Summary?
        let mtbfSeconds: Double?
        let mttfSeconds: Double?
        let availability: Double?

        init(_ figures: IncidentFigures) {
            incidents = figures.count
            timeToDetect = Summary(figures.detect)
            timeToAcknowledge = Summary(figures.acknowledge)
            timeToMitigate = Summary(figures.mitigate)
            timeToResolve = Summary(figures.resolve)
            mtbfSeconds = figures.meanTimeBetweenFailures?.inSeconds
            mttfSeconds = figures.meanTimeToFailure?.inSeconds
            availability = figures.availability
        }
    }

    struct IncidentReportDocument: Encodable {
        let since: Date
        let until: Date
        let overall: Figures
        let byService: [String: Figures]
        let bySeverity: [String: Figures]
        let byMonth: [String: Figures]
        let incidents: [IncidentRoutes.Summary]
    }

    /// `GET /api/v1/reports/incidents?since=90d`.
    static func incidents(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = until.addingTimeInterval(-(try durationParameter(request, "since", default: .seconds(90 * 86_400))).inSeconds)
        let all = try await incidents(runtime, since: since)
        let report = IncidentReport(all, since: since, until: until)
        return try JSONResponse.make(
            IncidentReportDocument(
                since: since, until: until, overall: Figures(report.overall), byService: report.byService.mapValues(Figures.init),
                bySeverity: report.bySeverity.mapValues(Figures.init), byMonth: report.byMonth.mapValues(Figures.init),
                incidents: all.sorted { $0.times.start < $1.times.start }.map(IncidentRoutes.Summary.init)))
    }
}
