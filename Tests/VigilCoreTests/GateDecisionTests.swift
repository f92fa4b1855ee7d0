import Foundation
import Testing
import VigilCore

@Suite struct GateDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func policy(_ mode: ReleasePolicy.Mode, requireCanaryBelow: Double? = 0.5) -> ReleasePolicy {
        ReleasePolicy(
            name: "shop", services: ["shop-web"], mode: mode,
            steps: [
                .init(name: "freeze", condition: .budgetBelow(0), action: .freeze, message: "Budget spent."),
                .init(name: "fast-burn", condition: .burnAbove(14.4, window: .seconds(3600)), action: .freeze, message: "Burning fast."),
                .init(name: "reliability-focus", condition: .budgetBelow(0.25), action: .reliabilityFocus, message: "Under a quarter left."),
            ], requireCanaryBelow: requireCanaryBelow)
    }

    static func standing(_ mode: ReleasePolicy.Mode = .enforce, budgets: [Double?], burn: Double? = 1) -> PolicyStanding {
        let figures = budgets.enumerated().map { index, budget in
            PolicyFigures(slo: "slo-\(index)", budgetRemaining: budget, burnRates: [.seconds(3600): budget == nil ? nil : burn])
        }
        return PolicyStanding.evaluate(policy(mode), figures: figures)
    }

    @Test func stepsAreReadInOrderAndTheFirstThatHoldsWins() {
        #expect(Self.standing(budgets: [0.9, 0.8]).step == nil)
        #expect(Self.standing(budgets: [0.9, 0.2]).step?.name == "reliability-focus")
        #expect(Self.standing(budgets: [0.9, 0.2]).because == ["slo-1"])
        #expect(Self.standing(budgets: [0.0, 0.2]).step?.name == "freeze", "exactly spent is spent")
        #expect(Self.standing(budgets: [-0.3, 0.2]).because == ["slo-0"])
        #expect(Self.standing(budgets: [0.9], burn: 20).step?.name == "fast-burn")
        #expect(Self.standing(budgets: [0.9], burn: 14.4).step == nil, "at the factor is not above it")
        #expect(Self.standing(budgets: [nil, nil]).hasNoData)
        #expect(!Self.standing(budgets: [nil, 0.9]).hasNoData)
        #expect(Self.standing(budgets: [nil, 0.9]).lowestBudget == 0.9)
    }

    /// The table docs/safe-change.md gives, case by case: (mode, budgets, burn, canary) → result.
    @Test func theGateTable() {
        typealias Case = (ReleasePolicy.Mode, [Double?], Double, GateDecision.CanaryOutcome?, GateDecision.Result)
        let cases: [Case] = [
            (.enforce, [0.9], 1, nil, .pass),
            (.enforce, [0.9], 1, .pass, .pass),
            (.enforce, [0.9], 1, .marginal, .warn),
            (.enforce, [0.9], 1, .fail, .fail),
            (.advise, [0.9], 1, .fail, .warn),
            (.enforce, [0.9], 1, .inconclusive, .noDecision),
            (.enforce, [-0.1], 1, .pass, .fail),
            (.advise, [-0.1], 1, .pass, .warn),
            (.enforce, [0.9], 20, nil, .fail),
            (.enforce, [0.4], 1, nil, .fail),
            (.enforce, [0.4], 1, .pass, .pass),
            (.enforce, [0.4], 1, .marginal, .fail),
            (.advise, [0.4], 1, nil, .warn),
            (.enforce, [0.2], 1, nil, .fail),
            (.enforce, [0.2], 1, .pass, .pass),
            (.enforce, [nil], 1, .pass, .noDecision),
            (.enforce, [0.4], 1, .inconclusive, .noDecision),
        ]
        for (mode, budgets, burn, canary, expected) in cases {
            let decision = GateDecision.decide(
                policy: Self.policy(mode), standing: Self.standing(mode, budgets: budgets, burn: burn), canary: canary, at: Self.now)
            #expect(decision.result == expected, "\(mode) \(budgets) burn \(burn) canary \(String(describing: canary)): \(decision.reasons)")
            #expect(!decision.reasons.isEmpty || expected == .pass)
        }
        #expect(GateDecision.Result.allCases.map(\.exitCode) == [0, 1, 2, 3])
    }

    @Test func anOverrideOpensTheGateUntilItExpiresAndSaysWhose() {
        let frozen = Self.standing(budgets: [-0.5])
        let override = GateDecision.Override(by: "alice", reason: "hotfix for INC-7", expires: Self.now.addingTimeInterval(3600))
        let open = GateDecision.decide(policy: Self.policy(.enforce), standing: frozen, canary: nil, overrides: [override], at: Self.now)
        #expect(open.result == .pass && open.override == override)
        #expect(open.reasons == ["overridden by alice until 2026-11-30T01:53:20Z: hotfix for INC-7"])
        let later = GateDecision.decide(
            policy: Self.policy(.enforce), standing: frozen, canary: nil, overrides: [override], at: Self.now.addingTimeInterval(3600))
        #expect(later.result == .fail && later.override == nil, "an override ends at its expiry")
        #expect(later.reasons.first == "step 'freeze' holds for slo-0: Budget spent.")
    }

    @Test func adviseModeSaysWhatWouldHaveFailed() {
        let decision = GateDecision.decide(policy: Self.policy(.advise), standing: Self.standing(.advise, budgets: [-0.1]), canary: nil, at: Self.now)
        #expect(decision.result == .warn)
        #expect(decision.reasons.first == "advise mode, would fail: step 'freeze' holds for slo-0: Budget spent.")
    }
}
