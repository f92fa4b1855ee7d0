import Foundation
import Hummingbird
import VigilAPIModels
import VigilCore
import VigilStore

/// `/api/v1/reports/…`: the reviews built on what Vigil recorded — alert noise, incident
/// figures, toil, the weekly production report and the SLO review.
enum ReportRoutes {
    /// `GET /api/v1/reports/alerts?since=30d`: the alert-noise review (docs/alerting.md).
    static func alerts(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = try sinceParameter(request, default: .seconds(30 * 86_400), until: until)
        let flapWindow = try durationParameter(request, "flap_window", default: .seconds(600))
        // Episodes that began before the period and were still firing count too: read a
        // retention's worth of history before `since`.
        let events = try await runtime.notificationStore.alertEvents(since: since.addingTimeInterval(-35 * 86_400))
        let acknowledgements = try await runtime.notificationStore.acknowledgementLog(since: since.addingTimeInterval(-35 * 86_400))
        let report = AlertNoiseReport(
            events: events,
            acknowledgements: acknowledgements.map { ($0.fingerprint, $0.at) }, since: since, until: until, flapWindow: flapWindow,
            incidentLinks: try await incidentLinks(runtime, since: since.addingTimeInterval(-35 * 86_400)))
        return try JSONResponse.make(API.AlertNoiseDocument(report, since: since, until: until, flapWindow: flapWindow))
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

    /// `GET /api/v1/reports/incidents?since=90d`.
    static func incidents(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = try sinceParameter(request, default: .seconds(90 * 86_400), until: until)
        let all = try await incidents(runtime, since: since)
        let report = IncidentReport(all, since: since, until: until)
        return try JSONResponse.make(API.IncidentReportDocument(report, incidents: all, since: since, until: until))
    }
}
