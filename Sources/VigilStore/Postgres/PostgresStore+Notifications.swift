import Foundation
import PostgresNIO
import VigilCore

extension PostgresStore: NotificationStore {
    public func notifierState() async throws -> Data? {
        try await rows("SELECT state FROM notifier_state WHERE id = 1").first?.decode(Data.self)
    }

    public func commitDispatch(state: Data, notifications: [AlertNotification], events: [AlertEvent], at now: Date) async throws {
        let encoder = JSONEncoder()
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
        }
    }

    static func outboxEntry(_ row: PostgresRow, decoder: JSONDecoder) throws -> OutboxEntry {
        let (id, body, next, attempts, delivered, gaveUp, lastError) = try row.decode((Int64, Data, Double?, Int64, Double?, Double?, String?).self)
        guard let notification = try? decoder.decode(AlertNotification.self, from: body) else { throw StoreError.corrupt("notification") }
        let date = { (value: Double?) in value.map(Date.init(timeIntervalSince1970:)) }
        return OutboxEntry(
            id: id, notification: notification, nextAttemptAt: date(next), attempts: Int(attempts),
            deliveredAt: date(delivered), gaveUpAt: date(gaveUp), lastError: lastError)
    }

    public func dueNotifications(at now: Date, limit: Int) async throws -> [OutboxEntry] {
        let decoder = JSONDecoder()
        return try await rows(
            """
            SELECT id, body, next_attempt_at, attempts, delivered_at, gave_up_at, last_error FROM notifications
            WHERE next_attempt_at <= \(now.timeIntervalSince1970) ORDER BY next_attempt_at, id LIMIT \(limit)
            """
        ).map { try Self.outboxEntry($0, decoder: decoder) }
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
        let decoder = JSONDecoder()
        return try await rows(
            """
            SELECT id, body, next_attempt_at, attempts, delivered_at, gave_up_at, last_error FROM notifications
            WHERE (\(before)::bigint IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
            """
        ).map { try Self.outboxEntry($0, decoder: decoder) }
    }

    public func deliveryAttempts(notification: Int64) async throws -> [DeliveryAttempt] {
        try await rows(
            """
            SELECT notification, at, success, status, error, duration_ms FROM delivery_attempts WHERE notification = \(notification) ORDER BY id
            """
        ).map { row in
            let (notification, at, success, status, error, milliseconds) = try row.decode((Int64, Double, Bool, Int64?, String?, Double).self)
            return DeliveryAttempt(
                notification: notification, at: Date(timeIntervalSince1970: at), success: success, status: status.map(Int.init),
                error: error, duration: .microseconds(Int64((milliseconds * 1000).rounded())))
        }
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
        let decoder = JSONDecoder()
        return try await rows(
            """
            SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences
            WHERE \(includeExpired) OR ends_at > \(now.timeIntervalSince1970) ORDER BY created_at DESC, id
            """
        ).map { row in
            let (id, text, startsAt, endsAt, createdBy, comment) = try row.decode((String, String, Double, Double, String, String).self)
            guard let strings = try? decoder.decode([String].self, from: Data(text.utf8)),
                let matchers = try? strings.map({ try LabelMatcher(parsing: $0) })
            else { throw StoreError.corrupt("silence") }
            return Silence(
                id: id, matchers: matchers, startsAt: Date(timeIntervalSince1970: startsAt), endsAt: Date(timeIntervalSince1970: endsAt),
                createdBy: createdBy, comment: comment)
        }
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
        try await rows("SELECT fingerprint, by, at, comment FROM acknowledgement_log WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, id")
            .map(Self.acknowledgement)
    }

    public func acknowledgements() async throws -> [Acknowledgement] {
        try await rows("SELECT fingerprint, by, at, comment FROM acknowledgements ORDER BY at").map(Self.acknowledgement)
    }

    private static func acknowledgement(_ row: PostgresRow) throws -> Acknowledgement {
        let (fingerprint, by, at, comment) = try row.decode((String, String, Double, String?).self)
        return Acknowledgement(fingerprint: fingerprint, by: by, at: Date(timeIntervalSince1970: at), comment: comment)
    }

    public func removeAcknowledgements(fingerprints: [String]) async throws {
        guard !fingerprints.isEmpty else { return }
        try await rows("DELETE FROM acknowledgements WHERE fingerprint = ANY(\(fingerprints))")
    }

    public func alertEvents(since: Date) async throws -> [AlertEvent] {
        let decoder = JSONDecoder()
        return try await rows("SELECT fingerprint, labels, firing, at FROM alert_events WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, id")
            .map { row in
                let (fingerprint, text, firing, at) = try row.decode((String, String, Bool, Double).self)
                guard let labels = try? decoder.decode(LabelSet.self, from: Data(text.utf8)) else { throw StoreError.corrupt("alert event") }
                return AlertEvent(fingerprint: fingerprint, labels: labels, firing: firing, at: Date(timeIntervalSince1970: at))
            }
    }
}
