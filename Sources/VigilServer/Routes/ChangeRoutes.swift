import Foundation
import Hummingbird
import VigilConfig
import VigilCore
import VigilIngest
import VigilStore

/// `POST /api/v1/changes` and `GET /api/v1/changes`: deploys and configuration changes.
enum ChangeRoutes {
    struct Change: Encodable {
        let id: Int64
        let service: String
        let version: String?
        let time: Date
        let author: String?
        let link: String?
        let description: String?

        init(_ record: ChangeRecord) {
            id = record.id ?? 0
            service = record.service
            version = record.version
            time = record.time
            author = record.author
            link = record.link
            description = record.description
        }
    }

    static let fields = ["service", "version", "time", "author", "link", "description"]

    static func create(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        let configuration = await runtime.hotState.configuration
        try await runtime.authorize(request, scope: .write)
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw APIError(status: .badRequest, code: "invalid_json", message: "expected a JSON object")
        }
        for key in object.keys.sorted() where !fields.contains(key) {
            throw APIError(status: .unprocessableContent, code: "invalid_change", message: "unknown field\(Suggestion.hint(for: key, among: fields))", field: key)
        }
        func text(_ key: String) throws(APIError) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let string = value as? String, !string.isEmpty else {
                throw APIError(status: .unprocessableContent, code: "invalid_change", message: "expected a non-empty string", field: key)
            }
            return string
        }
        guard let service = try text("service") else {
            throw APIError(status: .unprocessableContent, code: "invalid_change", message: "required", field: "service")
        }
        let services = configuration.services.map(\.name)
        guard services.contains(service) else {
            throw APIError(status: .unprocessableContent, code: "invalid_change", message: "unknown service '\(service)'\(Suggestion.hint(for: service, among: services))", field: "service")
        }
        var time = Date()
        if let stamp = try text("time") {
            guard let parsed = EventDecoder.parseTime(stamp) else {
                throw APIError(status: .unprocessableContent, code: "invalid_change", message: "expected an RFC 3339 time", field: "time")
            }
            time = parsed
        }
        if let link = try text("link"), URL(string: link)?.scheme == nil {
            throw APIError(status: .unprocessableContent, code: "invalid_change", message: "expected a URL", field: "link")
        }
        let record = ChangeRecord(service: service, version: try text("version"), time: time, author: try text("author"), link: try text("link"), description: try text("description"))
        let stored = try await runtime.store.addChange(record)
        return try JSONResponse.make(Change(stored), status: .created)
    }

    struct List: Encodable {
        let changes: [Change]
        let nextCursor: String?
    }

    /// Newest first; `?service=` filters; `?cursor=` is the last id seen.
    static func list(_ request: Request, _ context: BasicRequestContext, _ runtime: VigilRuntime) async throws -> Response {
        try await runtime.authorize(request, scope: nil)
        let page = try Page(request)
        let cursor = try page.idCursor()
        let rows = try await runtime.store.changes(service: request.uri.queryParameters.get("service"), before: cursor, limit: page.limit + 1)
        let shown = rows.prefix(page.limit).map(Change.init)
        let next = rows.count > page.limit ? shown.last.map { String($0.id) } : nil
        return try JSONResponse.make(List(changes: Array(shown), nextCursor: next))
    }
}
