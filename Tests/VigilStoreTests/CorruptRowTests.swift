import Foundation
import GRDB
import PostgresNIO
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilStore

/// A stored value this Vigil cannot read is reported as corrupt, not read as something
/// else: an alert state it does not know must not come back `inactive` (which would
/// silently end a firing page at the next start).
@Suite struct CorruptRowTests {
    @Test func anUnknownAlertStateIsCorrupt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-corrupt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        try await store.recordTransitions([AlertTransition(key: AlertKey(slo: "api", tier: "page-1h"), state: .firing, at: 29_000_000)])
        #expect(try await store.latestAlertStates()[AlertKey(slo: "api", tier: "page-1h")]?.state == .firing)
        try await store.pool.write { db in try db.execute(sql: "UPDATE alert_transitions SET state = 'exploded'") }
        await #expect(throws: StoreError.corrupt("alert transition 1: state 'exploded'")) { try await store.latestAlertStates() }
        await #expect(throws: StoreError.corrupt("alert transition 1: state 'exploded'")) {
            try await store.transitions(slo: nil, before: nil, limit: 10)
        }
    }

    /// Each record is read by one mapping for both stores: an unknown status reads as
    /// corrupt in both.
    @Test(arguments: StoreBackend.runnable)
    func anUnknownIncidentUpdateStatusIsCorruptInEitherStore(_ backend: StoreBackend) async throws {
        let (store, close) = try await backend.makeStore()
        defer { close() }
        let incident = try await store.openIncident(
            Incident(
                title: "t", severity: "SEV2", times: IncidentTimes(start: Date(timeIntervalSince1970: 1_800_000_000)),
                createdAt: Date(timeIntervalSince1970: 1_800_000_000), createdBy: "ana"), timeline: [])
        let update = try await store.addUpdate(
            IncidentUpdate(incident: incident.id, at: Date(timeIntervalSince1970: 1_800_000_060), status: .identified, text: "found", author: "ana"))
        let sql = "UPDATE incident_updates SET status = 'exploded'"
        switch store {
        case let sqlite as SQLiteStore: try await sqlite.pool.write { try $0.execute(sql: sql) }
        case let postgres as PostgresStore: try await postgres.rows(PostgresQuery(unsafeSQL: sql))
        default: Issue.record("an unknown store")
        }
        await #expect(throws: StoreError.corrupt("incident update \(update.id): status 'exploded'")) { try await store.updates(incident: incident.id) }
    }

    /// SQLite keeps any value in any column; one of the wrong type is reported as corrupt
    /// rather than trapping in GRDB's conversion.
    @Test func aValueOfTheWrongTypeIsCorruptNotACrash() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-corrupt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteStore(directory: directory)
        _ = try await store.addToil(
            ToilEntry(
                id: 0, team: "sre", minutes: 30, category: "deploys", note: nil, automatable: true, at: Date(timeIntervalSince1970: 1_800_000_000),
                author: "ana"))
        try await store.pool.write { try $0.execute(sql: "UPDATE toil SET team = x'00ff'") }
        await #expect(throws: StoreError.self) { try await store.toil(since: Date(timeIntervalSince1970: 0), team: nil) }
    }
}
