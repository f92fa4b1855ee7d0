import Foundation
import Hummingbird
import VigilAPIModels
import VigilCore
import VigilIngest

/// An API error answered as `{"error": {"code", "message", "field"}}` with its status; a
/// rejected batch also lists its bad items.
struct APIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var field: String?
    var items: [EventError] = []
    var details: [String] = []
    /// For a refused status change: the moves that are allowed.
    var allowed: [String]?
    /// Seconds after which a retry may succeed (`Retry-After`, with 503 and 429).
    var retryAfter: Int?
    /// The methods the path takes (`Allow`, with 405).
    var allow: String?

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let detail = ErrorBody.Detail(
            code: code, message: message, field: field,
            items: items.isEmpty ? nil : items.map { ErrorBody.Item(index: $0.index, field: $0.field, message: $0.message, line: $0.line) },
            details: details.isEmpty ? nil : details, allowed: allowed)
        var response = try JSONResponse.make(ErrorBody(detail), status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        return response
    }

    /// 503 for a store that cannot take the request now (``StoreError/unavailable(_:)``).
    static func storeUnavailable(_ cause: String) -> APIError {
        APIError(
            status: .serviceUnavailable, code: "store_unavailable",
            message: "the store cannot take writes now (\(cause)); nothing of this request was stored; retry later", retryAfter: 5)
    }

    /// 429 for a client that presented too many wrong tokens (``SignInThrottle``); its
    /// token was not looked at.
    static func tooManyFailures(_ wait: Duration) -> APIError {
        let seconds = retryAfterSeconds(wait)
        return APIError(
            status: .tooManyRequests, code: "too_many_failures",
            message: "too many wrong tokens from this address; the next is looked at in \(seconds) s", retryAfter: seconds)
    }

    /// A wait as `Retry-After` says it: whole seconds, rounded up, at least 1.
    static func retryAfterSeconds(_ wait: Duration) -> Int {
        max(1, Int(wait.inSeconds.rounded(.up)))
    }

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(status: .badRequest, code: "bad_request", message: message, field: field)
    }

    /// 422 for a well-formed request that asks for something invalid (`invalid_<kind>`).
    static func invalid(_ kind: String, _ message: String, field: String? = nil) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_\(kind)", message: message, field: field)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }
}

/// JSON responses, written with the API's one encoder (``APIJSON``).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try APIJSON.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A duration query parameter such as `?since=30d`: the default when absent, 400 when
/// it does not read as a positive duration.
func durationParameter(_ request: Request, _ key: String, default value: Duration) throws(APIError) -> Duration {
    guard let text = request.uri.queryParameters.get(key) else { return value }
    guard let parsed = try? Duration(parsing: text), parsed > .zero else {
        throw .badRequest("expected a duration such as \(value.compactDescription)", field: key)
    }
    return parsed
}

/// The start of a span such as `?since=30d` that ends at `end`: the default span when
/// absent, 400 when it does not read as a positive duration. A span reaching before
/// 1970 starts at 1970-01-01 (``RFC3339/recordable``: nothing older is stored), so
/// `since=9999y` means "everything" and the answer's own `since` says where it began.
func sinceParameter(_ request: Request, _ key: String = "since", default span: Duration, until end: Date) throws(APIError) -> Date {
    let duration = try durationParameter(request, key, default: span)
    return max(end.addingTimeInterval(-duration.inSeconds), RFC3339.recordable.lowerBound)
}

/// A query parameter that takes one of `choices`: `nil` when absent, 400 naming the
/// choices for anything else (a typo is never read as the default).
func choiceParameter(_ request: Request, _ key: String, _ choices: [String]) throws(APIError) -> String? {
    guard let text = request.uri.queryParameters.get(key) else { return nil }
    guard choices.contains(text) else {
        throw .badRequest("expected \(choices.count == 1 ? choices[0] : choices.dropLast().joined(separator: ", ") + " or " + choices.last!)", field: key)
    }
    return text
}

/// `?key=true` or `?key=false`; `nil` when absent, 400 for anything else.
func booleanParameter(_ request: Request, _ key: String) throws(APIError) -> Bool? {
    try choiceParameter(request, key, ["true", "false"]).map { $0 == "true" }
}

/// `?limit=` and `?cursor=` on list endpoints.
struct Page {
    static let defaultLimit = 100
    static let maximumLimit = 1000

    let limit: Int
    let cursor: String?

    init(_ request: Request) throws(APIError) {
        let query = request.uri.queryParameters
        if let text = query.get("limit") {
            guard let value = Int(text), (1...Self.maximumLimit).contains(value) else {
                throw .badRequest("limit must be a whole number from 1 to \(Self.maximumLimit)", field: "limit")
            }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The rows of this page and the cursor of the next one, from rows that may run one
    /// past the page (see ``fetch(_:cursor:)``): `next` is the last shown row's cursor
    /// when more rows follow, else `nil`.
    func slice<Row>(_ rows: some Collection<Row>, cursor: (Row) -> String?) -> (rows: [Row], next: String?) {
        let shown = Array(rows.prefix(limit))
        return (shown, rows.count > limit ? shown.last.flatMap(cursor) : nil)
    }

    /// One page from a store read. The read is asked for one row more than the page
    /// shows, so whether another page follows is known without counting.
    func fetch<Row>(_ read: (_ limit: Int) async throws -> [Row], cursor: (Row) -> String?) async throws -> (rows: [Row], next: String?) {
        slice(try await read(limit + 1), cursor: cursor)
    }

    /// The cursor as a row id (lists ordered by id, newest first).
    func idCursor() throws(APIError) -> Int64? {
        guard let cursor else { return nil }
        guard let id = Int64(cursor) else { throw .badRequest("cursor must be an id from next_cursor", field: "cursor") }
        return id
    }
}
