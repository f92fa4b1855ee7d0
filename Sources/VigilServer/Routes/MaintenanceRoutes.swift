import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `/api/v1/maintenance`: planned maintenance windows, which mute a service's alerts
/// and may be left out of its SLOs.
enum MaintenanceRoutes {
    /// `POST /api/v1/maintenance` `{"service", "start", "end" | "duration", "reason"}`.
    static func add(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let body = try await RequestBody(request, as: API.MaintenanceRequest.self, code: "invalid_maintenance")
        let window = body.document
        let services = await runtime.hotState.configuration.services.map(\.name)
        guard services.contains(window.service) else {
            throw body.fail("unknown service '\(window.service)'\(Suggestion.hint(for: window.service, among: services))", field: "service")
        }
        let now = runtime.clock.now
        let start = try body.time(window.start, "start") ?? now
        let end: Date
        switch (try body.time(window.end, "end"), try body.duration(window.duration, "duration")) {
        case (let given?, nil): end = given
        case (nil, let length?): end = start.addingTimeInterval(length.inSeconds)
        case (_?, _?): throw body.fail("give end or duration, not both", field: "end")
        case (nil, nil): throw body.fail("give end or duration", field: "end")
        }
        guard end > start else { throw body.fail("must be after start", field: "end") }
        guard end > now else { throw body.fail("is in the past; maintenance is planned ahead", field: "end") }
        let stored = try await runtime.incidentStore.addMaintenance(
            MaintenanceWindow(
                id: "", service: window.service, start: start, end: end, reason: window.reason ?? "planned maintenance", createdBy: window.author ?? "api"))
        try await runtime.refreshMaintenance()
        return try JSONResponse.make(API.MaintenanceDocument(stored, now: now), status: .created)
    }

    /// `GET /api/v1/maintenance`: configured and recorded windows not ended (`?ended=true`
    /// adds those that ended within retention).
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let now = runtime.clock.now
        let includeEnded = try booleanParameter(request, "ended") ?? false
        let windows = await runtime.hotState.maintenance.filter { includeEnded || $0.end > now }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return try JSONResponse.make(API.MaintenanceList(maintenance: windows.map { API.MaintenanceDocument($0, now: now) }))
    }

    /// `DELETE /api/v1/maintenance/{id}`: ends a running window now, drops a scheduled one.
    static func end(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let id = context.parameters.decoded("id")
        if id.hasPrefix("cfg-") {
            throw APIError(status: .conflict, code: "configured_maintenance", message: "window \(id) is in the configuration; remove it there and reload")
        }
        guard try await runtime.incidentStore.endMaintenance(id: id, at: runtime.clock.now) else { throw APIError.notFound("no maintenance window \(id)") }
        try await runtime.refreshMaintenance()
        return Response(status: .noContent)
    }
}
