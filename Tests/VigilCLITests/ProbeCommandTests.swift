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
