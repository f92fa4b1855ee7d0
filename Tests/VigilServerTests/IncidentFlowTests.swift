import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore

@testable import VigilServer

/// The issue's end-to-end path: a page opens an incident, the deploy just before it is a
/// suspect, it is resolved, and the postmortem draft carries the budget it spent; then
/// review, the closing rule, action items and the blameless check.
@Suite struct IncidentFlowTests {
    static let auth = TestServer.bearer(TestServer.writeToken)

    static let yaml = TestServer.configYAML(
        extraSLO: """
            receivers:
              - {name: oncall, webhook: {url: "http://127.0.0.1:9/hook"}}
              - {name: tickets, webhook: {url: "http://127.0.0.1:9/tickets"}}
            routing:
              receiver: oncall
              group_by: [slo]
              group_wait: 0s
              open_incident: SEV2
              routes:
                - {matchers: ["class=ticket"], receiver: tickets}
            teams:
              - {name: core, members: [Dana Reyes, Sam Ode]}
            """)

    @Test func aPageOpensAnIncidentWhosePostmortemCarriesTheBudgetSpent() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            // 3 hours of traffic; the last 40 minutes fail half their requests
            let events = (1...180).map { minute in
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":\#(minute <= 40 ? 50 : 100),"total":100}"#
            }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            let deploy = #"{"service":"api","version":"v7","author":"ci","description":"connection pool 50 → 5","time":"\#(TestServer.time(minutesAgo: 52))"}"#
            #expect(try await client.execute(uri: "/api/v1/changes", method: .post, headers: Self.auth, body: TestServer.body(deploy)).status == .created)

            try await server.runtime.evaluate()
            try await server.runtime.notifierTick(at: TestServer.now)
            try await server.runtime.notifierTick(at: TestServer.now.addingTimeInterval(30))
            let list = try TestServer.json(try await client.execute(uri: "/api/v1/incidents?open=true", method: .get))
            let incidents = try #require(list["incidents"] as? [[String: Any]])
            #expect(incidents.count == 1, "one incident for the group, however many ticks")
            #expect(incidents.first?["severity"] as? String == "SEV2")

            let detail = try TestServer.json(try await client.execute(uri: "/api/v1/incidents/INC-1", method: .get))
            #expect(detail["slos"] as? [String] == ["api-availability"] && detail["services"] as? [String] == ["api"])
            #expect(detail["opened_by"] as? String == "vigil")
            #expect((detail["title"] as? String)?.hasPrefix("api-availability: burning the error budget at ") == true)
            let times = try #require(detail["times"] as? [String: Any])
            #expect(times["detected"] as? String == "2026-11-24T12:00:00Z", "when the page began firing")
            #expect(times["start"] as? String == "2026-11-24T11:20:00Z", "the first minute of the burn")
            #expect((detail["suspect_changes"] as? [[String: Any]])?.map { $0["version"] as? String } == ["v7"])
            #expect(((detail["alerts"] as? [String])?.count ?? 0) >= 1)
            #expect((detail["timeline"] as? [[String: Any]])?.contains { $0["kind"] as? String == "alert" } == true)

