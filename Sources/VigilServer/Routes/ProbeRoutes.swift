import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilReports
import VigilStore

/// `GET /api/v1/probes`, `GET /api/v1/probes/{name}/results`, `POST /api/v1/heartbeats/{name}`.
enum ProbeRoutes {
    struct List: Encodable {
        let probes: [Probe]
    }

    struct Probe: Encodable {
        let name: String
        let service: String
        let external: Bool
        let kind: String
        let target: String
        let intervalSeconds: Int64
        let state: String
        let since: String?
        let lastRun: Run?
        let lastFailure: Run?

        enum CodingKeys: String, CodingKey {
            case name, service, external, kind, target, state, since
            case intervalSeconds = "interval_seconds"
            case lastRun = "last_run"
            case lastFailure = "last_failure"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(service, forKey: .service)
            try c.encode(external, forKey: .external)
            try c.encode(kind, forKey: .kind)
            try c.encode(target, forKey: .target)
            try c.encode(intervalSeconds, forKey: .intervalSeconds)
            try c.encode(state, forKey: .state)
            try c.encode(since, forKey: .since)
            try c.encode(lastRun, forKey: .lastRun)
            try c.encode(lastFailure, forKey: .lastFailure)
        }
    }

    struct Run: Encodable {
        let id: Int64?
        let time: String
        let success: Bool
        let missed: Bool
        let responseTimeMs: Double?
        let status: Int?
        let conditions: [ProbeRunRecord.ConditionOutcome]
        let error: String?

        init(_ record: ProbeRunRecord) {
            id = record.id
            time = RFC3339.format(record.startedAt)
            success = record.success
            missed = record.missed
            responseTimeMs = record.responseTime?.inMilliseconds
            status = record.status
            conditions = record.conditions
            error = record.error
        }

        enum CodingKeys: String, CodingKey {
            case id, time, success, missed, status, conditions, error
            case responseTimeMs = "response_time_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(id, forKey: .id)
            try c.encode(time, forKey: .time)
            try c.encode(success, forKey: .success)
            try c.encode(missed, forKey: .missed)
            try c.encode(responseTimeMs, forKey: .responseTimeMs)
            try c.encode(status, forKey: .status)
            try c.encode(conditions, forKey: .conditions)
            try c.encode(error, forKey: .error)
        }
    }

    /// Every probe with its state; `?external=true|false` keeps third parties apart.
    static func list(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let external = Set(configuration.services.filter(\.external).map(\.name))
        var wanted: Bool?
        if let text = request.uri.queryParameters.get("external") {
            guard let value = Bool(String(text)) else { throw APIError.badRequest("external must be true or false", field: "external") }
            wanted = value
        }
        let entries = await runtime.probes.all()
        let probes = entries.filter { wanted == nil || external.contains($0.spec.service) == wanted }.map { entry in
            Probe(
                name: entry.spec.name, service: entry.spec.service, external: external.contains(entry.spec.service),
                kind: entry.spec.kind.name, target: entry.spec.kind.target, intervalSeconds: entry.spec.interval.components.seconds,
                state: entry.health.state.rawValue, since: entry.since.map(RFC3339.format),
                lastRun: entry.lastRun.map(Run.init), lastFailure: entry.lastFailure.map(Run.init))
        }
        return try JSONResponse.make(List(probes: probes))
    }

    struct Results: Encodable {
        let probe: String
        let results: [Run]
        let nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case probe, results
            case nextCursor = "next_cursor"
        }
    }

    /// One probe's runs, newest first, with cursor pagination.
    static func results(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let name = context.parameters.get("name") ?? ""
        let configuration = await runtime.hotState.configuration
        guard configuration.probes.contains(where: { $0.name == name }) else {
            throw APIError.notFound("no probe named '\(name)'\(Suggestion.hint(for: name, among: configuration.probes.map(\.name)))")
        }
        let (shown, next) = try await page.fetch(
            { try await runtime.store.probeRuns(probe: name, before: cursor, limit: $0) }, cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(Results(probe: name, results: shown.map(Run.init), nextCursor: next))
    }
}
