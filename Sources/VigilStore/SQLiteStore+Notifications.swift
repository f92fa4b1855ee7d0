import Foundation
import GRDB
import VigilCore

extension SQLiteStore: NotificationStore {
    public func notifierState() async throws -> Data? {
        try await pool.read { db in try Data.fetchOne(db, sql: "SELECT state FROM notifier_state WHERE id = 1") }
    }

    public func commitDispatch(state: Data, notifications: [AlertNotification], events: [AlertEvent], at now: Date) async throws {
        let encoder = JSONEncoder()
        let bodies = try notifications.map { ($0, try encoder.encode($0)) }
        let labels = try events.map { String(decoding: try encoder.encode($0.labels), as: UTF8.self) }
        try await pool.write { db in
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
        }
    }

    static let outboxColumns = "id, body, next_attempt_at, attempts, delivered_at, gave_up_at, last_error"

    static func outboxEntry(_ row: Row, decoder: JSONDecoder) throws -> OutboxEntry {
        let body: Data = row[1]
        guard let notification = try? decoder.decode(AlertNotification.self, from: body) else { throw StoreError.corrupt("notification") }
        let date = { (value: Double?) in value.map(Date.init(timeIntervalSince1970:)) }
        return OutboxEntry(
            id: row[0], notification: notification, nextAttemptAt: date(row[2]), attempts: row[3],
            deliveredAt: date(row[4]), gaveUpAt: date(row[5]), lastError: row[6])
    }

    public func dueNotifications(at now: Date, limit: Int) async throws -> [OutboxEntry] {
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.outboxColumns) FROM notifications WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                arguments: [now.timeIntervalSince1970, limit])
        }
        let decoder = JSONDecoder()
        return try rows.map { try Self.outboxEntry($0, decoder: decoder) }
    }

    public func nextDueTime() async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM notifications WHERE next_attempt_at IS NOT NULL").map(
                Date.init(timeIntervalSince1970:))
        }
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws {
        try await pool.write { db in
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
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.outboxColumns) FROM notifications WHERE (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2",
                arguments: [before, limit])
        }
        let decoder = JSONDecoder()
        return try rows.map { try Self.outboxEntry($0, decoder: decoder) }
    }

    public func deliveryAttempts(notification: Int64) async throws -> [DeliveryAttempt] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT notification, at, success, status, error, duration_ms FROM delivery_attempts WHERE notification = ? ORDER BY rowid",
                arguments: [notification]
            ).map { row in
                let milliseconds: Double = row[5]
                return DeliveryAttempt(
                    notification: row[0], at: Date(timeIntervalSince1970: row[1]), success: row[2], status: row[3], error: row[4],
                    duration: .microseconds(Int64((milliseconds * 1000).rounded())))
            }
        }
    }

    public func addSilence(_ silence: Silence, createdAt: Date) async throws {
        let matchers = String(decoding: try JSONEncoder().encode(silence.matchers.map(\.description)), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    silence.id, matchers, silence.startsAt.timeIntervalSince1970, silence.endsAt.timeIntervalSince1970,
                    silence.createdBy, silence.comment, createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func silences(activeAt now: Date, includeExpired: Bool) async throws -> [Silence] {
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences WHERE ?1 OR ends_at > ?2 ORDER BY created_at DESC, id",
                arguments: [includeExpired, now.timeIntervalSince1970])
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let text: String = row[1]
            guard let strings = try? decoder.decode([String].self, from: Data(text.utf8)),
                let matchers = try? strings.map({ try LabelMatcher(parsing: $0) })
            else { throw StoreError.corrupt("silence") }
            return Silence(
                id: row[0], matchers: matchers, startsAt: Date(timeIntervalSince1970: row[2]), endsAt: Date(timeIntervalSince1970: row[3]),
                createdBy: row[4], comment: row[5])
        }
    }

    public func expireSilence(id: String, at now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE silences SET ends_at = MIN(ends_at, ?) WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    public func acknowledge(_ acknowledgement: Acknowledgement) async throws {
        try await pool.write { db in
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
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT fingerprint, by, at, comment FROM acknowledgement_log WHERE at >= ? ORDER BY at", arguments: [since.timeIntervalSince1970]
            ).map {
                Acknowledgement(fingerprint: $0[0], by: $0[1], at: Date(timeIntervalSince1970: $0[2]), comment: $0[3])
            }
        }
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT fingerprint, by, at, comment FROM acknowledgements ORDER BY at").map {
                Acknowledgement(fingerprint: $0[0], by: $0[1], at: Date(timeIntervalSince1970: $0[2]), comment: $0[3])
            }
        }
    }

    public func removeAcknowledgements(fingerprints: [String]) async throws {
        guard !fingerprints.isEmpty else { return }
        try await pool.write { db in
            for fingerprint in fingerprints { try db.execute(sql: "DELETE FROM acknowledgements WHERE fingerprint = ?", arguments: [fingerprint]) }
        }
    }

    public func alertEvents(since: Date) async throws -> [AlertEvent] {
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT fingerprint, labels, firing, at FROM alert_events WHERE at >= ? ORDER BY at, id", arguments: [since.timeIntervalSince1970])
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let text: String = row[1]
            guard let labels = try? decoder.decode(LabelSet.self, from: Data(text.utf8)) else { throw StoreError.corrupt("alert event") }
            return AlertEvent(fingerprint: row[0], labels: labels, firing: row[2], at: Date(timeIntervalSince1970: row[3]))
        }
    }
}
