import Foundation
import PostgresNIO

extension PostgresStore: DocumentStore {
    public func insertDocument(into table: StoreTable, columns: [String: StoreValue], body: @escaping @Sendable (Int64) throws -> String) async throws
        -> Int64
    {
        let names = table.documentColumns(columns.keys)
        let statements = Self.documentStatements(table)
        return try await transaction { connection in
            let id = try await connection.query(
                PostgresQuery(unsafeSQL: statements.insert(names) + " RETURNING id", binds: try Self.binds(names.map { columns[$0] ?? .null })),
                logger: self.logger
            ).collect().returnedID()
            try await connection.query(
                PostgresQuery(unsafeSQL: statements.update([]), binds: try Self.binds([.text(try body(id)), .integer(id)])), logger: self.logger)
            return id
        }
    }

    public func modifyDocument(in table: StoreTable, id: Int64, _ change: @escaping @Sendable (String) throws -> DocumentUpdate) async throws -> String? {
        let statements = Self.documentStatements(table)
        return try await transaction { connection in
            // FOR UPDATE: a second change waits here and then reads this one's body.
            guard
                let body = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT body FROM \(table.name) WHERE id = $1 FOR UPDATE", binds: try Self.binds([.integer(id)])),
                    logger: self.logger
                ).collect().first?.decode(String.self)
            else { return nil }
            let update = try change(body)
            let names = table.documentColumns(update.columns.keys)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: statements.update(names),
                    binds: try Self.binds(names.map { update.columns[$0] ?? .null } + [.text(update.body), .integer(id)])),
                logger: self.logger)
            return update.body
        }
    }

    public func documents(in table: StoreTable, matching: [String: StoreValue], before: Int64?, newestFirst: Bool, limit: Int?) async throws -> [String] {
        let names = table.documentColumns(matching.keys)
        let sql = Self.documentStatements(table).select(matching: names, before: before != nil, newestFirst: newestFirst, limit: limit != nil)
        var values = names.map { matching[$0] ?? .null }
        if let before { values.append(.integer(before)) }
        if let limit { values.append(.integer(Int64(limit))) }
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: try Self.binds(values))).map { try $0.decode(String.self) }
    }

    private static func documentStatements(_ table: StoreTable) -> StoreTable.DocumentStatements {
        StoreTable.DocumentStatements(table: table, dialect: .postgres)
    }

    /// Values bound in order, as `$1`, `$2`…
    static func binds(_ values: [StoreValue]) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: binds.appendNull()
            case .text(let text): binds.append(text)
            case .integer(let number): binds.append(number)
            case .real(let number): binds.append(number)
            case .boolean(let flag): binds.append(flag)
            case .blob(let data): try binds.append(data)
            }
        }
        return binds
    }
}
