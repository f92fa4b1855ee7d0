import Foundation
import Testing
import VigilTestSupport

/// Escalations across a real `kill -9`: a page's first step goes out, the server dies
/// before the second is due, and once running again (the same process restarted, or the
/// other replica taking over on PostgreSQL) the second step goes out once — no step
/// repeated, none skipped, none early.
@Suite(.serialized) struct EscalationCrashTests {
    static let delay = 8

    static func oncall(sink: String) -> String {
        """
        people:
          - {name: Ana, time_zone: Europe/Berlin, contacts: [{webhook: {url: "\(sink)/ana", secret: s3cret}}]}
          - {name: Ben, time_zone: Asia/Tokyo, contacts: [{webhook: {url: "\(sink)/ben", secret: s3cret}}]}
        escalation_policies:
          - name: pages
            steps:
              - {notify: [{person: Ana}], delay: \(delay)s}
              - {notify: [{person: Ben}], delay: \(delay)s}
        routing:
          receiver: pages
          group_wait: 0s
          group_interval: 1s
        """
    }

    static let alert = Data(
        #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","service":"api","severity":"critical"},"annotations":{"summary":"api is down"},"startsAt":"2026-11-24T11:00:00Z"}]}"#
            .utf8)

    /// When each delivered page reached the sink, by path.
    static func arrivals(_ sink: WebhookSink) throws -> [String: Int] {
        Dictionary(grouping: try sink.requests().filter { $0["status"] as? Int == 200 }, by: { ($0["path"] as? String) ?? "" }).mapValues(\.count)
    }

    static func page(_ server: ServerProcess) async throws {
        let (status, body) = try await server.request(
            "POST", "/api/v1/alertmanager", body: alert, headers: ["Authorization": "Bearer \(ServerProcess.ingestToken)", "Content-Type": "application/json"])
        #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
    }

    @Test func aKillBetweenStepsSendsTheNextStepOnce() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try ServerProcess.config(port: server.port, extraSLO: Self.oncall(sink: sink.url)).write(to: server.configFile, atomically: true, encoding: .utf8)
        try await server.start()
        let paged = ContinuousClock.now
        try await Self.page(server)
        #expect(try await ReplicaFailoverTests.waitUntil(.seconds(10)) { try Self.arrivals(sink)["/hook/ana"] == 1 }, "step 1 reached Ana")
        // Between the steps: the delivery is recorded, step 2 not yet due. (A kill in the
        // instant between a receiver's answer and its record is the outbox's case —
        // NotificationCrashTests — where a resend carries the same idempotency key.)
        try await Task.sleep(for: .milliseconds(1500))
        server.signal(SIGKILL)
        try await server.start()
        #expect(try await ReplicaFailoverTests.waitUntil(.seconds(30)) { try Self.arrivals(sink)["/hook/ben"] != nil }, "step 2 reached Ben after the restart")
        let second = ContinuousClock.now - paged
        // The policy has two steps and no repeat: wait past its end to see nothing more.
        try await Task.sleep(for: .seconds(Self.delay + 2))
        let arrivals = try Self.arrivals(sink)
        #expect(arrivals["/hook/ana"] == 1 && arrivals["/hook/ben"] == 1, "\(arrivals)")
        #expect(second >= .seconds(Self.delay), "step 2 waited its delay (\(second))")
        let tally = try sink.tally()
        #expect(tally.duplicated.isEmpty, "\(tally.duplicated)")
        print("escalation across kill -9: Ana paged at step 1, Ben at step 2 \(second) after the page, duplicates: \(tally.duplicated.count)")
    }

    @Test(.requires(.postgres)) func theNewLeaderContinuesTheEscalationWithoutADuplicate() async throws {
        let database = try await TestPostgres.shared.freshDatabase()
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let first = try ServerProcess()
        let second = try ServerProcess()
        defer {
            first.cleanUp()
            second.cleanUp()
        }
        for server in [first, second] {
            let config = ReplicaFailoverTests.config(port: server.port, sink: sink.url)
                .replacingOccurrences(of: "receivers:\n  - name: oncall\n    webhook: {url: \"\(sink.url)\", secret: s3cret}\n", with: "")
                .replacingOccurrences(
                    of: "routing:\n  receiver: oncall\n  group_by: [slo]\n  group_wait: 0s\n  group_interval: 1s\n", with: Self.oncall(sink: sink.url) + "\n"
                )
                // No heartbeat: its missed beats would page too.
                .replacingOccurrences(of: "probes:\n  - {name: nightly-job, service: api, heartbeat: {expect_every: 4s, grace: 1s}}\n", with: "")
            #expect(!config.contains("heartbeat") && config.contains("escalation_policies"))
            try config.write(to: server.configFile, atomically: true, encoding: .utf8)
            server.store = database
        }
        try await first.start()
        #expect(try await ReplicaFailoverTests.waitUntil(.seconds(10)) { await ReplicaFailoverTests.leads(first) == true }, "the first replica leads")
        try await second.start()
        let paged = ContinuousClock.now
        try await Self.page(first)
        #expect(try await ReplicaFailoverTests.waitUntil(.seconds(10)) { try Self.arrivals(sink)["/hook/ana"] == 1 }, "step 1 reached Ana")
        try await Task.sleep(for: .milliseconds(1500))
        first.signal(SIGKILL)
        #expect(
            try await ReplicaFailoverTests.waitUntil(.seconds(ReplicaFailoverTests.evaluationInterval * 2)) {
                await ReplicaFailoverTests.leads(second) == true
            },
            "the follower took over")
        #expect(try await ReplicaFailoverTests.waitUntil(.seconds(30)) { try Self.arrivals(sink)["/hook/ben"] != nil }, "the new leader sent step 2")
        let stepTwo = ContinuousClock.now - paged
        try await Task.sleep(for: .seconds(Self.delay + 2))
        let arrivals = try Self.arrivals(sink)
        #expect(arrivals["/hook/ana"] == 1 && arrivals["/hook/ben"] == 1, "\(arrivals)")
        #expect(stepTwo >= .seconds(Self.delay), "step 2 waited its delay (\(stepTwo))")
        let tally = try sink.tally()
        #expect(tally.duplicated.isEmpty, "\(tally.duplicated)")
        let (_, body) = try await second.request("GET", "/api/v1/escalations")
        let escalation = ((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["escalations"] as? [[String: Any]])?.first
        #expect((escalation?["pages"] as? [[String: Any]])?.compactMap { $0["recipient"] as? String } == ["Ana", "Ben"])
        print(
            "escalation across a leader's kill -9: Ana at step 1 from the old leader, Ben at step 2 \(stepTwo) after the page from the new one, duplicates: \(tally.duplicated.count)"
        )
    }
}
