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

    /// Versioned migrations; a released migration is never edited, only followed.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE minute_buckets (
                        sli TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        good INTEGER NOT NULL,
                        valid INTEGER NOT NULL,
                        PRIMARY KEY (sli, minute)
                    ) WITHOUT ROWID;
                    CREATE INDEX minute_buckets_by_minute ON minute_buckets (minute);
                    CREATE TABLE idempotency_keys (
                        key TEXT PRIMARY KEY NOT NULL,
                        received_at REAL NOT NULL,
                        events INTEGER NOT NULL
                    );
                    CREATE TABLE changes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        service TEXT NOT NULL,
                        version TEXT,
                        time REAL NOT NULL,
                        author TEXT,
                        link TEXT,
                        description TEXT
                    );
                    CREATE INDEX changes_by_service ON changes (service, id);
                    CREATE TABLE alert_transitions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        slo TEXT NOT NULL,
                        tier TEXT NOT NULL,
                        state TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        active_since INTEGER
                    );
                    CREATE INDEX alert_transitions_by_slo ON alert_transitions (slo, id);
                    """)
        }
        migrator.registerMigration("v2: hourly roll-ups, latency digests, judged thresholds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hour_buckets (
                        sli TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        good INTEGER NOT NULL,
                        valid INTEGER NOT NULL,
                        PRIMARY KEY (sli, hour)
                    ) WITHOUT ROWID;
                    CREATE INDEX hour_buckets_by_hour ON hour_buckets (hour);
                    CREATE TABLE latency_digests (
                        sli TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        digest BLOB NOT NULL,
                        PRIMARY KEY (sli, minute)
                    ) WITHOUT ROWID;
                    CREATE INDEX latency_digests_by_minute ON latency_digests (minute);
                    CREATE TABLE judged_thresholds (
                        sli TEXT PRIMARY KEY NOT NULL,
                        threshold_us INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3: SLO evaluation snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE slo_evaluations (
                        instance TEXT NOT NULL,
                        hour INTEGER NOT NULL,
                        minute INTEGER NOT NULL,
                        objective REAL NOT NULL,
                        good INTEGER NOT NULL,
                        valid INTEGER NOT NULL,
                        sli REAL,
                        budget_remaining REAL,
                        burn_rate REAL,
                        output TEXT NOT NULL,
                        PRIMARY KEY (instance, hour)
                    ) WITHOUT ROWID;
                    CREATE INDEX slo_evaluations_by_hour ON slo_evaluations (hour);
                    """)
        }
        migrator.registerMigration("v4: probe runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE probe_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        probe TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        success INTEGER NOT NULL,
                        missed INTEGER NOT NULL,
                        response_time_ms REAL,
                        status INTEGER,
                        conditions TEXT NOT NULL,
                        error TEXT
                    );
                    CREATE INDEX probe_runs_by_probe ON probe_runs (probe, id);
                    CREATE INDEX probe_runs_by_time ON probe_runs (started_at);
                    """)
        }
        migrator.registerMigration("v5: notifications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE notifier_state (id INTEGER PRIMARY KEY CHECK (id = 1), state BLOB NOT NULL);
                    CREATE TABLE notifications (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        idempotency_key TEXT NOT NULL UNIQUE,
                        receiver TEXT NOT NULL,
                        body BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        next_attempt_at REAL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        delivered_at REAL,
                        gave_up_at REAL,
                        last_error TEXT
                    );
                    CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
                    CREATE TABLE delivery_attempts (
                        notification INTEGER NOT NULL REFERENCES notifications (id),
                        at REAL NOT NULL,
                        success INTEGER NOT NULL,
                        status INTEGER,
                        error TEXT,
                        duration_ms REAL NOT NULL
                    );
                    CREATE INDEX delivery_attempts_by_notification ON delivery_attempts (notification);
                    CREATE TABLE silences (
                        id TEXT PRIMARY KEY,
                        matchers TEXT NOT NULL,
                        starts_at REAL NOT NULL,
                        ends_at REAL NOT NULL,
                        created_by TEXT NOT NULL,
                        comment TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE acknowledgements (
                        fingerprint TEXT PRIMARY KEY,
                        by TEXT NOT NULL,
                        at REAL NOT NULL,
                        comment TEXT
                    );
                    CREATE TABLE alert_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        fingerprint TEXT NOT NULL,
                        labels TEXT NOT NULL,
                        firing INTEGER NOT NULL,
                        at REAL NOT NULL
                    );
                    CREATE INDEX alert_events_by_time ON alert_events (at);
                    """)
        }
        migrator.registerMigration("v6: acknowledgement history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE acknowledgement_log (fingerprint TEXT NOT NULL, by TEXT NOT NULL, at REAL NOT NULL, comment TEXT);
                    CREATE INDEX acknowledgement_log_by_time ON acknowledgement_log (at);
                    """)
        }
        migrator.registerMigration("v7: incidents, postmortems, action items, toil") { db in
            try db.execute(
                sql: """
                    CREATE TABLE incidents (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        status TEXT NOT NULL,
                        start REAL NOT NULL,
                        alert_group TEXT,
                        created_at REAL NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX incidents_by_start ON incidents (start);
                    CREATE INDEX incidents_by_group ON incidents (alert_group) WHERE alert_group IS NOT NULL;
                    CREATE TABLE incident_timeline (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        incident INTEGER NOT NULL REFERENCES incidents (id),
                        at REAL NOT NULL,
                        kind TEXT NOT NULL,
                        author TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident, id);
                    CREATE TABLE incident_updates (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        incident INTEGER NOT NULL REFERENCES incidents (id),
                        at REAL NOT NULL,
                        status TEXT NOT NULL,
                        text TEXT NOT NULL,
                        author TEXT NOT NULL
                    );
                    CREATE INDEX incident_updates_by_incident ON incident_updates (incident, id);
                    CREATE TABLE postmortems (incident INTEGER PRIMARY KEY REFERENCES incidents (id), body TEXT NOT NULL);
                    CREATE TABLE action_items (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        incident INTEGER NOT NULL REFERENCES incidents (id),
                        body TEXT NOT NULL
                    );
                    CREATE INDEX action_items_by_incident ON action_items (incident);
                    CREATE TABLE toil (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        team TEXT NOT NULL,
                        minutes INTEGER NOT NULL,
                        category TEXT NOT NULL,
                        note TEXT,
                        automatable INTEGER NOT NULL,
                        at REAL NOT NULL,
                        author TEXT NOT NULL
                    );
                    CREATE INDEX toil_by_time ON toil (at);
                    """)
        }
        migrator.registerMigration("v8: satisfaction scores, maintenance windows") { db in
            try db.execute(
                sql: """
                    CREATE TABLE satisfaction (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        service TEXT NOT NULL,
                        score REAL NOT NULL,
                        at REAL NOT NULL,
                        note TEXT,
                        author TEXT NOT NULL
                    );
                    CREATE INDEX satisfaction_by_service ON satisfaction (service, at);
                    CREATE TABLE maintenance_windows (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        service TEXT NOT NULL,
                        starts_at REAL NOT NULL,
                        ends_at REAL NOT NULL,
                        reason TEXT NOT NULL,
                        created_by TEXT NOT NULL
                    );
                    CREATE INDEX maintenance_windows_by_end ON maintenance_windows (ends_at);
                    """)
        }
        migrator.registerMigration("v9: load runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE load_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        service TEXT,
                        started_at REAL NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX load_runs_by_service ON load_runs (service, id);
                    """)
        }
        return migrator
    }

    public func commit(_ batches: [IngestBatch], receivedAt: Date) async throws -> [Bool] {
        try await pool.write { db in
            var duplicates: [Bool] = []
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO minute_buckets (sli, minute, good, valid) VALUES (?, ?, ?, ?)
                    ON CONFLICT (sli, minute) DO UPDATE SET good = good + excluded.good, valid = valid + excluded.valid
                    """)
            let claimKey = try db.cachedStatement(sql: "INSERT OR IGNORE INTO idempotency_keys (key, received_at, events) VALUES (?, ?, ?)")
            let readDigest = try db.cachedStatement(sql: "SELECT digest FROM latency_digests WHERE sli = ? AND minute = ?")
            let writeDigest = try db.cachedStatement(sql: "INSERT OR REPLACE INTO latency_digests (sli, minute, digest) VALUES (?, ?, ?)")
            for batch in batches {
                if let key = batch.idempotencyKey {
                    try claimKey.execute(arguments: [key, receivedAt.timeIntervalSince1970, batch.eventCount])
                    if db.changesCount == 0 {
                        duplicates.append(true)
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
                duplicates.append(false)
            }
            return duplicates
        }
    }

    public func loadBuckets(since minute: EpochMinute, only series: Set<String>?) async throws -> [String: [MinuteCounts]] {
        try await pool.read { db in
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
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO hour_buckets (sli, hour, good, valid)
                    SELECT sli, minute - (minute % 60), SUM(good), SUM(valid) FROM minute_buckets WHERE minute < ?
                    GROUP BY sli, minute - (minute % 60)
                    ON CONFLICT (sli, hour) DO UPDATE SET good = good + excluded.good, valid = valid + excluded.valid
                    """, arguments: [minutesBefore])
            try db.execute(sql: "DELETE FROM minute_buckets WHERE minute < ?", arguments: [minutesBefore])
            let rolledUp = db.changesCount
            try db.execute(sql: "DELETE FROM latency_digests WHERE minute < ?", arguments: [minutesBefore])
            try db.execute(sql: "DELETE FROM hour_buckets WHERE hour < ?", arguments: [hoursBefore])
            let hoursDropped = db.changesCount
            try db.execute(sql: "DELETE FROM slo_evaluations WHERE hour < ?", arguments: [hoursBefore])
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE received_at < ?", arguments: [keysBefore.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM probe_runs WHERE started_at < ?", arguments: [keysBefore.timeIntervalSince1970])
            // The alerting history ages out with the hourly roll-ups (400 days by default);
            // a notification still being delivered stays whatever its age.
            let historyBefore = Double(hoursBefore * 60)
            let finished = "created_at < ? AND (delivered_at IS NOT NULL OR gave_up_at IS NOT NULL)"
            try db.execute(
                sql: "DELETE FROM delivery_attempts WHERE notification IN (SELECT id FROM notifications WHERE \(finished))", arguments: [historyBefore])
            try db.execute(sql: "DELETE FROM notifications WHERE \(finished)", arguments: [historyBefore])
            try db.execute(sql: "DELETE FROM alert_events WHERE at < ?", arguments: [historyBefore])
            try db.execute(sql: "DELETE FROM acknowledgement_log WHERE at < ?", arguments: [historyBefore])
            return RetentionResult(minutesRolledUp: rolledUp, hoursDropped: hoursDropped)
        }
    }

    public func seriesKeys(prefix: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sli FROM minute_buckets WHERE sli >= ? AND sli < ?", arguments: [prefix, prefix + "\u{10FFFF}"])
        }
    }

    public func latencies(series: String, from: EpochMinute, to: EpochMinute) async throws -> [EpochMinute: LatencyDigest] {
        try await pool.read { db in
            var result: [EpochMinute: LatencyDigest] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT minute, digest FROM latency_digests WHERE sli = ? AND minute >= ? AND minute < ?", arguments: [series, from, to])
            while let row = try rows.next() { result[row[0]] = try StoredValue.digest(row[1]) }
            return result
        }
    }

    public func judgedThresholds() async throws -> [String: Duration] {
        try await pool.read { db in
            var result: [String: Duration] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sli, threshold_us FROM judged_thresholds") {
                result[row[0]] = .microseconds(row[1] as Int64)
            }
            return result
        }
    }

    public func rejudge(sli: String, series: [String], threshold: Duration) async throws -> Int {
        try await pool.write { db in
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
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO changes (service, version, time, author, link, description) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [change.service, change.version, change.time.timeIntervalSince1970, change.author, change.link, change.description])
            var stored = change
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func changes(service: String?, before: Int64?, limit: Int) async throws -> [ChangeRecord] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, service, version, time, author, link, description FROM changes
                    WHERE (?1 IS NULL OR service = ?1) AND (?2 IS NULL OR id < ?2)
                    ORDER BY id DESC LIMIT ?3
                    """, arguments: [service, before, limit])
            return rows.map { row in
                ChangeRecord(
                    id: row[0], service: row[1], version: row[2], time: Date(timeIntervalSince1970: row[3]), author: row[4], link: row[5], description: row[6])
            }
        }
    }

    public func recordTransitions(_ transitions: [AlertTransition]) async throws {
        guard !transitions.isEmpty else { return }
        try await pool.write { db in
            for transition in transitions {
                try db.execute(
                    sql: "INSERT INTO alert_transitions (slo, tier, state, at, active_since) VALUES (?, ?, ?, ?, ?)",
                    arguments: [transition.key.slo, transition.key.tier, transition.state.rawValue, transition.at, transition.activeSince])
            }
        }
    }

    public func transitions(slo: String?, before: Int64?, limit: Int) async throws -> [AlertTransition] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, slo, tier, state, at, active_since FROM alert_transitions
                    WHERE (?1 IS NULL OR slo = ?1) AND (?2 IS NULL OR id < ?2)
                    ORDER BY id DESC LIMIT ?3
                    """, arguments: [slo, before, limit]
            ).map { try Self.transition($0) }
        }
    }

    public func latestAlertStates() async throws -> [AlertKey: AlertStatus] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.slo, t.tier, t.state, t.at, t.active_since FROM alert_transitions t
                    JOIN (SELECT MAX(id) AS id FROM alert_transitions GROUP BY slo, tier) latest ON latest.id = t.id
                    """)
            var result: [AlertKey: AlertStatus] = [:]
            for transition in try rows.map({ try Self.transition($0) }) {
                result[transition.key] = AlertStatus(state: transition.state, since: transition.at, activeSince: transition.activeSince)
            }
            return result
        }
    }

    public func recordEvaluations(_ evaluations: [EvaluationRecord]) async throws {
        guard !evaluations.isEmpty else { return }
        try await pool.write { db in
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
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT instance, minute, good, valid, sli, budget_remaining, burn_rate, output, objective FROM slo_evaluations
                    WHERE instance = ?1 AND (?2 IS NULL OR hour < ?2) ORDER BY hour DESC LIMIT ?3
                    """, arguments: [instance, before, limit]
            ).map { row in
                EvaluationRecord(
                    instance: row[0], minute: row[1], counts: EventCounts(good: row[2], valid: row[3]),
                    sli: row[4], budgetRemaining: row[5], burnRate: row[6], output: row[7], objective: row[8])
            }
        }
    }

    public func recordProbeRuns(_ runs: [ProbeRunRecord]) async throws {
        guard !runs.isEmpty else { return }
        let encoder = JSONEncoder()
        let rows = try runs.map { ($0, String(decoding: try encoder.encode($0.conditions), as: UTF8.self)) }
        try await pool.write { db in
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
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, probe, started_at, success, missed, response_time_ms, status, conditions, error FROM probe_runs
                    WHERE probe = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3
                    """, arguments: [probe, before, limit])
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let milliseconds: Double? = row[5]
            let conditions: String = row[7]
            guard let outcomes = try? decoder.decode([ProbeRunRecord.ConditionOutcome].self, from: Data(conditions.utf8)) else {
                throw StoreError.corrupt("probe run")
            }
            return ProbeRunRecord(
                id: row[0], probe: row[1], startedAt: Date(timeIntervalSince1970: row[2]), success: row[3], missed: row[4],
                responseTime: milliseconds.map { .microseconds(Int64(($0 * 1000).rounded())) }, status: row[6],
                conditions: outcomes, error: row[8])
        }
    }

    public func integrityCheck() async throws -> String {
        try await pool.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// A stored state this Vigil does not know is a corrupt row, as other unreadable
    /// rows are, never quietly `inactive`.
    private static func transition(_ row: Row) throws -> AlertTransition {
        guard let state = AlertState(rawValue: row[3]) else { throw StoreError.corrupt("alert transition \(row[0] as Int64): state '\(row[3] as String)'") }
        return AlertTransition(id: row[0], key: AlertKey(slo: row[1], tier: row[2]), state: state, at: row[4], activeSince: row[5])
    }
}
