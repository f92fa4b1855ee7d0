import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct ErrorBudgetTests {
    static let thirtyDays = Duration.seconds(30 * 86_400)

    /// SRE Workbook, "Alerting on SLOs", table 5-8: 99.9 % over 30 days.
    static let workbookShares: [(Double, Duration, Double)] = [
        (14.4, .seconds(3600), 0.02),
        (6.0, .seconds(6 * 3600), 0.05),
        (3.0, .seconds(86_400), 0.10),
        (1.0, .seconds(3 * 86_400), 0.10),
    ]
    static let workbookExhaustion: [(Double, Double)] = [(1, 30 * 86_400), (2, 15 * 86_400), (10, 3 * 86_400), (1000, 43.2 * 60)]

    @Test(arguments: workbookShares)
    func workbookBudgetShares(burn: Double, duration: Duration, spent: Double) {
        #expect(abs(ErrorBudget.budgetSpent(burnRate: burn, for: duration, window: Self.thirtyDays) - spent) < 1e-12)
    }

    /// SRE Workbook table 5-4: time to exhaust a full 30-day budget at a given burn rate.
    @Test(arguments: workbookExhaustion)
    func workbookExhaustionTimes(burn: Double, seconds: Double) throws {
        guard case .after(let time) = ErrorBudget.timeToExhaustion(remaining: 1, burnRate: burn, window: Self.thirtyDays) else {
            Issue.record("expected a finite time")
            return
        }
        #expect(abs(time.inSeconds - seconds) < 1e-6)
    }

    @Test func exhaustionEdges() {
        #expect(ErrorBudget.timeToExhaustion(remaining: 0.5, burnRate: 0, window: Self.thirtyDays) == .never)
        #expect(ErrorBudget.timeToExhaustion(remaining: 0, burnRate: 3, window: Self.thirtyDays) == .exhausted)
        #expect(ErrorBudget.timeToExhaustion(remaining: -0.2, burnRate: 0, window: Self.thirtyDays) == .exhausted)
    }

    @Test func remainingGoesNegativeWhenOverspent() throws {
        let budget = ErrorBudget(objective: 0.999)
        // 1,000,000 valid allow 1,000 bad; 2,500 bad spend 250 %.
        let counts = EventCounts(good: 997_500, valid: 1_000_000)
        #expect(abs(try #require(budget.remaining(counts)) - -1.5) < 1e-9)
        #expect(abs(try #require(budget.consumed(counts)) - 2.5) < 1e-9)
        #expect(abs(try #require(budget.burnRate(counts)) - 2.5) < 1e-9)
    }

    @Test func noDataIsNotOneHundredPercent() {
        let budget = ErrorBudget(objective: 0.99)
        #expect(budget.remaining(.zero) == nil)
        #expect(budget.burnRate(.zero) == nil)
        #expect(EventCounts.zero.ratio == nil)
        #expect(budget.exceeds(.zero, factor: 0) == false)
    }

    /// With steady traffic, burning at `b` over `w` spends `b · w / W` of the budget that
    /// the whole window `W` allows — the identity the burn-rate tiers rest on.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func burnTimesWindowShareEqualsBudgetSpent(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let objective = [0.9, 0.99, 0.995, 0.999, 0.9999].randomElement(using: &rng)!
        let budget = ErrorBudget(objective: objective)
        let windowMinutes = Int64.random(in: 1_000...50_000, using: &rng)
        let perMinute = Int64.random(in: 10...5_000, using: &rng)
        var series = BucketSeries(startingAt: 0)
        for minute in 0..<windowMinutes {
            let bad = Int64.random(in: 0...(perMinute / 20), using: &rng)
            series.record(EventCounts(good: perMinute - bad, valid: perMinute), at: minute)
        }
        let whole = series.counts(from: 0, to: windowMinutes)
        for _ in 0..<50 {
            let w = Int64.random(in: 1...windowMinutes, using: &rng)
            let end = Int64.random(in: w...windowMinutes, using: &rng)
            let counts = series.counts(endingBefore: end, minutes: w)
            let burn = try #require(budget.burnRate(counts))
            let viaBurn = ErrorBudget.budgetSpent(burnRate: burn, for: .seconds(60 * w), window: .seconds(60 * windowMinutes))
            let direct = Double(counts.bad) / (budget.allowedErrorRatio * Double(whole.valid))
            #expect(abs(viaBurn - direct) <= 1e-9 * max(1, direct))
        }
    }

    /// One more bad event never raises the remaining budget.
    @Test func remainingIsMonotoneInBadEvents() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<2_000 {
            let budget = ErrorBudget(objective: Double.random(in: 0.5...0.99999, using: &rng))
            let valid = Int64.random(in: 1...1_000_000, using: &rng)
            let good = Int64.random(in: 0...valid, using: &rng)
            let base = try #require(budget.remaining(EventCounts(good: good, valid: valid)))
            let oneMoreBad = try #require(budget.remaining(EventCounts(good: good, valid: valid + 1)))
            #expect(oneMoreBad <= base)
            if good > 0 {
                let goodTurnedBad = try #require(budget.remaining(EventCounts(good: good - 1, valid: valid)))
                #expect(goodTurnedBad < base)
            }
        }
    }
}
