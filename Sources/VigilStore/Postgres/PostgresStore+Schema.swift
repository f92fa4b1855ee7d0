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

    /// The schema: SQLite's tables (v1–v9 there) in PostgreSQL's types, plus the bucket
    /// revision that lets replicas follow each other's writes (``bucketChanges(after:limit:)``).
    static let migrations: [Migration] = [
        Migration(
            name: "v1: the whole store as of SQLite's v9",
            sql: [
                "CREATE SEQUENCE bucket_revision",
                """
                CREATE TABLE minute_buckets (
                    sli text NOT NULL, minute bigint NOT NULL, good bigint NOT NULL, valid bigint NOT NULL,
                    revision bigint NOT NULL DEFAULT nextval('bucket_revision'),
                    PRIMARY KEY (sli, minute))
                """,
                "CREATE INDEX minute_buckets_by_minute ON minute_buckets (minute)",
                "CREATE INDEX minute_buckets_by_revision ON minute_buckets (revision)",
                "CREATE TABLE idempotency_keys (key text PRIMARY KEY, received_at double precision NOT NULL, events bigint NOT NULL)",
                "CREATE INDEX idempotency_keys_by_time ON idempotency_keys (received_at)",
                """
                CREATE TABLE changes (id bigserial PRIMARY KEY, service text NOT NULL, version text, time double precision NOT NULL,
                    author text, link text, description text)
                """,
                "CREATE INDEX changes_by_service ON changes (service, id)",
                """
                CREATE TABLE alert_transitions (id bigserial PRIMARY KEY, slo text NOT NULL, tier text NOT NULL, state text NOT NULL,
                    at bigint NOT NULL, active_since bigint)
                """,
                "CREATE INDEX alert_transitions_by_slo ON alert_transitions (slo, tier, id)",
                "CREATE TABLE hour_buckets (sli text NOT NULL, hour bigint NOT NULL, good bigint NOT NULL, valid bigint NOT NULL, PRIMARY KEY (sli, hour))",
                "CREATE INDEX hour_buckets_by_hour ON hour_buckets (hour)",
                "CREATE TABLE latency_digests (sli text NOT NULL, minute bigint NOT NULL, digest bytea NOT NULL, PRIMARY KEY (sli, minute))",
                "CREATE INDEX latency_digests_by_minute ON latency_digests (minute)",
                "CREATE TABLE judged_thresholds (sli text PRIMARY KEY, threshold_us bigint NOT NULL)",
                """
                CREATE TABLE slo_evaluations (instance text NOT NULL, hour bigint NOT NULL, minute bigint NOT NULL, objective double precision NOT NULL,
                    good bigint NOT NULL, valid bigint NOT NULL, sli double precision, budget_remaining double precision, burn_rate double precision,
                    output text NOT NULL, PRIMARY KEY (instance, hour))
                """,
                "CREATE INDEX slo_evaluations_by_hour ON slo_evaluations (hour)",
                """
                CREATE TABLE probe_runs (id bigserial PRIMARY KEY, probe text NOT NULL, started_at double precision NOT NULL, success boolean NOT NULL,
                    missed boolean NOT NULL, response_time_ms double precision, status bigint, conditions text NOT NULL, error text)
                """,
                "CREATE INDEX probe_runs_by_probe ON probe_runs (probe, id)",
                "CREATE INDEX probe_runs_by_time ON probe_runs (started_at)",
                "CREATE TABLE notifier_state (id integer PRIMARY KEY CHECK (id = 1), state bytea NOT NULL)",
                """
                CREATE TABLE notifications (id bigserial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, receiver text NOT NULL, body bytea NOT NULL,
                    created_at double precision NOT NULL, next_attempt_at double precision, attempts bigint NOT NULL DEFAULT 0,
                    delivered_at double precision, gave_up_at double precision, last_error text)
                """,
                "CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE next_attempt_at IS NOT NULL",
                """
                CREATE TABLE delivery_attempts (id bigserial PRIMARY KEY, notification bigint NOT NULL REFERENCES notifications (id),
                    at double precision NOT NULL, success boolean NOT NULL, status bigint, error text, duration_ms double precision NOT NULL)
                """,
                "CREATE INDEX delivery_attempts_by_notification ON delivery_attempts (notification)",
                """
                CREATE TABLE silences (id text PRIMARY KEY, matchers text NOT NULL, starts_at double precision NOT NULL, ends_at double precision NOT NULL,
                    created_by text NOT NULL, comment text NOT NULL, created_at double precision NOT NULL)
                """,
                "CREATE TABLE acknowledgements (fingerprint text PRIMARY KEY, by text NOT NULL, at double precision NOT NULL, comment text)",
                """
                CREATE TABLE alert_events (id bigserial PRIMARY KEY, fingerprint text NOT NULL, labels text NOT NULL, firing boolean NOT NULL,
                    at double precision NOT NULL)
                """,
                "CREATE INDEX alert_events_by_time ON alert_events (at)",
                "CREATE TABLE acknowledgement_log (id bigserial PRIMARY KEY, fingerprint text NOT NULL, by text NOT NULL, at double precision NOT NULL, comment text)",
                "CREATE INDEX acknowledgement_log_by_time ON acknowledgement_log (at)",
                """
                CREATE TABLE incidents (id bigserial PRIMARY KEY, status text NOT NULL, start double precision NOT NULL, alert_group text,
                    created_at double precision NOT NULL, body text NOT NULL)
                """,
                "CREATE INDEX incidents_by_start ON incidents (start)",
                "CREATE INDEX incidents_by_group ON incidents (alert_group) WHERE alert_group IS NOT NULL",
                """
                CREATE TABLE incident_timeline (id bigserial PRIMARY KEY, incident bigint NOT NULL REFERENCES incidents (id), at double precision NOT NULL,
                    kind text NOT NULL, author text NOT NULL, text text NOT NULL)
                """,
                "CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident, id)",
                """
                CREATE TABLE incident_updates (id bigserial PRIMARY KEY, incident bigint NOT NULL REFERENCES incidents (id), at double precision NOT NULL,
                    status text NOT NULL, text text NOT NULL, author text NOT NULL)
                """,
                "CREATE INDEX incident_updates_by_incident ON incident_updates (incident, id)",
                "CREATE TABLE postmortems (incident bigint PRIMARY KEY REFERENCES incidents (id), body text NOT NULL)",
                "CREATE TABLE action_items (id bigserial PRIMARY KEY, incident bigint NOT NULL REFERENCES incidents (id), body text NOT NULL)",
                "CREATE INDEX action_items_by_incident ON action_items (incident)",
                """
                CREATE TABLE toil (id bigserial PRIMARY KEY, team text NOT NULL, minutes bigint NOT NULL, category text NOT NULL, note text,
                    automatable boolean NOT NULL, at double precision NOT NULL, author text NOT NULL)
                """,
                "CREATE INDEX toil_by_time ON toil (at)",
                """
                CREATE TABLE satisfaction (id bigserial PRIMARY KEY, service text NOT NULL, score double precision NOT NULL, at double precision NOT NULL,
                    note text, author text NOT NULL)
                """,
                "CREATE INDEX satisfaction_by_service ON satisfaction (service, at)",
                """
                CREATE TABLE maintenance_windows (id bigserial PRIMARY KEY, service text NOT NULL, starts_at double precision NOT NULL,
                    ends_at double precision NOT NULL, reason text NOT NULL, created_by text NOT NULL)
                """,
                "CREATE INDEX maintenance_windows_by_end ON maintenance_windows (ends_at)",
                "CREATE TABLE load_runs (id bigserial PRIMARY KEY, service text, started_at double precision NOT NULL, body text NOT NULL)",
                "CREATE INDEX load_runs_by_service ON load_runs (service, id)",
            ])
    ]

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
