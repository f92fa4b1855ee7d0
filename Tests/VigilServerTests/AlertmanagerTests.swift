import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

@testable import VigilServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Alertmanager (Debian's prometheus-alertmanager), configured to send its webhooks
/// to Vigil, delivers an alert that Vigil routes onward to its own receiver.
@Suite(.serialized) struct AlertmanagerTests {
    static let binary = "/usr/bin/prometheus-alertmanager"

    @Test(.requires(.alertmanager)) func alertmanagerAlertsAreRoutedOnward() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        // A real Alertmanager stamps alerts with the real time: so must Vigil.
        let server = try TestServer(yaml: NotifierTests.config(sink: sink.url), clock: SystemClock())
        try await server.test(live: true) { client in
            let vigilPort = try #require(client.port)
            let alertmanager = try AlertmanagerProcess(webhook: "http://localhost:\(vigilPort)/api/v1/alertmanager", token: TestServer.ingestToken)
            defer { alertmanager.stop() }
            try await alertmanager.waitUntilReady()
            try await alertmanager.post(
                #"[{"labels":{"alertname":"DiskFull","service":"api","severity":"critical","class":"alert"},"annotations":{"summary":"disk 95% full on db-1"}}]"#
            )
            // Alertmanager waits its group_wait (1s), then posts to Vigil; Vigil routes it to
            // the sink. The outbox is driven by hand here (no background services).
            var generator = SystemRandomNumberGenerator()
            let deadline = ContinuousClock.now + .seconds(20)
            while try sink.tally().delivered.isEmpty && ContinuousClock.now < deadline {
                _ = try await server.runtime.deliverDue(limit: 10, using: &generator)
                try await Task.sleep(for: .milliseconds(100))
            }
            let request = try #require(try sink.requests().first)
            let alert = try #require(((request["body"] as? [String: Any])?["alerts"] as? [[String: Any]])?.first)
            #expect((alert["labels"] as? [String: String])?["alertname"] == "DiskFull")
            #expect(alert["class"] as? String == "alert" && alert["summary"] as? String == "disk 95% full on db-1")
            #expect(request["signature_valid"] as? Bool == true)
            // Vigil's fingerprint of the alert is Alertmanager's
            let known = try await alertmanager.alerts()
            #expect(known.first?["fingerprint"] as? String == alert["fingerprint"] as? String, "\(known)")
        }
    }
}

/// prometheus-alertmanager on free ports with a one-receiver configuration.
final class AlertmanagerProcess: @unchecked Sendable {
    let port = FreePort.next()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-am-\(UUID().uuidString)")
    private let process = Process()

    init(webhook: String, token: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            route:
              receiver: vigil
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: vigil
                webhook_configs:
                  - url: \(webhook)
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: \(token)
            """
        try config.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: AlertmanagerTests.binary)
        process.arguments = [
            "--config.file=\(directory.appendingPathComponent("alertmanager.yml").path)", "--storage.path=\(directory.path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    func waitUntilReady() async throws {
        for _ in 0..<100 {
            if let (status, _) = try? await request("GET", "/-/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    func post(_ alerts: String) async throws {
        let (status, body) = try await request("POST", "/api/v2/alerts", body: Data(alerts.utf8))
        #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")
    }

    func alerts() async throws -> [[String: Any]] {
        let (_, body) = try await request("GET", "/api/v2/alerts")
        return try JSONSerialization.jsonObject(with: body) as? [[String: Any]] ?? []
    }

    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
