import Foundation
import Testing
import VigilTestSupport

/// The outbox across a `kill -9`: a real `vigil serve` notifies a receiver that is down,
/// is killed mid-retry, restarts, and the receiver comes back: every notification
/// arrives, none is minted twice, and duplicates carry the same idempotency key.
@Suite(.serialized) struct NotificationCrashTests {
    @Test func notificationsSurviveAKillDuringAnOutage() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: true, failAfterRead: 2)
        defer { sink.stop() }
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try ServerProcess.config(
            port: server.port,
            extraSLO: """
                receivers:
                  - name: oncall
                    webhook: {url: "\(sink.url)", secret: s3cret}
                routing:
                  receiver: oncall
                  group_by: [instance]
                  group_wait: 0s
                  group_interval: 1s
                """
        ).write(to: server.configFile, atomically: true, encoding: .utf8)
        try await server.start()
        let count = 30
        let alerts = (0..<count).map {
            #"{"status":"firing","labels":{"alertname":"Down","instance":"db-\#($0)","severity":"critical"},"startsAt":"2026-11-24T11:00:00Z"}"#
        }
        let (status, _) = try await server.request(
            "POST", "/api/v1/alertmanager", body: Data(#"{"version":"4","status":"firing","alerts":[\#(alerts.joined(separator: ","))]}"#.utf8),
            headers: ["Authorization": "Bearer \(ServerProcess.ingestToken)", "Content-Type": "application/json"])
        #expect(status == 200)
        // Let the outbox try (and fail) a few times, then kill it mid-retry.
        try await Task.sleep(for: .milliseconds(1500))
        server.signal(SIGKILL)
        try await server.start()
        try sink.comeUp()
        var tally = try sink.tally()
        // Only a bound on the wait: the retries back off, and the full suite on two cores
        // slows them (one run needed more than 30 s).
        let deadline = ContinuousClock.now + .seconds(90)
        while tally.delivered.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            tally = try sink.tally()
        }
        let (_, body) = try await server.request("GET", "/api/v1/notifications?limit=1000")
        let notifications = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["notifications"] as? [[String: Any]])
        // one notification per alert group, made once (the restart did not make new ones)
        #expect(notifications.count == count)
        #expect(tally.delivered == Set(notifications.compactMap { $0["idempotency_key"] as? String }))
        #expect(tally.duplicated.count >= 2)
        #expect(try sink.requests().allSatisfy { $0["signature_valid"] as? Bool == true })
        // The CLI: list, acknowledge, silence.
        let list = try CLITests.vigil("alert", "list", "--server", server.baseURL)
        #expect(list.status == 0 && list.stdout.contains("firing   alert  Down db-0"), "\(list.stdout)\(list.stderr)")
        let fingerprint = String(list.stdout.prefix(16))
        let ack = try CLITests.vigil("alert", "ack", fingerprint, "--by", "ana", "--server", server.baseURL, "--token", ServerProcess.ingestToken)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(try CLITests.vigil("alert", "list", "--server", server.baseURL).stdout.contains("(acknowledged by ana)"))
        let unknown = try CLITests.vigil("alert", "ack", "ffffffffffffffff", "--server", server.baseURL, "--token", ServerProcess.ingestToken)
        #expect(unknown.status == 1 && unknown.stderr.contains("no firing alert"))
        let silence = try CLITests.vigil(
            "alert", "silence", "add", "instance=~db-1.*", "--duration", "2h", "--comment", "rebuild",
            "--server", server.baseURL, "--token", ServerProcess.ingestToken)
        #expect(silence.status == 0, "\(silence.stderr)")
        let id = silence.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLITests.vigil("alert", "silence", "list", "--server", server.baseURL).stdout.contains("\(id)  active"))
        let bad = try CLITests.vigil(
            "alert", "silence", "add", "instance~db", "--comment", "x", "--server", server.baseURL, "--token", ServerProcess.ingestToken)
        #expect(bad.status == 1 && bad.stderr.contains("matchers[0]: expected =, !=, =~ or !~ after 'instance'"), "\(bad.stderr)")
        #expect(try CLITests.vigil("alert", "silence", "expire", id, "--server", server.baseURL, "--token", ServerProcess.ingestToken).status == 0)
        let report = try CLITests.vigil("report", "alerts", "--since", "1d", "--server", server.baseURL, "--output", "json")
        #expect(report.status == 0, "\(report.stderr)")
        let rule = try #require(((try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["rules"] as? [[String: Any]])?.first)
        #expect(rule["rule"] as? String == "Down" && rule["fired"] as? Int == count && rule["flaps"] as? Int == 0)
        #expect(abs((rule["acknowledged_share"] as? Double ?? 0) - 1.0 / Double(count)) < 1e-9)
        let text = try CLITests.vigil("report", "alerts", "--since", "1d", "--server", server.baseURL)
        #expect(text.stdout.contains("Down  alert      30"), "\(text.stdout)")
        print(
            "kill -9 outage test: \(count) notifications made, \(tally.delivered.count) delivered, \(tally.requests) requests read, \(tally.duplicated.count) keys read twice or more (same key each time)"
        )
    }
}
