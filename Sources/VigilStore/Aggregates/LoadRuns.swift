import Foundation
import VigilCore

extension StoreTable {
    /// The results of `vigil load` runs (encoded), per service.
    static let loadRuns = StoreTable(
        name: "load_runs", since: .v9,
        columns: [.serialID, Column("service", .text, nullable: true), Column("started_at", .real), Column("body", .text)],
        indexes: [Index("load_runs_by_service", on: ["service", "id"])])
}

extension LoadRunStore where Self: DocumentStore {
    public func addLoadRun(_ run: LoadRun) async throws -> LoadRun {
        var stored = run
        stored.id = try await insertDocument(into: .loadRuns, columns: ["service": .text(run.service), "started_at": .time(run.startedAt)]) { id in
            var stored = run
            stored.id = id
            return try StoredValue.json(stored)
        }
        return stored
    }

    public func loadRuns(service: String?, before: Int64?, limit: Int) async throws -> [LoadRun] {
        try await documents(in: .loadRuns, matching: service.map { ["service": .text($0)] } ?? [:], before: before, newestFirst: true, limit: limit)
            .map { try StoredValue.decode(LoadRun.self, $0, what: "load run") }
    }
}
