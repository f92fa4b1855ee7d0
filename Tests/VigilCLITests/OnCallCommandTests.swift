import Foundation
import Testing
import VigilTestSupport

/// `vigil oncall` offline, as a person runs it: who is on call, final shifts as CSV, and
/// the page timeline over the 2027 DST changes (golden files).
@Suite struct OnCallCommandTests {
    static let fixture = "\(CLITests.repository)/Tests/VigilCLITests/Fixtures/oncall"
    static let golden = Golden(beside: #filePath)

    @Test(
        "simulate over DST edges",
        arguments: [
            ("2027-03-28T00:15:00Z", "simulate-berlin-spring.txt"), // the 02:30 handoff does not exist that night
            ("2027-10-31T00:15:00Z", "simulate-berlin-autumn.txt"), // 02:30 exists twice
            ("2027-03-14T06:45:00Z", "simulate-new-york-spring.txt"),
            ("2027-11-07T05:45:00Z", "simulate-new-york-autumn.txt"),
        ])
    func simulate(at: String, golden: String) throws {
        let run = try CLITests.vigil("oncall", "simulate", "--config", Self.fixture, "--policy", "pages", "--at", at)
        #expect(run.status == 0, "\(run.stderr)")
        try Self.golden.check(run.stdout, against: golden)
    }

    @Test func whoAndShiftsAcrossTheSpringChange() throws {
        // 28 March 2027, 01:45 UTC: 03:45 CEST, after the handoff that moved to 03:30.
        let who = try CLITests.vigil("oncall", "who", "--config", Self.fixture, "--schedule", "night", "--at", "2027-03-28T01:45:00Z")
        #expect(who.status == 0, "\(who.stderr)")
        try Self.golden.check(who.stdout, against: "who-berlin-spring.txt")
        let shifts = try CLITests.vigil(
            "oncall", "shifts", "--config", Self.fixture, "--schedule", "night", "--from", "2027-03-26T00:00:00Z", "--to", "2027-03-30T00:00:00Z")
        #expect(shifts.status == 0, "\(shifts.stderr)")
        try Self.golden.check(shifts.stdout, against: "shifts-berlin-spring.csv")
        // The shift that spans the change is 23 h.
        #expect(shifts.stdout.contains(",23.000,"))
        let json = try CLITests.vigil(
            "oncall", "shifts", "--config", Self.fixture, "--output", "json", "--from", "2027-03-26T00:00:00Z", "--to", "2027-03-30T00:00:00Z")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["shifts"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func theREADMEShowsWhatTheQuickstartPrints() throws {
        let readme = try String(contentsOfFile: "\(CLITests.repository)/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Who is on call, and what a page would do").dropFirst().first)
        let shown = try #require(section.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first)
        let who = try CLITests.vigil("oncall", "who", "--config", "examples/quickstart", "--at", "2026-12-01T10:00:00Z")
        let simulate = try CLITests.vigil(
            "oncall", "simulate", "--config", "examples/quickstart", "--policy", "shop-web-pages", "--at", "2026-12-24T22:00:00Z")
        #expect(who.status == 0 && simulate.status == 0, "\(who.stderr)\(simulate.stderr)")
        #expect(who.stdout + simulate.stdout == shown)
        let shifts = try CLITests.vigil(
            "oncall", "shifts", "--config", "examples/quickstart", "--from", "2026-12-21T00:00:00Z", "--to", "2026-12-28T00:00:00Z")
        #expect(shifts.status == 0 && shifts.stdout.hasPrefix("schedule,person,start,end,hours,overridden\n"))
    }

    @Test func badInputFailsClearly() throws {
        let unknown = try CLITests.vigil("oncall", "simulate", "--config", Self.fixture, "--policy", "pagez", "--at", "2027-03-28T00:15:00Z")
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean 'pages'"), "\(unknown.stderr)")
        let badTime = try CLITests.vigil("oncall", "who", "--config", Self.fixture, "--at", "tomorrow")
        #expect(badTime.status == 2 && badTime.stderr.contains("RFC 3339"), "\(badTime.stderr)")
        let backwards = try CLITests.vigil("oncall", "shifts", "--config", Self.fixture, "--from", "2027-03-30T00:00:00Z", "--to", "2027-03-26T00:00:00Z")
        #expect(backwards.status == 2, "\(backwards.stderr)")
    }
}
