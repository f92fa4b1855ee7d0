import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import VigilServer

/// Every write route × no token / unknown token / token without the scope / right token.
@Suite struct AuthTests {
    struct WriteRoute: Sendable, CustomStringConvertible {
        let path: String
        let body: String
        let rightToken: String
        let wrongScopeToken: String
        var description: String { path }
    }

    static let writeRoutes = [
        WriteRoute(path: "/api/v1/events", body: #"{"time":"2026-11-24T11:58:00Z","sli":"api-requests","good":1,"total":1}"#,
                   rightToken: TestServer.ingestToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(path: "/api/v1/changes", body: #"{"service":"api","version":"1"}"#,
                   rightToken: TestServer.writeToken, wrongScopeToken: TestServer.ingestToken),
        WriteRoute(path: "/-/reload", body: "", rightToken: TestServer.adminToken, wrongScopeToken: TestServer.writeToken),
        WriteRoute(path: "/api/v1/heartbeats/api-beat", body: "", rightToken: TestServer.ingestToken, wrongScopeToken: TestServer.writeToken),
    ]

    @Test(arguments: writeRoutes)
    func writeRoutesNeedTheirScope(route: WriteRoute) async throws {
        try await TestServer().test { client in
            let body = TestServer.body(route.body)
            let none = try await client.execute(uri: route.path, method: .post, body: body)
            #expect(none.status == .unauthorized)
            #expect(try TestServer.errorCode(none) == "unauthorized")
            let unknown = try await client.execute(uri: route.path, method: .post, headers: TestServer.bearer("guess"), body: body)
            #expect(unknown.status == .unauthorized)
            let basic = try await client.execute(uri: route.path, method: .post, headers: [.authorization: "Basic Zm9vOmJhcg=="], body: body)
            #expect(basic.status == .unauthorized)
            let wrongScope = try await client.execute(uri: route.path, method: .post, headers: TestServer.bearer(route.wrongScopeToken), body: body)
            #expect(wrongScope.status == .forbidden)
            #expect(try TestServer.errorCode(wrongScope) == "forbidden")
            let right = try await client.execute(uri: route.path, method: .post, headers: TestServer.bearer(route.rightToken), body: body)
            #expect(right.status.code / 100 == 2)
            let admin = try await client.execute(uri: route.path, method: .post, headers: TestServer.bearer(TestServer.adminToken), body: body)
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
            for path in reads {
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .unauthorized, "\(path)")
                let withToken = try await client.execute(uri: path, method: .get, headers: TestServer.bearer(TestServer.ingestToken))
                #expect(withToken.status == .ok, "\(path)")
            }
            // health endpoints stay open for probes
            let healthy = try await client.execute(uri: "/-/healthy", method: .get)
            #expect(healthy.status == .ok)
        }
    }

    /// Every write route of the table is in the matrix above.
    @Test func everyWriteRouteIsInTheMatrix() {
        let writes = Set(VigilAPI.routes.filter { $0.method != .get }.map { TestServer.concrete($0.path) })
        #expect(writes == Set(Self.writeRoutes.map(\.path)))
    }

    @Test func tokensCompareByHash() {
        let settings = TestServer.configYAML()
        #expect(settings.contains(Authenticator.hash(TestServer.ingestToken)))
        #expect(Authenticator.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Authenticator.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Authenticator.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
