import Foundation
import VigilCore

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

extension AlertTransition {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, slo, tier, state, at, active_since"

    /// A stored state this Vigil does not know is a corrupt row, never quietly
    /// `inactive` (which would end a firing page at the next start).
    init(storeRow row: some StoreRow) throws {
        let id = try row.integer(0)
        self.init(
            id: id, key: AlertKey(slo: try row.text(1), tier: try row.text(2)),
            state: try row.known(AlertState.self, 3, what: "alert transition \(id): state"), at: try row.integer(4),
            activeSince: try row.optional(5, row.integer))
    }
}
