import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilReports
import VigilStore

@testable import VigilServer

/// Toil, satisfaction, maintenance windows and the reviews built on them, over the API.
@Suite struct OperationsReviewTests {
    static let auth = TestServer.bearer(TestServer.writeToken)

    /// A second SLO on the same SLI that leaves maintenance out; a team of two; a
    /// maintenance window over the bad half hour; routing so alerts are dispatched.
    static let yaml = TestServer.configYAML(
        extraSLO: """
              - {name: api-excluding-maintenance, service: api, sli: api-requests, objective: 0.99, window: 7d, exclude_maintenance: true}
            teams:
              - {name: core, members: [Dana Reyes, Sam Ode]}
            maintenance:
              - {service: api, start: "2026-11-24T11:00:00Z", end: "2026-11-24T11:30:00Z", reason: database upgrade}
            receivers:
              - {name: oncall, webhook: {url: "http://127.0.0.1:9/hook"}}
            routing:
              receiver: oncall
              group_wait: 0s
            """)

    static func post(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: auth, body: TestServer.body(body))
    }

    @Test func toilSatisfactionMaintenanceAndTheWeeklyReport() async throws {
        let server = try TestServer(yaml: Self.yaml)
        try await server.test { client in
            // 2 hours of traffic; 11:00–11:29 fail half their requests (the maintenance)
            let events = (1...120).map { minute in
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":\#((31...60).contains(minute) ? 50 : 100),"total":100}"#
            }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            let report = await server.runtime.hotState.report()
            let plain = try #require(report.entries.first { $0.name == "api-availability" }?.status)
            let excluding = try #require(report.entries.first { $0.name == "api-excluding-maintenance" })
            #expect(plain.sli == 10_500.0 / 12_000)
            #expect(excluding.status?.sli == 1.0 && excluding.status?.counts.valid == 9_000, "the maintenance minutes are no data")
            #expect(excluding.notes.contains("30 minutes of maintenance left out"))

            // toil: 960 minutes of a team of two's 4,800-minute week
            #expect(
                try await Self.post(
                    client, "/api/v1/toil",
                    #"{"team":"core","minutes":960,"category":"manual deploys","automatable":true,"at":"\#(TestServer.time(minutesAgo: 60))"}"#
                ).status == .created)
            let unknownTeam = try await Self.post(client, "/api/v1/toil", #"{"team":"cor","minutes":5,"category":"x"}"#)
            #expect(
                (try TestServer.json(unknownTeam)["error"] as? [String: Any])?["message"] as? String
                    == "unknown team 'cor'; did you mean 'core'?; teams are declared under teams:")
            #expect(try await Self.post(client, "/api/v1/toil", #"{"team":"core","minutes":-5,"category":"x"}"#).status == .unprocessableContent)
            let toil = try TestServer.json(try await client.execute(uri: "/api/v1/reports/toil?since=7d", method: .get))
            let core = try #require((toil["teams"] as? [[String: Any]])?.first)
            #expect(core["ratio"] as? Double == 0.2 && core["automatable_share"] as? Double == 1 && core["over_cap"] as? Bool == false)

            // satisfaction
            #expect(try await Self.post(client, "/api/v1/services/api/satisfaction", #"{"score":0.6,"note":"Q4 survey"}"#).status == .created)
            #expect(try await Self.post(client, "/api/v1/services/api/satisfaction", #"{"score":7}"#).status == .unprocessableContent)
            #expect(try await Self.post(client, "/api/v1/services/apy/satisfaction", #"{"score":0.5}"#).status == .notFound)

            // the SLO review: the plain SLO missed and users are unhappy; the one that
            // leaves maintenance out is met, with little toil, yet users are unhappy
            let review = try TestServer.json(try await client.execute(uri: "/api/v1/reports/slo-review?since=7d", method: .get))
            let advice = Dictionary(uniqueKeysWithValues: (review["review"] as? [[String: Any]] ?? []).map { ($0["slo"] as! String, $0["advice"] as! String) })
            #expect(advice["api-availability"] == "invest" && advice["api-excluding-maintenance"] == "wrong-sli", "\(advice)")

            // the weekly report, in its three formats
            let markdown = try await client.execute(uri: "/api/v1/reports/weekly?format=md", method: .get)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            let text = String(decoding: try TestServer.bytes(markdown), as: UTF8.self)
            #expect(text.hasPrefix("# Weekly production report: 2026-11-17 to 2026-11-24\n"))
            #expect(text.contains("| api | api-availability | 99% over 7d rolling | 87.500 % | NO | -1150.0 % | 1250.0 % | - | - |"), "\(text)")
            #expect(text.contains("| core | 960 | 20.0 % | 0.0 % | no |"))
            let html = try await client.execute(uri: "/api/v1/reports/weekly?format=html", method: .get)
            #expect(String(decoding: try TestServer.bytes(html), as: UTF8.self).contains("<h2>SLO review</h2>"))
            let json = try TestServer.json(try await client.execute(uri: "/api/v1/reports/weekly", method: .get))
            #expect((json["slo_review"] as? [[String: Any]])?.count == 3)
            // Any day names the week (Monday to Sunday) that holds it.
            let midweek = try TestServer.json(try await client.execute(uri: "/api/v1/reports/weekly?week=2026-11-18", method: .get))
            let monday = try TestServer.json(try await client.execute(uri: "/api/v1/reports/weekly?week=2026-11-16", method: .get))
            #expect(midweek["from"] as? String == "2026-11-16T00:00:00Z" && midweek["from"] as? String == monday["from"] as? String, "\(midweek)")
            #expect(try await client.execute(uri: "/api/v1/reports/weekly?week=1969-12-29", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/reports/weekly?format=pdf", method: .get).status == .badRequest)

            // maintenance from the API mutes the service's alerts while it runs
            let window = try await Self.post(client, "/api/v1/maintenance", #"{"service":"api","duration":"1h","reason":"failover drill"}"#)
            #expect(window.status == .created)
            let id = try #require(try TestServer.json(window)["id"] as? String)
            let listed = try TestServer.json(try await client.execute(uri: "/api/v1/maintenance", method: .get))
            #expect((listed["maintenance"] as? [[String: Any]])?.map { $0["state"] as? String } == ["active"])
            try await server.runtime.evaluate()
            try await server.runtime.notifierTick(at: TestServer.now)
            #expect(try await server.runtime.notificationStore.notifications(before: nil, limit: 10).isEmpty, "muted by maintenance")
            #expect(try await client.execute(uri: "/api/v1/maintenance/\(id)", method: .delete, headers: Self.auth).status == .noContent)
            // the group's next look is a group_interval (5 minutes) after the muted flush
            try await server.runtime.notifierTick(at: TestServer.now.addingTimeInterval(301))
            #expect(try await !server.runtime.notificationStore.notifications(before: nil, limit: 10).isEmpty, "pages once it ended")
            #expect(try await client.execute(uri: "/api/v1/maintenance/cfg-1", method: .delete, headers: Self.auth).status == .conflict)
            #expect(
                try await Self.post(client, "/api/v1/maintenance", #"{"service":"api","start":"2026-11-24T09:00:00Z","end":"2026-11-24T10:00:00Z"}"#).status
                    == .unprocessableContent)
        }
    }
}
