import Foundation
import VigilCore

extension StoreTable {
    /// The results of `vigil load` runs (encoded), per service.
    static let loadRuns = StoreTable(
        name: "load_runs", since: .v9,
        columns: [.serialID, Column("service", .text, nullable: true), Column("started_at", .real), Column("body", .text)],
        indexes: [Index("load_runs_by_service", on: ["service", "id"])])
}
