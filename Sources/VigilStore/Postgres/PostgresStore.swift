import Foundation
import Logging
import NIOCore
import PostgresNIO
import VigilCore

/// The shared store for several Vigil replicas: PostgreSQL through postgres-nio's
/// connection pool. The same protocols as ``SQLiteStore``, the same tables; times are
/// epoch seconds (`double precision`) and minutes integers, as there, so `vigil migrate`
/// copies rows without converting them.
///
/// Every write is one transaction, committed (and so durable, with PostgreSQL's default
/// `synchronous_commit`) before the call returns. Read-modify-write changes lock the row
/// they read (`FOR UPDATE`), so two replicas changing one incident serialise.
public final class PostgresStore: SignalStore, Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Where the store lives, without the password (for logs and messages).
    public let location: String
    let settings: PostgresURL

    /// Connects, migrates and returns the store. The pool runs until ``close()``.
    /// - Parameter url: `postgres://user:password@host:port/database` (`postgresql://` too);
    ///   `?sslmode=disable|prefer|require` (default `prefer`).
    public static func connect(url: String, logger: Logger) async throws -> PostgresStore {
        let settings = try PostgresURL(url)
        // One plain connection first: the pool retries a refused or failing connection
        // until its circuit breaker trips, which says nothing useful about why.
        do {
            var configuration = try settings.connectionConfiguration()
            configuration.options.connectTimeout = .seconds(5)
            var quiet = logger
            quiet.logLevel = .critical
            let probe = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: quiet)
            try await probe.close()
        } catch {
            throw StoreError.cannotOpen(settings.redacted, reason(error))
        }
        let store = PostgresStore(settings: settings, logger: logger)
        do {
            try await store.migrate()
        } catch let error as StoreError {
            store.close()
            throw error
        } catch {
            store.close()
            throw StoreError.cannotOpen(settings.redacted, PostgresStore.reason(error))
        }
        return store
    }

    /// What went wrong, in PostgreSQL's words where it gave some.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    private init(settings: PostgresURL, logger: Logger) {
        var configuration = settings.clientConfiguration
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        // The pool's own chatter (a lease asked for before its run loop is scheduled, idle
        // connections closing) is not the operator's business; failures reach the caller
        // as thrown errors.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        self.location = settings.redacted
        self.settings = settings
        self.runner = Task { await client.run() }
    }

    /// Closes the pool's connections.
    public func close() {
        runner.cancel()
    }

    deinit { runner.cancel() }

    // MARK: Queries

    /// All rows of one statement.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do { return try await client.query(query, logger: logger).collect() } catch let error as PSQLError { throw Self.unavailable(error) ?? error }
    }

    /// The error, as ``StoreError/unavailable(_:)``, where it says the database cannot
    /// work now (unreachable, out of disk or memory, read-only, shutting down) rather than
    /// that the statement is wrong: the server answers it with 503 and `Retry-After`.
    static func unavailable(_ error: PSQLError) -> StoreError? {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return .unavailable("PostgreSQL: the connection failed (\(error.code))")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "error \(state)"
            // 08: connection exception; 53: insufficient resources (53100 disk full);
            // 57P01–03: shutting down or starting; 25006: read-only transaction.
            guard state.hasPrefix("08") || state.hasPrefix("53") || ["57P01", "57P02", "57P03", "25006"].contains(state) else { return nil }
            return .unavailable("PostgreSQL: \(message) (\(state))")
        default:
            return nil
        }
    }

    /// The rows of one statement, each read by `record` (a record's `init(storeRow:)`).
    func records<Record>(_ query: PostgresQuery, _ record: (PostgresRandomAccessRow) throws -> Record) async throws -> [Record] {
        try await rows(query).map { try record($0.makeRandomAccess()) }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns,
    /// rolled back when it throws. The error it threw propagates unchanged, but for one
    /// that says the database cannot work now (``unavailable(_:)``).
    func transaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do { return try await runTransaction(body) } catch let error as PSQLError { throw Self.unavailable(error) ?? error }
    }

    private func runTransaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Bucket writes take revisions one transaction at a time (see ``bucketWriteLock``).
    /// Ingestion already commits in groups, so this costs one lock per group.
    func takeBucketWriteLock(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.bucketWriteLock))", logger: logger)
    }

    // MARK: Signals

    public func commit(_ batches: [IngestBatch], receivedAt: Date) async throws -> [CommitOutcome] {
        try await transaction { connection in
            try await self.takeBucketWriteLock(connection)
            var outcomes: [CommitOutcome] = []
            // The group's new counts summed per bucket, written with one statement: a
            // round trip per bucket made a 1,000-SLO batch a thousand of them.
            var sums: [BucketKey: EventCounts] = [:]
            var digests: [BucketKey: LatencyDigest] = [:]
            for batch in batches {
                if let key = batch.idempotencyKey {
                    // A key another transaction is inserting makes this one wait for it,
                    // so two replicas given the same batch count it once.
                    let claimed = try await connection.query(
                        """
                        INSERT INTO idempotency_keys (key, received_at, events, fingerprint)
                        VALUES (\(key), \(receivedAt.timeIntervalSince1970), \(Int64(batch.eventCount)), \(batch.fingerprint))
                        ON CONFLICT (key) DO NOTHING RETURNING key
                        """, logger: self.logger
                    ).collect()
                    if claimed.isEmpty {
                        let stored = try await connection.query("SELECT fingerprint FROM idempotency_keys WHERE key = \(key)", logger: self.logger)
                            .collect().first?.decode(String?.self)
                        outcomes.append(.of(batch, claimedWith: stored ?? nil))
                        continue
                    }
                }
                for delta in batch.deltas {
                    let key = BucketKey(sli: delta.sli, minute: delta.minute)
                    sums[key, default: .zero] += delta.counts
                    if let latencies = delta.latencies { digests[key, default: LatencyDigest()].merge(latencies) }
                }
                outcomes.append(.stored)
            }
            guard !sums.isEmpty else { return outcomes }
            let keys = sums.keys.sorted()
            let slis = keys.map(\.sli)
            let minutes = keys.map(\.minute)
            let good = keys.map { sums[$0]!.good }
            let valid = keys.map { sums[$0]!.valid }
            try await connection.query(
                """
                INSERT INTO minute_buckets (sli, minute, good, valid)
                SELECT * FROM unnest(\(slis)::text[], \(minutes)::bigint[], \(good)::bigint[], \(valid)::bigint[])
                ON CONFLICT (sli, minute) DO UPDATE SET good = minute_buckets.good + excluded.good,
                    valid = minute_buckets.valid + excluded.valid, revision = nextval('bucket_revision')
                """, logger: self.logger)
            for key in keys {
                guard var latencies = digests[key] else { continue }
                let stored = try await connection.query(
                    "SELECT digest FROM latency_digests WHERE sli = \(key.sli) AND minute = \(key.minute)", logger: self.logger
                ).collect()
                if let row = stored.first { try latencies.merge(StoredValue.digest(try row.decode(Data.self))) }
                let encoded = Data(latencies.encoded())
                try await connection.query(
                    """
                    INSERT INTO latency_digests (sli, minute, digest) VALUES (\(key.sli), \(key.minute), \(encoded))
                    ON CONFLICT (sli, minute) DO UPDATE SET digest = excluded.digest
                    """, logger: self.logger)
            }
            return outcomes
        }
    }

    /// One minute bucket of one series.
    struct BucketKey: Hashable, Comparable {
        let sli: String
        let minute: EpochMinute

        static func < (lhs: BucketKey, rhs: BucketKey) -> Bool { (lhs.sli, lhs.minute) < (rhs.sli, rhs.minute) }
    }

    public func checkWrites(at time: Date) async throws {
        // Random bytes: PostgreSQL would compress zeros to almost nothing.
        let reserve = Data((0..<StoreTable.writeCheckReserve).map { _ in UInt8.random(in: 0...255) })
        try await rows(
            """
            INSERT INTO write_checks (id, checked_at, reserve) VALUES (1, \(time.timeIntervalSince1970), \(reserve))
            ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at, reserve = excluded.reserve
            """)
        try await rows("UPDATE write_checks SET reserve = NULL")
    }

    public func loadBuckets(since minute: EpochMinute, only series: Set<String>?) async throws -> [String: [MinuteCounts]] {
        var result: [String: [MinuteCounts]] = [:]
        // Hours first: a series' roll-ups are older than its minutes.
        let hours = try await rows("SELECT sli, hour, good, valid FROM hour_buckets WHERE hour > \(minute) - 60 ORDER BY sli, hour")
        let minutes = try await rows("SELECT sli, minute, good, valid FROM minute_buckets WHERE minute >= \(minute) ORDER BY sli, minute")
        for row in hours + minutes {
            let (key, at, good, valid) = try row.decode((String, Int64, Int64, Int64).self)
            if let series, !series.contains(key) { continue }
            result[key, default: []].append(MinuteCounts(minute: at, counts: EventCounts(good: good, valid: valid)))
        }
        return result
    }

    public func applyRetention(minutesBefore: EpochMinute, hoursBefore: EpochMinute, keysBefore: Date) async throws -> RetentionResult {
        let cutoffs = StoreSchema.RetentionCutoffs(minutesBefore: minutesBefore, hoursBefore: hoursBefore, keysBefore: keysBefore)
        return try await transaction { connection in
            var deleted: [String: Int] = [:]
            for step in StoreSchema.retentionSteps {
                var binds = PostgresBindings(capacity: 1)
                switch cutoffs.value(step.cutoff) {
                case .minute(let minute): binds.append(minute)
                case .seconds(let seconds): binds.append(seconds)
                }
                let sql = step.sql.replacingOccurrences(of: "?", with: "$1")
                if let table = step.table {
                    deleted[table] = try await self.count(
                        PostgresQuery(unsafeSQL: "WITH gone AS (\(sql) RETURNING 1) SELECT COUNT(*) FROM gone", binds: binds), connection)
                } else {
                    try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger)
                }
            }
            return cutoffs.result(deleted: deleted)
        }
    }

    /// The one number a `SELECT COUNT(*)` answers.
    private func count(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> Int {
        Int(try await connection.query(query, logger: logger).collect().first?.decode(Int64.self) ?? 0)
    }

    public func seriesKeys(prefix: String) async throws -> [String] {
        let pattern =
            prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await rows("SELECT DISTINCT sli FROM minute_buckets WHERE sli LIKE \(pattern)").map { try $0.decode(String.self) }
    }

    public func latencies(series: String, from: EpochMinute, to: EpochMinute) async throws -> [EpochMinute: LatencyDigest] {
        var result: [EpochMinute: LatencyDigest] = [:]
        for row in try await rows("SELECT minute, digest FROM latency_digests WHERE sli = \(series) AND minute >= \(from) AND minute < \(to)") {
            let (minute, data) = try row.decode((Int64, Data).self)
            result[minute] = try StoredValue.digest(data)
        }
        return result
    }

    public func judgedThresholds() async throws -> [String: Duration] {
        var result: [String: Duration] = [:]
        for row in try await rows("SELECT sli, threshold_us FROM judged_thresholds") {
            let (sli, microseconds) = try row.decode((String, Int64).self)
            result[sli] = .microseconds(microseconds)
        }
        return result
    }

    public func rejudge(sli: String, series: [String], threshold: Duration) async throws -> Int {
        try await transaction { connection in
            try await self.takeBucketWriteLock(connection)
            var updated = 0
            for key in series {
                let found = try await connection.query(
                    """
                    SELECT d.minute, d.digest, b.valid FROM latency_digests d
                    JOIN minute_buckets b ON b.sli = d.sli AND b.minute = d.minute WHERE d.sli = \(key) FOR UPDATE OF b
                    """, logger: self.logger
                ).collect()
                for row in found {
                    let (minute, data, valid) = try row.decode((Int64, Data, Int64).self)
                    let digest = try StoredValue.digest(data)
                    // Only minutes whose every event has its latency kept can be judged
                    // again; pre-judged good/total counts keep their verdict.
                    guard digest.total == valid else { continue }
                    let good = digest.counts(threshold: threshold).good
                    try await connection.query(
                        """
                        UPDATE minute_buckets SET good = \(good), revision = nextval('bucket_revision') WHERE sli = \(key) AND minute = \(minute)
                        """, logger: self.logger)
                    updated += 1
                }
            }
            let microseconds = threshold.components.seconds * 1_000_000 + threshold.components.attoseconds / 1_000_000_000_000
            try await connection.query(
                """
                INSERT INTO judged_thresholds (sli, threshold_us) VALUES (\(sli), \(microseconds))
                ON CONFLICT (sli) DO UPDATE SET threshold_us = excluded.threshold_us
                """, logger: self.logger)
            return updated
        }
    }

    public func addChange(_ change: ChangeRecord) async throws -> ChangeRecord {
        let row = try await rows(
            """
            INSERT INTO changes (service, version, time, author, link, description, kind, stage)
            VALUES (\(change.service), \(change.version), \(change.time.timeIntervalSince1970), \(change.author), \(change.link), \(change.description),
                    \(change.kind.rawValue), \(change.stage))
            RETURNING id
            """)
        var stored = change
        stored.id = try row.first?.decode(Int64.self)
        return stored
    }

    public func changes(service: String?, before: Int64?, limit: Int) async throws -> [ChangeRecord] {
        try await records(
            """
            SELECT \(unescaped: ChangeRecord.storeColumns) FROM changes
            WHERE (\(service)::text IS NULL OR service = \(service)) AND (\(before)::bigint IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            """, ChangeRecord.init(storeRow:))
    }

    public func recordTransitions(_ transitions: [AlertTransition]) async throws {
        guard !transitions.isEmpty else { return }
        try await transaction { connection in
            for transition in transitions {
                try await connection.query(
                    """
                    INSERT INTO alert_transitions (slo, tier, state, at, active_since)
                    VALUES (\(transition.key.slo), \(transition.key.tier), \(transition.state.rawValue), \(transition.at), \(transition.activeSince))
                    """, logger: self.logger)
            }
        }
    }

    public func transitions(slo: String?, before: Int64?, limit: Int) async throws -> [AlertTransition] {
        try await records(
            """
            SELECT \(unescaped: AlertTransition.storeColumns) FROM alert_transitions
            WHERE (\(slo)::text IS NULL OR slo = \(slo)) AND (\(before)::bigint IS NULL OR id < \(before))
            ORDER BY id DESC LIMIT \(limit)
            """, AlertTransition.init(storeRow:))
    }

    public func latestAlertStates() async throws -> [AlertKey: AlertStatus] {
        let latest = try await records(
            "SELECT DISTINCT ON (slo, tier) \(unescaped: AlertTransition.storeColumns) FROM alert_transitions ORDER BY slo, tier, id DESC",
            AlertTransition.init(storeRow:))
        var result: [AlertKey: AlertStatus] = [:]
        for transition in latest {
            result[transition.key] = AlertStatus(state: transition.state, since: transition.at, activeSince: transition.activeSince)
        }
        return result
    }

    public func recordEvaluations(_ evaluations: [EvaluationRecord]) async throws {
        guard !evaluations.isEmpty else { return }
        try await transaction { connection in
            for record in evaluations {
                try await connection.query(
                    """
                    INSERT INTO slo_evaluations (instance, hour, minute, objective, good, valid, sli, budget_remaining, burn_rate, output)
                    VALUES (\(record.instance), \(record.minute - record.minute % 60), \(record.minute), \(record.objective), \(record.counts.good),
                            \(record.counts.valid), \(record.sli), \(record.budgetRemaining), \(record.burnRate), \(record.output))
                    ON CONFLICT (instance, hour) DO NOTHING
                    """, logger: self.logger)
            }
        }
    }

    public func evaluations(instance: String, before: EpochMinute?, limit: Int) async throws -> [EvaluationRecord] {
        try await records(
            """
            SELECT \(unescaped: EvaluationRecord.storeColumns) FROM slo_evaluations
            WHERE instance = \(instance) AND (\(before)::bigint IS NULL OR hour < \(before)) ORDER BY hour DESC LIMIT \(limit)
            """, EvaluationRecord.init(storeRow:))
    }

    public func recordProbeRuns(_ runs: [ProbeRunRecord]) async throws {
        guard !runs.isEmpty else { return }
        let encoder = JSONEncoder()
        let encoded = try runs.map { ($0, String(decoding: try encoder.encode($0.conditions), as: UTF8.self)) }
        try await transaction { connection in
            for (run, conditions) in encoded {
                try await connection.query(
                    """
                    INSERT INTO probe_runs (probe, started_at, success, missed, response_time_ms, status, conditions, error)
                    VALUES (\(run.probe), \(run.startedAt.timeIntervalSince1970), \(run.success), \(run.missed), \(run.responseTime?.inMilliseconds),
                            \(run.status.map(Int64.init)), \(conditions), \(run.error))
                    """, logger: self.logger)
            }
        }
    }

    public func probeRuns(probe: String, before: Int64?, limit: Int) async throws -> [ProbeRunRecord] {
        try await records(
            """
            SELECT \(unescaped: ProbeRunRecord.storeColumns) FROM probe_runs
            WHERE probe = \(probe) AND (\(before)::bigint IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
            """, ProbeRunRecord.init(storeRow:))
    }

    /// PostgreSQL checks its pages itself; here: the server answers and every migration
    /// this Vigil knows has been applied.
    public func integrityCheck() async throws -> String {
        let applied = Set(try await rows("SELECT name FROM vigil_migrations").map { try $0.decode(String.self) })
        let missing = Self.migrations.map(\.name).filter { !applied.contains($0) }
        return missing.isEmpty ? "ok" : "missing migrations: \(missing.joined(separator: ", "))"
    }
}
