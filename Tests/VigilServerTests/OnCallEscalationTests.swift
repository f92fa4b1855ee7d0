import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilNotify
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// A page reaching people end to end, on a pinned clock, with real webhook receivers on
/// 127.0.0.1: step 1 to the schedule's on-call, step 2 after the delay, the acknowledge
/// link stops it; replayed, expired and altered links are refused; a restart between
/// steps sends the next step once.
@Suite(.serialized) struct OnCallEscalationTests {
    /// Dana on call this week (Berlin), Sam next; policy: the schedule, then Sam, once more.
    static func config(sink: String) -> String {
        TestServer.configYAML(
            extraSLO: """
                receivers:
                  - name: tickets
                    webhook: {url: "\(sink)/tickets", secret: s3cret}
                people:
                  - name: Dana Reyes
                    time_zone: Europe/Berlin
                    working_hours: "Mon-Fri 09:00-18:00"
                    contacts: [{webhook: {url: "\(sink)/dana", secret: s3cret}}]
                  - name: Sam Ode
                    time_zone: America/New_York
                    contacts: [{webhook: {url: "\(sink)/sam", secret: s3cret}}, {sms: {url: "\(sink)/sms", to: "+15551234567", secret: s3cret}}]
                schedules:
                  - name: primary
                    time_zone: Europe/Berlin
                    layers:
                      - {name: weekly, rotation: weekly, start: "2026-11-23T09:00", participants: [Dana Reyes, Sam Ode]}
                escalation_policies:
                  - name: shop-pages
                    repeat: 1
                    steps:
                      - {notify: [{schedule: primary}], delay: 5m}
                      - {notify: [{person: Sam Ode}], delay: 5m}
                routing:
                  receiver: tickets
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1s
                  routes:
                    - {matchers: ["service = shop-web"], receiver: shop-pages, open_incident: SEV2}
                """)
    }

    static let firing =
        #"{"version":"4","groupKey":"x","truncatedAlerts":0,"status":"firing","receiver":"vigil","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am","alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","service":"shop-web","severity":"page"},"annotations":{"summary":"checkout fails for 5 % of users"},"startsAt":"2026-11-24T11:59:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"x"}]}"#

    /// Sends what is due and returns the sink's requests by path.
    static func deliver(_ server: TestServer, _ sink: WebhookSink) async throws -> [String: [[String: Any]]] {
        var generator = SystemRandomNumberGenerator()
        while try await server.runtime.deliverDue(limit: 100, using: &generator) > 0 {}
        return Dictionary(grouping: try sink.requests(), by: { ($0["path"] as? String) ?? "" })
    }

    static func pages(_ byPath: [String: [[String: Any]]], _ path: String) -> [[String: Any]] {
        (byPath["/hook/\(path)"] ?? []).compactMap { $0["body"] as? [String: Any] }
    }

    @Test func aPageEscalatesUntilAnAcknowledgeLinkStopsIt() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let server = try TestServer(yaml: Self.config(sink: sink.url))
        try await server.test { client in
            try await client.succeed(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(Self.firing))
            // Step 1 at once: the schedule's on-call (Dana's week).
            var seen = try await Self.deliver(server, sink)
            let dana = Self.pages(seen, "dana")
            #expect(dana.count == 1)
            #expect(Self.pages(seen, "sam").isEmpty)
            let page = try #require(dana.first?["page"] as? [String: Any])
            #expect(page["step"] as? Int == 1 && page["person"] as? String == "Dana Reyes" && page["policy"] as? String == "shop-pages")
            #expect((dana.first?["alerts"] as? [[String: Any]])?.first?["summary"] as? String == "checkout fails for 5 % of users")
            #expect(seen["/hook/tickets"] == nil)

            // Nothing more before the delay is up.
            server.clock.advance(by: .seconds(299))
            try await server.runtime.notifierTick(at: server.clock.now)
            seen = try await Self.deliver(server, sink)
            #expect(Self.pages(seen, "sam").isEmpty && Self.pages(seen, "dana").count == 1)

            // Step 2 after 5 minutes: Sam, through both his contacts.
            server.clock.advance(by: .seconds(1))
            try await server.runtime.notifierTick(at: server.clock.now)
            seen = try await Self.deliver(server, sink)
            let sam = Self.pages(seen, "sam")
            #expect(sam.count == 1)
            let text = try #require(seen["/hook/sms"]?.first?["body"] as? [String: Any])
            #expect(text["to"] as? String == "+15551234567")
            #expect((text["text"] as? String)?.contains("/oncall/ack/") == true && ((text["text"] as? String)?.count ?? 999) <= 320)
            let samPage = try #require(sam.first?["page"] as? [String: Any])
            #expect(samPage["step"] as? Int == 2)

            // Sam acknowledges from his page: the link shows a button, the button acknowledges.
            let ackPath = try #require((samPage["acknowledge_url"] as? String).flatMap { URL(string: $0)?.path })
            try await client.execute(uri: ackPath, method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Acknowledge as Sam Ode"))
            }
            try await client.execute(uri: ackPath, method: .post) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Acknowledged by Sam Ode"))
            }
            // No further notification within three delays (the policy would repeat at 10 min).
            for _ in 0..<15 {
                server.clock.advance(by: .seconds(60))
                try await server.runtime.notifierTick(at: server.clock.now)
            }
            seen = try await Self.deliver(server, sink)
            #expect(Self.pages(seen, "dana").count == 1 && Self.pages(seen, "sam").count == 1 && seen["/hook/sms"]?.count == 1)

