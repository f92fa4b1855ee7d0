import Foundation
import Testing

/// `vigil backup` and `vigil restore` against a real `vigil serve`: a backup while it
/// runs, a restore refused while it runs (and a second server on its data), then a
/// restore that brings the events back.
@Suite struct BackupCommandTests {
    static func events(_ server: ServerProcess, minutesAgo: ClosedRange<Int>) async throws {
        let lines = minutesAgo.map { minute -> String in
            let time = ISO8601DateFormatter().string(from: Date().addingTimeInterval(TimeInterval(-60 * minute)))
            return #"{"time":"\#(time)","sli":"api-requests","good":9,"total":10}"#
        }
        let (status, _) = try await server.request(
            "POST", "/api/v1/events", body: Data(lines.joined(separator: "\n").utf8),
            headers: ["Authorization": "Bearer \(ServerProcess.ingestToken)"])
        #expect(status == 200)
    }

    static func valid(_ server: ServerProcess) async throws -> Int? {
        let (_, data) = try await server.request("GET", "/api/v1/slos/api-availability")
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["slo"] as? [String: Any])?["valid"] as? Int
    }

    @Test func backupWhileServingRestoreWhenStopped() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        let data = server.directory.appendingPathComponent("data").path
        let file = server.directory.appendingPathComponent("backup.sqlite").path
        try await server.start()
        try await Self.events(server, minutesAgo: 1...30)
        #expect(try await Self.valid(server) == 300)

        let backup = try CLITests.vigil("backup", "--data", data, "--out", file)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("backed up \(file)") && backup.stdout.contains("minute_buckets"))
        try await Self.events(server, minutesAgo: 31...40) // after the backup: not in it

        let refused = try CLITests.vigil("restore", "--data", data, "--from", file)
        #expect(refused.status == 1 && refused.stderr.contains("in use by a running vigil serve"))
        let second = try CLITests.vigil("serve", "--config", server.configFile.path, "--data", data, "--listen", "127.0.0.1:\(server.port + 1)")
        #expect(second.status == 1 && second.stderr.contains("in use by a running vigil serve"))

        server.signal(SIGTERM)
        let restored = try CLITests.vigil("restore", "--data", data, "--from", file)
        #expect(restored.status == 0, "\(restored.stderr)")
        try await server.start()
        #expect(try await Self.valid(server) == 300, "the events pushed after the backup are gone, the others back")
        let damaged = server.directory.appendingPathComponent("damaged.sqlite").path
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: damaged))
        server.signal(SIGTERM)
        let bad = try CLITests.vigil("restore", "--data", data, "--from", damaged)
        #expect(bad.status == 1 && bad.stderr.contains("vigil restore:"))
    }
}
