import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// The declarations the migrations are generated from: an order that creates and copies
/// referenced tables first, later columns and indexes as their own steps, and an older
/// store that upgrades to what a fresh one has.
@Suite struct StoreSchemaTests {
    @Test func everyTableIsDeclaredOnceAfterTheTablesItRefersTo() {
        let names = StoreSchema.tables.map(\.name)
        #expect(Set(names).count == names.count)
        for (position, table) in StoreSchema.tables.enumerated() {
            for referenced in table.columns.compactMap(\.references) {
                #expect(names.firstIndex(of: referenced).map { $0 < position } == true, "\(table.name) refers to \(referenced)")
            }
            #expect(StoreSchema.versions.contains(table.since), "\(table.name)'s version is not listed")
        }
        #expect(StoreSchema.versions == StoreSchema.versions.sorted() && Set(StoreSchema.versions.map(\.name)).count == StoreSchema.versions.count)
    }

    /// What a later version adds to an existing table is an `ALTER TABLE` and an index in
    /// that version, and runs on a real database in both orders of arrival.
    @Test func aColumnAndIndexAddedLaterAreTheirVersionsSteps() throws {
        let later = SchemaVersion(number: 2, name: "v2: notes")
        let table = StoreTable(
            name: "things", since: .v1,
            columns: [
                .serialID, Column("name", .text), Column("note", .text, nullable: true, since: later), Column("rank", .integer, default: "0", since: later),
            ],
            indexes: [Index("things_by_name", on: ["name"]), Index("things_by_rank", on: ["rank"], where: "rank > 0", since: later)])
        #expect(
            table.statements(for: .v1, in: .sqlite) == [
                "CREATE TABLE things (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)", "CREATE INDEX things_by_name ON things (name)",
            ])
        #expect(
            table.statements(for: later, in: .postgres) == [
                "ALTER TABLE things ADD COLUMN note text", "ALTER TABLE things ADD COLUMN rank bigint NOT NULL DEFAULT 0",
                "CREATE INDEX things_by_rank ON things (rank) WHERE rank > 0",
            ])
        let database = try DatabaseQueue()
        try database.write { db in
            try db.execute(sql: table.statements(for: .v1, in: .sqlite).joined(separator: ";\n"))
            try db.execute(sql: "INSERT INTO things (name) VALUES ('old')")
            try db.execute(sql: table.statements(for: later, in: .sqlite).joined(separator: ";\n"))
            try db.execute(sql: "INSERT INTO things (name, note, rank) VALUES ('new', 'n', 2)")
            #expect(try Int.fetchAll(db, sql: "SELECT rank FROM things ORDER BY id") == [0, 2])
        }
    }

    /// A store created by an older Vigil and written to then migrates to what a fresh
    /// store has, keeping its rows.
    @Test func anOlderStoreUpgradesToTheFreshSchema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-upgrade-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            let old = try DatabaseQueue(path: directory + "/vigil.sqlite")
            try SQLiteStore.migrator.migrate(old, upTo: SchemaVersion.v4.name)
            try await old.write { db in
                try db.execute(sql: "INSERT INTO minute_buckets (sli, minute, good, valid) VALUES ('api', 29000000, 9, 10)")
                try db.execute(sql: "INSERT INTO changes (service, version, time) VALUES ('web', '1.2', 1740000000)")
                #expect(try db.tableExists("probe_runs") && !db.tableExists("notifications"))
            }
        }
        let store = try SQLiteStore(directory: directory)
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fresh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        let expected = try await SQLiteStore(directory: fresh).pool.read(SchemaTests.describe)
        #expect(try await store.pool.read(SchemaTests.describe) == expected)
        #expect(try await store.loadBuckets(since: 29_000_000, only: nil)["api"]?.first?.counts.valid == 10)
        // A change from before v11 has no kind: it reads as the deploy it was.
        let change = try #require(try await store.changes(service: "web", before: nil, limit: 1).first)
        #expect(change.kind == .deploy && change.stage == nil && change.version == "1.2")
    }
}

private typealias Column = StoreTable.Column
private typealias Index = StoreTable.Index
