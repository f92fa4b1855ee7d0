import Foundation

/// A parsed JSON document that keeps what JSON says: `true` is a boolean and `1` a
/// number, and a whole number stays whole. Foundation's `JSONSerialization` answers
/// both as `NSNumber` (a boolean casts to `Int` and a number to `Bool`), which is how
/// `{"minutes": true}` once logged a minute of toil.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A whole number that fits 64 bits (`1` and `1.0` alike).
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What a person would call this kind of value, for error messages.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

extension JSONValue: Decodable {
    /// Reads any JSON value. The order matters: a boolean is tried before a number (a
    /// JSON number never decodes as `Bool`), a whole number before a fractional one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? container.decode(Int64.self) {
            self = .integer(whole)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
