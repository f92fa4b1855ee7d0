import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// Backups through SQLite's online backup API: consistent while a writer keeps going,
/// checked before they are trusted, restored only where no server runs.
@Suite struct SQLiteBackupTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func batch(_ minute: EpochMinute) -> IngestBatch {
        IngestBatch(idempotencyKey: nil, deltas: [MinuteDelta(sli: "requests", minute: minute, counts: EventCounts(good: 99, valid: 100))], eventCount: 100)
    }

    static func total(_ store: SQLiteStore) async throws -> Int64 {
        try await store.loadBuckets(since: 0, only: ["requests"])["requests", default: []].reduce(0) { $0 + $1.counts.valid }
    }

    @Test func aBackupTakenWhileWritingRestoresWhole() async throws {
        let live = try Self.directory()
        let restored = try Self.directory()
        let file = try Self.directory() + "/backup.sqlite"
        let store = try SQLiteStore(directory: live)
        for minute in 0..<200 { _ = try await store.commit([Self.batch(29_000_000 + Int64(minute))], receivedAt: Date()) }
        _ = try await store.addChange(ChangeRecord(service: "api", version: "v1", time: Date(), author: nil, link: nil, description: "deploy"))
        // a writer keeps committing while the backup runs
        let writer = Task {
            for minute in 200..<600 { _ = try await store.commit([Self.batch(29_000_000 + Int64(minute))], receivedAt: Date()) }
        }
        let report = try SQLiteBackup.backup(dataDirectory: live, to: file)
        try await writer.value
        let copied = try #require(report.rows.first { $0.table == "minute_buckets" }?.count)
        #expect(copied >= 200 && copied <= 600, "a snapshot between the two writers' states")
        #expect(report.rows.first { $0.table == "changes" }?.count == 1)
        #expect(report.migrations.last == SQLiteStore.migrator.migrations.last)

        let back = try SQLiteBackup.restore(from: file, dataDirectory: restored)
        #expect(back.rows.first { $0.table == "minute_buckets" }?.count == copied)
        let reopened = try SQLiteStore(directory: restored)
        #expect(try await Self.total(reopened) == Int64(copied) * 100)
        #expect(try await reopened.integrityCheck() == "ok")
        #expect(try await reopened.changes(service: nil, before: nil, limit: 10).map(\.description) == ["deploy"])
    }

    @Test func restoringKeepsTheReplacedStoreAndNeedsTheLock() async throws {
        let live = try Self.directory()
        let file = try Self.directory() + "/backup.sqlite"
        do {
            let store = try SQLiteStore(directory: live)
            _ = try await store.commit([Self.batch(29_000_000)], receivedAt: Date())
        }
        _ = try SQLiteBackup.backup(dataDirectory: live, to: file)
        #expect(throws: StoreError.exists(file)) { try SQLiteBackup.backup(dataDirectory: live, to: file) }
        #expect(try SQLiteBackup.backup(dataDirectory: live, to: file, force: true).rows.first { $0.table == "minute_buckets" }?.count == 1)

        let lock = try DataDirectoryLock(directory: live)
        #expect(throws: StoreError.dataDirectoryInUse(live)) { try SQLiteBackup.restore(from: file, dataDirectory: live) }
        #expect(throws: StoreError.dataDirectoryInUse(live)) { try DataDirectoryLock(directory: live) }
        lock.release()

        _ = try SQLiteBackup.restore(from: file, dataDirectory: live, now: Date(timeIntervalSince1970: 1_795_000_000))
        let kept = try FileManager.default.contentsOfDirectory(atPath: live).filter { $0.hasPrefix("vigil.sqlite.before-restore-") }
        #expect(kept.count == 1)
        #expect(try SQLiteBackup.verify("\(live)/\(kept[0])").rows.first { $0.table == "minute_buckets" }?.count == 1)
    }

    @Test func whatIsNotAnIntactVigilStoreIsRefused() throws {
        let folder = try Self.directory()
        let garbage = folder + "/garbage.sqlite"
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: StoreError.self) { try SQLiteBackup.verify(garbage) }

        let foreign = folder + "/foreign.sqlite"
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        do {
            _ = try SQLiteBackup.verify(foreign)
            Issue.record("a foreign database was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("not a Vigil database"))
        }

        let newer = folder + "/newer"
        do { _ = try SQLiteStore(directory: newer) }
        try DatabaseQueue(path: newer + "/vigil.sqlite").write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        #expect(throws: StoreError.newerSchema(newer + "/vigil.sqlite", ["v99: from the future"])) { try SQLiteBackup.verify(newer + "/vigil.sqlite") }
        let untouched = try Self.directory()
        #expect(throws: StoreError.self) { try SQLiteBackup.restore(from: garbage, dataDirectory: untouched) }
        #expect(!FileManager.default.fileExists(atPath: untouched + "/vigil.sqlite"), "a refused restore changes nothing")
    }
}
