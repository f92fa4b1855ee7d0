extension StoreTable {
    /// Every burn-rate alert's state changes; the latest per alert resumes the state
    /// machines after a restart. PostgreSQL's index, written later, also covers the tier
    /// its latest-state query groups by; SQLite's released one is not rebuilt.
    static let alertTransitions = StoreTable(
        name: "alert_transitions", since: .v1,
        columns: [
            .serialID, Column("slo", .text), Column("tier", .text), Column("state", .text), Column("at", .integer),
            Column("active_since", .integer, nullable: true),
        ],
        indexes: [
            Index("alert_transitions_by_slo", on: ["slo", "id"], only: .sqlite),
            Index("alert_transitions_by_slo", on: ["slo", "tier", "id"], only: .postgres),
        ])
}
