import Foundation
import VigilCore

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

extension IncidentTimelineEntry {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, incident, at, kind, author, text"

    init(storeRow row: some StoreRow) throws {
        let id = try row.integer(0)
        self.init(
            id: id, incident: try row.integer(1), at: try row.date(2), kind: try row.known(Kind.self, 3, what: "timeline entry \(id): kind"),
            author: try row.text(4), text: try row.text(5))
    }
}

extension IncidentUpdate {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, incident, at, status, text, author"

    init(storeRow row: some StoreRow) throws {
        let id = try row.integer(0)
        self.init(
            id: id, incident: try row.integer(1), at: try row.date(2),
            status: try row.known(IncidentStatus.self, 3, what: "incident update \(id): status"), text: try row.text(4), author: try row.text(5))
    }
}

extension IncidentStore where Self: DocumentStore {
    public func addActionItem(_ item: ActionItem) async throws -> ActionItem {
        var stored = item
        stored.id = try await insertDocument(into: .actionItems, columns: ["incident": .integer(item.incident)]) { id in
            var stored = item
            stored.id = id
            return try StoredValue.json(stored)
        }
        return stored
    }

    public func modifyActionItem(id: Int64, _ change: @escaping @Sendable (inout ActionItem) throws -> Void) async throws -> ActionItem? {
        try await modifyDocument(in: .actionItems, id: id) { body in
            var item = try StoredValue.decode(ActionItem.self, body, what: "action item")
            try change(&item)
            item.id = id
            return DocumentUpdate(body: try StoredValue.json(item))
        }
        .map { try StoredValue.decode(ActionItem.self, $0, what: "action item") }
    }

    public func actionItems(incident: Int64?) async throws -> [ActionItem] {
        try await documents(in: .actionItems, matching: incident.map { ["incident": .integer($0)] } ?? [:], before: nil, newestFirst: false, limit: nil)
            .map { try StoredValue.decode(ActionItem.self, $0, what: "action item") }
    }
}
