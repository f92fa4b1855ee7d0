import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// A tier with `for:` is pending while its condition has held for less than that, and
/// fires once it has held long enough; the server's clock is moved on a minute at a time
/// with a minute of traffic each, as time would pass.
@Suite struct PendingAlertTests {
    static let yaml = TestServer.configYAML(
        extraSLO: """
            alert_policies:
              - name: held
                tiers:
                  - {name: page-1h, severity: page, long_window: 1h, short_window: 5m, factor: 14.4, for: 3m}
            """
    ).replacingOccurrences(
        of: "{name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 7d}",
        with: "{name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 7d, alerting: {policy: held}}")

    /// The SLO's page tier as `GET /api/v1/alerts` shows it.
    static func pageState(_ client: any TestClientProtocol) async throws -> String? {
        let alerts = try #require(try TestServer.json(try await client.execute(uri: "/api/v1/alerts", method: .get))["alerts"] as? [[String: Any]])
        return alerts.first { $0["slo"] as? String == "api-availability" && $0["tier"] as? String == "page-1h" }?["state"] as? String
    }

    @Test func aHeldTierIsPendingThenFires() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            let ingest = TestServer.bearer(TestServer.ingestToken)
            // an hour at half its requests failing: the tier's condition holds from the start
            let hour = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await client.succeed(uri: "/api/v1/events", method: .post, headers: ingest, body: TestServer.body(hour.joined(separator: "\n")))
            var states: [String?] = []
            for _ in 0..<5 {
                try await server.runtime.evaluate()
                states.append(try await Self.pageState(client))
                // the next minute comes, with its own burning traffic
                let minute = RFC3339.format(server.clock.now)
                server.clock.advance(by: .seconds(60))
                try await client.succeed(
                    uri: "/api/v1/events", method: .post, headers: ingest,
                    body: TestServer.body(#"{"time":"\#(minute)","sli":"api-requests","good":50,"total":100}"#))
            }
            #expect(states == ["pending", "pending", "pending", "firing", "firing"])
            // only the firing tier is an alert for the notifier
            #expect(await server.runtime.hotState.firingAlerts().contains { $0.labels["tier"] == "page-1h" })
            // the history has the two moves
            let history = try TestServer.json(try await client.execute(uri: "/api/v1/alerts/history?slo=api-availability", method: .get))
            let moves = (history["transitions"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
            #expect(moves == ["firing", "pending"], "newest first")
        }
    }
}
