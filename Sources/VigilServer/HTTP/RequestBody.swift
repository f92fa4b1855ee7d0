import Foundation
import Hummingbird
import NIOCore
import VigilAPIModels
import VigilCore

/// A request body decoded into its API document (``StrictJSONDecoder``'s strict rules), with
/// the checks that need more than a type: times, durations, days. Errors answer with the
/// route's code (`invalid_silence`, …): 400 when the body is not a JSON object, 413 when
/// it is over the route's limit, 422 naming the field otherwise.
struct RequestBody<Document: Decodable> {
    let document: Document
    /// The error code used for this kind of document (`invalid_silence`, …).
    let code: String

    /// - Parameters:
    ///   - limit: the most bytes the body may hold. The default, 1 MiB, takes any document
    ///     within the decoder's bounds as clients write them (a 10,000-character string is
    ///     120 KB when every character is a `\u` escape pair).
    ///   - allowEmpty: an empty body reads as `{}` (for documents whose fields are all
    ///     optional).
    init(
        _ request: Request, as type: Document.Type, code: String, limit: Int = 1024 * 1024, allowEmpty: Bool = false,
        decoder: StrictJSONDecoder = StrictJSONDecoder()
    ) async throws {
        let data = try await Self.collect(request, limit: limit)
        do {
            document = try decoder.decode(type, from: allowEmpty && data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            switch error {
            case .malformed(let message): throw APIError(status: .badRequest, code: "invalid_json", message: message)
            case .invalid(let field, let message): throw APIError(status: .unprocessableContent, code: code, message: message, field: field)
            }
        }
        self.code = code
    }

    /// The body's bytes; over `limit`, a 413 that says the limit (Hummingbird's own
    /// answer has no body).
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        var request = request
        do {
            return Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "the body exceeds \(limit) bytes")
        }
    }

    func fail(_ message: String, field: String) -> APIError {
        APIError(status: .unprocessableContent, code: code, message: message, field: field)
    }

    /// A required field that the document types as optional so that its absence gets
    /// the route's own message.
    func required<Value>(_ value: Value?, _ field: String) throws(APIError) -> Value {
        guard let value else { throw fail("required", field: field) }
        return value
    }

    /// An RFC 3339 time Vigil records (``RFC3339/recordable``), or `nil` when absent.
    func time(_ text: String?, _ field: String) throws(APIError) -> Date? {
        guard let text else { return nil }
        guard let date = RFC3339.parse(text) else { throw fail("expected an RFC 3339 time such as 2026-11-25T12:00:00Z", field: field) }
        guard RFC3339.recordable.contains(date) else { throw fail("expected a time \(RFC3339.recordableDescription)", field: field) }
        return date
    }

    /// A positive duration such as `2h`, or `nil` when absent.
    func duration(_ text: String?, _ field: String) throws(APIError) -> Duration? {
        guard let text else { return nil }
        guard let duration = try? Duration(parsing: text), duration > .zero else { throw fail("expected a duration such as 30m or 2h", field: field) }
        return duration
    }
}
