import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilReports

@testable import VigilDashboard

/// Pages rendered from known data: the HTML must hold the figures the report computed,
/// escape what users typed, and keep the state (time zone, filters) in its links.
@Suite("Dashboard pages")
struct DashboardRenderTests {
    static let yaml = """
        services:
          - {name: shop, team: web, tier: 1, description: "The <b>shop</b> & its API"}
          - {name: search, team: discovery, tier: 2}
          - {name: vendor, external: true}
        slis:
          - {name: shop-requests}
          - {name: search-requests}
        slos:
          - {name: shop-availability, service: shop, sli: shop-requests, objective: 0.99, window: 1d}
          - {name: search-availability, service: search, sli: search-requests, objective: 0.999, window: 1d}
        status_page:
          title: Acme status
          services:
            - {service: shop, name: Web shop}
        """
    static let now: EpochMinute = 29_000_000

    static func configuration() throws -> VigilConfiguration {
        try ConfigLoader.load(yaml: yaml, file: "test.yaml").get()
    }

    /// shop: 10,000 events over the last 10 h with 50 bad (half its 1 % budget).
    static func report() throws -> (SLOReport, BucketSeries) {
        var shop = BucketSeries(startingAt: now - 1440)
        for minute in (now - 600)..<now { shop.record(EventCounts(good: minute % 12 == 0 ? 16 : 17 - 0, valid: 17), at: minute) }
        let report = SLOReport.build(configuration: try configuration(), series: ["shop-requests": shop], at: now)
        return (report, shop)
    }

    @Test func everyTemplateParses() throws {
        // One at a time, so a broken template fails the test with its name (the
        // dashboard's initialiser would stop the process instead).
        for template in Templates.all {
            #expect(try Dashboard([template]).hasTemplate(named: template.name), "template \(template.name)")
        }
        #expect(throws: Dashboard.TemplateError.self) { try Dashboard([("broken", "{{#open}} never closed")]) }
    }

    @Test func theOverviewShowsTheReportsFigures() throws {
        let (report, _) = try Self.report()
        let entry = try #require(report.entries.first { $0.name == "shop-availability" })
        let status = try #require(entry.status)
        let html = Dashboard().render(
            OverviewPage(
                report: report, configuration: try Self.configuration(), alerts: [], incidents: [], team: nil, tier: nil, display: .utc))
        #expect(html.contains(Formatting.percent(status.budgetRemaining!, digits: 1)))
        #expect(html.contains(Formatting.percent(status.sli!, digits: 3)))
        #expect(html.contains(Formatting.burn(status.tiers.flatMap { [$0.long.rate, $0.short.rate] }.compactMap { $0 }.max())))
        #expect(html.contains("href=\"/slos/shop-availability\""))
        #expect(html.contains("search-availability") && html.contains("No data"))
        // the description is escaped, never markup
        #expect(html.contains("The &lt;b&gt;shop&lt;/b&gt; &amp; its API") && !html.contains("<b>shop</b>"))
        #expect(html.contains("Third-party dependencies") && html.contains("All quiet"))
        // words beside every colour
        #expect(!html.contains("<span class=\"badge ok\"></span>"))
    }

    @Test func filtersAndTheTimeZoneStayInTheLinks() throws {
        let (report, _) = try Self.report()
        let display = try TimeDisplay(parameter: "Europe/Berlin")
        let html = Dashboard().render(
            OverviewPage(
                report: report, configuration: try Self.configuration(), alerts: [], incidents: [], team: "discovery", tier: nil, display: display))
        #expect(!html.contains("shop-availability") && html.contains("search-availability"))
        #expect(html.contains("href=\"/slos/search-availability?tz=Europe%2FBerlin\""))
        #expect(html.contains("href=\"/probes?tz=Europe%2FBerlin\""))
        #expect(html.contains("<option value=\"discovery\" selected>"))
        #expect(html.contains("name=\"team\" value=\"discovery\""), "the time-zone form keeps the filter")
        #expect(html.contains("2025-02-19 22:20"), "times are shown in Berlin (UTC+1 in February)")
    }

    @Test func firingAlertsAndOpenIncidentsComeFirst() throws {
        let (report, _) = try Self.report()
        let incident = Incident(
            id: 7, title: "Checkout fails", severity: "SEV2", status: .investigating,
            times: IncidentTimes(start: Date(epochMinute: Self.now - 30)), services: ["shop"], createdAt: Date(), createdBy: "t")
        let alert = ActiveAlert(
            slo: "shop-availability", tier: "page-fast", status: AlertStatus(state: .firing, since: Self.now - 5, activeSince: Self.now - 7))
        let html = Dashboard().render(
            OverviewPage(
                report: report, configuration: try Self.configuration(), alerts: [alert], incidents: [incident], team: nil, tier: nil, display: .utc))
        let attention = try #require(html.range(of: "Needs attention"))
        let services = try #require(html.range(of: "Our services"))
        #expect(attention.lowerBound < services.lowerBound)
        #expect(html.contains("INC-7 Checkout fails") && html.contains("href=\"/incidents/7\""))
        #expect(html.contains("page firing") && html.contains("page-fast"))
        #expect(html.contains(Formatting.stamp(Date(epochMinute: Self.now - 7)) + " UTC"))
    }

