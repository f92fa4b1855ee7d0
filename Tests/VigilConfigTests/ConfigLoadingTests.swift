import Foundation
import Testing
import VigilCore

@testable import VigilConfig

@Suite struct ConfigLoadingTests {
    static func load(_ paths: [String]) throws -> VigilConfiguration {
        try ConfigLoader.load(paths: paths).get()
    }

    @Test func quickstartIsValidAndResolved() throws {
        let config = try Self.load(["\(Fixtures.repository)/examples/quickstart"])
        #expect(config.services.map(\.name) == ["shop-web", "payments-gateway"])
        #expect(config.services[1].external)
        #expect(config.slos.count == 6)
        #expect(config.slo(named: "payments-vendor-status")?.objective.sli.source == .probe("payments-vendor-status"))
        #expect(config.slo(named: "shop-web-latency-by-route")?.objective.grouping == SLOGrouping(labels: ["route"], limit: 20))
        let availability = try #require(config.slo(named: "shop-web-availability"))
        #expect(availability.objective.objective == 0.999)
        #expect(availability.objective.window == .rolling(.seconds(30 * 86_400)))
        #expect(availability.objective.alerting.tiers.map(\.minEvents) == [100, 100, 100, 100])
        #expect(availability.objective.alerting.exhaustion == ExhaustionAlert(horizon: .seconds(3 * 86_400), severity: .ticket))
        #expect(availability.alerting.runbook == "https://runbooks.example.com/shop-web/availability")
        let latency = try #require(config.slo(named: "shop-web-latency"))
        #expect(latency.objective.sli.kind == .latency(threshold: .milliseconds(300)))
        let minutes = try #require(config.slo(named: "shop-web-good-minutes"))
        #expect(minutes.objective.budgeting == .timeslices(slice: .seconds(60), target: 0.99))
        #expect(minutes.objective.window == .calendar(.month, TimeZone(identifier: "UTC")!))
        // page: false leaves only the ticket tiers; 28 d gives Sloth's factors.
        let gateway = try #require(config.slo(named: "payments-gateway-availability"))
        #expect(gateway.objective.alerting.tiers.map(\.severity) == [.ticket, .ticket])
        #expect(abs(gateway.objective.alerting.tiers[0].factor - 2.8) < 1e-9)
    }

    @Test func customTiersTakeAFactorOrABudgetShare() throws {
        let yaml = """
            services: [{name: api}]
            alert_policies:
              - name: custom
                min_events: 20
                tiers:
                  - {name: fast, severity: page, long_window: 1h, short_window: 5m, budget_share: 0.02}
                  - {name: slow, severity: ticket, long_window: 1d, short_window: 2h, factor: 2, min_events: 500}
            slos:
              - {name: api-availability, service: api, sli: {kind: ratio}, objective: 0.99, window: 7d, alerting: {policy: custom}}
            """
        let config = try ConfigLoader.load(yaml: yaml, file: "inline.yaml").get()
        let tiers = try #require(config.slos.first).objective.alerting.tiers
        #expect(abs(tiers[0].factor - 0.02 * 7 * 24) < 1e-9)
        #expect(tiers[0].minEvents == 20)
        #expect(tiers[1].factor == 2)
        #expect(tiers[1].minEvents == 500)
    }

    /// `for:` on a tier keeps it pending that long; it must fit in the long window.
    @Test func aTierMayHoldForAWhileBeforeItFires() throws {
        func yaml(_ hold: String) -> String {
            """
            services: [{name: api}]
            alert_policies:
              - name: held
                tiers:
                  - {name: fast, severity: page, long_window: 1h, short_window: 5m, factor: 14.4, for: \(hold)}
                  - {name: slow, severity: ticket, long_window: 1d, short_window: 2h, factor: 3}
            slos:
              - {name: api-availability, service: api, sli: {kind: ratio}, objective: 0.99, window: 30d, alerting: {policy: held}}
            """
        }
        let config = try ConfigLoader.load(yaml: yaml("10m"), file: "inline.yaml").get()
        let tiers = try #require(config.slos.first).objective.alerting.tiers
        #expect(tiers.map(\.holdFor) == [.seconds(600), .zero])
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml("2h"), file: "inline.yaml") else {
            Issue.record("a hold longer than the long window was accepted")
            return
        }
        #expect(
            errors.description.contains(
                "inline.yaml:5:92: error: alert_policies[0].tiers[0].for: a tier that must hold for 2h cannot fire within its long window (1h); use a shorter for"
            ),
            "\(errors.description)")
    }

    @Test func scaledWindowsPolicy() throws {
        let yaml = """
            services: [{name: api}]
            alert_policies: [{name: scaled, window_scaling: scale_windows}]
            slos:
              - {name: api-availability, service: api, sli: {kind: ratio}, objective: 0.999, window: 7d, alerting: {policy: scaled}}
            """
        let tiers = try #require(try ConfigLoader.load(yaml: yaml, file: "inline.yaml").get().slos.first).objective.alerting.tiers
        #expect(tiers[0].factor == 14.4)
        #expect(tiers[0].longWindow == .seconds(14 * 60))
    }
}
