import Foundation
import VigilCore

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

extension ToilEntry {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, team, minutes, category, note, automatable, at, author"

    init(storeRow row: some StoreRow) throws {
        self.init(
            id: try row.integer(0), team: try row.text(1), minutes: Int(try row.integer(2)), category: try row.text(3),
            note: try row.optional(4, row.text), automatable: try row.boolean(5), at: try row.date(6), author: try row.text(7))
    }
}

extension SatisfactionScore {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "service, score, at, note, author"

    init(storeRow row: some StoreRow) throws {
        self.init(service: try row.text(0), score: try row.real(1), at: try row.date(2), note: try row.optional(3, row.text), author: try row.text(4))
    }
}

extension MaintenanceWindow {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, service, starts_at, ends_at, reason, created_by"

    init(storeRow row: some StoreRow) throws {
        self.init(
            id: String(try row.integer(0)), service: try row.text(1), start: try row.date(2), end: try row.date(3), reason: try row.text(4),
            createdBy: try row.text(5))
    }
}
