extension StoreTable {
    /// Toil reported by teams: minutes of manual, repetitive work and whether it could be
    /// automated.
    static let toil = StoreTable(
        name: "toil", since: .v7,
        columns: [
            .serialID, Column("team", .text), Column("minutes", .integer), Column("category", .text), Column("note", .text, nullable: true),
            Column("automatable", .boolean), Column("at", .real), Column("author", .text),
        ],
        indexes: [Index("toil_by_time", on: ["at"])])

    /// Users' satisfaction scores per service, beside its SLOs in the weekly review.
    static let satisfaction = StoreTable(
        name: "satisfaction", since: .v8,
        columns: [
            .serialID, Column("service", .text), Column("score", .real), Column("at", .real), Column("note", .text, nullable: true),
            Column("author", .text),
        ],
        indexes: [Index("satisfaction_by_service", on: ["service", "at"])])

    /// Planned maintenance: a service's events in the window do not count against its SLOs.
    static let maintenanceWindows = StoreTable(
        name: "maintenance_windows", since: .v8,
        columns: [
            .serialID, Column("service", .text), Column("starts_at", .real), Column("ends_at", .real), Column("reason", .text),
            Column("created_by", .text),
        ],
        indexes: [Index("maintenance_windows_by_end", on: ["ends_at"])])
}
