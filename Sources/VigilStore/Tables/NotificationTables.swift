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