            let resolved = try await client.execute(
                uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth,
                body: TestServer.body(#"{"status":"resolved","note":"rolled back v7","author":"Dana Reyes"}"#))
            #expect(resolved.status == .ok)
            let draft = try await client.execute(
                uri: "/api/v1/incidents/INC-1/postmortem", method: .post, headers: Self.auth,
                body: TestServer.body(#"{"authors":["core on-call"]}"#))
            #expect(draft.status == .created)
            let postmortem = try TestServer.json(draft)
            let text = try #require(postmortem["text"] as? String)
            // 40 minutes × 50 bad = 2,000 bad events; 7 days hold 18,000 valid, a 1 % budget of 180
            #expect(
                text.contains(
                    "Error budget of api-availability (99% over 7d rolling): 1111.1 % of the window's budget spent (2,000 bad of 4,000 events during the incident) — more than the whole budget."
                ))
            #expect(text.contains("api v7 by ci — connection pool 50 → 5 (12m before impact)"))
            #expect(text.contains("Detected at 2026-11-24 12:00, 40m after impact began (time to detect)."))
            #expect(text.contains("rolled back v7 (responder)"))
            #expect(postmortem["required"] as? Bool == true)
            #expect((postmortem["blameless_warnings"] as? [Any])?.isEmpty == true)
            let markdown = try await client.execute(uri: "/api/v1/incidents/INC-1/postmortem?format=markdown", method: .get)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(String(decoding: try TestServer.bytes(markdown), as: UTF8.self).hasPrefix("# Postmortem: INC-1 — "))
            #expect(try await client.execute(uri: "/api/v1/incidents/INC-1/postmortem?format=md", method: .get).status == .badRequest)

            // a second draft is refused unless asked for
            #expect(try await client.execute(uri: "/api/v1/incidents/INC-1/postmortem", method: .post, headers: Self.auth).status == .conflict)
            // the edited text names a person: the check warns
            let edited = try await client.execute(
                uri: "/api/v1/incidents/INC-1/postmortem", method: .put, headers: Self.auth,
                body: TestServer.body(##"{"text":"# Postmortem\n\nDana shrank the pool.\n"}"##))
            let warnings = try #require(try TestServer.json(edited)["blameless_warnings"] as? [[String: Any]])
            #expect(warnings.map { $0["line"] as? Int } == [3] && warnings.first?["name"] as? String == "Dana Reyes")

            // closing needs a final postmortem; review goes draft → in-review → final
            #expect(
                try TestServer.errorCode(
                    try await client.execute(
                        uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth,
                        body: TestServer.body(#"{"status":"closed"}"#))) == "postmortem_required")
            let skip = try await client.execute(
                uri: "/api/v1/incidents/INC-1/postmortem/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"final"}"#))
            #expect(skip.status == .conflict)
            #expect((try TestServer.json(skip)["error"] as? [String: Any])?["allowed"] as? [String] == ["in-review"])
            for status in ["in-review", "final"] {
                #expect(
                    try await client.execute(
                        uri: "/api/v1/incidents/INC-1/postmortem/status", method: .post, headers: Self.auth,
                        body: TestServer.body(#"{"status":"\#(status)"}"#)
                    ).status == .ok)
            }
            #expect(
                try await client.execute(
                    uri: "/api/v1/incidents/INC-1/postmortem", method: .put, headers: Self.auth,
                    body: TestServer.body(#"{"text":"late edit"}"#)
                ).status == .conflict)
            let closed = try await client.execute(
                uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"closed"}"#))
            #expect(closed.status == .ok)
            #expect(
                try TestServer.errorCode(
                    try await client.execute(
                        uri: "/api/v1/incidents/INC-1/notes", method: .post, headers: Self.auth,
                        body: TestServer.body(#"{"text":"x"}"#))) == "incident_closed")

            // action items: one overdue, one not
            for (title, due) in [("Alert on pool saturation", "2026-11-20"), ("Canary config changes", "2026-12-20")] {
                let item = try await client.execute(
                    uri: "/api/v1/incidents/INC-1/action-items", method: .post, headers: Self.auth,
                    body: TestServer.body(#"{"title":"\#(title)","type":"detect","owner":"core","due":"\#(due)"}"#))
                #expect(item.status == .created)
            }
            let overdue = try TestServer.json(try await client.execute(uri: "/api/v1/action-items?overdue=true", method: .get))
            #expect((overdue["action_items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Alert on pool saturation"])
            let done = try await client.execute(uri: "/api/v1/action-items/1", method: .patch, headers: Self.auth, body: TestServer.body(#"{"status":"done"}"#))
            #expect(try TestServer.json(done)["overdue"] as? Bool == false)
            let badType = try await client.execute(
                uri: "/api/v1/incidents/INC-1/action-items", method: .post, headers: Self.auth,
                body: TestServer.body(#"{"title":"x","type":"prevnt"}"#))
            #expect(
                (try TestServer.json(badType)["error"] as? [String: Any])?["message"] as? String
                    == "unknown type 'prevnt'; expected one of prevent, mitigate, detect, process; did you mean 'prevent'?")
        }
    }
}
