extension StoreTable {
    /// Deploys and configuration changes, for the timelines and incident correlation.
    static let changes = StoreTable(
        name: "changes", since: .v1,
        columns: [
            .serialID, Column("service", .text), Column("version", .text, nullable: true), Column("time", .real),
            Column("author", .text, nullable: true), Column("link", .text, nullable: true), Column("description", .text, nullable: true),
        ],
        indexes: [Index("changes_by_service", on: ["service", "id"])])
}
