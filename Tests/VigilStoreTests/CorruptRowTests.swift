import Foundation
import GRDB
import Testing
import VigilCore

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
}
