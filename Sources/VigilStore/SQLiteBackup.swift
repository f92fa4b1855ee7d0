import Foundation
import GRDB

/// Backups of the SQLite store through SQLite's online backup API: a consistent copy
/// taken while `vigil serve` keeps writing (WAL readers do not block the writer), checked
/// before it is trusted, and restored only into a data directory no server is using.
public enum SQLiteBackup {
    /// What a backup or restore copied.
    public struct Report: Sendable, CustomStringConvertible {
        public let path: String
        public let bytes: Int64
        /// The migrations the copy has, newest last.
        public let migrations: [String]
        /// Rows in the tables people care about (events' minutes, incidents, …).
        public let rows: [(table: String, count: Int)]

        public var description: String {
            let counts = rows.map { "\($0.count) \($0.table)" }.joined(separator: ", ")
            return "\(path): \(bytes) bytes, schema \(migrations.last ?? "empty"), \(counts)"
        }
    }

    static let countedTables = ["minute_buckets", "hour_buckets", "changes", "incidents", "postmortems", "probe_runs", "notifications"]

    /// Copies the store in `dataDirectory` to `file` (a new file unless `force`) and
    /// checks the copy.
    public static func backup(dataDirectory: String, to file: String, force: Bool = false) throws -> Report {
        let source = (dataDirectory as NSString).appendingPathComponent("vigil.sqlite")
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.cannotOpen(source, "no store in \(dataDirectory)") }
        if FileManager.default.fileExists(atPath: file) {
            guard force else { throw StoreError.exists(file) }
            try FileManager.default.removeItem(atPath: file)
        }
        let reader = try open(source, readOnly: true)
        try copy(from: reader, to: file)
        return try verify(file)
    }

    /// Replaces the store in `dataDirectory` with the backup at `file`, after checking the
    /// backup and taking the directory's lock (refused while a server runs). The store it
    /// replaces is kept beside it as `vigil.sqlite.before-restore-<time>`.
    public static func restore(from file: String, dataDirectory: String, now: Date = Date()) throws -> Report {
        _ = try verify(file)
        let lock = try DataDirectoryLock(directory: dataDirectory)
        defer { lock.release() }
        let target = (dataDirectory as NSString).appendingPathComponent("vigil.sqlite")
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try copy(from: try open(file, readOnly: true), to: staging)
        let manager = FileManager.default
        if manager.fileExists(atPath: target) {
            // Fold the old store's WAL into it first, so the file kept aside is whole.
            _ = try open(target, readOnly: false).writeWithoutTransaction { try $0.checkpoint(.truncate) }
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            try manager.moveItem(atPath: target, toPath: "\(target).before-restore-\(stamp)")
        }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target + suffix) }
        try manager.moveItem(atPath: staging, toPath: target)
        return try verify(target)
    }

    /// Checks that `file` is an intact Vigil store this version can open.
    public static func verify(_ file: String) throws -> Report {
        let reader = try open(file, readOnly: true)
        return try reader.read { db in
            let report: String
            do { report = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") } catch {
                throw StoreError.notAVigilDatabase(file, "\(error)")
            }
            guard report == "ok" else { throw StoreError.damaged(file, report) }
            guard try db.tableExists("grdb_migrations") else { throw StoreError.notAVigilDatabase(file, "it has no migration table") }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = SQLiteStore.migrator.migrations
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError.newerSchema(file, unknown) }
            guard applied.contains(known[0]) else { throw StoreError.notAVigilDatabase(file, "its migrations are not Vigil's") }
            var rows: [(String, Int)] = []
            for table in countedTables where try db.tableExists(table) {
                rows.append((table, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0))
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return Report(path: file, bytes: bytes, migrations: known.filter(applied.contains), rows: rows)
        }
    }

    static func open(_ path: String, readOnly: Bool) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw StoreError.cannotOpen(path, "\(error)")
        }
    }

    /// One `sqlite3_backup` pass: a consistent snapshot of the source, synced to disk.
    static func copy(from source: DatabaseQueue, to file: String) throws {
        let destination = try DatabaseQueue(path: file)
        do {
            try source.backup(to: destination)
            try destination.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
        } catch {
            try? destination.close()
            try? FileManager.default.removeItem(atPath: file)
            throw StoreError.cannotOpen(file, "\(error)")
        }
    }
}
