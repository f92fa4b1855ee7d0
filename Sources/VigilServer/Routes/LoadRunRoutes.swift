import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/load-runs`: what `vigil load --post` stores (capacity data per service).
enum LoadRunRoutes {
    /// `POST /api/v1/load-runs` with a run as `vigil load --output json --service S` writes it.
    static func create(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        // `vigil load --output json` writes the whole report, of which a run is a part:
        // the other keys are read past, not refused.
        let run = try await RequestBody(
            request, as: LoadRun.self, code: "invalid_load_run", limit: 1024 * 1024,
            decoder: StrictJSONDecoder(allowsEmptyStrings: true, refusesUnknownKeys: false, maximumStringLength: .max, maximumListLength: .max)
        ).document
        if let service = run.service {
            let services = await runtime.hotState.configuration.services.map(\.name)
            guard services.contains(service) else {
                throw APIError.invalid("load_run", "unknown service '\(service)'\(Suggestion.hint(for: service, among: services))", field: "service")
            }
        }
        guard RFC3339.recordable.contains(run.startedAt) else {
            throw APIError.invalid("load_run", "expected a time \(RFC3339.recordableDescription)", field: "started_at")
        }
        let stored = try await runtime.loadRuns.addLoadRun(run)
        return try JSONResponse.make(stored, status: .created)
    }

    /// `GET /api/v1/load-runs?service=shop-web`, newest first.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (shown, next) = try await page.fetch(
            { try await runtime.loadRuns.loadRuns(service: request.uri.queryParameters.get("service"), before: cursor, limit: $0) },
            cursor: { String($0.id) })
        return try JSONResponse.make(API.LoadRunList(loadRuns: shown, nextCursor: next))
    }
}
