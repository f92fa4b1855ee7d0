import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore

@testable import VigilServer

/// Every write route × no token / unknown token / token without the scope / right token.
@Suite struct AuthTests {
    struct WriteRoute: Sendable, CustomStringConvertible {
        let path: String
        let body: String
        let rightToken: String
        let wrongScopeToken: String
        var method: HTTPRequest.Method = .post
        /// Makes what the route acts on (an alert to acknowledge, a silence to end).
        var prepare: (@Sendable (any TestClientProtocol) async throws -> Void)?
        /// Extra configuration the route needs (routing to an escalation policy).
        var extraConfig = ""
        var description: String { "\(method) \(path)" }
        /// The route's path in the table (`{name}` unfilled).
        var template: String {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            return parts.enumerated().map { index, part in
                guard index > 0 else { return String(part) }
                switch parts[index - 1] {
                case "heartbeats", "services": return "{name}"
                case "silences", "incidents", "action-items", "maintenance", "overrides", "escalations": return "{id}"
                case "alerts" where index + 1 < parts.count && parts[index + 1] == "ack": return "{fingerprint}"
                default: return String(part)
                }
            }.joined(separator: "/")
        }
    }

    static let amAlert =
        #"{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Down","severity":"critical"},"startsAt":"2026-11-24T11:00:00Z"}]}"#

