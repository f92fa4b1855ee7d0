import Foundation
import VigilCore

/// Decodes request bodies into the API's documents strictly, the way a reviewer reads a
/// form: every key must be one the document declares, every value the type it declares.
///
/// Foundation's `JSONDecoder` ignores unknown keys (so a typo such as `"comand"` was
/// silently dropped) and reports a fraction in a whole-number field as "not valid JSON"
/// without naming the field. This decoder parses the body once into ``JSONValue`` and
/// decodes the document from that, so it can
///
/// - refuse a key the document does not declare, at any depth, with a did-you-mean when
///   the document's `CodingKeys` are `CaseIterable`;
/// - name the field at fault as the client wrote it (`roles.commander`, `alerts[2].labels`);
/// - refuse a boolean where a number belongs and the other way round, and a fraction
///   where a whole number belongs;
/// - refuse an empty string (a field is left out, not sent empty), unless told not to,
///   a string longer than ``maximumStringLength`` and a list longer than
///   ``maximumListLength`` (the bounds docs/openapi.yaml declares as `maxLength` and
///   `maxItems`, so a client learns them from the spec, not from a 413);
/// - read `Date` fields as RFC 3339 times.
///
/// A dictionary field (`[String: String]`) takes any key: only declared documents are
/// strict.
public struct StrictJSONDecoder: Sendable {
    /// How keys are written in the JSON.
    public enum KeyStyle: Sendable {
        /// Vigil's own documents: `created_by` in JSON is `createdBy` in Swift.
        case snakeCase
        /// A peer's format read as written (Alertmanager's `startsAt`).
        case asDeclared
    }

    public var keyStyle: KeyStyle
    public var allowsEmptyStrings: Bool
    /// Refuse keys the document does not declare (Vigil's documents); a peer's format
    /// ignores them instead, so a newer peer's extra field is not an error.
    public var refusesUnknownKeys: Bool
    /// The most Unicode scalars a string may hold (JSON Schema's `maxLength` counts the
    /// same way).
    public var maximumStringLength: Int
    /// The most items a list may hold.
    public var maximumListLength: Int

    /// The bounds of Vigil's own documents: 10,000 characters to a string (a long
    /// incident note; a postmortem's text takes more) and 100 items to a list.
    public static let defaultMaximumStringLength = 10_000
    public static let defaultMaximumListLength = 100

    public init(
        keyStyle: KeyStyle = .snakeCase, allowsEmptyStrings: Bool = false, refusesUnknownKeys: Bool = true,
        maximumStringLength: Int = Self.defaultMaximumStringLength, maximumListLength: Int = Self.defaultMaximumListLength
    ) {
        self.keyStyle = keyStyle
        self.allowsEmptyStrings = allowsEmptyStrings
        self.refusesUnknownKeys = refusesUnknownKeys
        self.maximumStringLength = maximumStringLength
        self.maximumListLength = maximumListLength
    }

    /// How a peer's document is read: keys as written, empty strings and unknown keys
    /// allowed.
    public static let peer = StrictJSONDecoder(
        keyStyle: .asDeclared, allowsEmptyStrings: true, refusesUnknownKeys: false, maximumStringLength: .max, maximumListLength: .max)

