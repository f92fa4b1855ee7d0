import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// Toil, satisfaction scores, maintenance windows, and the reviews built on them: the
/// toil report, the weekly production report and the SLO review.
enum OperationsReviewRoutes {
    // MARK: Toil

    /// `POST /api/v1/toil` `{"team", "minutes", "category", "automatable", "note", "at"}`.
    static func logToil(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await JSONBody(request, code: "invalid_toil", allowed: ["team", "minutes", "category", "note", "automatable", "at", "author"])
        let team = try body.requiredText("team")
        let teams = await runtime.hotState.configuration.teams.map(\.name)
        if !teams.isEmpty && !teams.contains(team) {
            throw body.fail("unknown team '\(team)'\(Suggestion.hint(for: team, among: teams)); teams are declared under teams:", field: "team")
        }
        guard let minutes = body.object["minutes"] as? Int, minutes > 0, minutes <= 7 * 24 * 60 else {
            throw body.fail("expected whole minutes from 1 to 10080", field: "minutes")
        }
        let now = runtime.clock.now
        let at = try body.time("at") ?? now
        if at > now.addingTimeInterval(300) { throw body.fail("is in the future", field: "at") }
        let entry = try await runtime.incidentStore.addToil(
            ToilEntry(
                team: team, minutes: minutes, category: try body.requiredText("category"), note: try body.text("note"),
                automatable: try body.bool("automatable") ?? false, at: at, author: try body.text("author") ?? "api"))
        return try JSONResponse.make(API.ToilDocument(entry), status: .created)
    }

    /// `GET /api/v1/reports/toil?since=28d`.
    static func toilReport(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = until.addingTimeInterval(-(try durationParameter(request, "since", default: .seconds(28 * 86_400))).inSeconds)
        let teams = await runtime.hotState.configuration.teams.map { ToilReport.Team(name: $0.name, members: $0.members.count, hoursPerWeek: $0.hoursPerWeek) }
        let report = ToilReport(entries: try await runtime.incidentStore.toil(since: since, team: nil), teams: teams, since: since, until: until)
        return try JSONResponse.make(API.ToilReportDocument(report, since: since, until: until))
    }

    // MARK: Satisfaction

    /// `POST /api/v1/services/{name}/satisfaction` `{"score": 0.82}` (share of satisfied users).
    static func recordSatisfaction(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let service = context.parameters.get("name") ?? ""
        let services = await runtime.hotState.configuration.services.map(\.name)
        guard services.contains(service) else { throw APIError.notFound("unknown service '\(service)'\(Suggestion.hint(for: service, among: services))") }
        let body = try await JSONBody(request, code: "invalid_satisfaction", allowed: ["score", "note", "at", "author"])
        guard let score = (body.object["score"] as? NSNumber)?.doubleValue, (0...1).contains(score) else {
            throw body.fail("expected the share of satisfied users, from 0 to 1 (0.82 for 82 %)", field: "score")
        }
        let entry = SatisfactionScore(
            service: service, score: score, at: try body.time("at") ?? runtime.clock.now, note: try body.text("note"),
            author: try body.text("author") ?? "api")
        try await runtime.incidentStore.recordSatisfaction(entry)
        return try JSONResponse.make(API.SatisfactionDocument(entry), status: .created)
    }

    // MARK: Maintenance

    /// `POST /api/v1/maintenance` `{"service", "start", "end" | "duration", "reason"}`.
    static func addMaintenance(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await JSONBody(request, code: "invalid_maintenance", allowed: ["service", "start", "end", "duration", "reason", "author"])
        let service = try body.requiredText("service")
        let services = await runtime.hotState.configuration.services.map(\.name)
        guard services.contains(service) else {
            throw body.fail("unknown service '\(service)'\(Suggestion.hint(for: service, among: services))", field: "service")
        }
        let now = runtime.clock.now
        let start = try body.time("start") ?? now
        let end: Date
        switch (try body.time("end"), try body.duration("duration")) {
        case (let given?, nil): end = given
        case (nil, let length?): end = start.addingTimeInterval(length.inSeconds)
        case (_?, _?): throw body.fail("give end or duration, not both", field: "end")
        case (nil, nil): throw body.fail("give end or duration", field: "end")
        }
        guard end > start else { throw body.fail("must be after start", field: "end") }
        guard end > now else { throw body.fail("is in the past; maintenance is planned ahead", field: "end") }
        let stored = try await runtime.incidentStore.addMaintenance(
            MaintenanceWindow(
                id: "", service: service, start: start, end: end, reason: try body.text("reason") ?? "planned maintenance",
                createdBy: try body.text("author") ?? "api"))
        try await runtime.refreshMaintenance()
        return try JSONResponse.make(API.MaintenanceDocument(stored, now: now), status: .created)
    }

