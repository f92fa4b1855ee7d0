import Foundation
import GRDB
import PostgresNIO
import VigilCore

/// `vigil migrate`: the embedded SQLite store copied into an empty PostgreSQL database,
/// table by table, ids kept, in one PostgreSQL transaction (a failure leaves the target
/// as it was), then checked row for row by count.
public enum StoreMigration {
    /// The tables in an order where every referenced row is copied before its referrers.
    static let tables = StoreSchema.tables.map(\.name)

    /// Rows per INSERT (PostgreSQL takes at most 65,535 parameters per statement).
    static let batch = 1_000

    /// What was copied: rows per table, in ``tables`` order.
    public struct Report: CustomStringConvertible, Sendable {
        public var rows: [(table: String, count: Int)]
        public var seconds: Double

        public var total: Int { rows.map(\.count).reduce(0, +) }

        public var description: String {
            let copied = rows.filter { $0.count > 0 }.map { "\($0.table) \($0.count)" }.joined(separator: ", ")
            return "\(total) rows in \(String(format: "%.2f", seconds)) s (\(copied.isEmpty ? "nothing to copy" : copied)); every table's count checked"
        }
    }

    /// Copies the SQLite store in `dataDirectory` into `postgres`, which must hold no Vigil
    /// data yet. Holds the data directory's lock meanwhile, so no server writes to it.
    public static func copy(dataDirectory: String, to postgres: PostgresStore) async throws -> Report {
        let started = ContinuousClock.now
        let path = (dataDirectory as NSString).appendingPathComponent("vigil.sqlite")
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.cannotOpen(path, "no Vigil store there") }
        let lock = try DataDirectoryLock(directory: dataDirectory)
        defer { lock.release() }
        // Opening migrates an older store to this version's schema first.
        let source = try SQLiteStore(directory: dataDirectory)
        let types = try await columnTypes(postgres)
        let report = try await postgres.transaction { connection in
            for table in tables {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) LIMIT 1"), logger: postgres.logger).collect()
                guard rows.isEmpty else { throw StoreError.exists("\(postgres.location) (its \(table) table holds rows: migrate into an empty database)") }
            }
            var copied: [(table: String, count: Int)] = []
            for table in tables {
                let count = try await copyTable(table, from: source, to: connection, types: types[table] ?? [:], logger: postgres.logger)
                copied.append((table, count))
                // Ids were copied as they were: the next new row must come after them.
                if types[table]?["id"] == "bigint", try await hasSerialID(table, connection, postgres) {
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: """
                                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \(table)
                                """), logger: postgres.logger)
                }
            }
            try await connection.query("SELECT setval('bucket_revision', (SELECT COALESCE(MAX(revision), 1) FROM minute_buckets))", logger: postgres.logger)
            // Count check, inside the transaction: what commits is what was read.
            for (table, count) in copied {
                let stored =
                    try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: postgres.logger)
                    .collect().first?.decode(Int64.self) ?? -1
                guard stored == Int64(count) else { throw StoreError.corrupt("copy of \(table): \(count) rows read, \(stored) stored") }
            }
            return copied
        }
        return Report(rows: report, seconds: (ContinuousClock.now - started).inSeconds)
    }

    /// PostgreSQL's type of every column, per table.
    private static func columnTypes(_ postgres: PostgresStore) async throws -> [String: [String: String]] {
        var types: [String: [String: String]] = [:]
        for row in try await postgres.rows(
            """
            SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()
            """)
        {
            let (table, column, type) = try row.decode((String, String, String).self)
            types[table, default: [:]][column] = type
        }
        return types
    }

    private static func hasSerialID(_ table: String, _ connection: PostgresConnection, _ postgres: PostgresStore) async throws -> Bool {
        try await connection.query("SELECT pg_get_serial_sequence(\(table), 'id') IS NOT NULL", logger: postgres.logger).collect().first?.decode(Bool.self)
            ?? false
    }

    /// Copies one table in pages of ``batch`` rows; returns how many.
    private static func copyTable(
        _ table: String, from source: SQLiteStore, to connection: PostgresConnection,
        types: [String: String], logger: Logger
    ) async throws -> Int {
        var copied = 0
        while true {
            let page = try await source.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) LIMIT ? OFFSET ?", arguments: [batch, copied])
            }
            guard let first = page.first else { break }
            // Columns both sides have (PostgreSQL adds ids SQLite keeps as rowids, and the
            // bucket revision).
            let columns = first.columnNames.filter { types[$0] != nil }
            var binds = PostgresBindings(capacity: columns.count * page.count)
            var tuples: [String] = []
            for row in page {
                var placeholders: [String] = []
                for column in columns {
                    try bind(row[column] as DatabaseValue, as: types[column] ?? "text", into: &binds, table: table, column: column)
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))"
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            copied += page.count
            if page.count < batch { break }
        }
        return copied
    }

    /// One SQLite value as the PostgreSQL column's type wants it (SQLite keeps booleans
    /// as integers).
    private static func bind(_ value: DatabaseValue, as type: String, into binds: inout PostgresBindings, table: String, column: String) throws {
        switch value.storage {
        case .null:
            binds.appendNull()
        case .int64(let number):
            switch type {
            case "boolean": binds.append(number != 0)
            case "double precision": binds.append(Double(number))
            case "integer": binds.append(Int32(number))
            default: binds.append(number)
            }
        case .double(let number):
            binds.append(number)
        case .string(let text):
            binds.append(text)
        case .blob(let data):
            guard type == "bytea" else { throw StoreError.corrupt("\(table).\(column): a blob where \(type) belongs") }
            try binds.append(data)
        }
    }
}
