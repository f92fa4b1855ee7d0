import Foundation
import Testing
import VigilTestSupport

/// Two `vigil serve` replicas on one PostgreSQL database: either ingests, only the
/// leader evaluates and notifies; `kill -9` of the leader hands leadership to the other
/// within one evaluation interval, and no notification is sent twice.
@Suite(.serialized) struct ReplicaFailoverTests {
    static let evaluationInterval = 5

    static func config(port: Int, sink: String) -> String {
        """
        services: [{name: api}]
        slis: [{name: api-requests}, {name: pay-requests}]
        slos:
          - {name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 7d}
          - {name: pay-availability, service: api, sli: pay-requests, objective: 0.99, window: 7d}
        receivers:
          - name: oncall
            webhook: {url: "\(sink)", secret: s3cret}
        routing:
          receiver: oncall
          group_by: [slo]
          group_wait: 0s
          group_interval: 1s
        probes:
          - {name: nightly-job, service: api, heartbeat: {expect_every: 4s, grace: 1s}}
        server:
          listen: 127.0.0.1:\(port)
          evaluation_interval: \(evaluationInterval)s
          tokens:
            - {name: pusher, sha256: \(ServerProcess.sha256Hex(ServerProcess.ingestToken)), scopes: [admin]}
        """
    }

    /// 400 events in the last whole minute (windows end before the current one), half of
    /// them bad: a page-worthy burn at the next evaluation.
    static func burst(sli: String) -> Data {
        let time = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        let lines = (0..<400).map { #"{"time":"\#(time)","sli":"\#(sli)","good":\#($0 % 2),"total":1}"# }
        return Data(lines.joined(separator: "\n").utf8)
    }

    static func push(_ sli: String, to server: ServerProcess) async throws {
        let (status, body) = try await server.request(
            "POST", "/api/v1/events", body: burst(sli: sli),
            headers: ["Authorization": "Bearer \(ServerProcess.ingestToken)"])
        #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
    }

    /// Whether the replica says it leads (`vigil_replica_leader` on /metrics).
    static func leads(_ server: ServerProcess) async -> Bool? {
        guard let (status, body) = try? await server.request("GET", "/metrics"), status == 200 else { return nil }
        let sample = String(decoding: body, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("vigil_replica_leader ") }
        return sample.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 == 1 }
    }

    static func waitUntil(_ deadline: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Notifications the sink accepted, by the SLO they are about.
    static func delivered(_ sink: WebhookSink, slo: String) throws -> [[String: Any]] {
        try sink.requests().filter { entry in
            guard entry["status"] as? Int == 200, let body = entry["body"],
                let data = try? JSONSerialization.data(withJSONObject: body)
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(slo)
        }
    }

    @Test(.requires(.postgres)) func theFollowerTakesOverWhenTheLeaderIsKilled() async throws {
        let database = try await TestPostgres.shared.freshDatabase()
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let first = try ServerProcess()
        let second = try ServerProcess()
        defer {
            // What the replicas said, for whoever is chasing a failure.
            if ProcessInfo.processInfo.environment["VIGIL_TEST_VERBOSE"] != nil,
                let said = try? String(contentsOf: first.log, encoding: .utf8) + String(contentsOf: second.log, encoding: .utf8)
            {
                print(said)
            }
            first.cleanUp()
            second.cleanUp()
        }
        for server in [first, second] {
            try Self.config(port: server.port, sink: sink.url).write(to: server.configFile, atomically: true, encoding: .utf8)
            server.store = database
        }
        try await first.start()
        #expect(try await Self.waitUntil(.seconds(10)) { await Self.leads(first) == true }, "the first replica leads")
        try await second.start()
        // Heartbeats posted to the follower keep the leader from calling the job missed:
        // past one period and grace after the first beat, no failed run may appear (the
        // leader's own board never hears these beats; only the store has them).
        let firstBeat = Date()
        for _ in 0..<12 {
            let (status, _) = try await second.request(
                "POST", "/api/v1/heartbeats/nightly-job",
                headers: ["Authorization": "Bearer \(ServerProcess.ingestToken)"])
            #expect(status == 200)
            try await Task.sleep(for: .seconds(1))
        }
        let (_, results) = try await first.request("GET", "/api/v1/probes/nightly-job/results?limit=100")
        let runs = (try JSONSerialization.jsonObject(with: results) as? [String: Any])?["results"] as? [[String: Any]] ?? []
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let missed = runs.filter { run in
            guard run["success"] as? Bool == false else { return false }
            // A failure whose time cannot be read counts against the test, not for it.
            guard let text = run["time"] as? String, let time = fractional.date(from: text) ?? plain.date(from: text) else { return true }
            return time > firstBeat.addingTimeInterval(5)
        }
        #expect(runs.count >= 12 && missed.isEmpty, "the leader called a beaten heartbeat missed: \(missed)")

        // Events pushed to the follower reach the leader, which pages.
        try await Self.push("api-requests", to: second)
        #expect(
            try await Self.waitUntil(.seconds(20)) { try !Self.delivered(sink, slo: "api-availability").isEmpty },
            "the leader notified about events ingested by the follower")
        // The follower serves the same figures from the shared store.
        let (_, sloBody) = try await second.request("GET", "/api/v1/slos/api-availability")
        let slo = (try JSONSerialization.jsonObject(with: sloBody) as? [String: Any])?["slo"] as? [String: Any]
        #expect(slo?["valid"] as? Int == 400 && slo?["good"] as? Int == 200, "\(String(decoding: sloBody, as: UTF8.self).prefix(600))")

        let killed = ContinuousClock.now
        first.signal(SIGKILL)
        let tookOver = try await Self.waitUntil(.seconds(Self.evaluationInterval * 2)) { await Self.leads(second) == true }
        let takeover = ContinuousClock.now - killed
        #expect(tookOver, "the follower took over")
        #expect(takeover <= .seconds(Self.evaluationInterval), "took over in \(takeover), within one evaluation interval")
        print("replica fail-over: the follower led \(takeover) after the leader's kill -9")

        // The new leader pages for a new burn, and does not page again for the old one.
        try await Self.push("pay-requests", to: second)
        #expect(
            try await Self.waitUntil(.seconds(20)) { try !Self.delivered(sink, slo: "pay-availability").isEmpty },
            "the new leader notified")
        try await Task.sleep(for: .seconds(Self.evaluationInterval + 2))
        let tally = try sink.tally()
        #expect(tally.duplicated.isEmpty, "no notification was sent twice: \(tally.duplicated)")
        #expect(try Self.delivered(sink, slo: "api-availability").count == 1, "the first page was not sent again by the new leader")
    }
}