    /// `GET /api/v1/maintenance`: configured and recorded windows not ended (`?ended=true`
    /// adds those that ended within retention).
    static func maintenance(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let includeEnded = request.uri.queryParameters.get("ended") == "true"
        let windows = await runtime.hotState.maintenance.filter { includeEnded || $0.end > now }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return try JSONResponse.make(API.MaintenanceList(maintenance: windows.map { API.MaintenanceDocument($0, now: now) }))
    }

    /// `DELETE /api/v1/maintenance/{id}`: ends a running window now, drops a scheduled one.
    static func endMaintenance(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        if id.hasPrefix("cfg-") {
            throw APIError(status: .conflict, code: "configured_maintenance", message: "window \(id) is in the configuration; remove it there and reload")
        }
        guard try await runtime.incidentStore.endMaintenance(id: id, at: runtime.clock.now) else { throw APIError.notFound("no maintenance window \(id)") }
        try await runtime.refreshMaintenance()
        return Response(status: .noContent)
    }

    // MARK: Weekly report and SLO review

    /// `GET /api/v1/reports/weekly?week=2026-11-16&format=md|html|json`: the seven days
    /// ending now, or the week starting on the given Monday.
    static func weekly(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let query = request.uri.queryParameters
        let to = try weekEnd(request, runtime)
        let format = query.get("format") ?? "json"
        let report = try await WeeklyReportBuilder(runtime: runtime).build(to: to)
        switch format {
        case "md", "markdown":
            return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: report.markdown)))
        case "html":
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: report.html)))
        case "json":
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try report.json())))
        default:
            throw APIError.badRequest("expected md, html or json", field: "format")
        }
    }

    /// The end of the week a report covers: `?week=<Monday>` for that week, else now
    /// (the last seven days).
    static func weekEnd(_ request: Request, _ runtime: VigilRuntime) throws(APIError) -> Date {
        guard let week = request.uri.queryParameters.get("week") else { return Date(epochMinute: runtime.clock.now.epochMinute) }
        guard let monday = RFC3339.parse(week + "T00:00:00Z"), ToilReport.monday(onOrBefore: monday) == monday else {
            throw APIError.badRequest("expected the Monday a week starts on, such as 2026-11-16", field: "week")
        }
        return monday.addingTimeInterval(7 * 86_400)
    }

    /// `GET /api/v1/reports/slo-review?since=28d`: per SLO, met × toil × satisfaction.
    static func sloReview(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = Date(epochMinute: runtime.clock.now.epochMinute)
        let since = until.addingTimeInterval(-(try durationParameter(request, "since", default: .seconds(28 * 86_400))).inSeconds)
        let configuration = await runtime.hotState.configuration
        let lines = await WeeklyReportBuilder(runtime: runtime).sloLines(from: since, to: until)
        let teams = configuration.teams.map { ToilReport.Team(name: $0.name, members: $0.members.count, hoursPerWeek: $0.hoursPerWeek) }
        let toil = ToilReport(entries: try await runtime.incidentStore.toil(since: since, team: nil), teams: teams, since: since, until: until)
        let review = try await SLOReviewBuilder(runtime: runtime).review(lines, toil: toil, at: until)
        return try JSONResponse.make(API.SLOReviewDocument(review: review.map(API.SLOReviewLine.init)))
    }
}
