import Foundation
import GRDB

extension SQLiteStore: DocumentStore {
    public func insertDocument(into table: StoreTable, columns: [String: StoreValue], body: @escaping @Sendable (Int64) throws -> String) async throws
        -> Int64
    {
        let names = table.documentColumns(columns.keys)
        let statements = Self.documentStatements(table)
        return try await write { db in
            try db.execute(sql: statements.insert(names), arguments: StatementArguments(names.map { columns[$0]?.databaseValue }))
            let id = db.lastInsertedRowID
            try db.execute(sql: statements.update([]), arguments: [try body(id), id])
            return id
        }
    }

    public func modifyDocument(in table: StoreTable, id: Int64, _ change: @escaping @Sendable (String) throws -> DocumentUpdate) async throws -> String? {
        let statements = Self.documentStatements(table)
        // SQLite has one writer: holding the write transaction holds the row.
        return try await write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM \(table.name) WHERE id = ?", arguments: [id]) else { return nil }
            let update = try change(body)
            let names = table.documentColumns(update.columns.keys)
            try db.execute(
                sql: statements.update(names),
                arguments: StatementArguments(names.map { update.columns[$0]?.databaseValue } + [update.body.databaseValue, id.databaseValue]))
            return update.body
        }
    }

    public func documents(in table: StoreTable, matching: [String: StoreValue], before: Int64?, newestFirst: Bool, limit: Int?) async throws -> [String] {
        let names = table.documentColumns(matching.keys)
        let sql = Self.documentStatements(table).select(matching: names, before: before != nil, newestFirst: newestFirst, limit: limit != nil)
        let values: [DatabaseValue] = names.map { matching[$0]?.databaseValue ?? .null } + [before?.databaseValue, limit?.databaseValue].compactMap { $0 }
        let arguments = StatementArguments(values)
        return try await read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    private static func documentStatements(_ table: StoreTable) -> StoreTable.DocumentStatements {
        StoreTable.DocumentStatements(table: table, dialect: .sqlite)
    }
}

extension StoreValue {
    /// The value as GRDB binds it (SQLite keeps booleans as integers).
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .text(let text): text.databaseValue
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .boolean(let flag): flag.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}
