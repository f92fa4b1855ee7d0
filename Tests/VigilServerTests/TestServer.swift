import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VigilConfig
import VigilCore
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// A Vigil app over a fresh SQLite store in a temporary directory, with a pinned clock.
struct TestServer {
    /// 2026-11-24T12:00:00Z: every window ends just before this minute.
    static let now = ISO8601DateFormatter().date(from: "2026-11-24T12:00:00Z")!
    static let ingestToken = "ingest-secret", writeToken = "write-secret", adminToken = "admin-secret"

    /// A configuration with one service, two SLOs and three tokens (one per scope).
    static func configYAML(
        readAuth: String = "open", maxBodyBytes: Int = 1_000_000, maxBatchEvents: Int = 1_000, extraSLO: String = "",
        latencyThreshold: String = "250ms", retention: String = "35d"
    ) -> String {
        """
        services:
          - {name: api, team: core}
          - {name: vendor, external: true}
        slis:
          - {name: api-requests}
          - {name: api-latency, kind: latency, threshold: \(latencyThreshold)}
        slos:
          - {name: api-availability, service: api, sli: api-requests, objective: 0.99, window: 7d}
          - {name: api-latency, service: api, sli: api-latency, objective: 0.9, window: 7d}
        \(extraSLO)
        \(extraSLO.contains("release_policies:") ? "" : "release_policies:\n  - {name: core, services: [api], steps: [{name: freeze, budget_below: 0%, action: freeze}]}")
        \(extraSLO.contains("probes:") ? "" : "probes:\n  - {name: api-port, service: api, tcp: {address: \"127.0.0.1:1\"}, conditions: [\"[CONNECTED] == true\"]}\n  - {name: api-beat, service: api, heartbeat: {expect_every: 1h, grace: 5m}}")
        \(extraSLO.contains("people:") ? "" : TestServer.oncallYAML)
        server:
          read_auth: \(readAuth)
          retention: \(retention)
          limits: {max_body_bytes: \(maxBodyBytes), max_batch_events: \(maxBatchEvents), max_future: 5m}
          tokens:
            - {name: pusher, sha256: \(Authenticator.hash(ingestToken)), scopes: [ingest]}
            - {name: deployer, sha256: \(Authenticator.hash(writeToken)), scopes: [write]}
            - {name: operator, sha256: \(Authenticator.hash(adminToken)), scopes: [admin]}
        """
    }

    /// One person on a weekly schedule and a policy paging it: what the on-call routes act on.
    static let oncallYAML = """
        people:
          - {name: Ana, time_zone: Europe/Berlin, contacts: [{webhook: "http://127.0.0.1:1/ana"}]}
        schedules:
          - {name: core, time_zone: Europe/Berlin, layers: [{name: weekly, rotation: weekly, start: "2026-11-23T09:00", participants: [Ana]}]}
        escalation_policies:
          - {name: core-pages, steps: [{notify: [{schedule: core}], delay: 5m}]}
        """

    /// Routes every alert to `core-pages`, for tests that need an escalation.
    static let escalatingRouting = """
        routing:
          receiver: core-pages
          group_wait: 0s
        """

    let directory: URL
    let configFile: URL
    let runtime: VigilRuntime
    /// The server's clock, standing at ``now`` until the test advances it (unless the
    /// test gave the server a clock of its own).
    let clock: ManualClock

    /// Whether `test` deletes the directory afterwards.
    let cleansUp: Bool

    /// - Parameter directory: reuse another server's directory (its data), as a restart does.
    init(
        yaml: String = TestServer.configYAML(), directory existing: URL? = nil, cleansUp: Bool = true, deliveryBackoff: Duration = .seconds(1),
        clock: (any WallClock)? = nil
    ) throws {
        self.cleansUp = cleansUp
        self.clock = ManualClock(now: TestServer.now)
        directory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configFile = directory.appendingPathComponent("vigil.yaml")
        try yaml.write(to: configFile, atomically: true, encoding: .utf8)
        let configuration = try ConfigLoader.load(paths: [configFile.path]).get()
        let store = try SQLiteStore(directory: directory.appendingPathComponent("data").path)
        runtime = VigilRuntime(
            configPaths: [configFile.path], configuration: configuration, store: store, logger: Logger(label: "test"), clock: clock ?? self.clock,
            deliveryBackoff: deliveryBackoff)
    }

    /// Rebuilds (unless told not to), then runs `body` against the router, or with `live`
    /// against the app listening on a free localhost port (`client.port`).
    func test(rebuild: Bool = true, live: Bool = false, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        if rebuild { try await runtime.rebuild() }
        // What the probe scheduler does first when the server starts.
        await runtime.probes.reconcile(await runtime.hotState.configuration.probes, now: runtime.clock.now)
        let app = Application(router: VigilAPI.router(runtime: runtime))
        do { try await app.test(live ? .live : .router, body) } catch {
            try? await runtime.shutdown()
            throw error
        }
        try await runtime.shutdown()
        if cleansUp { try? FileManager.default.removeItem(at: directory) }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// A route path with its `{name}` filled by something that exists in the default
    /// configuration: a probe for probe routes, an SLO otherwise.
    static func concrete(_ path: String) -> String {
        let name = path.hasPrefix("/api/v1/probes/") ? "api-port" : path.hasPrefix("/api/v1/heartbeats/") ? "api-beat" : "api-availability"
        return path.replacingOccurrences(of: "{name}", with: name).replacingOccurrences(of: "{fingerprint}", with: "0123456789abcdef")
            .replacingOccurrences(of: "{id}", with: "1") + (path == "/api/v1/gate/argo" ? "?service=api" : "")
            + (path == "/api/v1/oncall/simulate" ? "?policy=core-pages" : "")
    }

    /// `n` minutes before `now`, RFC 3339.
    static func time(minutesAgo n: Int) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: now.addingTimeInterval(TimeInterval(-60 * n)))
    }

    static func bytes(_ response: TestResponse) throws -> [UInt8] {
        Array(response.body.readableBytesView)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(response.body.readableBytesView)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The `error.code` of an error response.
    static func errorCode(_ response: TestResponse) throws -> String? {
        (try json(response)["error"] as? [String: Any])?["code"] as? String
    }
}

extension TestClientProtocol {
    /// Sends a request the rest of the test builds on: an answer outside 2xx fails the
    /// test at the caller's line, with the answer's body, instead of being ignored.
    @discardableResult
    func succeed(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> TestResponse {
        let response = try await execute(uri: uri, method: method, headers: headers, body: body)
        #expect(
            (200..<300).contains(response.status.code), "\(method) \(uri): \(response.status) \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return response
    }
}
