import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilNotify
import VigilTestSupport

@testable import VigilServer

/// The on-call page, the iCal feeds and the API's answers on a server with a schedule,
/// an override and a page escalating.
@Suite struct OnCallPagesTests {
    @Test func theOnCallPageFeedsAndAPIAgree() async throws {
        let sink = try WebhookSink(secret: "s3cret", down: false)
        defer { sink.stop() }
        let server = try TestServer(yaml: OnCallEscalationTests.config(sink: sink.url))
        try await server.test { client in
            let write = TestServer.bearer(TestServer.writeToken)
            // Sam covers Dana tomorrow, 09:00–12:00 Berlin time.
            let override = try TestServer.json(
                try await client.succeed(
                    uri: "/api/v1/oncall/overrides", method: .post, headers: write,
                    body: TestServer.body(
                        #"{"schedule":"primary","replace":"Dana Reyes","with":"Sam Ode","start":"2026-11-25T09:00","end":"2026-11-25T12:00","created_by":"ana","reason":"dentist"}"#
                    )))
            #expect(override["id"] as? String == "ovr-1" && override["start"] as? String == "2026-11-25T08:00:00Z")
            // Bad overrides are refused with the field named.
            let unknown = try await client.execute(
                uri: "/api/v1/oncall/overrides", method: .post, headers: write,
                body: TestServer.body(#"{"schedule":"primary","with":"Dana Reys","start":"2026-11-25T09:00","end":"2026-11-25T12:00","created_by":"ana"}"#))
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains("did you mean 'Dana Reyes'"))
            let backwards = try await client.execute(
                uri: "/api/v1/oncall/overrides", method: .post, headers: write,
                body: TestServer.body(#"{"schedule":"primary","with":"Sam Ode","start":"2026-11-25T12:00","end":"2026-11-25T09:00","created_by":"ana"}"#))
            #expect(backwards.status == .unprocessableContent)

            let now = try TestServer.json(try await client.succeed(uri: "/api/v1/oncall?at=2026-11-25T09:30:00Z", method: .get))
            let primary = try #require((now["schedules"] as? [[String: Any]])?.first)
            #expect(primary["on_call"] as? [String] == ["Sam Ode"])
            #expect(primary["next"] as? [String] == ["Dana Reyes"])
            let csv = try await client.succeed(uri: "/api/v1/oncall/shifts?from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z&format=csv", method: .get)
            #expect(
                String(buffer: csv.body) == """
                    schedule,person,start,end,hours,overridden
                    primary,Dana Reyes,2026-11-25T00:00:00Z,2026-11-25T08:00:00Z,8.000,false
                    primary,Sam Ode,2026-11-25T08:00:00Z,2026-11-25T11:00:00Z,3.000,true
                    primary,Dana Reyes,2026-11-25T11:00:00Z,2026-11-26T00:00:00Z,13.000,false

                    """)

            try await client.succeed(
                uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken),
                body: TestServer.body(OnCallEscalationTests.firing))
            let page = String(buffer: try await client.succeed(uri: "/oncall", method: .get).body)
            #expect(page.contains("<h1>On call</h1>") && page.contains("primary") && page.contains("Dana Reyes"))
            #expect(page.contains("<svg") && page.contains("Sam Ode instead of Dana Reyes"))
            #expect(page.contains("esc-1") && page.contains("step 1 → Dana Reyes") && page.contains("next: step 2 at"))
            let alerts = String(buffer: try await client.succeed(uri: "/alerts", method: .get).body)
            #expect(alerts.contains("esc-1") && alerts.contains("Active"))

            // The feed needs its token; with it, one event per final shift, in UTC.
            let feedPath = try #require(
                page.components(separatedBy: "href=\"").compactMap { $0.split(separator: "\"").first }.first { $0.contains("/oncall/schedules/") })
            let path = String(feedPath).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "http://127.0.0.1:9470", with: "")
            let feed = try await client.succeed(uri: path, method: .get)
            let text = String(buffer: feed.body)
            #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.contains("SUMMARY:On call: Sam Ode (primary\\, override)"))
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == text.components(separatedBy: "END:VEVENT").count - 1)
            #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            let forged = try await client.execute(uri: "/oncall/schedules/primary.ics?token=nope", method: .get)
            #expect(forged.status == .forbidden)
            let simulated = try TestServer.json(
                try await client.succeed(uri: "/api/v1/oncall/simulate?policy=shop-pages&at=2026-11-25T09:30:00Z", method: .get))
            #expect((simulated["lines"] as? [[String: Any]])?.first?["recipient"] as? String == "Sam Ode")
        }
    }
}
