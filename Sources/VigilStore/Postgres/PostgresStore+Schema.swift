import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// One named, versioned step of the schema; a released step is never edited, only
    /// followed (as SQLite's migrator).
    struct Migration {
        let name: String
        let sql: [String]
    }

    /// The schema, generated from the table declarations in PostgreSQL's types: one
    /// migration for everything up to ``StoreSchema/postgresBaseline`` (this store was
    /// written then), then one per later version, named as SQLite's.
    static let migrations: [Migration] = {
        let baseline = StoreSchema.versions.filter { $0 <= StoreSchema.postgresBaseline }
        let later = StoreSchema.versions.filter { $0 > StoreSchema.postgresBaseline }
        return [Migration(name: "v1: the whole store as of SQLite's v9", sql: baseline.flatMap { StoreSchema.statements(for: $0, in: .postgres) })]
            + later.map { Migration(name: $0.name, sql: StoreSchema.statements(for: $0, in: .postgres)) }
    }()

    /// Applies the migrations not yet applied, each in its own transaction, under a
    /// transaction-scoped advisory lock so replicas starting together migrate once.
    /// A database migrated by a newer Vigil is refused.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS vigil_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: self.logger)
            let applied = try await connection.query("SELECT name FROM vigil_migrations", logger: self.logger).collect().map { try $0.decode(String.self) }
            let known = Set(Self.migrations.map(\.name))
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError.newerSchema(self.location, unknown) }
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger) }
                try await connection.query("INSERT INTO vigil_migrations (name) VALUES (\(migration.name))", logger: self.logger)
            }
        }
    }

    /// The advisory-lock key under which migrations run (any fixed 64-bit number; this
    /// one spells "vigil-mg").
    static let migrationLock: Int64 = 0x7669_6769_6c2d_6d67
}
