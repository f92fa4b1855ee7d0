import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilReports

/// The weekly production report in its three formats against golden files.
@Suite struct WeeklyReportTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    static let report: WeeklyReport = {
        let incident = Incident(
            id: 4, title: "Checkout errors after deploy", severity: "SEV2", status: .resolved,
            times: IncidentTimes(
                start: at("2026-11-18T14:00:00Z"), detected: at("2026-11-18T14:09:00Z"), acknowledged: at("2026-11-18T14:12:00Z"),
                mitigated: at("2026-11-18T14:40:00Z"), resolved: at("2026-11-18T15:10:00Z")),
            services: ["shop-web"], slos: ["shop-web-availability"], alerts: ["aa"], createdAt: at("2026-11-18T14:09:00Z"), createdBy: "vigil")
        let open = Incident(
            id: 5, title: "Search slow <EU>", severity: "SEV3", times: IncidentTimes(start: at("2026-11-21T09:00:00Z"), detected: at("2026-11-21T09:30:00Z")),
            services: ["search"], createdAt: at("2026-11-21T09:30:00Z"), createdBy: "kim")
        return WeeklyReport(
            from: at("2026-11-16T00:00:00Z"), to: at("2026-11-23T00:00:00Z"),
            slos: [
                .init(
                    slo: "shop-web-availability", service: "shop-web", objective: 0.999, window: "30d rolling", compliance: 0.99853,
                    budgetRemaining: -0.47, spentThisWeek: 0.62, spentLastWeek: 0.08),
                .init(
                    slo: "search-latency", service: "search", objective: 0.99, window: "30d rolling", compliance: 0.9951,
                    budgetRemaining: 0.51, spentThisWeek: 0.12, spentLastWeek: 0.12),
                .init(
                    slo: "payments-calls", service: "payments", objective: 0.995, window: "7d rolling", compliance: nil,
                    budgetRemaining: nil, spentThisWeek: nil, spentLastWeek: nil),
            ],
            incidents: [open, incident],
            noisyAlerts: [
                .init(
                    rule: #"ErrorBudgetBurn{slo="search-latency",tier="ticket-1d"}"#, notificationClass: "ticket", fired: 6, acknowledgedShare: 0,
                    incidentShare: 0,
                    advice: "fired 6 times and nobody acted on it: prune it, or raise its threshold"),
                .init(
                    rule: #"ErrorBudgetBurn{slo="shop-web-availability",tier="page-1h"}"#, notificationClass: "alert", fired: 1, acknowledgedShare: 1,
                    incidentShare: 1, advice: nil),
            ],
            overdueActions: [
                ActionItem(
                    id: 2, incident: 3, title: "Alert on pool saturation", kind: .detect, owner: "storefront",
                    due: at("2026-11-20T00:00:00Z"), link: "https://tracker.example.com/SRE-70", createdAt: at("2026-11-10T00:00:00Z"))
            ],
            changes: [
                .init(service: "shop-web", version: "2.4.0", time: at("2026-11-18T13:40:00Z"), author: "ci"),
                .init(service: "shop-web", version: "2.4.1", time: at("2026-11-18T14:35:00Z"), author: "ci"),
                .init(service: "search", version: "9.1", time: at("2026-11-20T10:00:00Z"), author: nil),
            ],
            toil: [
                .init(team: "storefront", minutes: 3720, ratio: 0.517, lastWeekRatio: 0.31),
                .init(team: "search", minutes: 240, ratio: 0.05, lastWeekRatio: nil),
            ],
            review: [
                SLOReview(slo: "shop-web-availability", service: "shop-web", objective: 0.999, compliance: 0.99853, toilRatio: 0.517, satisfaction: 0.7),
                SLOReview(slo: "search-latency", service: "search", objective: 0.99, compliance: 0.9951, toilRatio: 0.05, satisfaction: 0.62),
                SLOReview(slo: "payments-calls", service: "payments", objective: 0.995, compliance: nil, toilRatio: nil, satisfaction: nil),
            ],
            releases: [
                .init(
                    service: "shop-web", policy: "storefront", step: "freeze", since: at("2026-11-18T14:31:00Z"),
                    message: "The budget is spent: only fixes ship.", moves: ["reliability-focus at 2026-11-17 09:12", "freeze at 2026-11-18 14:31"]),
                .init(service: "search", policy: "find", step: nil, since: at("2026-11-01T00:00:00Z"), message: nil, moves: []),
            ])
    }()

    @Test func markdownMatchesTheGoldenFile() throws {
        try Golden.reports.check(Self.report.markdown, against: "weekly.md")
    }

    @Test func htmlMatchesTheGoldenFileAndEscapes() throws {
        try Golden.reports.check(Self.report.html, against: "weekly.html")
        #expect(Self.report.html.contains("Search slow &lt;EU&gt;") && !Self.report.html.contains("<EU>"))
    }

    @Test func jsonMatchesTheGoldenFile() throws {
        try Golden.reports.check(String(decoding: try Self.report.json(), as: UTF8.self) + "\n", against: "weekly.json")
    }

    @Test func theReviewFollowsTheTalksRules() {
        #expect(SLOReview.advise(met: true, toilRatio: 0.6, satisfaction: 0.9).0 == .tighten)
        #expect(SLOReview.advise(met: true, toilRatio: 0.1, satisfaction: 0.5).0 == .wrongSLI)
        #expect(SLOReview.advise(met: true, toilRatio: 0.1, satisfaction: 0.9).0 == .keep)
        #expect(SLOReview.advise(met: false, toilRatio: 0.1, satisfaction: 0.9).0 == .loosen)
        #expect(SLOReview.advise(met: false, toilRatio: nil, satisfaction: 0.5).0 == .invest)
        #expect(SLOReview.advise(met: nil, toilRatio: 0.9, satisfaction: 0.1).0 == .unknown)
        #expect(SLOReview.advise(met: true, toilRatio: nil, satisfaction: nil).0 == .unknown)
    }

    @Test func toilRatiosAreAgainstTheTeamsHours() {
        // 2 people × 40 h = 4,800 minutes a week; 2,400 logged in the first week, 600 in the second
        let monday = Self.at("2026-11-16T00:00:00Z")
        let entries = [
            ToilEntry(team: "sre", minutes: 2400, category: "manual failover", automatable: true, at: Self.at("2026-11-17T10:00:00Z"), author: "a"),
            ToilEntry(team: "sre", minutes: 600, category: "tickets", automatable: false, at: Self.at("2026-11-24T10:00:00Z"), author: "a"),
            ToilEntry(team: "web", minutes: 60, category: "restarts", automatable: true, at: Self.at("2026-11-24T10:00:00Z"), author: "a"),
            ToilEntry(team: "sre", minutes: 999, category: "old", automatable: true, at: Self.at("2026-11-01T10:00:00Z"), author: "a"),
        ]
        let report = ToilReport(
            entries: entries, teams: [.init(name: "sre", members: 2, hoursPerWeek: 40)], since: monday, until: Self.at("2026-11-30T00:00:00Z"))
        let sre = report.teams[0]
        #expect(sre.team == "sre" && sre.minutes == 3000 && sre.ratio == 3000.0 / 9600)
        #expect(sre.weeks.map(\.ratio) == [0.5, 0.125] && sre.weeks.first?.start == monday)
        #expect(sre.automatableShare == 0.8 && sre.categories.map(\.category) == ["manual failover", "tickets"])
        #expect(!sre.overCap)
        #expect(report.teams[1].team == "web" && report.teams[1].ratio == nil, "a team without members has no ratio")
        #expect(ToilReport.monday(onOrBefore: Self.at("2026-11-22T23:59:00Z")) == monday)
    }
}
