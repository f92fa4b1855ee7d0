import Foundation
import Hummingbird
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilIngest
import VigilStore

/// `POST /api/v1/changes` and `GET /api/v1/changes`: deploys and configuration changes.
enum ChangeRoutes {
    static func create(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        let body = try await RequestBody(request, as: API.ChangeRequest.self, code: "invalid_change")
        let given = body.document
        let service = given.service
        let services = configuration.services.map(\.name)
        guard services.contains(service) else {
            throw body.fail("unknown service '\(service)'\(Suggestion.hint(for: service, among: services))", field: "service")
        }
        let time = try body.time(given.time, "time") ?? runtime.clock.now
        if let link = given.link, URL(string: link)?.scheme == nil { throw body.fail("expected a URL", field: "link") }
        let record = ChangeRecord(
            service: service, version: given.version, time: time, author: given.author, link: given.link, description: given.description)
        let stored = try await runtime.store.addChange(record)
        return try JSONResponse.make(stored, status: .created)
    }

    /// Newest first; `?service=` filters; `?cursor=` is the last id seen.
    static func list(_ request: Request, _ context: VigilRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let page = try Page(request)
        let cursor = try page.idCursor()
        let (rows, next) = try await page.fetch(
            { try await runtime.store.changes(service: request.uri.queryParameters.get("service"), before: cursor, limit: $0) },
            cursor: { $0.id.map(String.init) })
        return try JSONResponse.make(API.ChangeList(changes: rows, nextCursor: next))
    }
}
