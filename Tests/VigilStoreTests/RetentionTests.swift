import Foundation
import GRDB
import Testing
import VigilCore

@testable import VigilStore

/// The alerting history ages out with the hourly roll-ups; notifications still being
/// delivered never do.
@Suite struct RetentionTests {
    @Test func oldAlertingHistoryGoesAndPendingDeliveriesStay() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        let cutoff: EpochMinute = 29_000_000
        let old = Double((cutoff - 10) * 60)
        let recent = Double((cutoff + 10) * 60)
        try await store.pool.write { db in
            let rows: [(String, Double, Double?, Double?, Double?)] = [
                ("old-delivered", old, old, nil, nil), ("old-gave-up", old, nil, old, nil),
                ("old-pending", old, nil, nil, recent), ("recent-delivered", recent, recent, nil, nil),
            ]
            for (key, created, delivered, gaveUp, next) in rows {
                try db.execute(
                    sql:
                        "INSERT INTO notifications (idempotency_key, receiver, body, created_at, delivered_at, gave_up_at, next_attempt_at) VALUES (?, 'r', x'00', ?, ?, ?, ?)",
                    arguments: [key, created, delivered, gaveUp, next])
                try db.execute(
                    sql: "INSERT INTO delivery_attempts (notification, at, success, duration_ms) VALUES (?, ?, 1, 1)",
                    arguments: [db.lastInsertedRowID, created])
            }
            for at in [old, recent] {
                try db.execute(sql: "INSERT INTO alert_events (fingerprint, labels, firing, at) VALUES ('f', '{}', 1, ?)", arguments: [at])
                try db.execute(sql: "INSERT INTO acknowledgement_log (fingerprint, by, at) VALUES ('f', 'ana', ?)", arguments: [at])
            }
        }
        _ = try await store.applyRetention(minutesBefore: cutoff, hoursBefore: cutoff, keysBefore: Date(epochMinute: cutoff))
        let (keys, attempts, events, acknowledgements) = try await store.pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT idempotency_key FROM notifications ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_attempts"),
                try Double.fetchAll(db, sql: "SELECT at FROM alert_events"),
                try Double.fetchAll(db, sql: "SELECT at FROM acknowledgement_log")
            )
        }
        #expect(keys == ["old-pending", "recent-delivered"])
        #expect(attempts == 2)
        #expect(events == [recent] && acknowledgements == [recent])
    }
}
