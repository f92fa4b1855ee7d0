import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

/// Which notifications go out when: grouping timers, news and repeats, silences,
/// inhibition, acknowledgements and routing, driven by an injected clock.
@Suite struct NotificationDispatcherTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func burn(_ slo: String, tier: String = "page-1h", severity: String = "page", service: String = "shop-web", start: Double = 0, end: Double? = nil)
        -> Alert
    {
        Alert(
            labels: [
                "alertname": "ErrorBudgetBurn", "slo": slo, "tier": tier, "severity": severity, "service": service,
                "class": severity == "page" ? "alert" : "ticket",
            ],
            annotations: ["summary": "\(slo) burns"], startsAt: at(start), endsAt: end.map(at))
    }

    /// root → oncall, grouped by slo; 30 s wait, 5 m interval, 4 h repeat.
    static func dispatcher(_ routes: [AlertRoute] = []) -> NotificationDispatcher {
        NotificationDispatcher(root: AlertRoute(receiver: "oncall", groupBy: .labels(["slo"]), routes: routes))
    }

    /// Runs the dispatcher over `seconds`, one flush per second, feeding `arrivals` at
    /// their times; returns (time, notification) pairs.
    static func run(
        _ dispatcher: inout NotificationDispatcher, until seconds: Int, arrivals: [Int: [Alert]] = [:],
        silences: [Silence] = [], acknowledged: Set<String> = []
    ) -> [(Int, AlertNotification)] {
        var sent: [(Int, AlertNotification)] = []
        for second in 0...seconds {
            for alert in arrivals[second] ?? [] { dispatcher.receive(alert, at: at(Double(second))) }
            for notification in dispatcher.flush(at: at(Double(second)), silences: silences, acknowledged: acknowledged) {
                sent.append((second, notification))
            }
        }
        return sent
    }

    @Test func groupWaitBatchesAlertsThatStartTogether() {
        var dispatcher = Self.dispatcher()
        var sent: [(Int, AlertNotification)] = []
        let availability = Self.burn("availability")
        let ticket = Self.burn("availability", tier: "ticket-1d", severity: "ticket")
        sent = Self.run(&dispatcher, until: 40, arrivals: [0: [availability], 10: [Self.burn("availability", tier: "page-6h")]])
        #expect(sent.map(\.0) == [30])
        #expect(Set(sent.first?.1.alerts.map { $0.labels["tier"]! } ?? []) == ["page-1h", "page-6h"])
        #expect(sent.first?.1.status == .firing && sent.first?.1.receiver == "oncall" && sent.first?.1.groupLabels == ["slo": "availability"])
        #expect(sent.first?.1.groupKey == "0:{slo=\"availability\"}" && sent.first?.1.isRepeat == false)
        // a ticket of the same SLO is inhibited by the firing page: no news
        dispatcher.receive(ticket, at: Self.at(41))
        #expect(dispatcher.flush(at: Self.at(330)).isEmpty)
    }

    @Test func newsWaitsForTheGroupIntervalAndRepeatsWaitForTheRepeatInterval() {
        var dispatcher = Self.dispatcher()
        var sent = Self.run(&dispatcher, until: 400, arrivals: [0: [Self.burn("a")], 100: [Self.burn("a", tier: "page-6h")]])
        // first at 30 s; the second alert is news, sent at the next tick (30 + 300)
        #expect(sent.map(\.0) == [30, 330])
        #expect(sent.last?.1.alerts.count == 2)
        // nothing new: the next message is the repeat, 4 h after the last one
        var times: [Double] = []
        for second in stride(from: 400.0, through: 330 + 4 * 3600 + 300, by: 30) {
            for notification in dispatcher.flush(at: Self.at(second)) {
                times.append(second)
                sent.append((Int(second), notification))
            }
        }
        #expect(times.count == 1)
        #expect(times.first! >= 330 + 4 * 3600 && times.first! < 330 + 4 * 3600 + 300)
        #expect(sent.last?.1.isRepeat == true)
        // idempotency keys are distinct
        #expect(Set(sent.map(\.1.idempotencyKey)).count == sent.count)
    }

    @Test func resolutionIsToldOnceAndTheGroupEnds() {
        var dispatcher = Self.dispatcher()
        let sent = Self.run(&dispatcher, until: 1000, arrivals: [0: [Self.burn("a")], 100: [Self.burn("a", end: 100)]])
        #expect(sent.map(\.0) == [30, 330])
        #expect(sent[1].1.status == .resolved && sent[1].1.alerts.first?.endsAt == Self.at(100))
        #expect(dispatcher.state.groups.isEmpty && dispatcher.state.alerts.isEmpty)
        // A resolved alert nobody was told about is not news.
        var quiet = Self.dispatcher()
        #expect(Self.run(&quiet, until: 400, arrivals: [0: [Self.burn("b")], 10: [Self.burn("b", end: 10)]]).isEmpty)
        // A firing alert again later starts a new group with its own wait.
        let again = Self.run(&dispatcher, until: 1100, arrivals: [1050: [Self.burn("a", start: 1050)]])
        #expect(again.map(\.0) == [1080])
    }

    @Test func anOldAlertNeedsNoGroupWait() {
        var dispatcher = Self.dispatcher()
        dispatcher.receive(Self.burn("a", start: -600), at: Self.at(0))
        #expect(dispatcher.flush(at: Self.at(0)).count == 1)
    }

    @Test func silencesMuteNowAndNotAfterTheyEnd() throws {
        let silence = Silence(
            id: "s1", matchers: [try LabelMatcher(parsing: "slo=a")], startsAt: Self.at(0), endsAt: Self.at(1000), createdBy: "ana", comment: "deploy")
        var dispatcher = Self.dispatcher()
        let during = Self.run(&dispatcher, until: 999, arrivals: [0: [Self.burn("a"), Self.burn("b")]], silences: [silence])
        #expect(during.map { $0.1.groupLabels["slo"]! } == ["b"])
        // after it ends, the still-firing alert is news
        let after = dispatcher.flush(at: Self.at(1230), silences: [silence])
        #expect(after.map { $0.groupLabels["slo"]! } == ["a"])
        // a silence without matchers mutes nothing
        #expect(!Silence(id: "s", matchers: [], startsAt: Self.at(0), endsAt: Self.at(9), createdBy: "x", comment: "").mutes(["slo": "a"], at: Self.at(1)))
    }

    @Test func acknowledgedGroupsDoNotRepeatButNewAlertsAreNews() {
        var dispatcher = Self.dispatcher()
        let page = Self.burn("a")
        _ = Self.run(&dispatcher, until: 30, arrivals: [0: [page]])
        let acknowledged: Set<String> = [page.fingerprint]
        #expect(dispatcher.flush(at: Self.at(5 * 3600), acknowledged: acknowledged).isEmpty)
        dispatcher.receive(Self.burn("a", tier: "page-6h", start: 5 * 3600), at: Self.at(5 * 3600))
        let news = dispatcher.flush(at: Self.at(5 * 3600 + 300), acknowledged: acknowledged)
        #expect(news.count == 1 && news.first?.isRepeat == false && news.first?.alerts.count == 2)
    }

    @Test func defaultInhibitionMutesTicketsUnderPagesAndSLOsUnderADownProbe() {
        let page = Self.burn("a")
        let ticketSame = Self.burn("a", tier: "ticket-1d", severity: "ticket")
        let ticketOther = Self.burn("b", tier: "ticket-1d", severity: "ticket")
        let rules = InhibitRule.defaults
        #expect(rules.contains { $0.inhibits(ticketSame, among: [page]) })
        #expect(!rules.contains { $0.inhibits(ticketOther, among: [page]) })
        #expect(!rules.contains { $0.inhibits(page, among: [page]) })
        let down = Alert(labels: ["alertname": "ProbeDown", "probe": "web-health", "service": "shop-web", "class": "alert"], startsAt: Self.at(0))
        #expect(rules.contains { $0.inhibits(page, among: [down]) })
        #expect(!rules.contains { $0.inhibits(Self.burn("c", service: "search"), among: [down]) })
        // two pages of the same kind never mute each other
        let twoSided = InhibitRule(
            sourceMatchers: [try! LabelMatcher(parsing: "class=alert")], targetMatchers: [try! LabelMatcher(parsing: "class=alert")], equal: ["service"])
        #expect(!twoSided.inhibits(page, among: [Self.burn("d")]))
    }

    @Test func routesMatchDepthFirstAndContinueGoesOn() throws {
        let tree = AlertRoute(
            receiver: "default", groupBy: .labels(["slo"]),
            routes: [
                AlertRoute(id: "0.0", receiver: "tickets", matchers: [try LabelMatcher(parsing: "class=ticket")]),
                AlertRoute(
                    id: "0.1", receiver: "storefront", matchers: [try LabelMatcher(parsing: "service=~shop-.*")], continueMatching: true,
                    routes: [
                        AlertRoute(id: "0.1.0", receiver: "storefront-pages", matchers: [try LabelMatcher(parsing: "class=alert")])
                    ]),
                AlertRoute(id: "0.2", receiver: "audit", matchers: [try LabelMatcher(parsing: "class=~alert|ticket")]),
            ])
        func receivers(_ labels: LabelSet) -> [String] { tree.matchingRoutes(for: labels).map(\.receiver) }
        #expect(receivers(["class": "ticket", "service": "shop-web"]) == ["tickets"])
        #expect(receivers(["class": "alert", "service": "shop-web"]) == ["storefront-pages", "audit"])
        #expect(receivers(["class": "log", "service": "shop-web"]) == ["storefront"])
        #expect(receivers(["class": "alert", "service": "search"]) == ["audit"])
        #expect(receivers(["class": "log"]) == ["default"])
        #expect(tree.receivers == ["default", "tickets", "storefront", "storefront-pages", "audit"])
        // an alert on two routes gives one notification per route
        var dispatcher = NotificationDispatcher(root: tree, inhibitRules: [])
        dispatcher.receive(Self.burn("a"), at: Self.at(0))
        #expect(dispatcher.flush(at: Self.at(30)).map(\.receiver).sorted() == ["audit", "storefront-pages"])
    }

    @Test func logsAreNeverSent() {
        var dispatcher = Self.dispatcher()
        dispatcher.receive(Alert(labels: ["alertname": "Noise", "class": "log"], startsAt: Self.at(0)), at: Self.at(0))
        #expect(dispatcher.flush(at: Self.at(3600)).isEmpty && dispatcher.state.alerts.isEmpty)
        #expect(Alert.notificationClass(forSeverity: "critical") == .alert)
        #expect(Alert.notificationClass(forSeverity: "warning") == .ticket)
        #expect(Alert.notificationClass(forSeverity: "info") == .log)
        #expect(Alert.notificationClass(forSeverity: nil) == .log)
    }

    @Test func stateSurvivesEncodingAndAReloadKeepsWhatWasSent() throws {
        var dispatcher = Self.dispatcher()
        _ = Self.run(&dispatcher, until: 30, arrivals: [0: [Self.burn("a")]])
        let data = try JSONEncoder().encode(dispatcher.state)
        var restored = NotificationDispatcher(root: dispatcher.root, state: try JSONDecoder().decode(NotificationDispatcher.State.self, from: data))
        #expect(restored.state == dispatcher.state)
        // nothing new after a restart: no second notification
        #expect(restored.flush(at: Self.at(330)).isEmpty)
        // a reload with a new interval keeps the group and what it sent
        restored.reconfigure(root: AlertRoute(receiver: "oncall", groupBy: .labels(["slo"]), repeatInterval: .seconds(600)), inhibitRules: [], at: Self.at(331))
        #expect(restored.state.groups.count == 1)
        let repeated = restored.flush(at: Self.at(630))
        #expect(repeated.count == 1 && repeated.first?.isRepeat == true)
    }

    /// Over random arrivals and resolutions: every alert that fires past group_wait plus
    /// one group_interval has been notified; a group is never notified twice within a
    /// group_interval; idempotency keys never repeat.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomTrafficKeepsTheTimersPromises(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var dispatcher = NotificationDispatcher(
            root: AlertRoute(
                receiver: "oncall", groupBy: .labels(["slo"]), groupWait: .seconds(30), groupInterval: .seconds(120), repeatInterval: .seconds(900)),
            inhibitRules: [])
        var firingSince: [String: (Alert, Int)] = [:]
        var notified: Set<String> = []
        var lastSent: [String: Int] = [:]
        var keys: Set<String> = []
        for second in 0..<7200 {
            if Int.random(in: 0..<60, using: &generator) == 0 {
                let alert = Self.burn(
                    "slo-\(Int.random(in: 0..<4, using: &generator))", tier: "t\(Int.random(in: 0..<3, using: &generator))", start: Double(second))
                if firingSince[alert.fingerprint] == nil { firingSince[alert.fingerprint] = (alert, second) }
                dispatcher.receive(alert, at: Self.at(Double(second)))
            }
            if Int.random(in: 0..<90, using: &generator) == 0, let (fingerprint, (alert, _)) = firingSince.randomElement(using: &generator) {
                var resolved = alert
                resolved.endsAt = Self.at(Double(second))
                dispatcher.receive(resolved, at: Self.at(Double(second)))
                firingSince[fingerprint] = nil
            }
            for notification in dispatcher.flush(at: Self.at(Double(second))) {
                if let last = lastSent[notification.groupKey] {
                    #expect(second - last >= 120, "seed \(seed): \(notification.groupKey) at \(second) after \(last)")
                }
                lastSent[notification.groupKey] = second
                #expect(keys.insert(notification.idempotencyKey).inserted)
                for alert in notification.alerts where alert.endsAt == nil { notified.insert(alert.fingerprint) }
            }
            // A group that ended starts afresh (with its group_wait) when an alert returns.
            for key in lastSent.keys where dispatcher.state.groups[key] == nil { lastSent[key] = nil }
            for (fingerprint, (_, since)) in firingSince where second - since > 30 + 120 {
                #expect(notified.contains(fingerprint), "seed \(seed): \(fingerprint) firing since \(since), not told by \(second)")
            }
        }
    }
}
