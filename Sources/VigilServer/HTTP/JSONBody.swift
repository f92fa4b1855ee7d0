import Foundation
import Hummingbird
import VigilCore

/// A JSON object from a request body, with typed field readers that answer 422 naming
/// the field. Unknown fields are refused, with a did-you-mean.
struct JSONBody {
    let object: [String: Any]
    /// The error code used for this kind of document (`invalid_silence`, …).
    let code: String

    /// - Parameter allowEmpty: an empty body reads as `{}` (for requests whose fields are
    ///   all optional).
    init(_ request: Request, code: String, allowed: [String], limit: Int = 64 * 1024, allowEmpty: Bool = false) async throws {
        var request = request
        let body = try await request.collectBody(upTo: limit)
        if allowEmpty && body.readableBytes == 0 {
            object = [:]
            self.code = code
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw APIError(status: .badRequest, code: "invalid_json", message: "expected a JSON object")
        }
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw APIError(status: .unprocessableContent, code: code, message: "unknown field\(Suggestion.hint(for: key, among: allowed))", field: key)
        }
        self.object = object
        self.code = code
    }

    func fail(_ message: String, field: String) -> APIError {
        APIError(status: .unprocessableContent, code: code, message: message, field: field)
    }

    /// A non-empty string, or `nil` when absent or null.
    func text(_ key: String) throws(APIError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let string = value as? String, !string.isEmpty else { throw fail("expected a non-empty string", field: key) }
        return string
    }

    func requiredText(_ key: String) throws(APIError) -> String {
        guard let text = try text(key) else { throw fail("required", field: key) }
        return text
    }

    /// A list of strings, or `nil` when absent.
    func texts(_ key: String) throws(APIError) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let strings = value as? [String] else { throw fail("expected a list of strings", field: key) }
        return strings
    }

    /// An RFC 3339 time, or `nil` when absent.
    func time(_ key: String) throws(APIError) -> Date? {
        guard let text = try text(key) else { return nil }
        guard let date = RFC3339.parse(text) else { throw fail("expected an RFC 3339 time such as 2026-11-25T12:00:00Z", field: key) }
        return date
    }

    /// A duration such as `2h`, or `nil` when absent.
    func duration(_ key: String) throws(APIError) -> Duration? {
        guard let text = try text(key) else { return nil }
        guard let duration = try? Duration(parsing: text), duration > .zero else { throw fail("expected a duration such as 30m or 2h", field: key) }
        return duration
    }

    /// `true`/`false`, or `nil` when absent.
    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSONSerialization gives true/false as a boolean NSNumber subclass, numbers as
        // plain NSNumber (which would also cast to Bool): tell them apart by type.
        guard let flag = value as? Bool, String(describing: type(of: value)).contains("Boolean") else { throw fail("expected true or false", field: key) }
        return flag
    }

    /// An object of strings (`{"commander": "Dana"}`); a null value stands for "none".
    func textMap(_ key: String) throws(APIError) -> [String: String?]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let map = value as? [String: Any] else { throw fail("expected an object of strings", field: key) }
        var result: [String: String?] = [:]
        for (name, entry) in map {
            if entry is NSNull {
                result[name] = .some(nil)
                continue
            }
            guard let text = entry as? String, !text.isEmpty else { throw fail("expected a non-empty string or null", field: "\(key).\(name)") }
            result[name] = text
        }
        return result
    }
}
