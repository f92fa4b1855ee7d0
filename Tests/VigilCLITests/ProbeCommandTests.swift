import Foundation
import Testing

/// `vigil probe run` and `vigil probe list` against a real `vigil serve` as the target.
@Suite(.serialized) struct ProbeCommandTests {
    @Test func probeRunPassesFailsAndSaysWhy() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try await server.start()
        let probes = """
            services: [{name: api}, {name: vendor, external: true}]
            probes:
              - name: api-health
                service: api
                http: {url: "\(server.baseURL)/-/healthy"}
                conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 2000"]
              - name: api-port
                service: api
                tcp: {address: "127.0.0.1:\(server.port)"}
                conditions: ["[CONNECTED] == true"]
              - name: api-missing
                service: api
                http: {url: "\(server.baseURL)/nope"}
                conditions: ["[STATUS] == 200"]
              - name: vendor-down
                service: vendor
                tcp: {address: "127.0.0.1:1"}
                timeout: 2s
                conditions: ["[CONNECTED] == true"]
              - name: nightly
                service: api
                heartbeat: {expect_every: 1d}
            """
        let file = server.directory.appendingPathComponent("probes.yaml")
        try probes.write(to: file, atomically: true, encoding: .utf8)

        let passing = try CLITests.vigil("probe", "run", "--config", file.path, "api-health", "api-port")
        #expect(passing.status == 0, "\(passing.stderr)")
        #expect(passing.stdout.contains("PASS  api-health  (http GET \(server.baseURL)/-/healthy, "))
        #expect(passing.stdout.contains("  ok    [STATUS] (200) == 200"))
        #expect(passing.stdout.hasSuffix("2 of 2 probes passed\n"))

        let all = try CLITests.vigil("probe", "run", "--config", file.path)
        #expect(all.status == 3)
        #expect(all.stdout.contains("FAIL  api-missing"))
        #expect(all.stdout.contains("  FAIL  [STATUS] (404) == 200"))
        #expect(all.stdout.contains("  FAIL  [CONNECTED] (false) == true"))
        #expect(all.stdout.hasSuffix("2 of 4 probes passed\n"))

        let json = try CLITests.vigil("probe", "run", "--config", file.path, "api-missing", "--output", "json")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(runs.first?["success"] as? Bool == false)
        #expect((runs.first?["conditions"] as? [[String: Any]])?.first?["condition"] as? String == "[STATUS] (404) == 200")

        let unknown = try CLITests.vigil("probe", "run", "--config", file.path, "api-helth")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown probe 'api-helth'; did you mean 'api-health'?"))

        let list = try CLITests.vigil("probe", "list", "--config", file.path)
        #expect(list.status == 0)
        #expect(list.stdout.contains("vendor-down"))
        #expect(list.stdout.contains("vendor (external)"))
        #expect(list.stdout.contains("heartbeat every 1d"))
    }
}

extension ProbeCommandTests {
    /// `vigil serve` runs its probes on schedule: states, runs and `/metrics` under
    /// blackbox_exporter's names (the SLI feed is tested with a pinned clock in
    /// VigilServerTests, so this test need not wait for a minute to pass).
    @Test func serveRunsProbesOnTheirSchedule() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        let config = """
            services: [{name: api}, {name: vendor, external: true}]
            slos:
              - {name: api-up, service: api, sli: {probe: self-health}, objective: 0.99, window: 7d}
              - {name: api-fast, service: api, sli: {probe: self-health, kind: latency, threshold: 2s}, objective: 0.9, window: 7d}
            probes:
              - name: self-health
                service: api
                interval: 1s
                timeout: 1s
                http: {url: "\(server.baseURL)/-/healthy"}
                conditions: ["[STATUS] == 200"]
              - name: vendor-port
                service: vendor
                interval: 1s
                timeout: 1s
                tcp: {address: "127.0.0.1:1"}
                conditions: ["[CONNECTED] == true"]
                failure_threshold: 2
            server:
              listen: 127.0.0.1:\(server.port)
              evaluation_interval: 1s
            """
        try config.write(to: server.configFile, atomically: true, encoding: .utf8)
        try await server.start()
        var probes: [[String: Any]] = []
        for _ in 0..<60 {
            let (_, data) = try await server.request("GET", "/api/v1/probes")
            probes = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["probes"] as? [[String: Any]] ?? []
            if probes.map({ $0["state"] as? String }) == ["up", "down"] { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(probes.map { $0["state"] as? String } == ["up", "down"])
        #expect(probes.map { $0["external"] as? Bool } == [false, true])
        let failure = try #require(probes.last?["last_failure"] as? [String: Any])
        #expect((failure["conditions"] as? [[String: Any]])?.first?["condition"] as? String == "[CONNECTED] (false) == true")
        let (externalStatus, externalData) = try await server.request("GET", "/api/v1/probes?external=true")
        #expect(externalStatus == 200)
        #expect(((try JSONSerialization.jsonObject(with: externalData) as? [String: Any])?["probes"] as? [Any])?.count == 1)

        let (status, data) = try await server.request("GET", "/api/v1/probes/vendor-port/results?limit=1")
        #expect(status == 200)
        let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((page["results"] as? [Any])?.count == 1)
        #expect(page["next_cursor"] is String)
        let (missingStatus, _) = try await server.request("GET", "/api/v1/probes/nope/results")
        #expect(missingStatus == 404)

        let (_, metrics) = try await server.request("GET", "/metrics")
        let exposition = String(decoding: metrics, as: UTF8.self)
        #expect(exposition.contains(#"probe_success{probe="self-health"} 1"#))
        #expect(exposition.contains(#"probe_success{probe="vendor-port"} 0"#))
        #expect(exposition.contains(#"probe_http_status_code{probe="self-health"} 200"#))

    }
}
