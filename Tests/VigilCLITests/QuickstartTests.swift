import Foundation
import Testing

/// The README's first command, `vigil serve --demo` on the bundled quickstart, with the
/// quickstart's own probes run against it (on a free port instead of 9470).
@Suite(.serialized) struct QuickstartTests {
    @Test func quickstartProbesPassAgainstTheDemo() async throws {
        let server = try ServerProcess(quickstart: CLITests.quickstart)
        server.extraArguments = ["--demo"]
        defer { server.cleanUp() }
        try await server.start()
        // The third-party example: the demo's stand-in vendor status page, read as a
        // Statuspage document. During the demo vendor's outages it reports "major", so
        // the probe's verdict is checked against what the page said around the run.
        func indicator() async throws -> String {
            let (status, body) = try await server.request("GET", "/demo/vendor-status/api/v2/status.json")
            #expect(status == 200)
            let document = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            return try #require((document["status"] as? [String: Any])?["indicator"] as? String)
        }
        let before = try await indicator()
        let run = try CLITests.vigil("probe", "run", "--config", server.configFile.path)
        let after = try await indicator()
        #expect(run.stdout.contains("PASS  shop-web-health"), "\(run.stdout)\(run.stderr)")
        #expect(["none", "major"].contains(before))
        if before == "none" && after == "none" {
            #expect(run.status == 0 && run.stdout.contains("PASS  payments-vendor-status"), "\(run.stdout)")
        } else if before == "major" && after == "major" {
            #expect(run.status == 3 && run.stdout.contains("  FAIL  [BODY].status.indicator (major) == none"), "\(run.stdout)")
        }
        // Its SLO is listed apart, as a third-party dependency.
        let slos = try CLITests.vigil("slo", "status", "--server", server.baseURL)
        #expect(slos.status == 0, "\(slos.stderr)")
        let parts = slos.stdout.components(separatedBy: "third-party dependencies:")
        #expect(parts.count == 2 && parts[1].contains("payments-vendor-status") && !parts[0].contains("payments-vendor-status"), "\(slos.stdout)")
    }
}
