import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilConfig
import VigilCore
import VigilProbes
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// Probe runs feed the SLIs that name the probe; missed runs count as bad.
@Suite struct ProbeFeedTests {
    static let yaml = TestServer.configYAML(
        extraSLO: """
              - {name: api-up, service: api, sli: {probe: api-health}, objective: 0.9, window: 7d}
              - {name: api-fast, service: api, sli: {name: api-health-latency, probe: api-health, kind: latency, threshold: 250ms}, objective: 0.9, window: 7d}
            probes:
              - {name: api-health, service: api, http: {url: "http://127.0.0.1:1/"}, conditions: ["[STATUS] == 200"]}
            """)

    @Test func runsBecomeGoodAndBadEvents() async throws {
        let server = try TestServer(yaml: Self.yaml)
        let spec = try #require(await server.runtime.hotState.configuration.probes.first)
        try await server.test { client in
            await server.runtime.probes.reconcile([spec], now: server.runtime.clock.now)
            let at = TestServer.now.addingTimeInterval(-120)
            func run(_ status: Int, _ ms: Int64) -> ProbeRun {
                let observation = ProbeObservation(connected: true, status: status, responseTime: .milliseconds(ms))
                return ProbeRun(
                    probe: spec.name, startedAt: at, observation: observation, results: spec.conditions.map { $0.evaluate(observation) }, error: nil)
            }
            await server.runtime.recordProbeRun(spec, run(200, 100))
            await server.runtime.recordProbeRun(spec, run(200, 400))
            await server.runtime.recordProbeRun(spec, run(500, 50))
            await server.runtime.recordMissedProbeRuns(spec, count: 2, reason: "test")
            let slos = try TestServer.json(try await client.execute(uri: "/api/v1/slos", method: .get))["slos"] as? [[String: Any]] ?? []
            let up = try #require(slos.first { $0["name"] as? String == "api-up" })
            // 2 passing of 3 runs in the window (the missed ones fall in the current minute)
            #expect(up["good"] as? Int == 2 && up["valid"] as? Int == 3)
            let fast = try #require(slos.first { $0["name"] as? String == "api-fast" })
            #expect(fast["good"] as? Int == 2 && fast["valid"] as? Int == 3)
            await server.runtime.probeRuns.drain()
            let runs = try await server.runtime.store.probeRuns(probe: spec.name, before: nil, limit: 10)
            #expect(runs.map(\.missed) == [true, true, false, false, false])
            #expect(runs[2].conditions == [.init(condition: "[STATUS] (500) == 200", success: false)])
            let state = await server.runtime.probes.entry(spec.name)?.health.state
            #expect(state == .down) // 3 failures in a row: the 500 and the two missed
            // Events cannot be pushed to a probe's SLI.
            let pushed = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken),
                body: TestServer.body(#"{"time":"\#(TestServer.time(minutesAgo: 1))","sli":"api-up","good":1,"total":1}"#))
            #expect(pushed.status == .unprocessableContent)
        }
    }

    /// A job's beat passes the heartbeat; a silent job fails once per period.
    @Test func heartbeatsPassOnBeatsAndFailWhenSilent() async throws {
        let server = try TestServer()
        try await server.test { client in
            let auth = TestServer.bearer(TestServer.ingestToken)
            let beat = try await client.execute(uri: "/api/v1/heartbeats/api-beat", method: .post, headers: auth)
            #expect(beat.status == .ok)
            let body = try TestServer.json(beat)
            #expect(body["probe"] as? String == "api-beat")
            #expect(body["next_deadline"] is String)
            let wrongKind = try await client.execute(uri: "/api/v1/heartbeats/api-port", method: .post, headers: auth)
            #expect(wrongKind.status == .conflict)
            let unknown = try await client.execute(uri: "/api/v1/heartbeats/api-bet", method: .post, headers: auth)
            #expect(unknown.status == .notFound)
            #expect(
                (try TestServer.json(unknown)["error"] as? [String: Any])?["message"] as? String == "no heartbeat named 'api-bet'; did you mean 'api-beat'?")

            // 3 hours of silence after the beat: overdue once at 1h05m, then once an hour.
            let board = server.runtime.probes
            #expect(await board.overdueHeartbeats(at: server.clock.now.addingTimeInterval(3600)).isEmpty)
            let overdue = await board.overdueHeartbeats(at: server.clock.now.addingTimeInterval(3 * 3600 + 60))
            #expect(overdue.map(\.spec.name) == ["api-beat"])
            for (spec, lastBeat) in overdue { await server.runtime.recordMissedHeartbeat(spec, lastBeat: lastBeat) }
            await server.runtime.probeRuns.drain()
            let runs = try await server.runtime.store.probeRuns(probe: "api-beat", before: nil, limit: 10)
            #expect(runs.map(\.success) == [false, true])
            #expect(runs.first?.error?.hasPrefix("no heartbeat since ") == true)
            #expect(await board.overdueHeartbeats(at: server.clock.now.addingTimeInterval(3 * 3600 + 120)).map(\.spec.name) == ["api-beat"])
        }
    }
}
