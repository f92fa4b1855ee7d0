import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// Alerts in → routed, grouped → outbox → a real webhook receiver (scripts/webhook-sink.py)
/// that is down, then up: every notification arrives, signed, none lost; a message the
/// receiver read but answered 500 arrives again with the same idempotency key.
@Suite(.serialized) struct NotifierTests {
    static func config(sink: String) -> String {
        TestServer.configYAML(
            extraSLO: """
                receivers:
                  - name: oncall
                    webhook: {url: "\(sink)", secret: s3cret}
                routing:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1s
                """)
    }

    /// An Alertmanager webhook body with `count` alerts.
    static func alertmanagerPayload(count: Int, status: String = "firing") -> String {
        let alerts = (0..<count).map { index in
            #"{"status":"\#(status)","labels":{"alertname":"HighLatency","instance":"web-\#(index)","severity":"critical"},"annotations":{"summary":"p99 over 1s on web-\#(index)"},"startsAt":"2026-11-24T11:50:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph","fingerprint":"x"}"#
        }
        return
            #"{"version":"4","groupKey":"{}:{alertname=\"HighLatency\"}","truncatedAlerts":0,"status":"\#(status)","receiver":"vigil","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093","alerts":[\#(alerts.joined(separator: ","))]}"#
    }

    @Test func anOutageLosesNothingAndDuplicatesKeepTheirKey() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: true, failAfterRead: 3)
        defer { sink.stop() }
        let server = try TestServer(yaml: Self.config(sink: sink.url), deliveryBackoff: .milliseconds(50))
        let count = 20
        try await server.test { client in
            try await client.execute(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken),
                body: TestServer.body(Self.alertmanagerPayload(count: count))
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            // Alertmanager repeats firing alerts: a second copy is neither news nor a new event
            try await client.execute(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken),
                body: TestServer.body(Self.alertmanagerPayload(count: count))
            ) { response in
                #expect(response.status == .ok)
            }
            #expect(try await server.runtime.notificationStore.alertEvents(since: .distantPast).count == count)
            // committed with the answer: the outbox holds one notification per group
            var generator = SystemRandomNumberGenerator()
            let made = try await server.runtime.notificationStore.notifications(before: nil, limit: 100)
            #expect(made.count == count)
            // the receiver is down: attempts fail and are retried later (the server's
            // clock is moved on, past the shortened backoff, instead of sleeping)
            for _ in 0..<3 {
                _ = try await server.runtime.deliverDue(limit: 100, using: &generator)
                server.clock.advance(by: .milliseconds(60))
            }
            #expect(try await server.runtime.notificationStore.notifications(before: nil, limit: 100).allSatisfy { $0.deliveredAt == nil && $0.attempts >= 1 })
            try sink.comeUp()
            // up to 100 s of the server's time in 100 ms steps: every retry comes due
            for _ in 0..<1000 {
                _ = try await server.runtime.deliverDue(limit: 100, using: &generator)
                if try await server.runtime.notificationStore.notifications(before: nil, limit: 100).allSatisfy({ $0.deliveredAt != nil }) { break }
                server.clock.advance(by: .milliseconds(100))
            }
            let rows = try await server.runtime.notificationStore.notifications(before: nil, limit: 100)
            #expect(rows.allSatisfy { $0.state == "delivered" }, "\(rows.map { ($0.state, $0.lastError ?? "") })")

            let requests = try sink.requests()
            let delivered = Set(requests.filter { $0["status"] as? Int == 200 }.compactMap { $0["key"] as? String })
            #expect(delivered == Set(rows.map(\.notification.idempotencyKey)))
            // the three read-then-500 messages came twice, with the same key
            let keys = requests.compactMap { $0["key"] as? String }
            let duplicates = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }
            #expect(duplicates.count == 3 && keys.count == count + 3)
            #expect(requests.allSatisfy { $0["signature_valid"] as? Bool == true })
            // what a person needs is in the body
            let body = try #require(requests.last?["body"] as? [String: Any])
            let alert = try #require((body["alerts"] as? [[String: Any]])?.first)
            #expect(alert["class"] as? String == "alert" && (alert["summary"] as? String)?.hasPrefix("p99 over 1s") == true)
            print(
                "outage test: \(count) notifications made, \(delivered.count) delivered, \(keys.count) requests read, \(duplicates.count) duplicates (same key), \(requests.count(where: { $0["signature_valid"] as? Bool == true })) signatures valid"
            )

            // the API shows the attempts: failures first, then the delivery
            let first = try #require(rows.last)
            try await client.execute(uri: "/api/v1/notifications/\(first.id)/attempts", method: .get) { response in
                let attempts = try #require(try TestServer.json(response)["attempts"] as? [[String: Any]])
                #expect(attempts.count >= 2 && attempts.last?["success"] as? Bool == true)
                #expect(attempts.first?["status"] as? Int == 503)
            }
            try await client.execute(uri: "/api/v1/notifications", method: .get) { response in
                let list = try #require(try TestServer.json(response)["notifications"] as? [[String: Any]])
                #expect(list.count == count && list.allSatisfy { $0["state"] as? String == "delivered" })
            }
        }
    }

    @Test func silencesAndAcknowledgementsGoThroughTheAPI() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let server = try TestServer(yaml: Self.config(sink: sink.url), deliveryBackoff: .milliseconds(50))
        try await server.test { client in
            let write = TestServer.bearer(TestServer.writeToken)
            var silenceID = ""
            try await client.execute(
                uri: "/api/v1/silences", method: .post, headers: write,
                body: TestServer.body(#"{"matchers":["instance=web-0"],"duration":"2h","created_by":"ana","comment":"deploying web-0"}"#)
            ) { response in
                #expect(response.status == .created)
                silenceID = try #require(try TestServer.json(response)["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/silences", method: .post, headers: write,
                body: TestServer.body(#"{"matchers":["instance~web"],"duration":"2h","created_by":"ana","comment":"x"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let error = try #require(try TestServer.json(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "matchers[0]")
                #expect(error["message"] as? String == "expected =, !=, =~ or !~ after 'instance' (at character 9 of 'instance~web')")
            }
            try await client.execute(
                uri: "/api/v1/silences", method: .post, headers: write,
                body: TestServer.body(#"{"matchers":[],"duration":"2h","created_by":"ana","comment":"x"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken),
                body: TestServer.body(Self.alertmanagerPayload(count: 2))
            ) { response in
                #expect(response.status == .ok)
            }
            // web-0 is silenced: only web-1 is notified
            let made = try await server.runtime.notificationStore.notifications(before: nil, limit: 10)
            #expect(made.map { $0.notification.alerts.first?.labels["instance"] } == ["web-1"])
            // acknowledge web-1
            let fingerprint = Alert.fingerprint(of: ["alertname": "HighLatency", "instance": "web-1", "severity": "critical", "class": "alert"])
            try await client.execute(
                uri: "/api/v1/alerts/\(fingerprint)/ack", method: .post, headers: write, body: TestServer.body(#"{"by":"ana","comment":"on it"}"#)
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            try await client.execute(uri: "/api/v1/alerts/ffffffffffffffff/ack", method: .post, headers: write, body: TestServer.body(#"{"by":"ana"}"#)) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/alerts/active", method: .get) { response in
                let alerts = try #require(try TestServer.json(response)["alerts"] as? [[String: Any]])
                #expect(alerts.count == 2)
                #expect(alerts.first { $0["fingerprint"] as? String == fingerprint }?["acknowledged_by"] as? String == "ana")
            }
            // ending the silence makes web-0 news at the next tick
            try await client.execute(uri: "/api/v1/silences/\(silenceID)", method: .delete, headers: write) { response in
                #expect(response.status == .noContent)
            }
            server.clock.advance(by: .seconds(2))
            try await server.runtime.notifier.tick(at: server.clock.now)
            let after = try await server.runtime.notificationStore.notifications(before: nil, limit: 10)
            #expect(after.count == 2 && after.first?.notification.alerts.first?.labels["instance"] == "web-0")
            try await client.execute(uri: "/api/v1/silences?expired=true", method: .get) { response in
                let silences = try #require(try TestServer.json(response)["silences"] as? [[String: Any]])
                #expect(silences.first?["state"] as? String == "expired" && silences.first?["created_by"] as? String == "ana")
            }
        }
    }

    /// An SLO that burns pages through the tree; its tickets (burn tiers, the spent
    /// budget) are muted by the page of the same SLO; the page carries what a person needs.
    @Test func aBurningSLOPagesAndItsTicketsAreInhibited() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let yaml = TestServer.configYAML(
            extraSLO: """
                receivers:
                  - {name: oncall, webhook: {url: "\(sink.url)", secret: s3cret}}
                  - {name: tickets, webhook: {url: "\(sink.url)", secret: s3cret}}
                routing:
                  receiver: oncall
                  group_by: [slo]
                  group_wait: 0s
                  routes:
                    - {matchers: ["class=ticket"], receiver: tickets}
                """)
        let server = try TestServer(yaml: yaml)
        try await server.test { client in
            let events = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            try await server.runtime.evaluate()
            try await server.runtime.notifier.tick(at: server.clock.now)
            let made = try await server.runtime.notificationStore.notifications(before: nil, limit: 10).map(\.notification)
            #expect(made.map(\.receiver) == ["oncall"], "\(made.map { ($0.receiver, $0.alerts.map(\.labels)) })")
            let page = try #require(made.first)
            #expect(page.groupLabels == ["slo": "api-availability"] && page.notificationClass == .alert)
            #expect(page.alerts.allSatisfy { $0.labels["alertname"] == "ErrorBudgetBurn" && $0.labels["severity"] == "page" && $0.labels["team"] == "core" })
            #expect(Set(page.alerts.map { $0.labels["tier"]! }).isSuperset(of: ["page-1h"]))
            #expect(page.alerts.first?.annotations["summary"]?.hasPrefix("api-availability: burning the error budget at ") == true)
            #expect(page.alerts.first?.annotations["link"]?.hasSuffix("/api/v1/slos/api-availability") == true)
            // the muted tickets are still known (and listed) alerts
            try await client.execute(uri: "/api/v1/alerts/active", method: .get) { response in
                let alerts = try #require(try TestServer.json(response)["alerts"] as? [[String: Any]])
                #expect(alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "ErrorBudgetExhausted" && $0["class"] as? String == "ticket" })
            }
            var generator = SystemRandomNumberGenerator()
            _ = try await server.runtime.deliverDue(limit: 10, using: &generator)
            #expect(try sink.tally().delivered == [page.idempotencyKey])
        }
    }
}
