import Foundation
import Testing

/// The README's incident walk-through on the quickstart: load the example days, record the
/// deploy before them, open the incident by hand, resolve it and draft the postmortem —
/// whose text must match docs/examples/quickstart-postmortem.md (the README shows it).
@Suite(.serialized) struct QuickstartIncidentTests {
    static let example = "\(CLITests.repository)/docs/examples/quickstart-postmortem.md"

    /// Lines that carry the time the commands ran (the incident is recorded after the
    /// fact), which differ on every run.
    /// So: lines stamped on a day other than the example's (20–23 November) are left out,
    /// and the server's port is the README's.
    static func stable(_ text: String, port: Int? = nil) -> String {
        let stamp = try! NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"#)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { line in
            let range = NSRange(line.startIndex..., in: line)
            return stamp.matches(in: line, range: range).allSatisfy { match in
                let day = String(line[Range(match.range, in: line)!].prefix(10))
                return ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"].contains(day)
            }
        }
        let joined = kept.joined(separator: "\n")
        return port.map { joined.replacingOccurrences(of: "127.0.0.1:\($0)", with: "127.0.0.1:9470") } ?? joined
    }

    @Test func theREADMEsPostmortemComesFromTheQuickstart() async throws {
        let server = try ServerProcess(quickstart: CLITests.quickstart)
        defer { server.cleanUp() }
        try await server.start()
        let env = ["VIGIL_TOKEN=quickstart-demo-token", "VIGIL_SERVER=\(server.baseURL)", "USER=dana"]
        let push = try CLITests.vigil(environment: env, "events", "push", "examples/quickstart/events.ndjson")
        #expect(push.status == 0, "\(push.stderr)")
        let change = #"{"service":"shop-web","version":"2.4.0","author":"ci","description":"payment client on HTTP/2","time":"2026-11-22T13:40:00Z"}"#
        let (status, _) = try await server.request(
            "POST", "/api/v1/changes", body: Data(change.utf8),
            headers: ["Authorization": "Bearer quickstart-demo-token", "Content-Type": "application/json"])
        #expect(status == 201)
        let steps: [[String]] = [
            [
                "incident", "open", "Checkout errors at 3 %", "--severity", "SEV2", "--slo", "shop-web-availability",
                "--start", "2026-11-22T14:00:00Z", "--detected", "2026-11-22T14:29:00Z", "--role", "commander=Dana Reyes",
            ],
            ["incident", "set", "INC-1", "--acknowledged", "2026-11-22T14:34:00Z", "--mitigated", "2026-11-22T15:30:00Z"],
            ["incident", "status", "INC-1", "resolved", "--note", "rolled back 2.4.0"],
            ["incident", "set", "INC-1", "--resolved", "2026-11-22T15:45:00Z"],
        ]
        for step in steps {
            let run = try CLITests.vigil(environment: env, step, stdin: nil)
            #expect(run.status == 0, "\(step): \(run.stderr)")
        }
        let shown = try CLITests.vigil(environment: env, "incident", "show", "INC-1")
        #expect(shown.stdout.contains("suspect change: shop-web 2.4.0 at 2026-11-22T13:40:00Z (20m before start)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("postmortem required (severity SEV2; user-visible downtime 1h30m (over 30m); "), "\(shown.stdout)")
        let closing = try CLITests.vigil(environment: env, "incident", "status", "INC-1", "closed")
        #expect(closing.status == 1 && closing.stderr.contains("needs a final postmortem"), "\(closing.stderr)")

        let out = server.directory.appendingPathComponent("INC-1.md").path
        let draft = try CLITests.vigil(environment: env, "postmortem", "draft", "INC-1", "--author", "storefront on-call", "--out", out)
        #expect(draft.status == 0, "\(draft.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8).replacingOccurrences(of: "127.0.0.1:\(server.port)", with: "127.0.0.1:9470")
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" { try text.write(toFile: Self.example, atomically: true, encoding: .utf8) }
        let expected = try String(contentsOfFile: Self.example, encoding: .utf8)
        #expect(Self.stable(text) == Self.stable(expected), "\(text)")

        // the report and the list
        let report = try CLITests.vigil(environment: env, "report", "incidents", "--since", "30d")
        #expect(report.status == 0 && report.stdout.contains("all        1  29m/29m/29m"), "\(report.stdout)")
        let list = try CLITests.vigil(environment: env, "incident", "list")
        #expect(list.stdout.hasPrefix("INC-1    SEV2  resolved      2026-11-22T14:00:00Z  Checkout errors at 3 %"), "\(list.stdout)")
        let bad = try CLITests.vigil(environment: env, "incident", "status", "INC-1", "identifed")
        #expect(bad.status == 1 && bad.stderr.contains("did you mean 'identified'?"), "\(bad.stderr)")

        // toil, satisfaction, maintenance and the reviews, from the CLI
        let toil = try CLITests.vigil(
            environment: env, "toil", "log", "--team", "storefront", "--minutes", "2880", "--category", "manual failover", "--automatable")
        #expect(toil.status == 0 && toil.stdout == "logged 2880m of manual failover for storefront\n", "\(toil.stderr)")
        let unknownTeam = try CLITests.vigil(environment: env, "toil", "log", "--team", "storefrnt", "--minutes", "5", "--category", "x")
        #expect(unknownTeam.status == 1 && unknownTeam.stderr.contains("did you mean 'storefront'?"))
        // 3 people × 40 h over 28 days = 28,800 minutes
        let toilReport = try CLITests.vigil(environment: env, "report", "toil", "--since", "28d")
        #expect(toilReport.stdout.contains("storefront: 2880m, 10.0 %, 100 % automatable"), "\(toilReport.stdout)")
        #expect(try CLITests.vigil(environment: env, "satisfaction", "shop-web", "0.7").status == 0)
        let maintenance = try CLITests.vigil(environment: env, "maintenance", "add", "shop-web", "--duration", "1h", "--reason", "database upgrade")
        #expect(maintenance.status == 0 && maintenance.stdout.hasSuffix("(active)\n"), "\(maintenance.stdout)\(maintenance.stderr)")
        let windows = try CLITests.vigil(environment: env, "maintenance", "list")
        #expect(windows.stdout.contains("active  shop-web") && windows.stdout.contains("database upgrade"), "\(windows.stdout)")
        #expect(try CLITests.vigil(environment: env, "maintenance", "end", "1").status == 0)
        let weekly = try CLITests.vigil(environment: env, "report", "weekly", "--week", "2026-11-16")
        #expect(weekly.status == 0 && weekly.stdout.hasPrefix("# Weekly production report: 2026-11-16 to 2026-11-23\n"), "\(weekly.stdout)\(weekly.stderr)")
        #expect(weekly.stdout.contains("| INC-1 | SEV2 | resolved | 2026-11-22 14:00 | 29m | 1h45m | Checkout errors at 3 % |"), "\(weekly.stdout)")
        #expect(weekly.stdout.contains("| shop-web | 1 | 2.4.0 at 2026-11-22 13:40 |"))
        let html = try CLITests.vigil(environment: env, "report", "weekly", "--week", "2026-11-16", "--output", "html")
        #expect(html.stdout.hasPrefix("<!doctype html>"))
        let review = try CLITests.vigil(environment: env, "report", "slo-review")
        #expect(review.status == 0 && review.stdout.contains("shop-web-availability"), "\(review.stdout)")
        let midweek = try CLITests.vigil(environment: env, "report", "weekly", "--week", "2026-11-18")
        #expect(midweek.status == 0 && midweek.stdout.hasPrefix("# Weekly production report: 2026-11-16 to 2026-11-23\n"))
        let notADay = try CLITests.vigil(environment: env, "report", "weekly", "--week", "2026-11-31")
        #expect(notADay.status == 1 && notADay.stderr.contains("expected a day such as 2026-11-16"))
    }
}
