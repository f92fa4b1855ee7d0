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
        var kind = ChangeRecord.Kind.deploy
        if let text = given.kind {
            guard let known = ChangeRecord.Kind(rawValue: text) else {
                throw body.fail(Suggestion.unknown("kind", text, expected: ChangeRecord.Kind.allCases.map(\.rawValue)), field: "kind")
            }
            kind = known
        }
        var stage: String?
        if let text = given.stage {
            guard let parsed = ChangeRecord.stage(parsing: text) else {
                throw body.fail("expected a share of traffic above 0 and at most 100%, such as 10%", field: "stage")
            }
            guard given.version != nil else { throw body.fail("a stage belongs to a version's rollout; give the version", field: "version") }
            stage = parsed
        }
        if kind == .rollback && given.version == nil { throw body.fail("a rollback names the version it returns to", field: "version") }
        let record = ChangeRecord(
            service: service, version: given.version, time: time, author: given.author, link: given.link, description: given.description, kind: kind,
            stage: stage)
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
