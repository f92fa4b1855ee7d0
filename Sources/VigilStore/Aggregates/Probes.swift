import Foundation
import VigilCore

extension StoreTable {
    /// Each run of a black-box probe and the verdict of its conditions.
    static let probeRuns = StoreTable(
        name: "probe_runs", since: .v4,
        columns: [
            .serialID, Column("probe", .text), Column("started_at", .real), Column("success", .boolean), Column("missed", .boolean),
            Column("response_time_ms", .real, nullable: true), Column("status", .integer, nullable: true), Column("conditions", .text),
            Column("error", .text, nullable: true),
        ],
        indexes: [Index("probe_runs_by_probe", on: ["probe", "id"]), Index("probe_runs_by_time", on: ["started_at"])],
        retention: Retention(condition: "started_at < ?", cutoff: .keys))
}

extension ProbeRunRecord {
    /// The columns ``init(storeRow:)`` reads, in its order.
    static let storeColumns = "id, probe, started_at, success, missed, response_time_ms, status, conditions, error"

    init(storeRow row: some StoreRow) throws {
        self.init(
            id: try row.integer(0), probe: try row.text(1), startedAt: try row.date(2), success: try row.boolean(3), missed: try row.boolean(4),
            responseTime: try row.optional(5, row.milliseconds), status: try row.optional(6, row.integer).map(Int.init),
            conditions: try row.document([ConditionOutcome].self, 7, what: "probe run"), error: try row.optional(8, row.text))
    }
}
