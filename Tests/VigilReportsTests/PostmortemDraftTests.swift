import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilReports

/// The postmortem draft against golden files: a resolved SLO incident with a suspect
/// deploy and an action item, and an open one a person noticed.
@Suite struct PostmortemDraftTests {
    static func at(_ text: String) -> Date { RFC3339.parse("2026-11-24T\(text):00Z")! }

    static let resolved: PostmortemDraft = {
        var incident = Incident(
            id: 12, title: "Checkout fails for a third of carts", severity: "SEV2", status: .resolved,
            times: IncidentTimes(start: at("10:00"), detected: at("10:05"), acknowledged: at("10:09"), mitigated: at("10:30"), resolved: at("11:00")),
            roles: ["commander": "Dana Reyes", "scribe": "Sam Ode"], services: ["checkout"], slos: ["checkout-availability"],
            runbooks: ["https://runbooks.example.com/checkout"], chat: "https://chat.example.com/inc-12",
            alerts: ["1f2e3d4c5b6a7988"], alertGroup: "0.1:{slo=\"checkout-availability\"}", createdAt: at("10:05"), createdBy: "vigil")
        incident.summary = nil
        let timeline = [
            IncidentTimelineEntry(at: at("09:50"), kind: .change, author: "ci", text: "suspect change to checkout v42: new cart service client"),
            IncidentTimelineEntry(at: at("10:05"), kind: .opened, author: "vigil", text: "opened: Checkout fails for a third of carts (SEV2)"),
            IncidentTimelineEntry(
                at: at("10:05"), kind: .alert, author: "vigil",
                text: "checkout-availability: burning the error budget at 14.9× over 1h (page-1h) (alert 1f2e3d4c5b6a7988)"),
            IncidentTimelineEntry(at: at("10:07"), kind: .role, author: "vigil", text: "commander: Dana Reyes"),
            IncidentTimelineEntry(at: at("10:09"), kind: .status, author: "Dana Reyes", text: "investigating → identified"),
            IncidentTimelineEntry(at: at("10:12"), kind: .note, author: "Kim Lee", text: "cart errors are all from the new client"),
            IncidentTimelineEntry(at: at("10:25"), kind: .note, author: "Sam Ode", text: "rolling back v42"),
            IncidentTimelineEntry(at: at("10:30"), kind: .status, author: "Dana Reyes", text: "identified → monitoring"),
            IncidentTimelineEntry(at: at("11:00"), kind: .status, author: "Dana Reyes", text: "monitoring → resolved"),
        ]
        let impact = BudgetImpact(
            slo: "checkout-availability", objective: 0.999, from: at("10:00"), to: at("11:00"),
            during: EventCounts(good: 57_000, valid: 60_000), window: EventCounts(good: 42_000_000, valid: 43_200_000),
            windowName: "30d rolling")
        let item = ActionItem(
            id: 3, incident: 12, title: "Canary the cart client | with 1% traffic", kind: .prevent, owner: "storefront",
            due: RFC3339.parse("2026-12-01T00:00:00Z"), link: "https://tracker.example.com/SRE-77", createdAt: at("12:00"))
        return PostmortemDraft(
            incident: incident, timeline: timeline, budgetImpacts: [impact],
            suspectChanges: [.init(time: at("09:50"), service: "checkout", version: "v42", author: "ci", description: "new cart service client")],
            suspectWindow: .seconds(7200), requiredBecause: ["severity SEV2", "6.9 % of an error budget spent (over 5 %)"],
            actionItems: [item], authors: ["storefront on-call"],
            sloLinks: ["checkout-availability": "http://127.0.0.1:9470/api/v1/slos/checkout-availability"],
            people: ["Dana Reyes", "Sam Ode", "Kim Lee"], now: at("12:00"))
    }()

    @Test func aResolvedIncidentsDraftMatchesTheGoldenFile() throws {
        try Golden.reports.check(Self.resolved.markdown, against: "postmortem-resolved.md")
    }

    @Test func anOpenIncidentNoticedByAPersonHasPromptsInstead() throws {
        let incident = Incident(
            id: 13, title: "Search is slow", summary: "Search took seconds for EU users.", severity: "SEV3",
            times: IncidentTimes(start: Self.at("08:00"), detected: Self.at("08:40")), services: ["search"],
            dataLoss: true, createdAt: Self.at("08:40"), createdBy: "kim")
        let draft = PostmortemDraft(
            incident: incident, timeline: [IncidentTimelineEntry(at: Self.at("08:40"), kind: .opened, author: "kim", text: "opened: Search is slow (SEV3)")],
            budgetImpacts: [], suspectChanges: [], suspectWindow: .seconds(7200), requiredBecause: [], actionItems: [], authors: [], now: Self.at("09:10"))
        try Golden.reports.check(draft.markdown, against: "postmortem-open.md")
    }

    @Test func theDraftNamesRolesNotPeople() {
        #expect(BlamelessCheck.findings(in: Self.resolved.markdown, people: Self.resolved.people).isEmpty)
        #expect(Self.resolved.markdown.contains("rolling back v42 (scribe)") && Self.resolved.markdown.contains("(responder)"))
    }

    @Test func theBudgetFigureIsTheSpanShareOfTheWindowBudget() {
        // 3,000 bad of a 43.2 M window at 99.9 %: 3,000 / 43,200 = 6.94 %
        #expect(Self.resolved.markdown.contains("6.9 % of the window's budget spent (3,000 bad of 60,000 events during the incident)"))
    }
}
