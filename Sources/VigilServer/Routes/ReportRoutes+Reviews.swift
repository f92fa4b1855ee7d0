import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

extension ReportRoutes {
    /// `GET /api/v1/reports/toil?since=28d`.
    static func toil(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = runtime.clock.now
        let since = try sinceParameter(request, default: .seconds(28 * 86_400), until: until)
        let teams = await runtime.hotState.configuration.teams.map { ToilReport.Team(name: $0.name, members: $0.members.count, hoursPerWeek: $0.hoursPerWeek) }
        let report = ToilReport(entries: try await runtime.incidentStore.toil(since: since, team: nil), teams: teams, since: since, until: until)
        return try JSONResponse.make(API.ToilReportDocument(report, since: since, until: until))
    }

    /// `GET /api/v1/reports/weekly?week=2026-11-16&format=md|html|json`: the seven days
    /// ending now, or the week starting on the given Monday.
    static func weekly(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
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

    /// The end of the week a report covers: `?week=<day>` for the week (Monday to
    /// Sunday, UTC) that holds the day, else now (the last seven days).
    static func weekEnd(_ request: Request, _ runtime: VigilRuntime) throws(APIError) -> Date {
        guard let week = request.uri.queryParameters.get("week") else { return Date(epochMinute: runtime.clock.now.epochMinute) }
        guard let day = RFC3339.parseRecordable(week + "T00:00:00Z") else {
            throw APIError.badRequest("expected a day such as 2026-11-16 \(RFC3339.recordableDescription)", field: "week")
        }
        return ToilReport.monday(onOrBefore: day).addingTimeInterval(7 * 86_400)
    }

    /// `GET /api/v1/reports/slo-review?since=28d`: per SLO, met × toil × satisfaction.
    static func sloReview(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let until = Date(epochMinute: runtime.clock.now.epochMinute)
        let since = try sinceParameter(request, default: .seconds(28 * 86_400), until: until)
        let configuration = await runtime.hotState.configuration
        let lines = await WeeklyReportBuilder(runtime: runtime).sloLines(from: since, to: until)
        let teams = configuration.teams.map { ToilReport.Team(name: $0.name, members: $0.members.count, hoursPerWeek: $0.hoursPerWeek) }
        let toil = ToilReport(entries: try await runtime.incidentStore.toil(since: since, team: nil), teams: teams, since: since, until: until)
        let load = try await WeeklyReportBuilder(runtime: runtime).oncallLoad(from: since, to: until)
        let review = try await SLOReviewBuilder(runtime: runtime).review(lines, toil: toil, load: load, at: until)
        return try JSONResponse.make(API.SLOReviewDocument(review: review.map(API.SLOReviewLine.init)))
    }
}
