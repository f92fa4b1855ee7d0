import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct BurnRatePolicyTests {
    static let day: Int64 = 86_400

    @Test func thirtyDaysGivesTheWorkbookTiers() {
        let tiers = BurnRatePolicy.standard(for: .seconds(30 * Self.day)).tiers
        #expect(tiers.map(\.factor).map { ($0 * 1000).rounded() / 1000 } == [14.4, 6, 3, 1])
        #expect(tiers.map(\.severity) == [.page, .page, .ticket, .ticket])
        #expect(tiers.map(\.longWindow) == [.seconds(3600), .seconds(21_600), .seconds(86_400), .seconds(259_200)])
        #expect(tiers.map(\.shortWindow) == [.seconds(300), .seconds(1800), .seconds(7200), .seconds(21_600)])
        #expect(tiers.map(\.name) == ["page-1h", "page-6h", "ticket-1d", "ticket-3d"])
    }

    /// Sloth's factors for a 28-day window.
    @Test func twentyEightDaysGivesSlothFactors() {
        let factors = BurnRatePolicy.standard(for: .seconds(28 * Self.day)).tiers.map(\.factor)
        for (factor, expected) in zip(factors, [13.44, 5.6, 2.8, 0.9333333]) {
            #expect(abs(factor - expected) < 1e-6)
        }
    }

    @Test func scalingWindowsKeepsFactors() {
        let tiers = BurnRatePolicy.standard(for: .seconds(7 * Self.day), scaling: .scaleWindows).tiers
        #expect(tiers.map(\.factor).map { ($0 * 1000).rounded() / 1000 } == [14.4, 6, 3, 1])
        // 1h · 7/30 = 14 min; 5m · 7/30 = 70 s → 1 min; 3d · 7/30 = 16.8 h = 1008 min.
        #expect(tiers[0].longWindow == .seconds(14 * 60))
        #expect(tiers[0].shortWindow == .seconds(60))
        #expect(tiers[3].longWindow == .seconds(1008 * 60))
    }

    /// Whatever the window, each standard tier still spends its Workbook share of budget.
    @Test func everyScalingKeepsTheBudgetShare() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let window = Duration.seconds(Int64.random(in: 1...90, using: &rng) * Self.day)
            for scaling in BurnRatePolicy.WindowScaling.allCases {
                let shares = BurnRatePolicy.standard(for: window, scaling: scaling).tiers.map { $0.budgetShare(of: window) }
                for (share, expected) in zip(shares, [0.02, 0.05, 0.1, 0.1]) {
                    // scale_windows rounds windows to the minute, so allow that much.
                    #expect(abs(share - expected) < (scaling == .keepWindows ? 1e-12 : expected * 0.02))
                }
            }
        }
    }
}
