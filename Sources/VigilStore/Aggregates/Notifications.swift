import Foundation
import VigilCore

extension StoreTable {
    /// A notification is finished once delivered or given up; only then may it age out.
    private static let finishedBeforeCutoff = "created_at < ? AND (delivered_at IS NOT NULL OR gave_up_at IS NOT NULL)"

    /// The dispatcher's state (groups, what was sent when), one encoded row.
    static let notifierState = StoreTable(
        name: "notifier_state", since: .v5,
        columns: [Column("id", .singletonID), Column("state", .blob)])

    /// The outbox: each notification to deliver, with its retry schedule and outcome.
    static let notifications = StoreTable(
        name: "notifications", since: .v5,
        columns: [
            .serialID, Column("idempotency_key", .text, unique: true), Column("receiver", .text), Column("body", .blob),
            Column("created_at", .real), Column("next_attempt_at", .real, nullable: true), Column("attempts", .integer, default: "0"),
            Column("delivered_at", .real, nullable: true), Column("gave_up_at", .real, nullable: true), Column("last_error", .text, nullable: true),
        ],
        indexes: [Index("notifications_due", on: ["next_attempt_at"], where: "next_attempt_at IS NOT NULL")],
        retention: Retention(condition: finishedBeforeCutoff, cutoff: .history))

    /// Every delivery attempt of a notification (SQLite numbers them by rowid).
    static let deliveryAttempts = StoreTable(
        name: "delivery_attempts", since: .v5,
        columns: [
            Column("id", .serialID, only: .postgres), Column("notification", .integer, references: "notifications"), Column("at", .real),
            Column("success", .boolean), Column("status", .integer, nullable: true), Column("error", .text, nullable: true),
            Column("duration_ms", .real),
        ],
        indexes: [Index("delivery_attempts_by_notification", on: ["notification"])],
        retention: Retention(condition: "notification IN (SELECT id FROM notifications WHERE \(finishedBeforeCutoff))", cutoff: .history))

    /// Silences: label matchers that hold notifications back for a while.
    static let silences = StoreTable(
        name: "silences", since: .v5,
        columns: [
            Column("id", .text, primaryKey: true), Column("matchers", .text), Column("starts_at", .real), Column("ends_at", .real),
            Column("created_by", .text), Column("comment", .text), Column("created_at", .real),
        ])

    /// The current acknowledgement of each alert.
    static let acknowledgements = StoreTable(
        name: "acknowledgements", since: .v5,
        columns: [Column("fingerprint", .text, primaryKey: true), Column("by", .text), Column("at", .real), Column("comment", .text, nullable: true)])

    /// Alerts firing and resolving as the dispatcher saw them, for the alert reports.
    static let alertEvents = StoreTable(
        name: "alert_events", since: .v5,
        columns: [.serialID, Column("fingerprint", .text), Column("labels", .text), Column("firing", .boolean), Column("at", .real)],
        indexes: [Index("alert_events_by_time", on: ["at"])],
        retention: Retention(condition: "at < ?", cutoff: .history))

    /// Every acknowledgement ever made (SQLite numbers them by rowid).
    static let acknowledgementLog = StoreTable(
        name: "acknowledgement_log", since: .v6,
        columns: [
            Column("id", .serialID, only: .postgres), Column("fingerprint", .text), Column("by", .text), Column("at", .real),
            Column("comment", .text, nullable: true),
        ],
        indexes: [Index("acknowledgement_log_by_time", on: ["at"])],
        retention: Retention(condition: "at < ?", cutoff: .history))
}

extension OutboxEntry {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, body, next_attempt_at, attempts, delivered_at, gave_up_at, last_error"

    init(storeRow row: some StoreRow) throws {
        self.init(
            id: try row.integer(0), notification: try StoredValue.decode(AlertNotification.self, try row.blob(1), what: "notification"),
            nextAttemptAt: try row.optional(2, row.date), attempts: Int(try row.integer(3)), deliveredAt: try row.optional(4, row.date),
            gaveUpAt: try row.optional(5, row.date), lastError: try row.optional(6, row.text))
    }
}

extension DeliveryAttempt {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "notification, at, success, status, error, duration_ms"

    init(storeRow row: some StoreRow) throws {
        self.init(
            notification: try row.integer(0), at: try row.date(1), success: try row.boolean(2), status: try row.optional(3, row.integer).map(Int.init),
            error: try row.optional(4, row.text), duration: try row.milliseconds(5))
    }
}

extension Silence {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, matchers, starts_at, ends_at, created_by, comment"

    /// Matchers are stored as their text (`severity="page"`), parsed again on reading.
    init(storeRow row: some StoreRow) throws {
        let id = try row.text(0)
        guard let matchers = try? row.document([String].self, 1, what: "silence").map({ try LabelMatcher(parsing: $0) }) else {
            throw StoreError.corrupt("silence \(id): matchers")
        }
        self.init(id: id, matchers: matchers, startsAt: try row.date(2), endsAt: try row.date(3), createdBy: try row.text(4), comment: try row.text(5))
    }
}

extension Acknowledgement {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "fingerprint, by, at, comment"

    init(storeRow row: some StoreRow) throws {
        self.init(fingerprint: try row.text(0), by: try row.text(1), at: try row.date(2), comment: try row.optional(3, row.text))
    }
}

extension AlertEvent {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "fingerprint, labels, firing, at"

    init(storeRow row: some StoreRow) throws {
        self.init(
            fingerprint: try row.text(0), labels: try row.document(LabelSet.self, 1, what: "alert event"), firing: try row.boolean(2),
            at: try row.date(3))
    }
}