            // The link works once; an expired or altered one is refused.
            try await client.execute(uri: ackPath, method: .post) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("already used"))
            }
            let key = try #require(await server.runtime.notifier.linkKey)
            let expired = PageLink(
                escalation: "esc-1", person: "Dana Reyes", action: .acknowledge, expires: server.clock.now.addingTimeInterval(-1), nonce: "n")
            try await client.execute(uri: "/oncall/ack/\(expired.token(key: key))", method: .post) { response in
                #expect(response.status == .gone)
            }
            let forged = PageLink(escalation: "esc-1", person: "Mallory", action: .acknowledge, expires: server.clock.now.addingTimeInterval(600), nonce: "n")
            try await client.execute(uri: "/oncall/ack/\(forged.token(key: Data(repeating: 7, count: 32)))", method: .post) { response in
                #expect(response.status == .forbidden)
            }

            // The API and the incident's timeline say who was paged and who acknowledged.
            let escalations = try TestServer.json(try await client.succeed(uri: "/api/v1/escalations", method: .get))["escalations"] as? [[String: Any]]
            let escalation = try #require(escalations?.first)
            #expect(escalation["status"] as? String == "acknowledged" && escalation["acknowledged_by"] as? String == "Sam Ode")
            #expect((escalation["pages"] as? [[String: Any]])?.compactMap { $0["recipient"] as? String } == ["Dana Reyes", "Sam Ode"])
            let incident = try TestServer.json(try await client.succeed(uri: "/api/v1/incidents/1", method: .get))
            let timeline = (incident["timeline"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "page" }.compactMap { $0["text"] as? String }
            #expect(timeline == ["paged Dana Reyes (step 1)", "paged Sam Ode (step 2)", "acknowledged by Sam Ode"])
            #expect(((incident["times"] as? [String: Any])?["acknowledged"] as? String) != nil)
            // The weekly report counts the pages per person and names the service.
            let weekly = try TestServer.json(try await client.succeed(uri: "/api/v1/reports/weekly?week=2026-11-23&format=json", method: .get))
            let load = try #require(weekly["oncall_load"] as? [String: Any])
            #expect(load["pages"] as? Int == 2)
            let people = (load["people"] as? [[String: Any]] ?? []).map { "\($0["person"] ?? "")=\($0["pages"] ?? "")" }.sorted()
            #expect(people == ["Dana Reyes=1", "Sam Ode=1"])
            #expect((load["by_service"] as? [[String: Any]])?.first?["service"] as? String == "shop-web")
            let markdown = String(buffer: try await client.succeed(uri: "/api/v1/reports/weekly?week=2026-11-23&format=md", method: .get).body)
            #expect(markdown.contains("## On-call load") && markdown.contains("2 pages reached people"))
            let duplicates = try sink.tally().duplicated
            print(
                "escalation end to end: notified \(Self.pages(seen, "dana").count + Self.pages(seen, "sam").count) people (Dana step 1 at 0 s, Sam step 2 at 300 s), acknowledged by link, nothing sent in the 15 min after, duplicates: \(duplicates.count)"
            )
            #expect(duplicates.isEmpty)
        }
    }

    @Test func aRestartBetweenStepsSendsTheNextStepOnce() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let first = try TestServer(yaml: Self.config(sink: sink.url), cleansUp: false)
        try await first.test { client in
            try await client.succeed(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(Self.firing))
            _ = try await Self.deliver(first, sink)
            first.clock.advance(by: .seconds(120))
            try await first.runtime.notifierTick(at: first.clock.now)
        }
        // The same data directory, six minutes on: the state the first server committed
        // says step 2 is owed.
        let second = try TestServer(yaml: Self.config(sink: sink.url), directory: first.directory)
        second.clock.advance(by: .seconds(360))
        try await second.test { _ in
            for _ in 0..<3 {
                try await second.runtime.notifierTick(at: second.clock.now)
                second.clock.advance(by: .seconds(1))
            }
            let seen = try await Self.deliver(second, sink)
            #expect(Self.pages(seen, "dana").count == 1)
            #expect(Self.pages(seen, "sam").count == 1)
            #expect(try sink.tally().duplicated.isEmpty)
        }
    }
}
