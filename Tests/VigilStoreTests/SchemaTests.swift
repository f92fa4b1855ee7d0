import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing
import VigilTestSupport

@testable import VigilStore

/// The schema a fresh store migrates to, described from the database's own catalogue
/// (not from the SQL that made it) and compared with a golden file per dialect. The
/// declarations the migrations are generated from can change shape; what they make may
/// only change where the golden file's diff says so.
@Suite struct SchemaTests {
    static let golden = Golden(beside: #filePath)

    @Test func aFreshSQLiteStoreHasTheDeclaredSchema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-schema-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try Self.golden.check(try await store.pool.read(Self.describe), against: "schema-sqlite.txt")
    }

    @Test(.enabled(if: TestPostgres.unavailableReason == nil, "PostgreSQL is not installed"))
    func aFreshPostgreSQLStoreHasTheDeclaredSchema() async throws {
        let store = try await PostgresStore.connect(url: try await TestPostgres.shared.freshDatabase(), logger: Logger(label: "test"))
        defer { store.close() }
        try Self.golden.check(try await Self.describe(store), against: "schema-postgres.txt")
    }

    /// Tables (with their columns, keys and checks) and indexes, sorted by name, from
    /// SQLite's pragmas.
    static func describe(_ db: Database) throws -> String {
        var lines: [String] = []
        let tables = try Row.fetchAll(
            db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name")
        for table in tables {
            let name: String = table["name"]
            let sql = (table["sql"] as String).uppercased()
            var traits: [String] = []
            if sql.contains("WITHOUT ROWID") { traits.append("without rowid") }
            if sql.contains("AUTOINCREMENT") { traits.append("autoincrement") }
            lines.append("table \(name)" + (traits.isEmpty ? "" : " (\(traits.joined(separator: ", ")))"))
            for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\(name))") {
                var line = "  column \(column["name"] as String) \(column["type"] as String)"
                if column["notnull"] as Int == 1 { line += " not null" }
                if let value = column["dflt_value"] as String? { line += " default \(value)" }
                if column["pk"] as Int > 0 { line += " primary key #\(column["pk"] as Int)" }
                lines.append(line)
            }
            for key in try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(name))") {
                lines.append("  foreign key \(key["from"] as String) references \(key["table"] as String) (\(key["to"] as String))")
            }
            for check in (table["sql"] as String).matches(of: /CHECK\s*\(([^)]*)\)/) { lines.append("  check \(check.1)") }
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(name))").sorted(by: { ($0["name"] as String) < ($1["name"] as String) }) {
                let indexName: String = index["name"]
                let columns = try Row.fetchAll(db, sql: "PRAGMA index_info(\(indexName))").map { $0["name"] as String }
                var line = "  index \(index["origin"] as String == "c" ? indexName : "(\(index["origin"] as String))") (\(columns.joined(separator: ", ")))"
                if index["unique"] as Int == 1 { line += " unique" }
                if index["partial"] as Int == 1, let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [indexName]),
                    let condition = sql.range(of: " WHERE ")
                {
                    line += " where \(sql[condition.upperBound...])"
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Tables, columns, constraints, indexes and sequences from PostgreSQL's catalogue.
    static func describe(_ store: PostgresStore) async throws -> String {
        var lines: [String] = []
        for row in try await store.rows("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() ORDER BY 1") {
            lines.append("sequence \(try row.decode(String.self))")
        }
        var columns: [String: [String]] = [:]
        for row in try await store.rows(
            """
            SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, column_default::text FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """)
        {
            let (table, column, type, nullable, fallback) = try row.decode((String, String, String, String, String?).self)
            var line = "  column \(column) \(type)"
            if nullable == "NO" { line += " not null" }
            if let fallback { line += " default \(fallback)" }
            columns[table, default: []].append(line)
        }
        var constraints: [String: [String]] = [:]
        for row in try await store.rows(
            """
            SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2
            """)
        {
            let (table, definition) = try row.decode((String, String).self)
            constraints[table, default: []].append("  constraint \(definition)")
        }
        var indexes: [String: [String]] = [:]
        for row in try await store.rows("SELECT tablename::text, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname") {
            let (table, definition) = try row.decode((String, String).self)
            indexes[table, default: []].append("  \(definition.replacingOccurrences(of: " public.", with: " "))")
        }
        for table in columns.keys.sorted() {
            lines.append("table \(table)")
            lines += columns[table, default: []] + constraints[table, default: []] + indexes[table, default: []]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
