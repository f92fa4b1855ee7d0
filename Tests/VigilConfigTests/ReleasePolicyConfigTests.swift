import Foundation
import Testing
import VigilCore

@testable import VigilConfig

/// `release_policies:` (docs/safe-change.md §2).
@Suite struct ReleasePolicyConfigTests {
    static let services = """
        services:
          - {name: shop-web, team: shop}
          - {name: shop-api, team: shop}
          - {name: search, team: find}
        teams:
          - {name: shop, members: [Dana]}
          - {name: ops, members: [Kim]}

        """

    @Test func policiesStepsAndCanarySettingsLoad() throws {
        let yaml =
            Self.services + """
                release_policies:
                  - name: shop
                    team: shop
                    mode: enforce
                    require_canary_below: 50%
                    canary: {split_by: release, tolerance: 0.5, confidence: 0.95, pass: 90, marginal: 60}
                    rollback_webhook: {url: "http://127.0.0.1:9/rollback", secret: s3cret}
                    steps:
                      - {name: freeze, budget_below: 0%, action: freeze, message: "Budget spent."}
                      - {name: fast-burn, window: 1h, burn_above: 14.4, action: freeze}
                      - {name: reliability-focus, budget_below: 0.25, action: reliability-focus}
                  - name: find
                    services: [search]
                    canary:
                      prometheus:
                        - {name: p99-ms, query: 'histogram_quantile(0.99, rate(lat_bucket{ {{selector}} }[1m]))'}
                        - {name: cpu, query: 'rate(cpu_seconds{ {{selector}} }[1m])', selector: 'track="{{version}}"', direction: either, weight: 2, critical: true, must_have_data: true}
                    steps:
                      - {name: note, budget_below: 100%, action: none}
                """
        let config = try ConfigLoader.load(yaml: yaml, file: "p.yaml").get()
        let shop = try #require(config.releasePolicy(of: "shop-api"))
        #expect(shop.name == "shop" && shop.services == ["shop-web", "shop-api"] && shop.mode == .enforce)
        #expect(shop.requireCanaryBelow == 0.5)
        #expect(shop.canary == CanaryPolicy(splitBy: "release", tolerance: 0.5, confidence: 0.95, pass: 90, marginal: 60))
        #expect(shop.rollbackWebhook == .init(url: "http://127.0.0.1:9/rollback", secret: "s3cret"))
        #expect(shop.steps.map(\.condition) == [.budgetBelow(0), .burnAbove(14.4, window: .seconds(3600)), .budgetBelow(0.25)])
        #expect(shop.steps.map(\.action) == [.freeze, .freeze, .reliabilityFocus])
        #expect(shop.steps[0].message == "Budget spent.")
        #expect(
            shop.steps[1].message == "The budget burns faster than 14.4× over 1h: only fixes ship.", "a step without a message gets one that says what holds")
        #expect(shop.burnWindows == [.seconds(3600)])
        let find = try #require(config.releasePolicy(of: "search"))
        #expect(find.mode == .advise, "advise is the default: context before control")
        #expect(find.canary.prometheus.map(\.name) == ["p99-ms", "cpu"])
        #expect(find.canary.prometheus[0].query(for: "2.4.0") == #"histogram_quantile(0.99, rate(lat_bucket{ version="2.4.0" }[1m]))"#)
        #expect(find.canary.prometheus[1].query(for: #"x"}"#) == #"rate(cpu_seconds{ track="x\"}" }[1m])"#, "a version cannot end the matcher")
        #expect(find.canary.prometheus[1].direction == .either)
        #expect(find.canary.prometheus[1].weight == 2 && find.canary.prometheus[1].critical && find.canary.prometheus[1].mustHaveData)
        #expect(find.canary.prometheus[0].weight == 1 && !find.canary.prometheus[0].critical && !find.canary.prometheus[0].mustHaveData)
        #expect(config.releasePolicy(of: "nothing") == nil)
    }

    @Test func mistakesPointAtTheirToken() {
        let yaml =
            Self.services + """
                release_policies:
                  - name: shop
                    services: [shop-web, shop-wbe]
                    mode: enforced
                    steps:
                      - {name: a, budget_below: 125%, action: freeze}
                      - {name: b, burn_above: 2, action: freeze}
                      - {name: c, budget_below: 10%, burn_above: 2, window: 1h, action: none}
                      - {name: a, budget_below: 10%, action: stop}
                  - name: ops
                    team: ops
                    canary: {tolerance: 0, pass: 70, marginal: 80, prometheus: [{name: q, query: 'up'}]}
                    steps: []
                  - name: twice
                    services: [shop-web]
                    steps: [{name: x, budget_below: 1%, action: none}]
                """
        guard case .failure(let errors) = ConfigLoader.load(yaml: yaml, file: "p.yaml") else {
            Issue.record("loaded broken release policies")
            return
        }
        let messages = errors.diagnostics.map(\.description)
        func has(_ prefix: String, _ text: String) -> Bool { messages.contains { $0.hasPrefix("p.yaml:\(prefix): error: ") && $0.contains(text) } }
        #expect(has("10:26", "unknown service 'shop-wbe'; did you mean 'shop-web'?"), "\(messages)")
        #expect(has("11:11", "release_policies[0].mode: unknown mode 'enforced'; expected one of advise, enforce"), "\(messages)")
        #expect(has("13:33", "expected a share from 0% to 100% (or 0 to 1), found '125%'"), "\(messages)")
        #expect(has("14:9", "burn_above needs the window it is measured over"), "\(messages)")
        #expect(has("15:9", "give budget_below or burn_above, not both"), "\(messages)")
        #expect(has("16:46", "unknown action 'stop'"), "\(messages)")
        #expect(has("18:11", "team 'ops' owns no service"), "\(messages)")
        #expect(has("19:25", "must be more than 0 and at most 10"), "\(messages)")
        #expect(has("19:48", "marginal (80.0) must not be above pass (70.0)"), "\(messages)")
        #expect(has("20:12", "give at least one step"), "\(messages)")
        #expect(has("19:82", "the query must hold {{selector}}"), "\(messages)")
        #expect(messages.count == 12, "each mistake once: \(messages)")
        #expect(has("22:16", "service 'shop-web' already has release policy 'shop'"), "\(messages)")
    }
}