    /// The SLO page's burn-down path is the burn-down's points, placed as the chart's
    /// axes say; its figures are the report's; markers and history are listed.
    @Test func theSLOPageDrawsTheBurnDownsPoints() throws {
        let (report, series) = try Self.report()
        let entry = try #require(report.entries.first { $0.name == "shop-availability" })
        let status = try #require(entry.status)
        let slo = entry.spec.objective
        let burnDown = BurnDown.of(series, budget: slo.budget, span: slo.window.span(endingAt: Self.now), maximumPoints: 24)
        let steps = stride(from: Self.now - 360, to: Self.now, by: 15).map { SLOPage.Step(start: $0, counts: series.counts(from: $0, to: $0 + 15)) }
        let deploy = Date(epochMinute: Self.now - 120)
        let page = SLOPage(
            entry: entry, steps: steps, stepMinutes: 15, burnDown: burnDown,
            history: [SLOPage.Transition(minute: Self.now - 30, tier: "page-fast", state: .firing)],
            marks: [SLOPage.Mark(time: deploy, kind: .change, label: "shop v2 deployed")],
            range: SLOPage.RangeChoice(label: "6h", minutes: 360), ranges: [SLOPage.RangeChoice(label: "6h", minutes: 360)], display: .utc)
        let html = Dashboard().render(page)

        let path = try #require(html.components(separatedBy: "<path class=\"series\" d=\"").dropFirst().first?.prefix { $0 != "\"" })
        let vertices = path.split(whereSeparator: { $0 == "M" || $0 == "L" }).map { $0.split(separator: ",").compactMap { Double($0) } }
        let remaining = burnDown.points.compactMap(\.remaining)
        #expect(vertices.count == remaining.count)
        // y = top + plot height × (1 − value) on the 0…100 % axis (top 12, plot 200 high)
        for (vertex, value) in zip(vertices, remaining) { #expect(abs(vertex[1] - (12 + 200 * (1 - value))) < 0.006) }
        #expect(vertices.first?[0] == 64 && vertices.last?[0] == 628, "from the window's start to now")

        #expect(html.contains(Formatting.percent(status.budgetRemaining!, digits: 1)))
        #expect(html.contains(Formatting.percent(status.sli!, digits: 4)))
        #expect(html.contains("shop v2 deployed") && html.contains("class=\"marker change\""))
        #expect(html.contains(Formatting.stamp(Date(epochMinute: Self.now - 30)) + " UTC — page-fast firing"))
        #expect(html.contains("<line class=\"reference\""), "even spending")
        #expect(html.components(separatedBy: "<svg").count == 3, "two charts")
    }

    @Test func anUnknownTimeZoneIsAClearError() {
        #expect(throws: DashboardError.self) { try TimeDisplay(parameter: "Mars/Olympus") }
        #expect((try? TimeDisplay(parameter: "utc"))?.parameter == nil)
        do {
            _ = try TimeDisplay(parameter: "Nowhere")
            Issue.record("an unknown zone was accepted")
        } catch {
            #expect(error.status == 400 && error.message.contains("'Nowhere'"))
        }
    }
}

@Test(arguments: [(0.92, 0.9), (0.9991, 0.998), (0.5, 0.0), (0.999, 0.998), (1.0, 0.999998), (0.995, 0.99), (0.97, 0.96)])
func sliAxesStartAtARoundFloorBelowTheLowestPoint(low: Double, floor: Double) {
    let computed = SLOPage.axisFloor(low)
    #expect(abs(computed - floor) < 1e-9, "\(low) → \(computed)")
    #expect(computed <= low)
}

@Test func probesShowTheirLastFailureInWordsAndThirdPartiesApart() {
    let failure = ProbesPage.Input.Failure(
        time: Date(timeIntervalSince1970: 1_795_000_000), failedConditions: ["[STATUS] (503) == 200", "[RESPONSE_TIME] (812) < 500"],
        observed: "status 503, 812 ms", error: nil)
    let probes = [
        ProbesPage.Input(
            name: "shop-health", service: "shop", external: false, kind: "http", target: "https://shop/-/healthy", state: "down",
            since: Date(timeIntervalSince1970: 1_795_000_000), latencies: [12, 15, nil, 812], lastFailure: failure),
        ProbesPage.Input(
            name: "vendor-status", service: "vendor", external: true, kind: "http", target: "https://status.vendor", state: "up",
            since: nil, latencies: [30, 31], lastFailure: nil),
    ]
    let html = Dashboard().render(ProbesPage(probes: probes, now: Date(timeIntervalSince1970: 1_795_000_100), display: .utc))
    #expect(html.contains("<code>[STATUS] (503) == 200</code>, <code>[RESPONSE_TIME] (812) &lt; 500</code> failed (observed status 503, 812 ms)"))
    #expect(html.contains("Down") && html.contains("last 812 ms, max 812 ms"))
    #expect(html.contains("<polyline") && html.contains("<circle"), "the run without latency breaks the sparkline")
    let ours = try? #require(html.range(of: "Our services"))
    let theirs = try? #require(html.range(of: "Third-party dependencies"))
    #expect(ours!.lowerBound < html.range(of: "shop-health")!.lowerBound && theirs!.lowerBound < html.range(of: "vendor-status")!.lowerBound)
    #expect(html.contains("none recorded"))
}
