import Foundation

extension DocumentStore {
    /// Inserts `value` with its new id set by `setID`.
    func insert<Value: Codable & Sendable>(
        _ value: Value, into table: StoreTable, columns: [String: StoreValue], setID: @escaping @Sendable (inout Value, Int64) -> Void
    ) async throws -> Value {
        var stored = value
        let id = try await insertDocument(into: table, columns: columns) { id in
            var stored = value
            setID(&stored, id)
            return try StoredValue.json(stored)
        }
        setID(&stored, id)
        return stored
    }

    func list<Value: Decodable>(_ type: Value.Type, in table: StoreTable, matching: [String: StoreValue], before: Int64?, limit: Int) async throws
        -> [Value]
    {
        try await documents(in: table, matching: matching, before: before, newestFirst: true, limit: limit)
            .map { try StoredValue.decode(Value.self, $0, what: table.name) }
    }
}
