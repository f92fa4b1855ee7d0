import Foundation
import VigilCore

/// The `Decoder` behind ``StrictJSONDecoder``: reads a document from a ``JSONValue`` and
/// refuses what `JSONDecoder` lets pass (see ``StrictJSONDecoder`` for the rules).
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let options: StrictJSONDecoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, path: [any CodingKey], options: StrictJSONDecoder) {
        self.value = value
        self.codingPath = path
        self.options = options
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(try ObjectContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([JSONValue].self) }
        guard items.count <= options.maximumListLength else { throw corrupt("expected at most \(options.maximumListLength) items") }
        return ListContainer(items: items, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ValueContainer(decoder: self) }

    func child(_ value: JSONValue, _ key: any CodingKey) -> JSONValueDecoder {
        JSONValueDecoder(value: value, path: codingPath + [key], options: options)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "found \(value.kindDescription)"))
    }

    func corrupt(_ message: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: message))
    }

    /// Every typed read ends here.
    func read<T: Decodable>(_ type: T.Type) throws -> T {
        if case .null = value {
            // `[String: String?]`: null is a value there ("no one in this role").
            if let optional = type as? any ExpressibleByNilLiteral.Type { return optional.init(nilLiteral: ()) as! T }
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "found null"))
        }
        switch type {
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch(type) }
            return flag as! T
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch(type) }
            if text.isEmpty && !options.allowsEmptyStrings { throw corrupt("expected a non-empty string (leave the field out instead)") }
            if text.unicodeScalars.count > options.maximumStringLength { throw corrupt("expected at most \(options.maximumStringLength) characters") }
            return text as! T
        case is Date.Type:
            guard case .string(let text) = value else { throw mismatch(type) }
            guard let date = RFC3339.parse(text) else { throw corrupt("expected an RFC 3339 time such as 2026-11-25T12:00:00Z, found '\(text)'") }
            return date as! T
        case let integer as any FixedWidthInteger.Type:
            return try readInteger(integer) as! T
        case let floating as any BinaryFloatingPoint.Type:
            switch value {
            case .integer(let whole): return floating.init(whole) as! T
            case .number(let number): return floating.init(number) as! T
            default: throw mismatch(type)
            }
        case let dictionary as any StringKeyedDictionary.Type:
            guard case .object(let object) = value else { throw mismatch(type) }
            return try dictionary.decodeEntries(object, decoder: self) as! T
        default:
            return try T(from: self)
        }
    }

    private func readInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch value {
        case .integer(let whole):
            guard let exact = I(exactly: whole) else { throw corrupt("expected a whole number from \(I.min) to \(I.max)") }
            return exact
        case .number(let number):
            if number.rounded() == number, let exact = I(exactly: number) { return exact }
            throw mismatch(type)
        default:
            throw mismatch(type)
        }
    }
}

/// A dictionary with string keys keeps its keys as written: they are data (a label, a
/// role), not field names to convert or check.
protocol StringKeyedDictionary {
    static func decodeEntries(_ object: [String: JSONValue], decoder: JSONValueDecoder) throws -> Self
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func decodeEntries(_ object: [String: JSONValue], decoder: JSONValueDecoder) throws -> Self {
        var result: [String: Value] = [:]
        for (key, value) in object {
            result[key] = try decoder.child(value, WrittenKey(key)).read(Value.self)
        }
        return result
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONValueDecoder
    /// Swift key name → (the key as written, its value).
    let entries: [String: (written: String, value: JSONValue)]

    init(object: [String: JSONValue], decoder: JSONValueDecoder) throws {
        self.decoder = decoder
        var entries: [String: (String, JSONValue)] = [:]
        for written in object.keys.sorted() {
            let name = decoder.options.keyStyle == .snakeCase ? KeyCase.camel(written) : written
            // `createdBy` would convert to itself and match: only `created_by` is the API's spelling.
            let spelledAsDeclared = decoder.options.keyStyle == .asDeclared || KeyCase.snake(name) == written
            guard spelledAsDeclared, Key(stringValue: name) != nil else {
                if !decoder.options.refusesUnknownKeys { continue }
                let known = Self.declaredKeys().map { decoder.options.keyStyle == .snakeCase ? KeyCase.snake($0) : $0 }
                let hint = known.isEmpty ? "" : Suggestion.hint(for: written, among: known)
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [WrittenKey(written)], debugDescription: "unknown field\(hint)"))
            }
            entries[name] = (written, object[written]!)
        }
        self.entries = entries
    }

    /// The document's keys when its `CodingKeys` are `CaseIterable` (for did-you-mean).
    static func declaredKeys() -> [String] {
        guard let iterable = Key.self as? any CaseIterable.Type else { return [] }
        func names<C: CaseIterable>(_ type: C.Type) -> [String] { type.allCases.compactMap { ($0 as? any CodingKey)?.stringValue } }
        return names(iterable)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

    func entry(_ key: Key) throws -> JSONValueDecoder {
        guard let entry = entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required"))
        }
        return decoder.child(entry.value, WrittenKey(entry.written))
    }

    /// An optional field is left out, not sent as `null`: null would read as "absent"
    /// and hide a client's bug (`"due": null` meaning "clear it" changes nothing). Only a
    /// dictionary's values may be null, where the document says what null means
    /// (`roles: {"scribe": null}` unassigns).
    func decodeNil(forKey key: Key) throws -> Bool {
        guard let entry = entries[key.stringValue] else { return true }
        guard entry.value == .null else { return false }
        throw DecodingError.dataCorrupted(
            .init(codingPath: codingPath + [WrittenKey(entry.written)], debugDescription: "expected a value, not null (leave the field out instead)"))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try entry(key).read(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try entry(key).read(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try entry(key).read(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try entry(key).read(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try entry(key).read(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try entry(key).read(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try entry(key).read(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try entry(key).read(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try entry(key).read(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try entry(key).read(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try entry(key).read(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try entry(key).read(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try entry(key).read(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try entry(key).read(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try entry(key).read(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try entry(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try entry(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try entry(key) }
}

private struct ListContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let decoder: JSONValueDecoder
    var currentIndex = 0

    init(items: [JSONValue], decoder: JSONValueDecoder) {
        self.items = items
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> JSONValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "the list ended"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().read(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct ValueContainer: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.read(type) }
}
