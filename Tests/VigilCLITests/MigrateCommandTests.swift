import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

/// `vigil migrate` end to end: the copy, a server on the copy, and the refusals.
@Suite struct MigrateCommandTests {
    @Test(.requires(.postgres)) func migratesIntoAnEmptyDatabaseOnceAndAServerReadsIt() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        let data = server.directory.appendingPathComponent("data").path
        let minute = Date().epochMinute - 30
        do {
            let store = try SQLiteStore(directory: data)
            _ = try await store.commit(
                [
                    IngestBatch(
                        idempotencyKey: nil,
                        deltas: [
                            MinuteDelta(sli: "api-requests", minute: minute, counts: EventCounts(good: 990, valid: 1000))
                        ], eventCount: 1000)
                ], receivedAt: Date())
        }
        let database = try await TestPostgres.shared.freshDatabase()

        let usage = try CLITests.vigil("migrate", "--from", database, "--to", database)
        #expect(usage.status == 2 && usage.stderr.contains("--from"), "\(usage.stderr)")
        let missing = try CLITests.vigil("migrate", "--from", "sqlite:/nonexistent/vigil", "--to", database)
        #expect(missing.status == 1 && missing.stderr.contains("no Vigil store there"), "\(missing.stderr)")

        // A database that is not there: PostgreSQL's own words, not a pool's.
        let absent = database.replacingOccurrences(of: "/vigil_test_", with: "/absent_")
        let refused = try CLITests.vigil("migrate", "--from", "sqlite:\(data)", "--to", absent)
        #expect(refused.status == 1 && refused.stderr.contains("does not exist"), "\(refused.stderr)")

        let migrated = try CLITests.vigil("migrate", "--from", "sqlite:\(data)", "--to", database)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("minute_buckets 1"), "\(migrated.stdout)")
        let again = try CLITests.vigil("migrate", "--from", "sqlite:\(data)", "--to", database)
        #expect(again.status == 1 && again.stderr.contains("migrate into an empty database"), "\(again.stderr)")

        // A server on the database sees the migrated minute.
        server.store = database
        try await server.start()
        let (_, body) = try await server.request("GET", "/api/v1/slos/api-availability")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#""valid":1000"#), "\(text.prefix(400))")
    }
}
