import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilStore

@testable import VigilServer

/// Grouped SLOs, service events, latency digests and retention through the server.
@Suite struct GroupedSLOTests {
    static let auth = TestServer.bearer(TestServer.ingestToken)
    static let admin = TestServer.bearer(TestServer.adminToken)
    static let grouped = "  - {name: api-latency-by-route, service: api, sli: api-latency, objective: 0.9, window: 7d, group_by: [route], max_groups: 2}"

    static func request(_ route: String, status: Int, ms: Int, minutesAgo: Int = 1) -> String {
        #"{"time":"\#(TestServer.time(minutesAgo: minutesAgo))","service":"api","labels":{"route":"\#(route)"},"status":\#(status),"latency_ms":\#(ms)}"#
    }

    static func post(_ lines: [String], _ client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/events", method: .post, headers: auth, body: TestServer.body(lines.joined(separator: "\n")))
    }

    static func slos(_ client: any TestClientProtocol) async throws -> [[String: Any]] {
        try #require(try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))["slos"] as? [[String: Any]])
    }

    @Test func groupedSLOsSplitByLabelUpToTheLimit() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.grouped), cleansUp: false)
        try await server.test { client in
            // Before any event the grouped SLO is one unevaluated row.
            let empty = try #require(try await Self.slos(client).first { $0["name"] as? String == "api-latency-by-route" })
            #expect(empty["evaluated"] as? Bool == false)
            let events = [
                Self.request("/cart", status: 200, ms: 100), Self.request("/cart", status: 500, ms: 400),
                Self.request("/pay", status: 200, ms: 100), Self.request("/search", status: 200, ms: 900),
                Self.request("/admin", status: 503, ms: 100),
            ]
            let accepted = try await Self.post(events, client)
            #expect(accepted.status == .ok)
            let list = try await Self.slos(client)
            // The service events fed both SLIs of the service.
            let availability = try #require(list.first { $0["name"] as? String == "api-availability" })
            #expect(availability["good"] as? Int == 3 && availability["valid"] as? Int == 5)
            let instances = list.filter { $0["name"] as? String == "api-latency-by-route" }
            #expect(
                instances.map { $0["instance"] as? String } == [
                    #"api-latency-by-route{route="/cart"}"#, #"api-latency-by-route{route="/pay"}"#, "api-latency-by-route{other}",
                ])
            #expect(instances.map { $0["valid"] as? Int } == [2, 1, 2])
            #expect(instances.map { $0["overflow"] as? Bool } == [false, false, true])
            #expect((instances[0]["group"] as? [String: String]) == ["route": "/cart"])

            let summary = try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-latency-by-route", method: .get))
            #expect(summary["group_by"] as? [String] == ["route"])
            #expect(summary["limit_reached"] as? Bool == true)
            #expect(summary["overflowed_events"] as? Int == 2)
            #expect((summary["instances"] as? [[String: Any]])?.count == 3)

            let cart = try await client.execute(uri: "/api/v1/slos/api-latency-by-route?group.route=%2Fcart&step=1h", method: .get)
            #expect(cart.status == .ok)
            let detail = try TestServer.json(cart)
            #expect((detail["slo"] as? [String: Any])?["good"] as? Int == 1)
            let points = try #require((detail["series"] as? [String: Any])?["points"] as? [[String: Any]])
            let latency = try #require(points.compactMap { $0["latency"] as? [String: Any] }.last)
            #expect(latency["count"] as? Int == 2)
            #expect(latency["p50_ms"] as? Double == 100)
            #expect(latency["p99_ms"] as? Double == 400)
            let other = try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-latency-by-route?group=other", method: .get))
            #expect((other["slo"] as? [String: Any])?["valid"] as? Int == 2)
            let unknown = try await client.execute(uri: "/api/v1/slos/api-latency-by-route?group.route=%2Fnope", method: .get)
            #expect(unknown.status == .notFound)
        }
        // A restart brings back the same instances and their data.
        try await TestServer(yaml: TestServer.configYAML(extraSLO: Self.grouped), directory: server.directory).test { client in
            let instances = try await Self.slos(client).filter { $0["name"] as? String == "api-latency-by-route" }
            #expect(instances.map { $0["valid"] as? Int } == [2, 1, 2])
            let more = try await Self.post([Self.request("/pay", status: 200, ms: 5), Self.request("/new", status: 200, ms: 5)], client)
            #expect(more.status == .ok)
            let after = try await Self.slos(client).filter { $0["name"] as? String == "api-latency-by-route" }
            #expect(after.map { $0["valid"] as? Int } == [2, 2, 3])
        }
    }

    @Test func groupSelectionErrors() async throws {
        let twoLabels = "  - {name: by-route-method, service: api, sli: api-latency, objective: 0.9, window: 7d, group_by: [route, method]}"
        try await TestServer(yaml: TestServer.configYAML(extraSLO: twoLabels)).test { client in
            let missing = try await client.execute(uri: "/api/v1/slos/by-route-method?group.route=%2Fcart", method: .get)
            #expect(missing.status == .badRequest)
            let error = try #require(try TestServer.json(missing)["error"] as? [String: Any])
            #expect(error["field"] as? String == "group.method")
        }
    }

    /// Changing a latency threshold judges the kept latencies again, on reload and
    /// across a restart; minutes of pre-judged counts keep their verdict.
    @Test func changedThresholdsAreJudgedAgain() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(latencyThreshold: "250ms"), cleansUp: false)
        try await server.test { client in
            let raw = [100, 260, 300, 400].map { #"{"time":"\#(TestServer.time(minutesAgo: 2))","sli":"api-latency","latency_ms":\#($0)}"# }
            let prejudged = #"{"time":"\#(TestServer.time(minutesAgo: 5))","sli":"api-latency","good":1,"total":2}"#
            #expect(try await Self.post(raw + [prejudged], client).status == .ok)
            let before = try await Self.latencyCounts(client)
            #expect(before == [2, 6])
            try TestServer.configYAML(latencyThreshold: "300ms").write(to: server.configFile, atomically: true, encoding: .utf8)
            let reloaded = try await client.execute(uri: "/-/reload", method: .post, headers: Self.admin)
            #expect(reloaded.status == .ok)
            let after = try await Self.latencyCounts(client)
            #expect(after == [4, 6])
        }
        try TestServer.configYAML(latencyThreshold: "1s").write(to: server.configFile, atomically: true, encoding: .utf8)
        let restarted = try TestServer(yaml: TestServer.configYAML(latencyThreshold: "1s"), directory: server.directory)
        try await restarted.test { client in
            let restartedCounts = try await Self.latencyCounts(client)
            #expect(restartedCounts == [5, 6])
        }
    }

    /// The evaluator keeps one snapshot per instance and hour, readable per instance.
    @Test func evaluationSnapshotsAreKeptHourly() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.grouped))
        try await server.test { client in
            #expect(try await Self.post([Self.request("/cart", status: 500, ms: 100), Self.request("/cart", status: 200, ms: 100)], client).status == .ok)
            try await server.runtime.evaluate()
            try await server.runtime.evaluate() // same hour: no second snapshot
            let response = try await client.execute(uri: "/api/v1/slos/api-availability/evaluations", method: .get)
            #expect(response.status == .ok)
            let body = try TestServer.json(response)
            let evaluations = try #require(body["evaluations"] as? [[String: Any]])
            #expect(evaluations.count == 1)
            #expect(evaluations.first?["good"] as? Int == 1 && evaluations.first?["valid"] as? Int == 2)
            #expect(evaluations.first?["time"] as? String == "2026-11-24T12:00:00Z")
            // 50 % errors against a 1 % budget: 1 − 0.5 / 0.01 = −49
            #expect(abs((evaluations.first?["budget_remaining"] as? Double ?? 0) + 49) < 1e-9)
            let cart = try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-latency-by-route/evaluations?group.route=%2Fcart", method: .get))
            #expect(cart["instance"] as? String == #"api-latency-by-route{route="/cart"}"#)
            #expect((cart["evaluations"] as? [[String: Any]])?.count == 1)
            let unnamed = try await client.execute(uri: "/api/v1/slos/api-latency-by-route/evaluations", method: .get)
            #expect(unnamed.status == .unprocessableContent)
            // A grouped SLO's overview still reads its range: a bad one is refused, not ignored.
            #expect(try await client.execute(uri: "/api/v1/slos/api-latency-by-route?to=never", method: .get).status == .badRequest)
            let badCursor = try await client.execute(uri: "/api/v1/slos/api-availability/evaluations?cursor=x", method: .get)
            #expect(badCursor.status == .badRequest)
            let unknown = try await client.execute(uri: "/api/v1/slos/nope/evaluations", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    /// SLOs of third-party services say so, so clients can report them apart.
    @Test func externalServicesAreMarked() async throws {
        let vendor = "  - {name: vendor-calls, service: vendor, sli: api-requests, objective: 0.99, window: 7d}"
        try await TestServer(yaml: TestServer.configYAML(extraSLO: vendor)).test { client in
            let list = try await Self.slos(client)
            #expect(list.map { $0["external"] as? Bool } == [false, false, true])
        }
    }

    /// `api-latency`'s good and valid counts.
    static func latencyCounts(_ client: any TestClientProtocol) async throws -> [Int?] {
        let entry = try await slos(client).first { $0["name"] as? String == "api-latency" }
        return [entry?["good"] as? Int, entry?["valid"] as? Int]
    }

    /// Minutes past the minute retention become hours; SLO windows longer than it still
    /// count them, and nothing is lost or doubled on the way.
    @Test func retentionRollsMinutesUpIntoHours() async throws {
        let yaml = TestServer.configYAML(retention: "{minutes: 2d, hours: 4d}")
        let server = try TestServer(yaml: yaml)
        let now = TestServer.now.epochMinute
        // Five days of one event per minute (older than the API would take), stored directly.
        let deltas = (1...(5 * 1440)).map { MinuteDelta(sli: "api-requests", minute: now - Int64($0), counts: EventCounts(good: 1, valid: 1)) }
        _ = try await server.runtime.store.commit([IngestBatch(idempotencyKey: nil, deltas: deltas, eventCount: deltas.count)], receivedAt: TestServer.now)
        try await server.test { client in
            try await server.runtime.applyRetention()
            // Hours older than 4 days are gone; the 7-day window sees the 4 days kept.
            try await server.runtime.rebuild()
            let availability = try #require(try await Self.slos(client).first { $0["name"] as? String == "api-availability" })
            let valid = availability["valid"] as? Int
            #expect(valid == 4 * 1440)
            let stored = try await server.runtime.store.loadBuckets(since: now - 7 * 1440, only: nil)["api-requests"] ?? []
            let expectedRows = 2 * 1440 + 2 * 24
            #expect(stored.count == expectedRows)
            let hours = stored.filter { $0.counts.valid == 60 }
            #expect(hours.count == 2 * 24)
            let total: Int64 = stored.map(\.counts.valid).reduce(0, +)
            #expect(total == 4 * 1440)
            // A second pass finds nothing more to do and changes no count.
            try await server.runtime.applyRetention()
            let again = try await server.runtime.store.loadBuckets(since: now - 7 * 1440, only: nil)["api-requests"] ?? []
            let totalAgain: Int64 = again.map(\.counts.valid).reduce(0, +)
            #expect(totalAgain == 4 * 1440)
            let old = #"{"time":"\#(TestServer.time(minutesAgo: 3 * 1440))","sli":"api-requests","good":1,"total":1}"#
            let refused = try await Self.post([old], client)
            #expect(refused.status == .unprocessableContent)
            let integrity = try await server.runtime.store.integrityCheck()
            #expect(integrity == "ok")
        }
    }
}
