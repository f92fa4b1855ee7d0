import Foundation
import GRDB
import VigilCore

extension SQLiteStore: NotificationStore {
    public func notifierState() async throws -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT state FROM notifier_state WHERE id = 1") }
    }

    public func commitDispatch(
        state: Data, notifications: [AlertNotification], events: [AlertEvent], escalationEvents: [EscalationEvent], at now: Date
    ) async throws {
        let encoder = JSONEncoder()
        let logged = try escalationEvents.map { try $0.storeColumns() }
        let bodies = try notifications.map { ($0, try encoder.encode($0)) }
        let labels = try events.map { String(decoding: try encoder.encode($0.labels), as: UTF8.self) }
        try await write { db in
            try db.execute(
                sql: "INSERT INTO notifier_state (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state", arguments: [state])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO notifications (idempotency_key, receiver, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (idempotency_key) DO NOTHING
                    """)
            for (notification, body) in bodies {
                try insert.execute(arguments: [
                    notification.idempotencyKey, notification.receiver, body, notification.createdAt.timeIntervalSince1970, now.timeIntervalSince1970,
                ])
            }
            let event = try db.cachedStatement(sql: "INSERT INTO alert_events (fingerprint, labels, firing, at) VALUES (?, ?, ?, ?)")
            for (record, labels) in zip(events, labels) {
                try event.execute(arguments: [record.fingerprint, labels, record.firing, record.at.timeIntervalSince1970])
            }
            let log = try db.cachedStatement(sql: "INSERT INTO escalation_events (escalation, group_key, kind, at, person, body) VALUES (?, ?, ?, ?, ?, ?)")
            for row in logged { try log.execute(arguments: [row.escalation, row.groupKey, row.kind, row.at, row.person, row.body]) }
        }
    }

    public func dueNotifications(at now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(OutboxEntry.storeColumns) FROM notifications WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit]
            ).map(OutboxEntry.init(storeRow:))
        }
    }

    public func nextDueTime() async throws -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM notifications WHERE next_attempt_at IS NOT NULL").map(
                Date.init(timeIntervalSince1970:))
        }
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO delivery_attempts (notification, at, success, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    attempt.notification, attempt.at.timeIntervalSince1970, attempt.success, attempt.status, attempt.error, attempt.duration.inMilliseconds,
                ])
            let at = attempt.at.timeIntervalSince1970
            switch outcome {
            case .delivered:
                try db.execute(
                    sql: "UPDATE notifications SET attempts = attempts + 1, delivered_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?",
                    arguments: [at, attempt.notification])
            case .retry(let next):
                try db.execute(
                    sql: "UPDATE notifications SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                    arguments: [next.timeIntervalSince1970, attempt.error, attempt.notification])
            case .gaveUp:
                try db.execute(
                    sql: "UPDATE notifications SET attempts = attempts + 1, gave_up_at = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?",
                    arguments: [at, attempt.error, attempt.notification])
            }
        }
    }

    public func notifications(before: Int64?, limit: Int) async throws -> [OutboxEntry] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(OutboxEntry.storeColumns) FROM notifications WHERE (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2",
                arguments: [before, limit]
            ).map(OutboxEntry.init(storeRow:))
        }
    }

    public func deliveryAttempts(notification: Int64) async throws -> [DeliveryAttempt] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(DeliveryAttempt.storeColumns) FROM delivery_attempts WHERE notification = ? ORDER BY rowid",
                arguments: [notification]
            ).map(DeliveryAttempt.init(storeRow:))
        }
    }

    public func addSilence(_ silence: Silence, createdAt: Date) async throws {
        let matchers = String(decoding: try JSONEncoder().encode(silence.matchers.map(\.description)), as: UTF8.self)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    silence.id, matchers, silence.startsAt.timeIntervalSince1970, silence.endsAt.timeIntervalSince1970,
                    silence.createdBy, silence.comment, createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func silences(activeAt now: Date, includeExpired: Bool) async throws -> [Silence] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Silence.storeColumns) FROM silences WHERE ?1 OR ends_at > ?2 ORDER BY created_at DESC, id",
                arguments: [includeExpired, now.timeIntervalSince1970]
            ).map(Silence.init(storeRow:))
        }
    }

    public func expireSilence(id: String, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE silences SET ends_at = MIN(ends_at, ?) WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    public func acknowledge(_ acknowledgement: Acknowledgement) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO acknowledgements (fingerprint, by, at, comment) VALUES (?, ?, ?, ?)
                    ON CONFLICT (fingerprint) DO UPDATE SET by = excluded.by, at = excluded.at, comment = excluded.comment
                    """, arguments: [acknowledgement.fingerprint, acknowledgement.by, acknowledgement.at.timeIntervalSince1970, acknowledgement.comment])
            try db.execute(
                sql: "INSERT INTO acknowledgement_log (fingerprint, by, at, comment) VALUES (?, ?, ?, ?)",
                arguments: [acknowledgement.fingerprint, acknowledgement.by, acknowledgement.at.timeIntervalSince1970, acknowledgement.comment])
        }
    }

    public func acknowledgementLog(since: Date) async throws -> [Acknowledgement] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Acknowledgement.storeColumns) FROM acknowledgement_log WHERE at >= ? ORDER BY at, rowid",
                arguments: [since.timeIntervalSince1970]
            ).map(Acknowledgement.init(storeRow:))
        }
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Acknowledgement.storeColumns) FROM acknowledgements ORDER BY at").map(Acknowledgement.init(storeRow:))
        }
    }

    public func removeAcknowledgements(fingerprints: [String]) async throws {
        guard !fingerprints.isEmpty else { return }
        try await write { db in
            for fingerprint in fingerprints { try db.execute(sql: "DELETE FROM acknowledgements WHERE fingerprint = ?", arguments: [fingerprint]) }
        }
    }

    public func alertEvents(since: Date) async throws -> [AlertEvent] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(AlertEvent.storeColumns) FROM alert_events WHERE at >= ? ORDER BY at, id", arguments: [since.timeIntervalSince1970]
            ).map(AlertEvent.init(storeRow:))
        }
    }
}
