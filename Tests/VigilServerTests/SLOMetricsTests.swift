import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilReports
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// `/metrics` carries every SLO instance's figures as `vigil_slo_*` gauges equal to the
/// evaluator's, labelled for Grafana, and promtool accepts the exposition.
@Suite struct SLOMetricsTests {
    /// `name{labels} value` lines of `text` for one metric, by their label text.
    static func samples(_ text: String, _ name: String) -> [String: Double] {
        var found: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") {
            guard let close = line.lastIndex(of: "}"), let value = Double(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)) else {
                continue
            }
            found[String(line[line.index(line.startIndex, offsetBy: name.count + 1)..<close])] = value
        }
        return found
    }

    @Test func everySLOInstanceIsExposedAsTheEvaluatorSeesIt() async throws {
        let grouped = """
            ---
            slis:
              - {name: api-routes}
            slos:
              - {name: api-by-route, service: api, sli: api-routes, objective: 0.99, window: 7d, group_by: [route]}
            """
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: grouped))
        try await server.test { client in
            // An hour of half-failing traffic on api-availability: its page tiers fire.
            let events =
                (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
                + ["/cart", "/search"].map {
                    #"{"time":"\#(TestServer.time(minutesAgo: 3))","sli":"api-routes","good":9,"total":10,"labels":{"route":"\#($0)"}}"#
                }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            try await server.runtime.evaluate()
            let text = String(buffer: try await client.succeed(uri: "/metrics", method: .get).body)
            let report = await server.runtime.hotState.report()
            let availability = try #require(report.entries.first { $0.name == "api-availability" }?.status)
            let key = #"slo="api-availability",service="api",team="core""#
            #expect(Self.samples(text, "vigil_slo_objective")[key] == 0.99)
            #expect(Self.samples(text, "vigil_slo_sli")[key] == availability.sli)
            #expect(Self.samples(text, "vigil_slo_error_budget_remaining")[key] == availability.budgetRemaining)
            #expect(Self.samples(text, "vigil_slo_events_valid")[key] == 6000)
            #expect(Self.samples(text, "vigil_slo_current_burn_rate")[key] == availability.currentBurn.rate)
            let burn = Self.samples(text, "vigil_slo_burn_rate")
            #expect(
                burn[key + #",window="5m""#] != nil
                    && burn[key + #",window="1h""#] == availability.tiers.first { $0.tier.longWindow == .seconds(3600) }?.long.rate)
            #expect(Self.samples(text, "vigil_slo_time_to_exhaustion_seconds")[key] != nil)
            // The fast page tier fires: state 2.
            let states = Self.samples(text, "vigil_slo_alert_state").filter { $0.key.hasPrefix(key) }
            #expect(states.contains { $0.key.contains(#"severity="page""#) && $0.value == 2 })
            #expect(states.count == availability.tiers.count)
            // Each group of the grouped SLO is its own series, with its label.
            let groups = Self.samples(text, "vigil_slo_sli").keys.filter { $0.hasPrefix(#"slo="api-by-route""#) }.sorted()
            #expect(
                groups == [#"slo="api-by-route",service="api",team="core",route="/cart""#, #"slo="api-by-route",service="api",team="core",route="/search""#])
            #expect(text.contains("vigil_slo_alert_transitions_total{state=\"firing\"}"))
            // promtool reads the whole exposition without a complaint.
            if ExternalTool.promtool.missingReason == nil {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-metrics-\(UUID().uuidString).txt")
                defer { try? FileManager.default.removeItem(at: file) }
                try text.write(to: file, atomically: true, encoding: .utf8)
                let (status, output) = try await ChildProcess.run("/bin/sh", ["-c", "promtool check metrics < \(file.path)"])
                #expect(status == 0, "\(output)")
            }
        }
    }
}
