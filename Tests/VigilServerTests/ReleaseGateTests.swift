import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilAPIModels
import VigilCore
import VigilStore
import VigilTestSupport

@testable import VigilServer

/// The release gate and canary runs through the API (docs/safe-change.md).
@Suite struct ReleaseGateTests {
    static func policy(_ mode: String) -> String {
        """
        release_policies:
          - name: core
            services: [api]
            mode: \(mode)
            steps:
              - {name: freeze, budget_below: 0%, action: freeze}
              - {name: fast-burn, window: 1h, burn_above: 14.4, action: freeze}
        """
    }

    /// Half an hour of both versions side by side: 2.3.9 at 0.5 % errors, 2.4.0 at 4 %.
    static func versionEvents() -> String {
        (1...30).flatMap { minute in
            [
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":995,"total":1000,"labels":{"version":"2.3.9"}}"#,
                #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":96,"total":100,"labels":{"version":"2.4.0"}}"#,
            ]
        }.joined(separator: "\n")
    }

    static func gate(_ client: any TestClientProtocol, version: String? = "2.4.0") async throws -> API.GateAnswer {
        let body = version.map { #"{"service":"api","version":"\#($0)"}"# } ?? #"{"service":"api"}"#
        let response = try await client.succeed(
            uri: "/api/v1/gate", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(body))
        return try APIJSON.decoder.decode(API.GateAnswer.self, from: Data(response.body.readableBytesView))
    }

    /// Starts a run of 2.4.0 against 2.3.9 from `minutesAgo` before the server's now.
    static func startCanary(
        _ client: any TestClientProtocol, minutesAgo: Int = 30, duration: String = "30m", interval: String = "5m"
    ) async throws -> CanaryRun {
        let start = TestServer.time(minutesAgo: minutesAgo)
        let response = try await client.succeed(
            uri: "/api/v1/canary-runs", method: .post, headers: TestServer.bearer(TestServer.writeToken),
            body: TestServer.body(
                #"{"service":"api","baseline_version":"2.3.9","canary_version":"2.4.0","start":"\#(start)","duration":"\#(duration)","interval":"\#(interval)"}"#
            ))
        return try APIJSON.decoder.decode(CanaryRun.self, from: Data(response.body.readableBytesView))
    }

    static func ingest(_ client: any TestClientProtocol, _ lines: String) async throws {
        try await client.succeed(uri: "/api/v1/events", method: .post, headers: TestServer.bearer(TestServer.ingestToken), body: TestServer.body(lines))
    }

    @Test func aWorseCanaryFailsTheGateInEnforceAndWarnsInAdvise() async throws {
        for (mode, expected) in [("enforce", GateDecision.Result.fail), ("advise", .warn)] {
            let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy(mode)))
            try await server.test { client in
                try await Self.ingest(client, Self.versionEvents())
                let run = try await Self.startCanary(client)
                #expect(run.status == .fail, "a canary four times worse fails in the first interval")
                #expect(run.intervals.count == 1)
                let availability = try #require(run.intervals[0].metrics.first { $0.sli == "api-requests" })
                #expect(availability.verdict == .fail)
                #expect(availability.canary == .init(bad: 20, total: 500))
                #expect(availability.baseline == .init(bad: 25, total: 5000))
                let answer = try await Self.gate(client)
                #expect(answer.decision.result == expected, "\(mode): \(answer.decision.reasons)")
                #expect(answer.exitCode == expected.exitCode)
                #expect(answer.decision.canaryRun == run.id && answer.decision.canaryStatus == .fail)
                #expect(answer.decision.reasons.contains { $0.contains("the canary failed") })
                #expect(answer.decision.requestedBy == "deployer")
                // The deployment page shows the run, each SLI's comparison and the decision.
                let page = String(buffer: try await client.succeed(uri: "/deployments/api/2.4.0", method: .get).body)
                #expect(page.contains("Canary run \(run.id!): 2.4.0 against 2.3.9"), "\(page)")
                #expect(page.contains("4.000% of 500") && page.contains("0.500% of 5000"), "\(page)")
                #expect(page.contains("\(expected.rawValue) (exit \(expected.exitCode))"))
                let unknown = try await client.execute(uri: "/deployments/api/9.9.9", method: .get)
                #expect(unknown.status == .notFound)
                // The per-version counts are stored, never held in memory.
                #expect(await !server.runtime.hotState.seriesKeys.contains(where: VersionSeries.isKey))
            }
        }
    }

    @Test func withoutDataThereIsNoDecisionAndAnOverrideOpensTheGate() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce")))
        try await server.test { client in
            let first = try await Self.gate(client, version: nil)
            #expect(first.decision.result == .noDecision && first.exitCode == 3, "\(first.decision.reasons)")
            let created = try await client.succeed(
                uri: "/api/v1/gate/overrides", method: .post, headers: TestServer.bearer(TestServer.writeToken),
                body: TestServer.body(#"{"service":"api","reason":"hotfix for INC-7","duration":"2h"}"#))
            let override = try APIJSON.decoder.decode(GateOverride.self, from: Data(created.body.readableBytesView))
            #expect(override.createdBy == "deployer" && override.expires == TestServer.now.addingTimeInterval(7200))
            let opened = try await Self.gate(client, version: nil)
            #expect(opened.decision.result == .pass && opened.exitCode == 0)
            #expect(opened.decision.openedByOverride == override.id)
            #expect(opened.decision.reasons.first?.contains("hotfix for INC-7") == true)
            let overview = String(buffer: try await client.succeed(uri: "/", method: .get).body)
            #expect(overview.contains("api: release gate open until 2026-11-24 14:00 UTC, by deployer — hotfix for INC-7"), "visible on the overview")
            // Both decisions are listed, newest first; the override too.
            let listed = try APIJSON.decoder.decode(
                API.GateDecisionList.self, from: Data(try await client.succeed(uri: "/api/v1/gate/decisions?service=api", method: .get).body.readableBytesView))
            #expect(listed.decisions.map(\.result) == [.pass, .noDecision])
            let overrides = try APIJSON.decoder.decode(
                API.GateOverrideList.self, from: Data(try await client.succeed(uri: "/api/v1/gate/overrides", method: .get).body.readableBytesView))
            #expect(overrides.overrides == [override])
            // Expired, it opens nothing.
            server.clock.advance(by: .seconds(7201))
            #expect(try await Self.gate(client, version: nil).decision.result == .noDecision)
        }
    }

    @Test func aSpentBudgetFreezesAndArgoReadsTheAnswer() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce")))
        try await server.test { client in
            let events = (1...60).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":50,"total":100}"# }
            try await Self.ingest(client, events.joined(separator: "\n"))
            let answer = try await Self.gate(client, version: nil)
            #expect(answer.decision.result == .fail && answer.decision.step == "freeze", "\(answer.decision.reasons)")
            let availability = try #require(answer.decision.slos.first { $0.slo == "api-availability" })
            #expect(abs((availability.budgetRemaining ?? 0) + 49) < 1e-9)
            #expect(abs((availability.burnRates["1h"] ?? 0) - 50) < 1e-9)
            // The evaluator records the step, once, and every view says since when.
            try await server.runtime.evaluate()
            server.clock.advance(by: .seconds(60))
            try await server.runtime.evaluate()
            let steps = try await server.runtime.releases.policySteps(service: "api", before: nil, limit: 10)
            #expect(steps.map(\.step) == ["freeze"] && steps.first?.at == TestServer.now, "\(steps)")
            let services = try APIJSON.decoder.decode(
                API.ServiceList.self, from: Data(try await client.succeed(uri: "/api/v1/services", method: .get).body.readableBytesView))
            let release = try #require(services.services.first { $0.name == "api" }?.release)
            #expect(release.step == "freeze" && release.since == TestServer.now && release.mode == .enforce && release.hasData)
            #expect(services.services.first { $0.name == "vendor" }?.release == nil)
            let page = String(buffer: try await client.succeed(uri: "/slos/api-availability", method: .get).body)
            #expect(page.contains("Release policy core (enforce) for api: step freeze since 2026-11-24 12:00 UTC"), "\(page)")
            let weekly = String(buffer: try await client.succeed(uri: "/api/v1/reports/weekly?format=markdown", method: .get).body)
            #expect(weekly.contains("## Release policies") && weekly.contains("| api | core | freeze: "), "\(weekly)")
            let argo = try await client.succeed(uri: "/api/v1/gate/argo?service=api", method: .get)
            let json = try JSONSerialization.jsonObject(with: Data(argo.body.readableBytesView)) as? [String: Any]
            #expect(json?["pass"] as? Bool == false)
        }
        // No data: Argo reads null (inconclusive), which its conditions do not meet.
        try await TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce"))).test { client in
            let argo = try await client.succeed(uri: "/api/v1/gate/argo?service=api&version=9", method: .get)
            #expect(String(buffer: argo.body).contains(#""pass":null"#))
        }
    }

    /// Requests with their latency: the latency SLI's per-minute p99 goes to Kayenta's judge.
    @Test func aSlowerCanaryFailsOnItsLatencyPercentiles() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce")))
        try await server.test { client in
            var lines: [String] = []
            for minute in 1...10 {
                for request in 0..<20 {
                    let time = TestServer.time(minutesAgo: minute)
                    let fast = 60 + (request * 7 + minute) % 40
                    lines.append(#"{"time":"\#(time)","service":"api","status":200,"latency_ms":\#(fast),"labels":{"version":"2.3.9"}}"#)
                    lines.append(#"{"time":"\#(time)","service":"api","status":200,"latency_ms":\#(fast + 150),"labels":{"version":"2.4.0"}}"#)
                }
            }
            try await Self.ingest(client, lines.joined(separator: "\n"))
            let run = try await Self.startCanary(client, minutesAgo: 10, duration: "10m", interval: "10m")
            let latency = try #require(run.intervals.first?.distributions.first)
            #expect(latency.metric == "api-latency p99" && latency.classification == .high, "\(latency)")
            #expect(latency.baselineCount == 10 && latency.canaryCount == 10)
            #expect(run.status == .fail, "\(run.reason ?? "")")
        }
    }

    /// A new latency threshold judges the stored per-version minutes again, as it does the SLI's.
    @Test func aChangedThresholdJudgesTheVersionSeriesAgain() async throws {
        let key = VersionSeries.key(sli: "api-latency", label: "version", value: "2")
        let first = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce")), cleansUp: false)
        try await first.test { client in
            let lines = (0..<10).map { _ in #"{"time":"\#(TestServer.time(minutesAgo: 5))","sli":"api-latency","latency_ms":150,"labels":{"version":"2"}}"# }
            try await Self.ingest(client, lines.joined(separator: "\n"))
        }
        #expect(try await first.runtime.store.loadBuckets(since: 0, only: [key])[key]?.first?.counts == EventCounts(good: 10, valid: 10))
        let second = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce"), latencyThreshold: "100ms"), directory: first.directory)
        try await second.test { _ in }
        #expect(try await second.runtime.store.loadBuckets(since: 0, only: [key])[key]?.first?.counts == EventCounts(good: 0, valid: 10))
    }

    @Test func aCanaryRunGoesOnWithTheClockAndRefusesBadRequests() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: Self.policy("enforce")))
        try await server.test { client in
            let same = (1...10).flatMap { minute in
                ["2.3.9", "2.4.0"].map {
                    #"{"time":"\#(TestServer.time(minutesAgo: minute))","sli":"api-requests","good":9900,"total":10000,"labels":{"version":"\#($0)"}}"#
                }
            }
            try await Self.ingest(client, same.joined(separator: "\n"))
            let run = try await Self.startCanary(client, minutesAgo: 10, duration: "20m", interval: "10m")
            #expect(run.status == .running && run.intervals.count == 1, "\(run.reason ?? "")")
            #expect(run.intervals[0].verdict == .pass, "\(run.intervals[0].reason)")
            server.clock.advance(by: .seconds(600))
            try await server.runtime.evaluate()
            let shown = try await client.succeed(uri: "/api/v1/canary-runs/\(run.id!)", method: .get)
            let finished = try APIJSON.decoder.decode(CanaryRun.self, from: Data(shown.body.readableBytesView))
            #expect(finished.status == .pass && finished.intervals.count == 2, "\(finished.reason ?? "")")
            #expect(try await Self.gate(client).decision.result == .pass)

            for (body, field) in [
                (#"{"service":"api","baseline_version":"1","canary_version":"1","duration":"10m","interval":"5m"}"#, "canary_version"),
                (#"{"service":"api","baseline_version":"1","canary_version":"2","duration":"12m","interval":"5m"}"#, "duration"),
                (#"{"service":"api","baseline_version":"1","canary_version":"2","duration":"10m","interval":"90s"}"#, "interval"),
                (#"{"service":"vendor","baseline_version":"1","canary_version":"2","duration":"10m","interval":"5m"}"#, "service"),
            ] {
                let refused = try await client.execute(
                    uri: "/api/v1/canary-runs", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(body))
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(String(buffer: refused.body).contains(#""field":"\#(field)""#), "\(String(buffer: refused.body))")
            }
            let missing = try await client.execute(uri: "/api/v1/canary-runs/99", method: .get)
            #expect(missing.status == .notFound)
            for (body, field) in [
                (#"{"service":"api","reason":" ","duration":"1h"}"#, "reason"),
                (#"{"service":"api","reason":"r","duration":"8d"}"#, "duration"),
                (#"{"service":"api","reason":"r"}"#, "expires"),
            ] {
                let refused = try await client.execute(
                    uri: "/api/v1/gate/overrides", method: .post, headers: TestServer.bearer(TestServer.writeToken), body: TestServer.body(body))
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(String(buffer: refused.body).contains(#""field":"\#(field)""#), "\(String(buffer: refused.body))")
            }
        }
    }
}

/// A failed canary under an `enforce` policy calls the policy's rollback webhook once.
@Suite struct RollbackWebhookTests {
    @Test func aFailedCanaryCallsTheRollbackHookOnceAndOnlyWhenEnforced() async throws {
        for mode in ["enforce", "advise"] {
            let sink = try WebhookSink(secret: "roll", down: false)
            defer { sink.stop() }
            let policy = ReleaseGateTests.policy(mode) + "\n    rollback_webhook: {url: \"\(sink.url)\", secret: roll}"
            // The real clock: the sink checks the signature's time against its own.
            let server = try TestServer(yaml: TestServer.configYAML(extraSLO: policy), clock: SystemClock())
            try await server.test { client in
                try await ReleaseGateTests.ingest(client, ReleaseGateTests.versionEvents())
                let run = try await ReleaseGateTests.startCanary(client)
                #expect(run.status == .fail)
                try await server.runtime.evaluate()
                try await server.runtime.evaluate()
                let requests = try sink.requests()
                guard mode == "enforce" else {
                    #expect(requests.isEmpty && run.rollback == nil, "advise: context, not control")
                    return
                }
                #expect(requests.count == 1, "once: \(requests)")
                #expect(requests.first?["signature_valid"] as? Bool == true)
                #expect(requests.first?["key"] as? String == "canary-run-\(run.id!)-rollback")
                let body = requests.first?["body"] as? [String: Any]
                #expect(body?["version"] as? String == "2.4.0" && body?["baseline_version"] as? String == "2.3.9", "\(requests)")
                #expect(run.rollback?.state == .delivered && run.rollback?.status == 200)
                let page = try await client.succeed(uri: "/deployments/api/2.4.0", method: .get)
                #expect(String(buffer: page.body).contains("Rollback webhook \(sink.url) called at"), "the call is on the deployment page")
            }
        }
    }
}

/// Flagger's webhooks halt a rollout on any answer but 2xx.
@Suite struct FlaggerGateTests {
    static func post(_ client: any TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/gate/flagger", method: .post, body: TestServer.body(body))
    }

    @Test func passGoesOnAndFailOrNoDecisionHalts() async throws {
        let server = try TestServer(yaml: TestServer.configYAML(extraSLO: ReleaseGateTests.policy("enforce")))
        try await server.test { client in
            let payload = #"{"name":"podinfo","namespace":"shop","phase":"Progressing","checksum":"abc","metadata":{"service":"api","version":"2.4.0"}}"#
            let undecided = try await Self.post(client, payload)
            #expect(undecided.status == .forbidden, "no data: fail closed")
            let healthy = (1...30).map { #"{"time":"\#(TestServer.time(minutesAgo: $0))","sli":"api-requests","good":1000,"total":1000}"# }
            try await ReleaseGateTests.ingest(client, healthy.joined(separator: "\n"))
            let passing = try await Self.post(client, payload)
            #expect(passing.status == .ok, "\(String(buffer: passing.body))")
            let answer = try APIJSON.decoder.decode(API.GateAnswer.self, from: Data(passing.body.readableBytesView))
            #expect(answer.decision.requestedBy == "flagger shop/podinfo" && answer.decision.version == "2.4.0")
            try await ReleaseGateTests.ingest(client, ReleaseGateTests.versionEvents())
            _ = try await ReleaseGateTests.startCanary(client)
            let failing = try await Self.post(client, payload)
            #expect(failing.status == .forbidden)
            #expect(String(buffer: failing.body).contains("the canary failed"))
            // The canary's name is the service unless metadata names one.
            let unknown = try await Self.post(client, #"{"name":"podinfo","namespace":"shop"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("metadata.service"))
        }
    }
}