    static let openIncident: @Sendable (any TestClientProtocol) async throws -> Void = { client in
        try await client.succeed(
            uri: "/api/v1/incidents", method: .post, headers: TestServer.bearer(TestServer.writeToken),
            body: TestServer.body(#"{"title":"t","severity":"SEV3"}"#))
    }

    static let draftPostmortem: @Sendable (any TestClientProtocol) async throws -> Void = { client in
        try await openIncident(client)
        try await client.succeed(uri: "/api/v1/incidents/1/postmortem", method: .post, headers: TestServer.bearer(TestServer.writeToken))
    }

    static let writeRoutes = [
        WriteRoute(
            path: "/api/v1/events", body: #"{"time":"2026-11-24T11:58:00Z","sli":"api-requests","good":1,"total":1}"#,
            rightToken: TestServer.ingestToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(
            path: "/api/v1/changes", body: #"{"service":"api","version":"1"}"#,
            rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(path: "/-/reload", body: "", rightToken: TestServer.adminToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(path: "/api/v1/heartbeats/api-beat", body: "", rightToken: TestServer.ingestToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(path: "/api/v1/alertmanager", body: amAlert, rightToken: TestServer.ingestToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(
            path: "/api/v1/silences", body: #"{"matchers":["slo=x"],"duration":"1h","created_by":"a","comment":"c"}"#,
            rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/alerts/\(Alert.fingerprint(of: ["alertname": "Down", "severity": "critical", "class": "alert"]))/ack", body: #"{"by":"ana"}"#,
            rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken,
            prepare: { client in
                try await client.succeed(
                    uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(amAlert))
            }),
        WriteRoute(
            path: "/api/v1/incidents", body: #"{"title":"t","severity":"SEV3"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/incidents/1", body: #"{"severity":"SEV4"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken,
            method: .patch, prepare: openIncident),
        WriteRoute(
            path: "/api/v1/incidents/1/status", body: #"{"status":"identified"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: openIncident),
        WriteRoute(
            path: "/api/v1/incidents/1/notes", body: #"{"text":"n"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken,
            prepare: openIncident),
        WriteRoute(
            path: "/api/v1/incidents/1/updates", body: #"{"text":"We are looking into it."}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: openIncident),
        WriteRoute(
            path: "/api/v1/incidents/1/postmortem", body: #"{"regenerate":true}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: openIncident),
        WriteRoute(
            path: "/api/v1/incidents/1/postmortem", body: #"{"text":"edited"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, method: .put, prepare: draftPostmortem),
        WriteRoute(
            path: "/api/v1/incidents/1/postmortem/status", body: #"{"status":"in-review"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: draftPostmortem),
        WriteRoute(
            path: "/api/v1/incidents/1/action-items", body: #"{"title":"t","type":"detect"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: openIncident),
        WriteRoute(
            path: "/api/v1/action-items/1", body: #"{"status":"done"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, method: .patch,
            prepare: { client in
                try await openIncident(client)
                try await client.succeed(
                    uri: "/api/v1/incidents/1/action-items", method: .post, headers: TestServer.bearer(TestServer.writeToken),
                    body: TestServer.body(#"{"title":"t","type":"detect"}"#))
            }),
        WriteRoute(
            path: "/api/v1/toil", body: #"{"team":"core","minutes":30,"category":"restarts","at":"2026-11-24T11:00:00Z"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/services/api/satisfaction", body: #"{"score":0.9}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/maintenance", body: #"{"service":"api","duration":"1h"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken
        ),
        WriteRoute(
            path: "/api/v1/maintenance/1", body: "", rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken, method: .delete,
            prepare: { client in
                try await client.succeed(
                    uri: "/api/v1/maintenance", method: .post, headers: TestServer.bearer(TestServer.writeToken),
                    body: TestServer.body(#"{"service":"api","duration":"1h"}"#))
            }),
        WriteRoute(
            path: "/api/v1/load-runs",
            body:
                #"{"service":"api","target":"http://127.0.0.1:1/","model":"closed","connections":1,"started_at":"2026-11-24T11:00:00Z","summary":{"requests":1,"duration":1,"errors":{"connect":0,"timeout":0,"read":0,"status4xx":0,"status5xx":0},"bytes_in":0,"bytes_out":0,"peak_connections":1},"findings":[]}"#,
            rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(path: "/api/v1/gate", body: #"{"service":"api","version":"2"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/gate/overrides", body: #"{"service":"api","reason":"hotfix for INC-7","duration":"2h"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/canary-runs",
            body: #"{"service":"api","baseline_version":"1","canary_version":"2","start":"2026-11-24T11:00:00Z","duration":"10m","interval":"5m"}"#,
            rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/silences/1", body: "", rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken, method: .delete,
            prepare: { client in
                try await client.succeed(
                    uri: "/api/v1/silences", method: .post, headers: TestServer.bearer(TestServer.writeToken),
                    body: TestServer.body(#"{"id":"1","matchers":["slo=x"],"duration":"1h","created_by":"a","comment":"c"}"#))
            }),
        WriteRoute(
            path: "/api/v1/oncall/overrides", body: overrideBody, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(
            path: "/api/v1/oncall/overrides/ovr-1", body: "", rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken, method: .delete,
            prepare: { client in
                try await client.succeed(
                    uri: "/api/v1/oncall/overrides", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(overrideBody))
            }),
        WriteRoute(
            path: "/api/v1/escalations/esc-1/ack", body: #"{"by":"Ana"}"#, rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken,
            prepare: page, extraConfig: TestServer.escalatingRouting),
        WriteRoute(
            path: "/api/v1/escalations/esc-1/resolve", body: #"{"by":"Ana"}"#, rightToken: TestServer.writeToken,
            wrongScopeToken: TestServer.ingestToken, prepare: page, extraConfig: TestServer.escalatingRouting),
    ]

    static let overrideBody = #"{"schedule":"core","with":"Ana","start":"2026-11-24T13:00:00Z","end":"2026-11-24T14:00:00Z","created_by":"a"}"#

    /// An alert routed to the escalation policy: escalation `esc-1` starts.
    static let page: @Sendable (any TestClientProtocol) async throws -> Void = { client in
        try await client.succeed(uri: "/api/v1/alertmanager", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(amAlert))
    }

    @Test(arguments: writeRoutes)
    func writeRoutesNeedTheirScope(route: WriteRoute) async throws {
        try await TestServer(yaml: TestServer.configYAML(extraSLO: route.extraConfig)).test { client in
            try await route.prepare?(client)
            let body = TestServer.body(route.body)
            let none = try await client.execute(uri: route.path, method: route.method, body: body)
            #expect(none.status == .unauthorized)
            #expect(try TestServer.errorCode(none) == "unauthorized")
            let unknown = try await client.execute(uri: route.path, method: route.method, headers: TestServer.bearer("guess"), body: body)
            #expect(unknown.status == .unauthorized)
            let basic = try await client.execute(uri: route.path, method: route.method, headers: [.authorization: "Basic Zm9vOmJhcg=="], body: body)
            #expect(basic.status == .unauthorized)
            let wrongScope = try await client.execute(uri: route.path, method: route.method, headers: TestServer.bearer(route.wrongScopeToken), body: body)
            #expect(wrongScope.status == .forbidden)
            #expect(try TestServer.errorCode(wrongScope) == "forbidden")
            let right = try await client.execute(uri: route.path, method: route.method, headers: TestServer.bearer(route.rightToken), body: body)
            #expect(right.status.code / 100 == 2)
            let admin = try await client.execute(uri: route.path, method: route.method, headers: TestServer.bearer(TestServer.adminToken), body: body)
            #expect(admin.status.code / 100 == 2, "admin grants every scope")
        }
    }

    @Test func readsAreOpenByDefaultAndProtectedOnRequest() async throws {
        try await TestServer().test { client in
            let open = try await client.execute(uri: "/api/v1/slos", method: .get)
            #expect(open.status == .ok)
        }
        try await TestServer(yaml: TestServer.configYAML(readAuth: "token")).test { client in
            // Every API read route, from the route table, so a new one cannot be missed.
            let reads = VigilAPI.routes.filter { $0.method == .get && $0.path.hasPrefix("/api/") }
                .map { TestServer.concrete($0.path) }
            #expect(reads.count >= 7)
            try await Self.draftPostmortem(client)
            let canaryRun = Self.writeRoutes.first { $0.path == "/api/v1/canary-runs" }!
            try await client.succeed(
                uri: canaryRun.path, method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(canaryRun.body))
            for path in reads {
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .unauthorized, "\(path)")
                let withToken = try await client.execute(uri: path, method: .get, headers: TestServer.bearer(TestServer.ingestToken))
                #expect(withToken.status == .ok, "\(path)")
            }
            // The scheme is case-insensitive (RFC 9110), and more spaces may follow it.
            for header in ["bearer \(TestServer.ingestToken)", "BEARER  \(TestServer.ingestToken)"] {
                #expect(try await client.execute(uri: "/api/v1/slos", method: .get, headers: [.authorization: header]).status == .ok, "\(header)")
            }
            for header in ["Basic \(TestServer.ingestToken)", "Bearer", "Bearer  ", "\(TestServer.ingestToken)"] {
                #expect(try await client.execute(uri: "/api/v1/slos", method: .get, headers: [.authorization: header]).status == .unauthorized, "\(header)")
            }
            // health endpoints stay open for probes
            let healthy = try await client.execute(uri: "/-/healthy", method: .get)
            #expect(healthy.status == .ok)
        }
    }

    /// POSTs that are reads: Flagger's webhooks carry no headers (so no token), and asking
    /// the gate changes nothing but the gate's own audit log.
    static let readPosts: Set<String> = ["POST /api/v1/gate/flagger"]

    /// Every write route of the table is in the matrix above.
    @Test func everyWriteRouteIsInTheMatrix() {
        let writes = Set(VigilAPI.routes.filter { $0.method != .get }.map { "\($0.method) \($0.path)" }).subtracting(Self.readPosts)
        #expect(writes == Set(Self.writeRoutes.map { "\($0.method) \($0.template)" }))
    }

    /// The table, not the handlers, says who may call a route: only health checks and the
    /// public status page are open to anyone, and every write needs a scoped token.
    @Test func theRouteTableDeclaresWhoMayCallEachRoute() {
        let open = Set(VigilAPI.routes.filter { $0.access == .anyone }.map { "\($0.method) \($0.path)" })
        #expect(open == ["GET /-/healthy", "GET /-/ready", "GET /status.json"])
        for route in VigilAPI.routes where route.method != .get {
            if Self.readPosts.contains("\(route.method) \(route.path)") {
                #expect(route.access == .read)
                continue
            }
            guard case .token = route.access else {
                Issue.record("\(route.method) \(route.path) is a write without a token scope")
                continue
            }
        }
    }

    @Test func tokensCompareByHash() {
        let settings = TestServer.configYAML()
        #expect(settings.contains(Authenticator.hash(TestServer.ingestToken)))
        #expect(TokenVerifier.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenVerifier.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!TokenVerifier.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
