import Foundation
import Testing
import VigilTestSupport

/// The README's release walk-through on the quickstart (docs/safe-change.md): a 2.4.0
/// canary with a higher error ratio than 2.3.9 fails its canary run, and `vigil gate`
/// exits 1 under the `enforce` policy, 2 once the policy only advises, 3 without data or
/// without Vigil, and 0 after an override, which is listed.
@Suite(.serialized) struct QuickstartReleaseTests {
    static let env = ["VIGIL_TOKEN=quickstart-demo-token", "USER=dana"]

    static func canaryEvents() async throws -> String {
        let (status, output) = try await ChildProcess.run("/usr/bin/env", ["python3", "\(CLITests.quickstart)/canary-events.py", "--minutes", "30"])
        #expect(status == 0)
        return output
    }

    @Test func theGateFollowsThePolicyTheCanaryAndTheOverride() async throws {
        let server = try ServerProcess(quickstart: CLITests.quickstart)
        defer { server.cleanUp() }
        try await server.start()
        let env = Self.env + ["VIGIL_SERVER=\(server.baseURL)"]

        let empty = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.0")
        #expect(empty.status == 3, "no data: no decision — \(empty.stdout)\(empty.stderr)")
        #expect(empty.stdout.contains("gate: NO DECISION (exit 3)"))

        let history = try CLITests.vigil(environment: env, "events", "push", "examples/quickstart/events.ndjson")
        #expect(history.status == 0, "\(history.stderr)")
        let canary = try CLITests.vigil(environment: env, ["events", "push", "-"], stdin: try await Self.canaryEvents())
        #expect(canary.status == 0, "\(canary.stderr)")

        let run = try CLITests.vigil(
            environment: env, "canary", "run", "--config", "examples/quickstart", "--service", "shop-web", "--baseline-version", "2.3.9",
            "--canary-version", "2.4.0", "--since", "30m", "--duration", "30m", "--interval", "5m")
        #expect(run.status == 1, "the canary fails: \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("interval 1/6  score 0  fail"), "\(run.stdout)")
        #expect(run.stdout.contains("fail: shop-web-requests: canary 4% bad of 250"), "\(run.stdout)")
        // The README quotes these figures.
        #expect(run.stdout.contains("baseline 0.105% of 4750"), "\(run.stdout)")
        #expect(run.stdout.contains("shop-web-latency: canary 0% bad of 250, baseline 0.526% of 4750 — needs 465 more canary requests"), "\(run.stdout)")

        let status = try CLITests.vigil(environment: env, "slo", "status")
        #expect(status.stdout.contains("release policies:\n  shop-web: policy storefront (enforce), "), "\(status.stdout)")

        let enforced = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.0")
        #expect(enforced.status == 1, "\(enforced.stdout)\(enforced.stderr)")
        #expect(enforced.stdout.contains("gate: FAIL (exit 1) — shop-web 2.4.0, policy storefront (enforce)"), "\(enforced.stdout)")
        #expect(enforced.stdout.contains("  - the canary failed"), "\(enforced.stdout)")

        let json = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.0", "--output", "json")
        #expect(json.status == 1)
        let answer = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let decision = answer?["decision"] as? [String: Any]
        #expect(answer?["exit_code"] as? Int == 1 && decision?["canary_status"] as? String == "fail", "\(json.stdout)")
        #expect((decision?["slos"] as? [[String: Any]])?.contains { $0["slo"] as? String == "shop-web-availability" } == true)

        // The same policy, advising: a warning, not a stop.
        let policy = server.configFile.appendingPathComponent("releases.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        try text.replacingOccurrences(of: "mode: enforce", with: "mode: advise").write(to: policy, atomically: true, encoding: .utf8)
        let (reloaded, _) = try await server.request("POST", "/-/reload", headers: ["Authorization": "Bearer quickstart-admin-token"])
        #expect(reloaded == 200)
        let advised = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.0")
        #expect(advised.status == 2, "\(advised.stdout)\(advised.stderr)")
        #expect(advised.stdout.contains("advise mode, would fail: the canary failed"), "\(advised.stdout)")

        let override = try CLITests.vigil(
            environment: env, "gate", "override", "--service", "shop-web", "--version", "2.4.0", "--reason", "hotfix for INC-7", "--duration", "2h")
        #expect(override.status == 0, "\(override.stderr)")
        let opened = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.0")
        #expect(opened.status == 0, "\(opened.stdout)\(opened.stderr)")
        #expect(opened.stdout.contains("overridden by quickstart-demo until"), "\(opened.stdout)")
        let other = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--version", "2.4.1")
        #expect(other.status != 0, "an override for 2.4.0 opens nothing else")

        let listed = try CLITests.vigil(environment: env, "gate", "decisions", "--service", "shop-web")
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("opened by override 1"), "\(listed.stdout)")
        #expect(listed.stdout.contains("shop-web 2.4.0 open until"), "\(listed.stdout)")
        #expect(listed.stdout.contains("by quickstart-demo: hotfix for INC-7"), "\(listed.stdout)")
    }

    @Test func withoutVigilTheGateFailsClosedUnlessToldOtherwise() throws {
        let port = FreePort.next()
        let env = Self.env + ["VIGIL_SERVER=http://127.0.0.1:\(port)"]
        let closed = try CLITests.vigil(environment: env, "gate", "--service", "shop-web")
        #expect(closed.status == 3, "\(closed.stderr)")
        #expect(closed.stderr.contains("gate: no decision"), "\(closed.stderr)")
        let open = try CLITests.vigil(environment: env, "gate", "--service", "shop-web", "--fail-open")
        #expect(open.status == 0)
        #expect(open.stderr.contains("--fail-open lets the release through"), "\(open.stderr)")
        let mistyped = try CLITests.vigil(environment: env, "gate", "--servce", "shop-web")
        #expect(mistyped.status == 3, "a usage error is no decision, never a warn: \(mistyped.stderr)")
    }
}
