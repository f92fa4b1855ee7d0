import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import Yams

@testable import VigilServer

@Suite struct APIRoutesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// docs/openapi.yaml names exactly the routes the server has, and each is routed.
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(documented == Set(VigilAPI.routeNames))
        try await TestServer().test { client in
            for route in VigilAPI.routes {
                let uri = TestServer.concrete(route.path)
                let response = try await client.execute(uri: uri, method: route.method)
                // A 404 of the API's own (no such incident) still shows the route exists.
                let routed = response.status != .notFound || (try? TestServer.errorCode(response)) == "not_found"
                #expect(routed && response.status != .methodNotAllowed, "\(route.method) \(uri)")
            }
        }
    }

    @Test func changesAreRecordedListedAndPaged() async throws {
        try await TestServer().test { client in
            let auth = TestServer.bearer(TestServer.writeToken)
            for version in 1...3 {
                let body =
                    #"{"service":"api","version":"v\#(version)","author":"ana","link":"https://ci.example.com/\#(version)","time":"2026-11-24T1\#(version):00:00Z"}"#
                let created = try await client.execute(uri: "/api/v1/changes", method: .post, headers: auth, body: TestServer.body(body))
                #expect(created.status == .created)
                #expect(try TestServer.json(created)["id"] as? Int == version)
            }
            let firstPage = try TestServer.json(try await client.execute(uri: "/api/v1/changes?limit=2", method: .get))
            let changes = try #require(firstPage["changes"] as? [[String: Any]])
            #expect(changes.map { $0["version"] as? String } == ["v3", "v2"])
            #expect(changes.first?["time"] as? String == "2026-11-24T13:00:00Z")
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let secondPage = try TestServer.json(try await client.execute(uri: "/api/v1/changes?limit=2&cursor=\(cursor)", method: .get))
            #expect((secondPage["changes"] as? [[String: Any]])?.map { $0["version"] as? String } == ["v1"])
            #expect(secondPage["next_cursor"] == nil)

            let unknown = try await client.execute(uri: "/api/v1/changes", method: .post, headers: auth, body: TestServer.body(#"{"service":"apy"}"#))
            #expect(unknown.status == .unprocessableContent)
            let error = try #require(try TestServer.json(unknown)["error"] as? [String: Any])
            #expect(error["field"] as? String == "service")
            #expect(error["message"] as? String == "unknown service 'apy'; did you mean 'api'?")
            let typo = try await client.execute(
                uri: "/api/v1/changes", method: .post, headers: auth, body: TestServer.body(#"{"service":"api","verison":"1"}"#))
            #expect(typo.status == .unprocessableContent)
            let notJSON = try await client.execute(uri: "/api/v1/changes", method: .post, headers: auth, body: TestServer.body("version=1"))
            #expect(notJSON.status == .badRequest)
            let badLimit = try await client.execute(uri: "/api/v1/changes?limit=0", method: .get)
            #expect(badLimit.status == .badRequest)
            #expect(try TestServer.errorCode(badLimit) == "bad_request")
            let badCursor = try await client.execute(uri: "/api/v1/changes?cursor=abc", method: .get)
            #expect(badCursor.status == .badRequest)

            // Times a reliability record cannot hold are refused, never stored shifted.
            let writes: [(String, String, String)] = [
                ("/api/v1/changes", #"{"service":"api","time":"1000-01-01T00:00:00Z"}"#, "time"),
                ("/api/v1/services/api/satisfaction", #"{"score":0.9,"at":"0001-01-01T00:00:00Z"}"#, "at"),
                ("/api/v1/incidents", #"{"title":"x","severity":"SEV3","start":"9999-01-01T00:00:00Z"}"#, "start"),
                ("/api/v1/maintenance", #"{"service":"api","start":"9999-01-01T00:00:00Z","duration":"1h","reason":"r"}"#, "start"),
            ]
            for (path, body, field) in writes {
                let refused = try await client.execute(uri: path, method: .post, headers: TestServer.bearer(TestServer.adminToken), body: TestServer.body(body))
                #expect(refused.status == .unprocessableContent, "\(path)")
                let problem = try TestServer.json(refused)["error"] as? [String: Any]
                #expect(problem?["field"] as? String == field && (problem?["message"] as? String)?.contains("2099") == true, "\(path): \(problem ?? [:])")
            }
            // A valid time Vigil cannot hold: 422 (400 is for what is not a time at all).
            let early = try await client.execute(uri: "/api/v1/slos/api-availability?from=1000-01-01T00:00:00Z", method: .get)
            #expect(early.status == .unprocessableContent)

            // A flag or choice in a query is one of its values, never read as the default.
            let choices = [
                "/api/v1/silences?expired=null", "/api/v1/maintenance?ended=1", "/api/v1/incidents?open=yes", "/api/v1/action-items?overdue=",
                "/api/v1/probes?external=TRUE",
            ]
            for path in choices {
                let refused = try await client.execute(uri: path, method: .get)
                #expect(refused.status == .badRequest, "\(path)")
                #expect((try TestServer.json(refused)["error"] as? [String: Any])?["message"] as? String != nil, "\(path)")
            }
            #expect(try await client.execute(uri: "/api/v1/silences?expired=true", method: .get).status == .ok)
        }
    }

    /// A known path called with a method it does not take is a 405 naming the methods it
    /// does (RFC 9110); an unknown path stays a 404.
    @Test func aMethodAPathDoesNotTakeIs405WithAllow() async throws {
        try await TestServer().test { client in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.put, "/api/v1/slos", "GET"), (.delete, "/api/v1/events", "POST"), (.get, "/api/v1/silences/abc", "DELETE"),
                (.get, "/api/v1/alerts/0123456789abcdef/ack", "POST"), (.patch, "/-/ready", "GET"), (.trace, "/api/v1/slos", "GET"),
                (.options, "/api/v1/events", "POST"), (HTTPRequest.Method("QUERY")!, "/api/v1/incidents/7", "GET, PATCH"),
                (HTTPRequest.Method("PROPFIND")!, "/-/healthy", "GET"),
            ]
            for (method, path, allow) in cases {
                let answer = try await client.execute(uri: path, method: method, headers: TestServer.bearer(TestServer.adminToken))
                #expect(answer.status == .methodNotAllowed && answer.headers[.allow] == allow, "\(method) \(path): \(answer.status)")
                #expect(try TestServer.errorCode(answer) == "method_not_allowed")
            }
            let changes = try await client.execute(uri: "/api/v1/changes", method: .put, headers: TestServer.bearer(TestServer.adminToken))
            #expect(changes.headers[.allow] == "GET, POST")
            let unknown = try await client.execute(uri: "/api/v1/nothing-here", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try TestServer.errorCode(unknown) == "not_found")
            #expect(try await client.execute(uri: "/api/v1/nothing-here", method: HTTPRequest.Method("QUERY")!).status == .notFound)
        }
    }

    /// Every answer, errors included, is never sniffed and not cached unless its route
    /// says so; pages keep their own, stricter headers.
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await TestServer(yaml: TestServer.configYAML(readAuth: "token")).test { client in
            let answers: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
                ("/api/v1/slos", .get, TestServer.bearer(TestServer.ingestToken), .ok),
                ("/api/v1/slos", .get, [:], .unauthorized),
                ("/api/v1/slos/nope", .get, TestServer.bearer(TestServer.ingestToken), .notFound),
                ("/api/v1/slos", .put, [:], .methodNotAllowed),
                ("/nothing-here", .get, [:], .notFound),
                ("/-/healthy", .get, [:], .ok),
                ("/login", .get, [:], .ok),
            ]
            for (path, method, headers, status) in answers {
                let answer = try await client.execute(uri: path, method: method, headers: headers)
                #expect(answer.status == status, "\(method) \(path)")
                #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(method) \(path)")
                #expect(answer.headers[.cacheControl] == "no-store", "\(method) \(path)")
            }
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            let stylesheet = try await client.execute(uri: "/assets/vigil.css", method: .get)
            #expect(stylesheet.headers[.cacheControl] == "max-age=300", "a route's own choice stands")
        }
    }

    /// Middleware given to the router runs for routed requests and unrouted ones alike.
    /// (Added to the router after its routes, as `serve` once did with the request
    /// metrics, it saw only the 404s.)
    @Test func middlewareGivenToTheRouterSeesEveryRequest() async throws {
        let server = try TestServer()
        let seen = SeenPaths()
        let app = Application(router: VigilAPI.router(runtime: server.runtime, middlewares: [PathRecorder(seen: seen)]))
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/-/healthy", method: .get)
            _ = try await client.execute(uri: "/api/v1/slos", method: .put)
            _ = try await client.execute(uri: "/nothing-here", method: .get)
        }
        try await server.runtime.shutdown()
        #expect(await seen.paths == ["/-/healthy", "/api/v1/slos", "/nothing-here"])
    }

    @Test func sloDetailHasTheSeriesAndBurnDown() async throws {
        try await TestServer().test { client in
            // one bad minute an hour ago, good traffic otherwise
            let events = (1...120).map { minute in
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":\#(minute == 60 ? 50 : 100),"total":100}"#
            }
            let ingest = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            #expect(ingest.status == .ok)
            let detail = try TestServer.json(
                try await client.execute(uri: "/api/v1/slos/api-availability?from=2026-11-24T10:00:00Z&to=2026-11-24T12:00:00Z&step=1h", method: .get))
            let series = try #require(detail["series"] as? [String: Any])
            #expect(series["step_seconds"] as? Int == 3600)
            // A name in a path may be percent-encoded, as any client library may write it.
            let encoded = try await client.execute(uri: "/api/v1/slos/api%2Davailability", method: .get)
            let named = try TestServer.json(encoded)["slo"] as? [String: Any]
            #expect(encoded.status == .ok && named?["name"] as? String == "api-availability")
            #expect(try await client.execute(uri: "/api/v1/slos/api%2", method: .get).status == .notFound, "broken percent-encoding names nothing")
            let points = try #require(series["points"] as? [[String: Any]])
            #expect(points.map { $0["valid"] as? Int } == [6000, 6000])
            #expect(points.map { $0["good"] as? Int } == [6000, 5950])
            // budget: 50 bad of 12,000 against 1 % → 1 − 50/120 after the bad minute
            let remaining = try #require(points.last?["budget_remaining"] as? Double)
            #expect(abs(remaining - (1 - 50.0 / 120.0)) < 1e-9)
            #expect((points.first?["budget_remaining"] as? Double) == 1)

            let missing = try await client.execute(uri: "/api/v1/slos/api-availabilty", method: .get)
            #expect(missing.status == .notFound)
            let message = (try TestServer.json(missing)["error"] as? [String: Any])?["message"] as? String
            #expect(message == "no SLO named 'api-availabilty'; did you mean 'api-availability'?")
            for query in ["step=30s", "from=yesterday", "group=others"] {
                let bad = try await client.execute(uri: "/api/v1/slos/api-availability?\(query)", method: .get)
                #expect(bad.status == .badRequest, "\(query)")
            }
            // Valid times that together ask for nothing, or for decades of minutes: 422.
            for query in ["from=2026-11-24T12:00:00Z&to=2026-11-24T11:00:00Z", "from=2000-01-01T00:00:00Z"] {
                let refused = try await client.execute(uri: "/api/v1/slos/api-availability?\(query)", method: .get)
                #expect(refused.status == .unprocessableContent, "\(query)")
                #expect(try TestServer.errorCode(refused) == "invalid_range", "\(query)")
            }
            // More points than a chart shows: the step widens to keep 2000 (23 days of
            // minutes → 17-minute steps), and the answer says so.
            let wide = try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-availability?from=2026-11-01T00:00:00Z&step=1m", method: .get))
            let wideSeries = try #require(wide["series"] as? [String: Any])
            #expect(wideSeries["step_seconds"] as? Int == 17 * 60)
            #expect(((wideSeries["points"] as? [Any])?.count ?? 0) <= SLORoutes.maximumPoints)
        }
    }

    @Test func sloListFiltersAndPages() async throws {
        try await TestServer().test { client in
            let page = try TestServer.json(try await client.execute(uri: "/api/v1/slos?limit=1", method: .get))
            #expect((page["slos"] as? [[String: Any]])?.map { $0["name"] as? String } == ["api-availability"])
            #expect(page["next_cursor"] as? String == "api-availability")
            let next = try TestServer.json(try await client.execute(uri: "/api/v1/slos?limit=1&cursor=api-availability", method: .get))
            #expect((next["slos"] as? [[String: Any]])?.map { $0["name"] as? String } == ["api-latency"])
            let none = try TestServer.json(try await client.execute(uri: "/api/v1/slos?service=other", method: .get))
            #expect((none["slos"] as? [Any])?.isEmpty == true)
            // A cursor naming no configured SLO: start over (404, as Stripe's starting_after).
            let badCursor = try await client.execute(uri: "/api/v1/slos?cursor=nope", method: .get)
            #expect(badCursor.status == .notFound)
            let services = try TestServer.json(try await client.execute(uri: "/api/v1/services", method: .get))
            let first = (services["services"] as? [[String: Any]])?.first
            #expect(first?["slos"] as? [String] == ["api-availability", "api-latency"])
            #expect(first?["team"] as? String == "core")
        }
    }

    /// A burst of errors makes the page tier fire; the evaluator records the transition.
    @Test func alertsFireAndAreRecorded() async throws {
        let server = try TestServer()
        try await server.test { client in
            let events = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await client.succeed(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(events.joined(separator: "\n")))
            try await server.runtime.evaluate()
            let current = try TestServer.json(try await client.execute(uri: "/api/v1/alerts", method: .get))
            let alerts = try #require(current["alerts"] as? [[String: Any]])
            let page = try #require(alerts.first { $0["tier"] as? String == "page-1h" })
            #expect(page["state"] as? String == "firing")
            #expect(page["since"] as? String == "2026-11-24T12:00:00Z")
            let history = try TestServer.json(try await client.execute(uri: "/api/v1/alerts/history?slo=api-availability", method: .get))
            let transitions = try #require(history["transitions"] as? [[String: Any]])
            #expect(transitions.contains { $0["tier"] as? String == "page-1h" && $0["state"] as? String == "firing" })
            // evaluating again changes nothing
            try await server.runtime.evaluate()
            let again = try TestServer.json(try await client.execute(uri: "/api/v1/alerts/history?slo=api-availability", method: .get))
            #expect((again["transitions"] as? [Any])?.count == transitions.count)
            let detail = try TestServer.json(try await client.execute(uri: "/api/v1/slos/api-availability", method: .get))
            #expect((detail["alerts"] as? [[String: Any]])?.contains { $0["tier"] as? String == "page-1h" && $0["state"] as? String == "firing" } == true)
        }
    }

    /// A broken configuration is refused with every error; the old one keeps serving.
    @Test func reloadRefusesABrokenConfig() async throws {
        let server = try TestServer()
        try await server.test { client in
            let admin = TestServer.bearer(TestServer.adminToken)
            try "slos:\n  - name: x\n    objective: 99.9\n".write(to: server.configFile, atomically: true, encoding: .utf8)
            let refused = try await client.execute(uri: "/-/reload", method: .post, headers: admin)
            #expect(refused.status == .badRequest)
            let error = try #require(try TestServer.json(refused)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_config")
            let details = try #require(error["details"] as? [String])
            #expect(
                details.contains {
                    $0.hasSuffix("vigil.yaml:3:16: error: slos[0].objective: objective must be a ratio between 0 and 1, found 99.9; did you mean 0.999?")
                })
            #expect(details.count == 4)
            let still = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            #expect((still["slos"] as? [Any])?.count == 2)

            let extra = "  - {name: api-fast, service: api, sli: api-latency, objective: 0.5, window: 1d}"
            try TestServer.configYAML(extraSLO: extra).write(to: server.configFile, atomically: true, encoding: .utf8)
            let reloaded = try await client.execute(uri: "/-/reload", method: .post, headers: admin)
            #expect(reloaded.status == .ok)
            #expect(try TestServer.json(reloaded)["slos"] as? Int == 3)
            let now = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))
            #expect((now["slos"] as? [Any])?.count == 3)
        }
    }
}

/// The paths a ``PathRecorder`` saw, in order.
private actor SeenPaths {
    var paths: [String] = []
    func add(_ path: String) { paths.append(path) }
}

/// Middleware that notes each request's path and passes it on.
private struct PathRecorder: RouterMiddleware {
    typealias Context = VigilRequestContext
    let seen: SeenPaths

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        await seen.add(request.uri.path)
        return try await next(request, context)
    }
}
