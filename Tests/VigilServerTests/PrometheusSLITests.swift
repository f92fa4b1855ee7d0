import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// SLIs written in PromQL, read by `vigil serve` from a Prometheus-compatible API and
/// evaluated by Vigil: through a scripted API (exact figures, refusals, outages), and
/// through a real Prometheus from Debian scraping a local target.
@Suite struct PrometheusSLITests {
    static func config(url: String) -> String {
        """
        services: [{name: api}]
        slis:
          - name: api-requests
            prometheus:
              error_query: sum(rate(http_requests_total{job="api",code="500"}[{{.window}}]))
              total_query: sum(rate(http_requests_total{job="api"}[{{.window}}]))
        slos:
          - {name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 1d}
        server:
          prometheus: {url: "\(url)", timeout: 2s}
        """
    }

    /// Answers like Prometheus: per minute, 100 requests and 2 errors (4 in minute 30 before
    /// now), or refuses while `refusing` is set.
    final class ScriptedAPI: PrometheusQuerying, @unchecked Sendable {
        let lock = NSLock()
        var refusing = false
        var asked: [ClosedRange<EpochMinute>] = []

        func queryRange(_ source: PrometheusSource, query: String, minutes: ClosedRange<EpochMinute>) async throws -> Data {
            let refuse = lock.withLock {
                asked.append(minutes)
                return refusing
            }
            if refuse { return Data(#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#.utf8) }
            let now = TestServer.now.epochMinute
            let values = minutes.map { minute -> String in
                let value = query.contains("code=\"500\"") ? (minute == now - 30 ? 4 : 2) : 100
                return "[\((minute + 1) * 60),\"\(value)\"]"
            }
            return Data(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[\#(values.joined(separator: ","))]}]}}"#.utf8)
        }
    }

    static func slo(_ client: any TestClientProtocol) async throws -> [String: Any] {
        try #require(try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-availability", method: .get))["slo"] as? [String: Any])
    }

    @Test func minutesFromTheAPIAreEvaluatedAndOutagesAreNoDataWithTheReason() async throws {
        let server = try TestServer(yaml: Self.config(url: "http://prometheus.invalid:9090"))
        try await server.test { client in
            let before = try await Self.slo(client)
            #expect(before["evaluated"] as? Bool == false)
            #expect((before["notes"] as? [String])?.contains("no minutes read from Prometheus yet") == true)

            let api = ScriptedAPI()
            let reader = PrometheusSLIReader(querying: api)
            await reader.poll(server.runtime)
            // the whole day the window needs, in one chunk per query
            let now = TestServer.now.epochMinute
            #expect(api.asked.first.map { $0.upperBound } == now - 1)
            let slo = try await Self.slo(client)
            #expect(slo["valid"] as? Int == 100 * 1440 && slo["good"] as? Int == 98 * 1440 - 2)
            #expect((slo["notes"] as? [String]) == ["SLI read from Prometheus, one sample a minute"])

            // Prometheus refuses: the reason is on the SLO; the minutes already read stay
            api.lock.withLock { api.refusing = true }
            await reader.poll(server.runtime)
            let refused = try await Self.slo(client)
            let notes = try #require(refused["notes"] as? [String])
            #expect(notes.contains { $0.contains("Prometheus at http://prometheus.invalid:9090 could not be read") && $0.contains("query timed out") })
            #expect(refused["valid"] as? Int == 100 * 1440)
            // the next read asks again from five minutes back
            #expect(api.asked.last?.lowerBound == now - 6)
        }
    }

    @Test func withoutAPrometheusTheSLOSaysSo() async throws {
        let yaml = Self.config(url: "http://x").replacingOccurrences(of: "server:\n  prometheus: {url: \"http://x\", timeout: 2s}", with: "")
        try await TestServer(yaml: yaml).test { client in
            let slo = try await Self.slo(client)
            #expect((slo["notes"] as? [String])?.contains("no Prometheus to read it from: set server.prometheus.url") == true)
        }
    }

    // MARK: A real Prometheus

    /// A scrape target whose counters grow 100 requests a second, 1 of them failing.
    static let target = """
        import http.server, sys, time
        start = time.time()
        class Metrics(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seconds = time.time() - start
                body = ("# TYPE http_requests_total counter\\n"
                        f'http_requests_total{{code="200"}} {99 * seconds}\\n'
                        f'http_requests_total{{code="500"}} {1 * seconds}\\n').encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Metrics).serve_forever()
        """

    @Test(.requires(.prometheus), .timeLimit(.minutes(4))) func aRealPrometheusScrapingATargetFeedsTheSLO() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let targetPort = FreePort.next()
        let prometheusPort = FreePort.next()
        try Self.target.write(to: directory.appendingPathComponent("target.py"), atomically: true, encoding: .utf8)
        try """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: api
            static_configs: [{targets: ["127.0.0.1:\(targetPort)"]}]
        """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let target = Process()
        let prometheus = Process()
        target.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        target.arguments = [directory.appendingPathComponent("target.py").path, "\(targetPort)"]
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
        prometheus.arguments = [
            "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
            "--web.listen-address=127.0.0.1:\(prometheusPort)", "--log.level=warn",
        ]
        // Neither may hold the test runner's output pipe open (swift test waits for its end).
        for process in [target, prometheus] {
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try target.run()
        try prometheus.run()
        defer {
            prometheus.terminate()
            target.terminate()
        }
        let url = "http://127.0.0.1:\(prometheusPort)"
        // Wait for a first scrape, then for the end of a minute with 15 s of samples in it.
        var scraped: Date?
        for _ in 0..<120 {
            if let (status, _) = try? await ChildProcess.run(
                "/usr/bin/python3",
                [
                    "-c", "import urllib.request,sys; d=urllib.request.urlopen(sys.argv[1]).read(); sys.exit(0 if b'\"value\"' in d and b'\"1\"' in d else 1)",
                    "\(url)/api/v1/query?query=up",
                ]), status == 0
            {
                scraped = Date()
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        let firstScrape = try #require(scraped, "Prometheus never scraped the target")
        var minuteEnd = (firstScrape.timeIntervalSince1970 / 60).rounded(.up) * 60
        if minuteEnd - firstScrape.timeIntervalSince1970 < 15 { minuteEnd += 60 }
        try await Task.sleep(for: .seconds(max(0, minuteEnd - Date().timeIntervalSince1970) + 3))

        let server = try TestServer(yaml: Self.config(url: url), clock: SystemClock())
        try await server.test { client in
            let reader = PrometheusSLIReader()
            await reader.poll(server.runtime)
            let slo = try await Self.slo(client)
            let valid = try #require(slo["valid"] as? Int, "no minutes: \(slo["notes"] ?? "")")
            let sli = try #require(slo["sli"] as? Double)
            #expect(valid >= 1000, "at 100 requests a second, at least a partly scraped minute")
            #expect(abs(sli - 0.99) < 0.003, "1 in 100 requests fails: SLI \(sli) from \(valid) events")
            #expect((slo["notes"] as? [String]) == ["SLI read from Prometheus, one sample a minute"])

            // Prometheus gone: the reason is on the SLO, the minutes read stay
            prometheus.terminate()
            prometheus.waitUntilExit()
            await reader.poll(server.runtime)
            let after = try await Self.slo(client)
            #expect((after["notes"] as? [String])?.contains { $0.hasPrefix("Prometheus at \(url) could not be read") } == true)
            #expect(after["valid"] as? Int == valid)
        }
    }
}
