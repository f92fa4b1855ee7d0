import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `GET /api/v1/probes`, `GET /api/v1/probes/{name}/results`, `POST /api/v1/heartbeats/{name}`.
enum ProbeRoutes {
    /// Every probe with its state; `?external=true|false` keeps third parties apart.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let external = Set(configuration.services.filter(\.external).map(\.name))
        let wanted = try booleanParameter(request, "external")
        let entries = await runtime.probes.all()
        let probes = entries.filter { wanted == nil || external.contains($0.spec.service) == wanted }.map { entry in
            API.ProbeDocument(
                name: entry.spec.name, service: entry.spec.service, external: external.contains(entry.spec.service),
                kind: entry.spec.kind.name, target: entry.spec.kind.target, intervalSeconds: entry.spec.interval.components.seconds,
                state: entry.health.state.rawValue, since: entry.since.map(RFC3339.format),
                lastRun: entry.lastRun.map(API.ProbeRunDocument.init), lastFailure: entry.lastFailure.map(API.ProbeRunDocument.init))
        }
        return try JSONResponse.make(API.ProbeList(probes: probes))
    }

    /// One probe's runs, newest first, with cursor pagination.
    static func results(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let name = context.parameters.decoded("name")
        let configuration = await runtime.hotState.configuration
        guard configuration.probes.contains(where: { $0.name == name }) else {
            throw APIError.notFound("no probe named '\(name)'\(Suggestion.hint(for: name, among: configuration.probes.map(\.name)))")
        }
        let (shown, next) = try await page.fetch(
            { try await runtime.store.probeRuns(probe: name, before: cursor, limit: $0) }, cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(API.ProbeResults(probe: name, results: shown.map(API.ProbeRunDocument.init), nextCursor: next))
    }
}

extension API.ProbeRunDocument {
    init(_ record: ProbeRunRecord) {
        self.init(
            id: record.id, time: RFC3339.format(record.startedAt), success: record.success, missed: record.missed,
            responseTimeMs: record.responseTime?.inMilliseconds, status: record.status,
            conditions: record.conditions.map { ConditionOutcome(condition: $0.condition, success: $0.success) }, error: record.error)
    }
}
