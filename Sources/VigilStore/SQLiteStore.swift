import Foundation
import GRDB
import VigilCore

/// The embedded store: one SQLite file in WAL mode through GRDB's `DatabasePool`
/// (concurrent reads, one writer), `synchronous = FULL` so a committed transaction
/// survives power loss as well as `kill -9`.
public final class SQLiteStore: SignalStore {
    let pool: DatabasePool

    /// Opens (creating if needed) `vigil.sqlite` in `directory` and migrates it.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: (directory as NSString).appendingPathComponent("vigil.sqlite"), configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// A write transaction; a database that cannot take it (disk full, read-only, locked
    /// past the busy timeout, an I/O error) throws ``StoreError/unavailable(_:)``, which
    /// the server answers with 503 and `Retry-After`. SQLite rolls the transaction back:
    /// nothing of it is stored.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(updates) } catch let error as DatabaseError { throw Self.unavailable(error) ?? error }
    }

    /// A read; see ``write(_:)`` for the errors that mean the database is unavailable.
    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(value) } catch let error as DatabaseError { throw Self.unavailable(error) ?? error }
    }

    /// The error, as ``StoreError/unavailable(_:)``, where it says the database cannot
    /// work now rather than that the statement is wrong.
    static func unavailable(_ error: DatabaseError) -> StoreError? {
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_CANTOPEN, .SQLITE_PERM:
            .unavailable("SQLite: \(error.message ?? "\(error.resultCode)")")
        default:
            nil
        }
    }

    /// Caps the database at `pages` pages (`nil`: SQLite's default), as a full disk would:
    /// a write needing more fails with `SQLITE_FULL`. The tests make a store full with it.
    func limitPages(to pages: Int?) async throws {
        // SQLite keeps the limit at the database's size at least; 4294967294 is its most.
        try await pool.write { db in try db.execute(sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)") }
    }

    /// Makes the database refuse every write with `SQLITE_READONLY` (`PRAGMA query_only`),
    /// as a file made read-only under a running server does; the tests use it.
    func refuseWrites(_ refuse: Bool) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = \(refuse ? "ON" : "OFF")") }
    }

    /// The pages the database holds now.
    func pageCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    /// Versioned migrations, one per ``StoreSchema/versions`` entry, generated from the
    /// table declarations; a released migration is never edited, only followed.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for version in StoreSchema.versions {
            let statements = StoreSchema.statements(for: version, in: .sqlite)
            migrator.registerMigration(version.name) { db in
                for statement in statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    public func commit(_ batches: [IngestBatch], receivedAt: Date) async throws -> [CommitOutcome] {
        try await write { db in
            var outcomes: [CommitOutcome] = []
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO minute_buckets (sli, minute, good, valid) VALUES (?, ?, ?, ?)
                    ON CONFLICT (sli, minute) DO UPDATE SET good = good + excluded.good, valid = valid + excluded.valid
                    """)
            let claimKey = try db.cachedStatement(
                sql: "INSERT INTO idempotency_keys (key, received_at, events, fingerprint) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
            let claimed = try db.cachedStatement(sql: "SELECT fingerprint FROM idempotency_keys WHERE key = ?")
            let readDigest = try db.cachedStatement(sql: "SELECT digest FROM latency_digests WHERE sli = ? AND minute = ?")
            let writeDigest = try db.cachedStatement(sql: "INSERT OR REPLACE INTO latency_digests (sli, minute, digest) VALUES (?, ?, ?)")
            for batch in batches {
                if let key = batch.idempotencyKey {
                    try claimKey.execute(arguments: [key, receivedAt.timeIntervalSince1970, batch.eventCount, batch.fingerprint])
                    if db.changesCount == 0 {
                        outcomes.append(.of(batch, claimedWith: try String.fetchOne(claimed, arguments: [key])))
                        continue
                    }
                }
                for delta in batch.deltas {
                    try upsert.execute(arguments: [delta.sli, delta.minute, delta.counts.good, delta.counts.valid])
                    guard var latencies = delta.latencies else { continue }
                    if let stored = try Data.fetchOne(readDigest, arguments: [delta.sli, delta.minute]) {
                        try latencies.merge(StoredValue.digest(stored))
                    }
                    try writeDigest.execute(arguments: [delta.sli, delta.minute, Data(latencies.encoded())])
                }
                outcomes.append(.stored)
            }
            return outcomes
        }
    }

    public func checkWrites(at time: Date) async throws {
        // Room for the reserve is taken and given back in two transactions, each durable.
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO write_checks (id, checked_at, reserve) VALUES (1, ?1, zeroblob(?2))
                    ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at, reserve = excluded.reserve
                    """, arguments: [time.timeIntervalSince1970, StoreTable.writeCheckReserve])
        }
        try await write { db in try db.execute(sql: "UPDATE write_checks SET reserve = NULL") }
    }

    public func loadBuckets(since minute: EpochMinute, only series: Set<String>?) async throws -> [String: [MinuteCounts]] {
        try await read { db in
            var result: [String: [MinuteCounts]] = [:]
            // Hours first: a series' roll-ups are older than its minutes.
            for sql in [
                "SELECT sli, hour, good, valid FROM hour_buckets WHERE hour > ? - 60 ORDER BY sli, hour",
                "SELECT sli, minute, good, valid FROM minute_buckets WHERE minute >= ? ORDER BY sli, minute",
            ] {
                let rows = try Row.fetchCursor(db, sql: sql, arguments: [minute])
                while let row = try rows.next() {
                    let key: String = row[0]
                    if let series, !series.contains(key) { continue }
                    result[key, default: []].append(MinuteCounts(minute: row[1], counts: EventCounts(good: row[2], valid: row[3])))
                }
            }
            return result
        }
    }

    public func applyRetention(minutesBefore: EpochMinute, hoursBefore: EpochMinute, keysBefore: Date) async throws -> RetentionResult {
        let cutoffs = StoreSchema.RetentionCutoffs(minutesBefore: minutesBefore, hoursBefore: hoursBefore, keysBefore: keysBefore)
        return try await write { db in
            var deleted: [String: Int] = [:]
            for step in StoreSchema.retentionSteps {
                let cutoff: any DatabaseValueConvertible =
                    switch cutoffs.value(step.cutoff) {
                    case .minute(let minute): minute
                    case .seconds(let seconds): seconds
                    }
                try db.execute(sql: step.sql, arguments: [cutoff])
                if let table = step.table { deleted[table] = db.changesCount }
            }
            return cutoffs.result(deleted: deleted)
        }
    }

    public func seriesKeys(prefix: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sli FROM minute_buckets WHERE sli >= ? AND sli < ?", arguments: [prefix, prefix + "\u{10FFFF}"])
        }
    }

    public func latencies(series: String, from: EpochMinute, to: EpochMinute) async throws -> [EpochMinute: LatencyDigest] {
        try await read { db in
            var result: [EpochMinute: LatencyDigest] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT minute, digest FROM latency_digests WHERE sli = ? AND minute >= ? AND minute < ?", arguments: [series, from, to])
            while let row = try rows.next() { result[row[0]] = try StoredValue.digest(row[1]) }
            return result
        }
    }

    public func judgedThresholds() async throws -> [String: Duration] {
        try await read { db in
            var result: [String: Duration] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sli, threshold_us FROM judged_thresholds") {
                result[row[0]] = .microseconds(row[1] as Int64)
            }
            return result
        }
    }

    public func rejudge(sli: String, series: [String], threshold: Duration) async throws -> Int {
        try await write { db in
            var updated = 0
            let update = try db.cachedStatement(sql: "UPDATE minute_buckets SET good = ? WHERE sli = ? AND minute = ?")
            for key in series {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.minute, d.digest, b.valid FROM latency_digests d
                        JOIN minute_buckets b ON b.sli = d.sli AND b.minute = d.minute WHERE d.sli = ?
                        """, arguments: [key])
                for row in rows {
                    let digest = try StoredValue.digest(row[1])
                    // Only minutes whose every event has its latency kept can be judged
                    // again; pre-judged good/total counts keep their verdict.
                    guard digest.total == row[2] as Int64 else { continue }
                    try update.execute(arguments: [digest.counts(threshold: threshold).good, key, row[0] as Int64])
                    updated += 1
                }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO judged_thresholds (sli, threshold_us) VALUES (?, ?)",
                arguments: [sli, threshold.components.seconds * 1_000_000 + threshold.components.attoseconds / 1_000_000_000_000])
            return updated
        }
    }

    public func addChange(_ change: ChangeRecord) async throws -> ChangeRecord {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO changes (service, version, time, author, link, description, kind, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    change.service, change.version, change.time.timeIntervalSince1970, change.author, change.link, change.description, change.kind.rawValue,
                    change.stage,
                ])
            var stored = change
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func changes(service: String?, before: Int64?, limit: Int) async throws -> [ChangeRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ChangeRecord.storeColumns) FROM changes
                    WHERE (?1 IS NULL OR service = ?1) AND (?2 IS NULL OR id < ?2)
                    ORDER BY id DESC LIMIT ?3
                    """, arguments: [service, before, limit]
            ).map(ChangeRecord.init(storeRow:))
        }
    }

    public func recordTransitions(_ transitions: [AlertTransition]) async throws {
        guard !transitions.isEmpty else { return }
        try await write { db in
            for transition in transitions {
                try db.execute(
                    sql: "INSERT INTO alert_transitions (slo, tier, state, at, active_since) VALUES (?, ?, ?, ?, ?)",
                    arguments: [transition.key.slo, transition.key.tier, transition.state.rawValue, transition.at, transition.activeSince])
            }
        }
    }

    public func transitions(slo: String?, before: Int64?, limit: Int) async throws -> [AlertTransition] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(AlertTransition.storeColumns) FROM alert_transitions
                    WHERE (?1 IS NULL OR slo = ?1) AND (?2 IS NULL OR id < ?2)
                    ORDER BY id DESC LIMIT ?3
                    """, arguments: [slo, before, limit]
            ).map(AlertTransition.init(storeRow:))
        }
    }

    public func latestAlertStates() async throws -> [AlertKey: AlertStatus] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(AlertTransition.storeColumns) FROM alert_transitions
                    WHERE id IN (SELECT MAX(id) FROM alert_transitions GROUP BY slo, tier)
                    """)
            var result: [AlertKey: AlertStatus] = [:]
            for transition in try rows.map(AlertTransition.init(storeRow:)) {
                result[transition.key] = AlertStatus(state: transition.state, since: transition.at, activeSince: transition.activeSince)
            }
            return result
        }
    }

    public func recordEvaluations(_ evaluations: [EvaluationRecord]) async throws {
        guard !evaluations.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO slo_evaluations (instance, hour, minute, objective, good, valid, sli, budget_remaining, burn_rate, output)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for record in evaluations {
                try insert.execute(arguments: [
                    record.instance, record.minute - record.minute % 60, record.minute, record.objective, record.counts.good, record.counts.valid,
                    record.sli, record.budgetRemaining, record.burnRate, record.output,
                ])
            }
        }
    }

    public func evaluations(instance: String, before: EpochMinute?, limit: Int) async throws -> [EvaluationRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(EvaluationRecord.storeColumns) FROM slo_evaluations
                    WHERE instance = ?1 AND (?2 IS NULL OR hour < ?2) ORDER BY hour DESC LIMIT ?3
                    """, arguments: [instance, before, limit]
            ).map(EvaluationRecord.init(storeRow:))
        }
    }

    public func recordProbeRuns(_ runs: [ProbeRunRecord]) async throws {
        guard !runs.isEmpty else { return }
        let encoder = JSONEncoder()
        let rows = try runs.map { ($0, String(decoding: try encoder.encode($0.conditions), as: UTF8.self)) }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO probe_runs (probe, started_at, success, missed, response_time_ms, status, conditions, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (run, conditions) in rows {
                let milliseconds = run.responseTime?.inMilliseconds
                try insert.execute(arguments: [
                    run.probe, run.startedAt.timeIntervalSince1970, run.success, run.missed, milliseconds, run.status, conditions, run.error,
                ])
            }
        }
    }

    public func probeRuns(probe: String, before: Int64?, limit: Int) async throws -> [ProbeRunRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(ProbeRunRecord.storeColumns) FROM probe_runs
                    WHERE probe = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3
                    """, arguments: [probe, before, limit]
            ).map(ProbeRunRecord.init(storeRow:))
        }
    }

    public func integrityCheck() async throws -> String {
        try await read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }
}
