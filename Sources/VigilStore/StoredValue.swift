import Foundation
import VigilCore

/// How both stores keep values that are not plain columns: JSON text for documents
/// (incidents, postmortems, action items, load runs) and the encoded latency digest —
/// and the error that names what could not be read back, never a silent default.
enum StoredValue {
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        try decode(type, Data(text.utf8), what: what)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        guard let value = try? JSONDecoder().decode(type, from: data) else { throw StoreError.corrupt(what) }
        return value
    }

    static func digest(_ data: Data) throws -> LatencyDigest {
        guard let digest = LatencyDigest(encoded: [UInt8](data)) else { throw StoreError.corrupt("latency digest") }
        return digest
    }
}
