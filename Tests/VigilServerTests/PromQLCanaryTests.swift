import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilAPIModels
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// A PromQL canary metric read from a real Prometheus: half an hour of a latency gauge per
/// version, backfilled by promtool into the blocks Prometheus serves, then judged by a run.
@Suite struct PromQLCanaryTests {
    static func config(url: String) -> String {
        let policy =
            ReleaseGateTests.policy("enforce") + """

                    canary:
                      prometheus:
                        - {name: p99-ms, query: 'max(shop_latency_ms{ {{selector}} })'}
                """
        return TestServer.configYAML(extraSLO: policy)
            .replacingOccurrences(of: "\nserver:\n", with: "\nserver:\n  prometheus: {url: \"\(url)\", timeout: 5s}\n")
    }

    @Test(.requires(.prometheus), .requires(.promtool), .timeLimit(.minutes(2)))
    func aSlowerCanaryInPrometheusFailsTheRun() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-promcanary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 40 minutes before the test server's now, a sample a minute: 2.4.0 is 40 ms slower.
        let now = Int(TestServer.now.timeIntervalSince1970)
        var lines = ["# TYPE shop_latency_ms gauge"]
        for (version, extra) in [("2.3.9", 0), ("2.4.0", 40)] {
            for minute in stride(from: 40, through: 0, by: -1) {
                lines.append("shop_latency_ms{version=\"\(version)\"} \(80 + extra + minute % 7) \(now - minute * 60)")
            }
        }
        lines.append("# EOF")
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("data.om"), atomically: true, encoding: .utf8)
        let (status, output) = try await ChildProcess.run(
            "/usr/bin/promtool",
            ["tsdb", "create-blocks-from", "openmetrics", directory.appendingPathComponent("data.om").path, directory.appendingPathComponent("tsdb").path])
        #expect(status == 0, "\(output)")
        try "global: {evaluation_interval: 1m}\n".write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let port = FreePort.next()
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = [
            "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/tsdb", "--storage.tsdb.retention.time=3650d",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ]
        prometheus.standardInput = FileHandle.nullDevice
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer { prometheus.terminate() }
        let url = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<100 {
            if let (code, _) = try? await ChildProcess.run("/usr/bin/curl", ["-sf", "\(url)/-/ready"]), code == 0 {
                ready = true
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        try #require(ready, "Prometheus did not become ready")

        let server = try TestServer(yaml: Self.config(url: url))
        try await server.test { client in
            let run = try await ReleaseGateTests.startCanary(client)
            let metric = try #require(run.intervals.first?.distributions.first { $0.metric == "p99-ms" }, "\(run)")
            #expect(metric.classification == .high, "\(metric)")
            #expect(metric.baselineCount == 5 && metric.canaryCount == 5, "five minutes in the first interval: \(metric)")
            #expect(abs((metric.estimate ?? 0) - 40) < 1e-6, "\(metric)")
            #expect(run.status == .fail, "\(run.reason ?? "")")
        }
        // Prometheus gone: the metric says why, and the run goes on without it.
        prometheus.terminate()
        prometheus.waitUntilExit()
        let again = try TestServer(yaml: Self.config(url: url))
        try await again.test { client in
            let run = try await ReleaseGateTests.startCanary(client)
            let metric = try #require(run.intervals.first?.distributions.first { $0.metric == "p99-ms" })
            #expect(metric.classification == .error && metric.reason?.contains("Prometheus could not be read") == true, "\(metric)")
            #expect(run.intervals.first?.verdict == .inconclusive, "no data at all: \(run.reason ?? "")")
        }
    }
}
