import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore

@testable import VigilServer

/// `/api/v1/incidents` end to end over a real SQLite store.
@Suite struct IncidentRoutesTests {
    static let auth = TestServer.bearer(TestServer.writeToken)

    @Test func anIncidentCarriesItsBudgetImpactSuspectChangesAndClosingRule() async throws {
        try await TestServer().test { client in
            // 3 hours of 100 events a minute; 20 bad a minute from 60 to 31 minutes ago.
            let events = (1...180).map { minute in
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":\#((31...60).contains(minute) ? 80 : 100),"total":100}"#
            }
            let ingest = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            #expect(ingest.status == .ok)
            // a deploy 10 minutes before the impact began, one 3 hours before (outside 2 h)
            for (version, minutesAgo) in [("v41", 190), ("v42", 70)] {
                let change = #"{"service":"api","version":"\#(version)","author":"ci","time":"\#(TestServer.time(minutesAgo: minutesAgo))"}"#
                #expect(try await client.execute(uri: "/api/v1/changes", method: .post, headers: Self.auth, body: TestServer.body(change)).status == .created)
            }
            let open =
                #"{"title":"Checkout errors","severity":"SEV2","slos":["api-availability"],"start":"\#(TestServer.time(minutesAgo: 60))","detected":"\#(TestServer.time(minutesAgo: 55))","roles":{"commander":"Dana"},"author":"ana"}"#
            let created = try await client.execute(uri: "/api/v1/incidents", method: .post, headers: Self.auth, body: TestServer.body(open))
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/incidents/INC-1")
            let detail = try TestServer.json(created)
            #expect(detail["id"] as? String == "INC-1")
            #expect(detail["services"] as? [String] == ["api"])
            #expect(detail["status"] as? String == "investigating")
            #expect((detail["durations"] as? [String: Any])?["detect_seconds"] as? Double == 300)
            let suspects = try #require(detail["suspect_changes"] as? [[String: Any]])
            #expect(suspects.map { $0["version"] as? String } == ["v42"])
            #expect(suspects.first?["minutes_before_start"] as? Double == 10)
            let timeline = try #require(detail["timeline"] as? [[String: Any]])
            #expect(timeline.first?["kind"] as? String == "change")
            #expect((timeline.first?["text"] as? String)?.hasPrefix("suspect change to api v42") == true)

            // investigating → closed is refused with the allowed moves
            let refused = try await client.execute(
                uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"closed"}"#))
            #expect(refused.status == .conflict)
            let error = try #require(try TestServer.json(refused)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_transition")
            #expect(error["allowed"] as? [String] == ["identified", "monitoring", "resolved"])

            // mitigated 30 minutes ago (time set by hand), then resolved now
            let patched = try await client.execute(
                uri: "/api/v1/incidents/INC-1", method: .patch, headers: Self.auth,
                body: TestServer.body(#"{"acknowledged":"\#(TestServer.time(minutesAgo: 50))","mitigated":"\#(TestServer.time(minutesAgo: 30))"}"#))
            #expect(patched.status == .ok)
            let resolved = try TestServer.json(
                try await client.execute(
                    uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth,
                    body: TestServer.body(#"{"status":"resolved","note":"rolled back v42","author":"ana"}"#)))
            #expect(resolved["status"] as? String == "resolved")
            let durations = try #require(resolved["durations"] as? [String: Any])
            #expect(durations["acknowledge_seconds"] as? Double == 300)
            #expect(durations["mitigate_seconds"] as? Double == 1800)
            #expect(durations["resolve_seconds"] as? Double == 3600)
            // 30 bad minutes × 20 = 600 bad events; the 7-day window holds 18,000 valid
            // events, whose 1 % budget is 180 events: 600 / 180 = 3.33 budgets.
            let impact = try #require((resolved["budget_impact"] as? [[String: Any]])?.first)
            #expect(impact["bad_events"] as? Int == 600)
            #expect(abs((impact["budget_spent"] as? Double ?? 0) - 600.0 / 180.0) < 1e-9)
            let postmortem = try #require(resolved["postmortem"] as? [String: Any])
            #expect(postmortem["required"] as? Bool == true)
            #expect((postmortem["reasons"] as? [String])?.first == "severity SEV2")
            let closing = try await client.execute(
                uri: "/api/v1/incidents/INC-1/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"closed"}"#))
            #expect(closing.status == .conflict)
            #expect(try TestServer.errorCode(closing) == "postmortem_required")
            let notes = (resolved["timeline"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "note" }
            #expect(notes.map { $0["text"] as? String } == ["rolled back v42"])
        }
    }

    @Test func badRequestsGetPreciseErrors() async throws {
        try await TestServer().test { client in
            func post(_ path: String, _ body: String, headers: HTTPFields = IncidentRoutesTests.auth) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: headers, body: TestServer.body(body))
            }
            let severity = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV5"}"#)
            #expect(severity.status == .unprocessableContent)
            let message = try #require((try TestServer.json(severity)["error"] as? [String: Any])?["message"] as? String)
            #expect(message.hasPrefix("unknown severity 'SEV5'; expected one of SEV1, SEV2, SEV3, SEV4"))
            let service = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3","services":["apy"]}"#)
            #expect(service.status == .unprocessableContent)
            #expect((try TestServer.json(service)["error"] as? [String: Any])?["message"] as? String == "unknown service 'apy'; did you mean 'api'?")
            let typo = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3","sevrity":"SEV1"}"#)
            #expect(typo.status == .unprocessableContent)
            let role = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3","roles":{"comander":"Dana"}}"#)
            #expect(
                (try TestServer.json(role)["error"] as? [String: Any])?["message"] as? String
                    == "unknown role 'comander'; expected one of commander, communications, scribe, operations; did you mean 'commander'?")
            let flag = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3","data_loss":1}"#)
            #expect(flag.status == .unprocessableContent)
            let unauthorized = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3"}"#, headers: TestServer.bearer(TestServer.ingestToken))
            #expect(unauthorized.status == .forbidden)
            #expect(try await post("/api/v1/incidents/INC-9/notes", #"{"text":"hi"}"#).status == .notFound)
            #expect(try await post("/api/v1/incidents/nine/notes", #"{"text":"hi"}"#).status == .notFound)
            #expect(try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3"}"#).status == .created)
            let status = try await post("/api/v1/incidents/INC-1/status", #"{"status":"mitigated"}"#)
            #expect(status.status == .unprocessableContent)
            #expect(
                (try TestServer.json(status)["error"] as? [String: Any])?["message"] as? String
                    == "unknown status 'mitigated'; expected one of investigating, identified, monitoring, resolved, closed")
            let order = try await client.execute(
                uri: "/api/v1/incidents/INC-1", method: .patch, headers: Self.auth,
                body: TestServer.body(#"{"detected":"2020-01-01T00:00:00Z"}"#))
            #expect(order.status == .unprocessableContent)
            // Opening with the same inconsistency is refused too (start was once moved).
            let opened = try await post(
                "/api/v1/incidents",
                #"{"title":"x","severity":"SEV3","start":"\#(TestServer.time(minutesAgo: 5))","detected":"\#(TestServer.time(minutesAgo: 30))"}"#)
            #expect(opened.status == .unprocessableContent)
            let error = try #require(try TestServer.json(opened)["error"] as? [String: Any])
            #expect(error["field"] as? String == "detected" && (error["message"] as? String)?.hasPrefix("detected (") == true)
            // A start given alone, a little ahead of the server's clock, is when it was detected.
            let ahead = try await post("/api/v1/incidents", #"{"title":"x","severity":"SEV3","start":"\#(TestServer.time(minutesAgo: -2))"}"#)
            #expect(ahead.status == .created)
        }
    }

    @Test func theIncidentReportHasTheFigures() async throws {
        try await TestServer().test { client in
            // two incidents: detected after 5 and 15 minutes, resolved after 60 and 120
            for (start, detectAfter, resolveAfter) in [(600, 5, 60), (300, 15, 120)] {
                let open =
                    #"{"title":"i","severity":"SEV3","services":["api"],"start":"\#(TestServer.time(minutesAgo: start))","detected":"\#(TestServer.time(minutesAgo: start - detectAfter))"}"#
                let created = try TestServer.json(
                    try await client.execute(uri: "/api/v1/incidents", method: .post, headers: Self.auth, body: TestServer.body(open)))
                let id = try #require(created["id"] as? String)
                let resolvedAt = TestServer.time(minutesAgo: start - resolveAfter)
                #expect(
                    try await client.execute(
                        uri: "/api/v1/incidents/\(id)", method: .patch, headers: Self.auth,
                        body: TestServer.body(#"{"acknowledged":"\#(TestServer.time(minutesAgo: start - detectAfter))","mitigated":"\#(resolvedAt)"}"#)
                    ).status == .ok)
                #expect(
                    try await client.execute(
                        uri: "/api/v1/incidents/\(id)/status", method: .post, headers: Self.auth, body: TestServer.body(#"{"status":"resolved"}"#)
                    ).status == .ok)
                #expect(
                    try await client.execute(
                        uri: "/api/v1/incidents/\(id)", method: .patch, headers: Self.auth, body: TestServer.body(#"{"resolved":"\#(resolvedAt)"}"#)
                    ).status == .ok)
            }
            let report = try TestServer.json(try await client.execute(uri: "/api/v1/reports/incidents?since=1d", method: .get))
            let overall = try #require(report["overall"] as? [String: Any])
            #expect(overall["incidents"] as? Int == 2)
            let detect = try #require(overall["time_to_detect"] as? [String: Any])
            #expect(detect["mean_seconds"] as? Double == 600)
            #expect(detect["median_seconds"] as? Double == 600)
            #expect(detect["p90_seconds"] as? Double == 840)
            #expect((overall["time_to_resolve"] as? [String: Any])?["mean_seconds"] as? Double == 5400)
            #expect(overall["mtbf_seconds"] as? Double == 43_200)
            // up from the first resolution (540 min ago) to the second start (300 min ago)
            #expect(overall["mttf_seconds"] as? Double == 14_400)
            #expect((report["by_service"] as? [String: Any])?["api"] != nil)
            #expect((report["by_severity"] as? [String: Any])?.keys.sorted() == ["SEV3"])
            #expect((report["incidents"] as? [[String: Any]])?.count == 2)
            #expect(try await client.execute(uri: "/api/v1/reports/incidents?since=soon", method: .get).status == .badRequest)
        }
    }
}