    /// Decodes `type` from a JSON body.
    /// - Throws: ``RequestDocumentError``: `.malformed` when the bytes are not a JSON
    ///   object, `.invalid` (with the field) when the object does not fit the document.
    public func decode<Document: Decodable>(_ type: Document.Type, from data: Data) throws(RequestDocumentError) -> Document {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed(Self.syntaxMessage(data))
        }
        guard case .object = value else { throw .malformed("expected a JSON object, found \(value.kindDescription)") }
        return try decode(type, from: value)
    }

    /// Decodes `type` from an already parsed value.
    public func decode<Document: Decodable>(_ type: Document.Type, from value: JSONValue) throws(RequestDocumentError) -> Document {
        do {
            return try Document(from: JSONValueDecoder(value: value, path: [], options: self))
        } catch let error as RequestDocumentError {
            throw error
        } catch let error as DecodingError {
            throw Self.invalid(error, keyStyle: keyStyle)
        } catch {
            // A document's own `init(from:)` refusing a value: its message stands.
            throw .invalid(field: nil, message: "\(error)")
        }
    }

    /// Foundation's parser names the problem and where it is ("Unexpected character 'x'
    /// around line 1, column 9"; "Number 1e400 is not representable"); `JSONDecoder`
    /// only says the data is not valid JSON.
    static func syntaxMessage(_ data: Data) -> String {
        if data.isEmpty { return "expected a JSON object, found an empty body" }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            return "not valid JSON" + (detail.map { ": \($0)" } ?? "")
        }
        return "not valid JSON"
    }

    /// A decoding failure as the field and what was expected there.
    static func invalid(_ error: DecodingError, keyStyle: KeyStyle) -> RequestDocumentError {
        func field(_ path: [any CodingKey], _ last: (any CodingKey)? = nil) -> String? {
            let keys = path + (last.map { [$0] } ?? [])
            guard !keys.isEmpty else { return nil }
            return JSONPath.render(keys, keyStyle: keyStyle)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(field: field(context.codingPath, key), message: "required")
        case .valueNotFound(_, let context):
            return .invalid(field: field(context.codingPath), message: "required")
        case .typeMismatch(let type, let context):
            return .invalid(field: field(context.codingPath), message: "expected \(expectedKind(type))")
        case .dataCorrupted(let context):
            return .invalid(field: field(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .invalid(field: nil, message: "\(error)")
        }
    }

    /// `Int` → "a whole number", `[String]` → "a list", …
    static func expectedKind(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: return "true or false"
        case is any FixedWidthInteger.Type: return "a whole number"
        case is any BinaryFloatingPoint.Type: return "a number"
        case is String.Type: return "a string"
        case is Date.Type: return "an RFC 3339 time such as 2026-11-25T12:00:00Z"
        default:
            return String(describing: type).hasPrefix("Array<") ? "a list" : "an object"
        }
    }
}

/// A request body that is not the document its route reads.
public enum RequestDocumentError: Error, Sendable, Equatable {
    /// Not JSON, or not a JSON object: answered 400.
    case malformed(String)
    /// A JSON object that does not fit the document: answered 422 naming the field.
    case invalid(field: String?, message: String)
}

/// Field paths as the client wrote them: `alerts[2].labels`, `roles.commander`.
enum JSONPath {
    static func render(_ keys: [any CodingKey], keyStyle: StrictJSONDecoder.KeyStyle) -> String {
        var text = ""
        for key in keys {
            if key is IndexKey, let index = key.intValue {
                text += "[\(index)]"
            } else {
                let name = key is WrittenKey || keyStyle == .asDeclared ? key.stringValue : KeyCase.snake(key.stringValue)
                text += text.isEmpty ? name : ".\(name)"
            }
        }
        return text
    }
}

/// Converting between JSON's snake_case and Swift's camelCase, as `APIJSON` does.
enum KeyCase {
    /// `created_by` → `createdBy` (Foundation's `convertFromSnakeCase`: leading and
    /// trailing underscores kept, empty parts dropped).
    static func camel(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let leading = key.prefix { $0 == "_" }
        let trailing = key.reversed().prefix { $0 == "_" }
        guard leading.count < key.count else { return key }
        let core = key.dropFirst(leading.count).dropLast(trailing.count)
        let parts = core.split(separator: "_")
        guard let first = parts.first else { return key }
        let joined = parts.dropFirst().reduce(String(first)) { $0 + $1.prefix(1).uppercased() + $1.dropFirst().lowercased() }
        return String(leading) + joined + String(trailing)
    }

    /// `createdBy` → `created_by`.
    static func snake(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                if !result.isEmpty { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A key as it was written in the JSON (an unknown key, a dictionary key).
struct WrittenKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ text: String) { stringValue = text }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A position in a list.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
