import Foundation
import VigilCore

extension StoreTable {
    /// Good and valid events per series and minute: what every SLO is computed from.
    /// PostgreSQL numbers each write (`revision`) so replicas can follow one another.
    static let minuteBuckets = StoreTable(
        name: "minute_buckets", since: .v1,
        columns: [
            Column("sli", .text), Column("minute", .integer), Column("good", .integer), Column("valid", .integer),
            Column("revision", .integer, default: "nextval('bucket_revision')", only: .postgres),
        ],
        compositeKey: ["sli", "minute"],
        indexes: [Index("minute_buckets_by_minute", on: ["minute"]), Index("minute_buckets_by_revision", on: ["revision"], only: .postgres)],
        postgresSequences: ["bucket_revision"],
        retention: Retention(
            condition: "minute < ?", cutoff: .minutes,
            first: """
                INSERT INTO hour_buckets (sli, hour, good, valid)
                SELECT sli, minute - (minute % 60), SUM(good), SUM(valid) FROM minute_buckets WHERE minute < ?
                GROUP BY sli, minute - (minute % 60)
                ON CONFLICT (sli, hour) DO UPDATE SET good = hour_buckets.good + excluded.good, valid = hour_buckets.valid + excluded.valid
                """))

    /// Minute buckets rolled up by hour (at the hour's first minute) once they leave the
    /// minute window.
    static let hourBuckets = StoreTable(
        name: "hour_buckets", since: .v2,
        columns: [Column("sli", .text), Column("hour", .integer), Column("good", .integer), Column("valid", .integer)],
        compositeKey: ["sli", "hour"],
        indexes: [Index("hour_buckets_by_hour", on: ["hour"])],
        retention: Retention(condition: "hour < ?", cutoff: .hours))

    /// The latencies of a latency SLI's minute (an encoded ``LatencyDigest``), so its
    /// threshold can be judged again.
    static let latencyDigests = StoreTable(
        name: "latency_digests", since: .v2,
        columns: [Column("sli", .text), Column("minute", .integer), Column("digest", .blob)],
        compositeKey: ["sli", "minute"],
        indexes: [Index("latency_digests_by_minute", on: ["minute"])],
        retention: Retention(condition: "minute < ?", cutoff: .minutes))

    /// The threshold each latency SLI's stored verdicts were judged with.
    static let judgedThresholds = StoreTable(
        name: "judged_thresholds", since: .v2,
        columns: [Column("sli", .text, primaryKey: true), Column("threshold_us", .integer)])

    /// The idempotency keys of accepted batches, so a retried batch is not counted twice,
    /// with the SHA-256 of the batch's body, so a key reused for other data is refused
    /// (keys stored before v10 have none). SQLite's store, written before the key window
    /// existed, has no index by time.
    static let idempotencyKeys = StoreTable(
        name: "idempotency_keys", since: .v1,
        columns: [
            Column("key", .text, primaryKey: true), Column("received_at", .real), Column("events", .integer),
            Column("fingerprint", .text, nullable: true, since: .v10),
        ],
        indexes: [Index("idempotency_keys_by_time", on: ["received_at"], only: .postgres)],
        retention: Retention(condition: "received_at < ?", cutoff: .keys))

    /// One snapshot per SLO instance and hour of what the evaluator computed.
    static let sloEvaluations = StoreTable(
        name: "slo_evaluations", since: .v3,
        columns: [
            Column("instance", .text), Column("hour", .integer), Column("minute", .integer), Column("objective", .real),
            Column("good", .integer), Column("valid", .integer), Column("sli", .real, nullable: true),
            Column("budget_remaining", .real, nullable: true), Column("burn_rate", .real, nullable: true), Column("output", .text),
        ],
        compositeKey: ["instance", "hour"],
        indexes: [Index("slo_evaluations_by_hour", on: ["hour"])],
        retention: Retention(condition: "hour < ?", cutoff: .hours))
}

extension EvaluationRecord {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "instance, minute, good, valid, sli, budget_remaining, burn_rate, output, objective"

    init(storeRow row: some StoreRow) throws {
        self.init(
            instance: try row.text(0), minute: try row.integer(1), counts: EventCounts(good: try row.integer(2), valid: try row.integer(3)),
            sli: try row.optional(4, row.real), budgetRemaining: try row.optional(5, row.real), burnRate: try row.optional(6, row.real),
            output: try row.text(7), objective: try row.real(8))
    }
}

extension StoreTable {
    /// One row rewritten by ``SignalStore/checkWrites(at:)``: writes that must reach the
    /// disk, so a full disk or a read-only database shows before data is sent again.
    /// `reserve` holds ``writeCheckReserve`` bytes between the check's two transactions.
    static let writeChecks = StoreTable(
        name: "write_checks", since: .v10,
        columns: [Column("id", .singletonID), Column("checked_at", .real), Column("reserve", .blob, nullable: true)])

    /// How much room a write check needs: a few large batches' worth. A one-row update
    /// can still fit in a disk too full for any batch (SQLite reuses its log's frames), so
    /// a check that small would say "ready" while ingestion keeps failing.
    static let writeCheckReserve = 256 * 1024
}
