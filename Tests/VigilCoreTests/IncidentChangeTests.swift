import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

/// Changes to an incident, the page-to-incident trigger, the impact-start estimate, the
/// budget an incident spent and the per-month report.
@Suite struct IncidentChangeTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
    static let vocabulary = IncidentVocabulary()

    static func incident(status: IncidentStatus = .investigating) -> Incident {
        Incident(id: 7, title: "t", severity: "SEV2", status: status, times: IncidentTimes(start: at(0), detected: at(4)), createdAt: at(5), createdBy: "ana")
    }

    @Test func changesMakeTimelineLinesAndRefuseBadValues() throws {
        var incident = Self.incident()
        let lines = try incident.apply(.status(.monitoring), at: Self.at(20), by: "ana", vocabulary: Self.vocabulary)
        #expect(lines.map(\.text) == ["investigating → monitoring"] && lines.first?.incident == 7)
        #expect(incident.times.mitigated == Self.at(20))
        #expect(try incident.apply(.status(.monitoring), at: Self.at(21), by: "ana", vocabulary: Self.vocabulary).isEmpty, "a retry is no move")
        #expect(
            try incident.apply(.role("commander", person: "Dana"), at: Self.at(21), by: "ana", vocabulary: Self.vocabulary).map(\.text) == ["commander: Dana"])
        #expect(
            try incident.apply(.role("commander", person: nil), at: Self.at(22), by: "ana", vocabulary: Self.vocabulary).map(\.text) == [
                "commander: unassigned"
            ])
        #expect(incident.roles.isEmpty)
        #expect(throws: IncidentChangeError.unknownRole("pilot", known: Self.vocabulary.roles)) {
            try incident.apply(.role("pilot", person: "x"), at: Self.at(22), by: "ana", vocabulary: Self.vocabulary)
        }
        #expect(throws: IncidentChangeError.unknownSeverity("P1", known: Self.vocabulary.severities)) {
            try incident.apply(.severity("P1"), at: Self.at(22), by: "ana", vocabulary: Self.vocabulary)
        }
        let linked = try incident.apply(.linkAlerts([("aa", "page"), ("bb", "other")]), at: Self.at(23), by: "vigil", vocabulary: Self.vocabulary)
        #expect(linked.count == 2 && incident.alerts == ["aa", "bb"])
        #expect(try incident.apply(.linkAlerts([("aa", "page")]), at: Self.at(24), by: "vigil", vocabulary: Self.vocabulary).isEmpty)
        // times: before start, acknowledged before detected, resolved while open
        #expect(throws: IncidentChangeError.self) { try incident.apply(.time(.detected, Self.at(-1)), at: Self.at(25), by: "a", vocabulary: Self.vocabulary) }
        #expect(throws: IncidentChangeError.self) {
            try incident.apply(.time(.acknowledged, Self.at(3)), at: Self.at(25), by: "a", vocabulary: Self.vocabulary)
        }
        #expect(throws: IncidentChangeError.self) { try incident.apply(.time(.resolved, Self.at(30)), at: Self.at(25), by: "a", vocabulary: Self.vocabulary) }
        _ = try incident.apply(.time(.start, Self.at(-10)), at: Self.at(25), by: "a", vocabulary: Self.vocabulary)
        #expect(incident.times.timeToDetect == .seconds(14 * 60))
    }

    @Test func closingNeedsThePostmortemAndAClosedIncidentNeverChanges() throws {
        var incident = Self.incident(status: .resolved)
        #expect(
            throws: IncidentChangeError.transition(
                IncidentTransitionError(from: .resolved, to: .closed, allowed: [.investigating, .closed], needsPostmortem: true))
        ) {
            try incident.apply(.status(.closed), at: Self.at(60), by: "a", vocabulary: Self.vocabulary, postmortemSatisfied: false)
        }
        _ = try incident.apply(.status(.closed), at: Self.at(60), by: "a", vocabulary: Self.vocabulary, postmortemSatisfied: true)
        #expect(throws: IncidentChangeError.closed) { try incident.apply(.note("late"), at: Self.at(61), by: "a", vocabulary: Self.vocabulary) }
    }

    @Test func aPageOpensOneIncidentPerGroupAndEpisode() {
        let page = Alert(labels: ["alertname": "ErrorBudgetBurn", "slo": "checkout", "class": "alert"], startsAt: Self.at(0))
        let opening = IncidentOpening(groupKey: "0.1:{}", severity: "SEV2", alerts: [page])
        #expect(IncidentTriggerDecision.decide(opening, existing: []) == .open)
        var open = Self.incident()
        open.alerts = [page.fingerprint]
        #expect(IncidentTriggerDecision.decide(opening, existing: [open]) == .none)
        let second = Alert(labels: ["alertname": "ProbeDown", "probe": "web", "class": "alert"], startsAt: Self.at(2))
        let wider = IncidentOpening(groupKey: "0.1:{}", severity: "SEV2", alerts: [page, second])
        #expect(IncidentTriggerDecision.decide(wider, existing: [open]) == .link(incident: 7, fingerprints: [second.fingerprint]))
        // resolved by a person while the page still fires: not opened again
        var resolved = open
        resolved.status = .resolved
        #expect(IncidentTriggerDecision.decide(opening, existing: [resolved]) == .none)
        // a later episode of the same group opens a new one
        let later = IncidentOpening(groupKey: "0.1:{}", severity: "SEV2", alerts: [Alert(labels: page.labels, startsAt: Self.at(600))])
        #expect(IncidentTriggerDecision.decide(later, existing: [resolved]) == .open)
    }

    @Test func openingsComeFromRoutesThatSaySoAfterThePageWentOut() {
        let root = AlertRoute(
            receiver: "default", groupWait: .seconds(30),
            routes: [
                AlertRoute(id: "0.0", receiver: "tickets", matchers: [try! LabelMatcher(parsing: "class=ticket")]),
                AlertRoute(
                    id: "0.1", receiver: "oncall", matchers: [try! LabelMatcher(parsing: "class=alert")], groupBy: .labels(["slo"]), groupWait: .seconds(30),
                    openIncident: "SEV2"),
            ])
        #expect(root.route(id: "0.1")?.openIncident == "SEV2" && root.route(id: "0.2") == nil && AlertRoute.routeID(ofGroupKey: "0.1:{slo=\"a\"}") == "0.1")
        var dispatcher = NotificationDispatcher(root: root)
        let page = Alert(labels: ["alertname": "ErrorBudgetBurn", "slo": "checkout", "class": "alert"], startsAt: Self.at(0))
        let ticket = Alert(labels: ["alertname": "ErrorBudgetBurn", "slo": "checkout", "class": "ticket"], startsAt: Self.at(0))
        dispatcher.receive(page, at: Self.at(0))
        dispatcher.receive(ticket, at: Self.at(0))
        #expect(dispatcher.incidentOpenings(at: Self.at(0.25)).isEmpty, "not before the page is sent")
        _ = dispatcher.flush(at: Self.at(0.5))
        let openings = dispatcher.incidentOpenings(at: Self.at(0.5))
        #expect(openings.map(\.groupKey) == ["0.1:{slo=\"checkout\"}"])
        #expect(openings.first?.severity == "SEV2" && openings.first?.firingSince == Self.at(0))
        var resolved = page
        resolved.endsAt = Self.at(5)
        dispatcher.receive(resolved, at: Self.at(5))
        #expect(dispatcher.incidentOpenings(at: Self.at(5)).isEmpty)
    }

    @Test func impactStartIsTheRunOfMinutesOverBudgetBeforeDetection() {
        // minutes 90…99 burn (5 % errors against a 1 % allowance), minute 89 is clean
        let counts: (EpochMinute) -> EventCounts = { minute in
            (90...99).contains(minute)
                ? EventCounts(good: 95, valid: 100) : minute == 80 ? EventCounts(good: 0, valid: 100) : EventCounts(good: 100, valid: 100)
        }
        let detected = Date(epochMinute: 100).addingTimeInterval(20)
        #expect(ImpactStart.estimate(detected: detected, lookback: .seconds(3600), allowedErrorRatio: 0.01, counts: counts) == Date(epochMinute: 90))
        // bounded by the look-back
        #expect(ImpactStart.estimate(detected: detected, lookback: .seconds(300), allowedErrorRatio: 0.01, counts: counts) == Date(epochMinute: 95))
        // within budget just before detection: start = detected
        #expect(ImpactStart.estimate(detected: detected, lookback: .seconds(3600), allowedErrorRatio: 0.1, counts: counts) == detected)
    }

    @Test(arguments: 0..<50)
    func budgetSpentAndRemainingAddUp(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let objective = [0.9, 0.99, 0.995, 0.999][Int.random(in: 0..<4, using: &random)]
        let before = EventCounts(good: Int64.random(in: 0...10_000, using: &random), valid: 10_000)
        let during = EventCounts(good: Int64.random(in: 0...500, using: &random), valid: 500)
        let window = before + during
        let budget = ErrorBudget(objective: objective)
        let spentBefore = budget.spent(by: before, ofWindow: window)!
        let spentDuring = budget.spent(by: during, ofWindow: window)!
        #expect(abs((1 - spentBefore - spentDuring) - budget.remaining(window)!) < 1e-9)
        #expect(budget.spent(by: during, ofWindow: .zero) == nil)
    }

    @Test func theReportSplitsByServiceSeverityAndMonth() {
        func incident(_ id: Int64, start: String, severity: String, services: [String], resolveMinutes: Double) -> Incident {
            let start = RFC3339.parse(start)!
            return Incident(
                id: id, title: "i", severity: severity,
                times: IncidentTimes(start: start, detected: start, resolved: start.addingTimeInterval(resolveMinutes * 60)),
                services: services, createdAt: start, createdBy: "a")
        }
        let incidents = [
            incident(1, start: "2026-10-30T00:00:00Z", severity: "SEV1", services: ["shop", "payments"], resolveMinutes: 60),
            incident(2, start: "2026-11-02T00:00:00Z", severity: "SEV3", services: ["shop"], resolveMinutes: 30),
            incident(3, start: "2026-09-01T00:00:00Z", severity: "SEV3", services: ["shop"], resolveMinutes: 30),
        ]
        let report = IncidentReport(incidents, since: RFC3339.parse("2026-10-27T00:00:00Z")!, until: RFC3339.parse("2026-11-06T00:00:00Z")!)
        #expect(report.overall.count == 2, "the September one is outside the period")
        #expect(report.byService["shop"]?.count == 2 && report.byService["payments"]?.count == 1)
        #expect(report.bySeverity["SEV1"]?.resolve?.mean == .seconds(3600))
        #expect(report.byMonth.keys.sorted() == ["2026-10", "2026-11"])
        // October's part of the period is 5 days, November's 5 days: one incident each
        #expect(report.byMonth["2026-10"]?.meanTimeBetweenFailures == .seconds(5 * 86_400))
        #expect(report.byMonth["2026-11"]?.meanTimeBetweenFailures == .seconds(5 * 86_400))
    }
}
