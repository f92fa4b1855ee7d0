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
