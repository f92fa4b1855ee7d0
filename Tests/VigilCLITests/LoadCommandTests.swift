import Foundation
import Testing

/// `vigil load` as a user runs it: against a real `vigil serve`, with thresholds that set
/// the exit code, JSON output, the HDR file, and bad input.
@Suite(.serialized) struct LoadCommandTests {
    @Test func thresholdsSetTheExitCode() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try await server.start()
        let url = "\(server.baseURL)/-/healthy"
        let hdr = server.directory.appendingPathComponent("hdr.txt").path
        let passing = try CLITests.vigil(
            "load", url, "-c", "4", "-t", "1", "-n", "400", "--threshold", "p99 < 5s", "--threshold", "errors < 1%", "--hdr-out", hdr)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(
            passing.stdout.contains("Throughput") && passing.stdout.contains("400 requests") && passing.stdout.contains("PASS  p99 < 5s"), "\(passing.stdout)")
        let distribution = try String(contentsOfFile: hdr, encoding: .utf8)
        #expect(distribution.contains("Percentile") && distribution.contains("#[Max"))

        let failing = try CLITests.vigil("load", url, "-c", "2", "-n", "100", "--threshold", "rps > 100000000", "--output", "json")
        #expect(failing.status == 3, "\(failing.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
        let thresholds = try #require(json["thresholds"] as? [[String: Any]])
        #expect(thresholds.first?["passed"] as? Bool == false)
        #expect((json["summary"] as? [String: Any])?["requests"] as? Int == 100)

        let badThreshold = try CLITests.vigil("load", url, "-n", "1", "--threshold", "p99 = 1s")
        #expect(badThreshold.status == 2 && badThreshold.stderr.contains("expected <, <=, > or >= after 'p99', found '='"), "\(badThreshold.stderr)")
        let badURL = try CLITests.vigil("load", "ftp://example", "-n", "1")
        #expect(badURL.status == 1 && badURL.stderr.contains("expected an http:// or https:// URL"))
    }
}

extension LoadCommandTests {
    @Test func aScenarioFileRunsAndItsMistakesPointAtTheirToken() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try await server.start()
        let file = server.directory.appendingPathComponent("scenario.yaml")
        try """
        target: \(server.baseURL)
        connections: 4
        threads: 1
        requests:
          - {name: healthy, path: /-/healthy, weight: 3}
          - {name: ready, path: /-/ready, weight: 1}
        stages:
          - {duration: 1s, rate: 200}
          - {duration: 1s, rate: 200}
        thresholds: ["errors < 1%", "p99 < 5s"]
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try CLITests.vigil("load", "--scenario", file.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("By request") && run.stdout.contains("  healthy") && run.stdout.contains("  ready"), "\(run.stdout)")
        #expect(run.stdout.contains("2 stages ramping rate over 2s, open model"), "\(run.stdout)")

        try """
        target: ftp://x
        requests:
          - {path: nope, weight: 0}
        stages:
          - {duration: 1s, rate: 10}
          - {duration: 1s, connections: 4}
        thresholds: ["p99 < soon"]
        """.write(to: file, atomically: true, encoding: .utf8)
        let broken = try CLITests.vigil("load", "--scenario", file.path)
        #expect(broken.status == 1)
        let name = file.path
        #expect(broken.stderr.contains("\(name):1:9: error: target: expected an http:// or https:// URL, found 'ftp://x'"), "\(broken.stderr)")
        #expect(broken.stderr.contains("\(name):3:12: error: requests[0].path: expected a path starting with /, found 'nope'"), "\(broken.stderr)")
        #expect(broken.stderr.contains("\(name):6:5: error: stages[1]: every stage ramps the same thing; the first ramps rate"), "\(broken.stderr)")
        #expect(broken.stderr.contains("\(name):7:21: error: thresholds[0]: expected a duration such as 200ms or 1.5s, found 'soon'"), "\(broken.stderr)")
    }
}

extension LoadCommandTests {
    @Test func theTargetsResourcesAndMetricsAreReported() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try await server.start()
        let pid = try #require(server.process?.processIdentifier)
        let run = try CLITests.vigil(
            "load", "\(server.baseURL)/-/healthy", "-c", "2", "-t", "1", "-d", "1500ms",
            "--target-pid", String(pid), "--target-metrics", "\(server.baseURL)/metrics")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Target       CPU ") && run.stdout.contains("RSS "), "\(run.stdout)")
        #expect(run.stdout.contains("Target metrics that moved"), "\(run.stdout)")
        let missing = try CLITests.vigil("load", "\(server.baseURL)/-/healthy", "-n", "1", "--target-pid", "999999")
        #expect(missing.status == 1 && missing.stderr.contains("cannot read /proc/999999/stat"), "\(missing.stderr)")
    }
}

extension LoadCommandTests {
    @Test func aRunIsStoredInTheServerAsCapacityData() async throws {
        let server = try ServerProcess()
        defer { server.cleanUp() }
        try await server.start()
        let run = try CLITests.vigil(
            "load", "\(server.baseURL)/-/healthy", "-c", "2", "-n", "50", "--post", server.baseURL, "--service", "api",
            "--token", ServerProcess.ingestToken)
        #expect(run.status == 0 && run.stderr.contains("stored as load run 1"), "\(run.stderr)")
        let (status, body) = try await server.request("GET", "/api/v1/load-runs?service=api")
        #expect(status == 200)
        let runs = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["load_runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs.first?["model"] as? String == "closed")
        #expect((runs.first?["summary"] as? [String: Any])?["requests"] as? Int == 50)
        let unknown = try CLITests.vigil(
            "load", "\(server.baseURL)/-/healthy", "-n", "5", "--post", server.baseURL, "--service", "apy", "--token", ServerProcess.ingestToken)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown service 'apy'; did you mean 'api'?"), "\(unknown.stderr)")
    }
}
