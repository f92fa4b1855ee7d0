import Foundation
import PostgresNIO
import VigilCore

extension PostgresStore: NotificationStore {
    public func notifierState() async throws -> Data? {
        try await rows("SELECT state FROM notifier_state WHERE id = 1").first?.decode(Data.self)
    }

    public func commitDispatch(
        state: Data, notifications: [AlertNotification], events: [AlertEvent], escalationEvents: [EscalationEvent], at now: Date
    ) async throws {
        let encoder = JSONEncoder()
        let logged = try escalationEvents.map { try $0.storeColumns() }
        let bodies = try notifications.map { ($0, try encoder.encode($0)) }
        let labels = try events.map { String(decoding: try encoder.encode($0.labels), as: UTF8.self) }
        try await transaction { connection in
            try await connection.query(
                "INSERT INTO notifier_state (id, state) VALUES (1, \(state)) ON CONFLICT (id) DO UPDATE SET state = excluded.state", logger: self.logger)
            for (notification, body) in bodies {
                try await connection.query(
                    """
                    INSERT INTO notifications (idempotency_key, receiver, body, created_at, next_attempt_at)
                    VALUES (\(notification.idempotencyKey), \(notification.receiver), \(body), \(notification.createdAt.timeIntervalSince1970), \(now.timeIntervalSince1970))
                    ON CONFLICT (idempotency_key) DO NOTHING
                    """, logger: self.logger)
            }
            for (event, labels) in zip(events, labels) {
                try await connection.query(
                    """
                    INSERT INTO alert_events (fingerprint, labels, firing, at) VALUES (\(event.fingerprint), \(labels), \(event.firing), \(event.at.timeIntervalSince1970))
                    """, logger: self.logger)
            }
            for row in logged {
                try await connection.query(
                    """
                    INSERT INTO escalation_events (escalation, group_key, kind, at, person, body)
                    VALUES (\(row.escalation), \(row.groupKey), \(row.kind), \(row.at), \(row.person), \(row.body))
                    """, logger: self.logger)
            }
        }
    }

    public func dueNotifications(at now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await records(
            """
            SELECT \(unescaped: OutboxEntry.storeColumns) FROM notifications
            WHERE next_attempt_at <= \(now.timeIntervalSince1970) ORDER BY next_attempt_at, id LIMIT \(limit)
            """, OutboxEntry.init(storeRow:))
    }

    public func nextDueTime() async throws -> Date? {
        try await rows("SELECT MIN(next_attempt_at) FROM notifications WHERE next_attempt_at IS NOT NULL")
            .first?.decode(Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    public func recordAttempt(_ attempt: DeliveryAttempt, outcome: DeliveryOutcome) async throws {
        try await transaction { connection in
            let at = attempt.at.timeIntervalSince1970
            try await connection.query(
                """
                INSERT INTO delivery_attempts (notification, at, success, status, error, duration_ms)
                VALUES (\(attempt.notification), \(at), \(attempt.success), \(attempt.status.map(Int64.init)), \(attempt.error), \(attempt.duration.inMilliseconds))
                """, logger: self.logger)
            switch outcome {
            case .delivered:
                try await connection.query(
                    """
                    UPDATE notifications SET attempts = attempts + 1, delivered_at = \(at), next_attempt_at = NULL, last_error = NULL WHERE id = \(attempt.notification)
                    """, logger: self.logger)
            case .retry(let next):
                try await connection.query(
                    """
                    UPDATE notifications SET attempts = attempts + 1, next_attempt_at = \(next.timeIntervalSince1970), last_error = \(attempt.error)
                    WHERE id = \(attempt.notification)
                    """, logger: self.logger)
            case .gaveUp:
                try await connection.query(
                    """
                    UPDATE notifications SET attempts = attempts + 1, gave_up_at = \(at), next_attempt_at = NULL, last_error = \(attempt.error)
                    WHERE id = \(attempt.notification)
                    """, logger: self.logger)
            }
        }
    }

    public func notifications(before: Int64?, limit: Int) async throws -> [OutboxEntry] {
        try await records(
            """
            SELECT \(unescaped: OutboxEntry.storeColumns) FROM notifications
            WHERE (\(before)::bigint IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
            """, OutboxEntry.init(storeRow:))
    }

    public func deliveryAttempts(notification: Int64) async throws -> [DeliveryAttempt] {
        try await records(
            "SELECT \(unescaped: DeliveryAttempt.storeColumns) FROM delivery_attempts WHERE notification = \(notification) ORDER BY id",
            DeliveryAttempt.init(storeRow:))
    }

    public func addSilence(_ silence: Silence, createdAt: Date) async throws {
        let matchers = String(decoding: try JSONEncoder().encode(silence.matchers.map(\.description)), as: UTF8.self)
        try await rows(
            """
            INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at)
            VALUES (\(silence.id), \(matchers), \(silence.startsAt.timeIntervalSince1970), \(silence.endsAt.timeIntervalSince1970),
                    \(silence.createdBy), \(silence.comment), \(createdAt.timeIntervalSince1970))
            """)
    }

    public func silences(activeAt now: Date, includeExpired: Bool) async throws -> [Silence] {
        try await records(
            """
            SELECT \(unescaped: Silence.storeColumns) FROM silences
            WHERE \(includeExpired) OR ends_at > \(now.timeIntervalSince1970) ORDER BY created_at DESC, id
            """, Silence.init(storeRow:))
    }

    public func expireSilence(id: String, at now: Date) async throws -> Bool {
        !(try await rows("UPDATE silences SET ends_at = LEAST(ends_at, \(now.timeIntervalSince1970)) WHERE id = \(id) RETURNING id").isEmpty)
    }

    public func acknowledge(_ acknowledgement: Acknowledgement) async throws {
        let at = acknowledgement.at.timeIntervalSince1970
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO acknowledgements (fingerprint, by, at, comment) VALUES (\(acknowledgement.fingerprint), \(acknowledgement.by), \(at), \(acknowledgement.comment))
                ON CONFLICT (fingerprint) DO UPDATE SET by = excluded.by, at = excluded.at, comment = excluded.comment
                """, logger: self.logger)
            try await connection.query(
                """
                INSERT INTO acknowledgement_log (fingerprint, by, at, comment) VALUES (\(acknowledgement.fingerprint), \(acknowledgement.by), \(at), \(acknowledgement.comment))
                """, logger: self.logger)
        }
    }

    public func acknowledgementLog(since: Date) async throws -> [Acknowledgement] {
        try await records(
            "SELECT \(unescaped: Acknowledgement.storeColumns) FROM acknowledgement_log WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, id",
            Acknowledgement.init(storeRow:))
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await records("SELECT \(unescaped: Acknowledgement.storeColumns) FROM acknowledgements ORDER BY at", Acknowledgement.init(storeRow:))
    }

    public func removeAcknowledgements(fingerprints: [String]) async throws {
        guard !fingerprints.isEmpty else { return }
        try await rows("DELETE FROM acknowledgements WHERE fingerprint = ANY(\(fingerprints))")
    }

    public func alertEvents(since: Date) async throws -> [AlertEvent] {
        try await records(
            "SELECT \(unescaped: AlertEvent.storeColumns) FROM alert_events WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, id",
            AlertEvent.init(storeRow:))
    }
}
