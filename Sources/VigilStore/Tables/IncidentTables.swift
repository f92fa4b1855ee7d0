extension StoreTable {
    /// Incidents; `body` holds the encoded incident, the other columns what is queried.
    static let incidents = StoreTable(
        name: "incidents", since: .v7,
        columns: [
            .serialID, Column("status", .text), Column("start", .real), Column("alert_group", .text, nullable: true), Column("created_at", .real),
            Column("body", .text),
        ],
        indexes: [Index("incidents_by_start", on: ["start"]), Index("incidents_by_group", on: ["alert_group"], where: "alert_group IS NOT NULL")])

    /// An incident's timeline entries, in order.
    static let incidentTimeline = StoreTable(
        name: "incident_timeline", since: .v7,
        columns: [
            .serialID, Column("incident", .integer, references: "incidents"), Column("at", .real), Column("kind", .text), Column("author", .text),
            Column("text", .text),
        ],
        indexes: [Index("incident_timeline_by_incident", on: ["incident", "id"])])

    /// The status updates an incident's commander published.
    static let incidentUpdates = StoreTable(
        name: "incident_updates", since: .v7,
        columns: [
            .serialID, Column("incident", .integer, references: "incidents"), Column("at", .real), Column("status", .text), Column("text", .text),
            Column("author", .text),
        ],
        indexes: [Index("incident_updates_by_incident", on: ["incident", "id"])])

    /// One postmortem per incident (encoded).
    static let postmortems = StoreTable(
        name: "postmortems", since: .v7,
        columns: [Column("incident", .integer, primaryKey: true, references: "incidents"), Column("body", .text)])

    /// Action items an incident's review decided (encoded).
    static let actionItems = StoreTable(
        name: "action_items", since: .v7,
        columns: [.serialID, Column("incident", .integer, references: "incidents"), Column("body", .text)],
        indexes: [Index("action_items_by_incident", on: ["incident"])])
}
