import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilStore

/// `/api/v1/load-runs`: what `vigil load --post` stores (capacity data per service).
enum LoadRunRoutes {
    struct Runs: Encodable {
        let loadRuns: [LoadRun]
        let nextCursor: String?
    }

    /// `POST /api/v1/load-runs` with a run as `vigil load --output json --service S` writes it.
    static func create(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        let run: LoadRun
        do { run = try decoder.decode(LoadRun.self, from: Data(body.readableBytesView)) } catch {
            throw APIError(status: .unprocessableContent, code: "invalid_load_run", message: "expected a load run as vigil load --post sends it: \(error)")
        }
        if let service = run.service {
            let services = await runtime.hotState.configuration.services.map(\.name)
            guard services.contains(service) else {
                throw APIError.invalid("load_run", "unknown service '\(service)'\(Suggestion.hint(for: service, among: services))", field: "service")
            }
        }
        let stored = try await runtime.loadRuns.addLoadRun(run)
        return try JSONResponse.make(stored, status: .created)
    }

    /// `GET /api/v1/load-runs?service=shop-web`, newest first.
    static func list(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (shown, next) = try await page.fetch(
            { try await runtime.loadRuns.loadRuns(service: request.uri.queryParameters.get("service"), before: cursor, limit: $0) },
            cursor: { String($0.id) })
        return try JSONResponse.make(Runs(loadRuns: shown, nextCursor: next))
    }
}
