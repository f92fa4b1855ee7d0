import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct SLOEvaluatorTests {
    static let start: EpochMinute = 29_000_000
    static let spikeStart: EpochMinute = start + 10 * 1440

    /// 1,000 events a minute for ten days without errors, then 2 % errors (burn 20 at
    /// 99.9 %) from `spikeStart` on.
    static func spikeSeries(errorsPerMinute: Int64 = 20, perMinute: Int64 = 1000, spikeMinutes: Int64 = 180) -> BucketSeries {
        var series = BucketSeries(startingAt: start)
        for minute in start..<(spikeStart + spikeMinutes) {
            let bad = minute >= spikeStart ? errorsPerMinute : 0
            series.record(EventCounts(good: perMinute - bad, valid: perMinute), at: minute)
        }
        return series
    }

    static func slo(minEvents: Int64 = 0, exhaustion: ExhaustionAlert? = nil) -> ServiceLevelObjective {
        var policy = BurnRatePolicy.standard(for: .seconds(30 * 86_400), minEvents: minEvents)
        policy.exhaustion = exhaustion
        return ServiceLevelObjective(
            name: "api-availability", service: "api", sli: ServiceLevelIndicator(name: "api"),
            objective: 0.999, window: .rolling(.seconds(30 * 86_400)), alerting: policy)
    }

    /// The 1 h window exceeds 14.4 once 44 of its 60 minutes burn at 20 (20·44/60 = 14.67;
    /// 43 minutes give 14.33).
    @Test func fastPageFiresAfterFortyFourMinutesAtBurnTwenty() {
        let series = Self.spikeSeries()
        let before = SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 43)
        #expect(before.tiers[0].state == .quiet)
        #expect(before.notificationClass == .log)
        let firing = SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 44)
        #expect(firing.tiers[0].state == .firing)
        #expect(firing.tiers[1].state == .quiet)
        #expect(firing.notificationClass == .alert)
        #expect(abs(firing.tiers[0].short.rate! - 20) < 1e-9)
    }

    /// The 6 h tier (factor 6) needs 6·360/20 = 108 bad minutes: it fires from minute 109.
    @Test func slowPageFollows() {
        let series = Self.spikeSeries()
        #expect(SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 108).tiers[1].state == .quiet)
        #expect(SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 109).tiers[1].state == .firing)
    }

    @Test func budgetFiguresMatchTheFormulas() throws {
        let series = Self.spikeSeries()
        let status = SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 180)
        // 10 days + 3 h of traffic, 180 · 20 bad.
        let valid = Int64(10 * 1440 + 180) * 1000
        #expect(status.counts == EventCounts(good: valid - 3600, valid: valid))
        let remaining = try #require(status.budgetRemaining)
        #expect(abs(remaining - (1 - 3600 / (0.001 * Double(valid)))) < 1e-12)
        #expect(abs(status.currentBurn.rate! - 20) < 1e-9)
        guard case .after(let time) = status.timeToExhaustion else {
            Issue.record("expected finite")
            return
        }
        #expect(abs(time.inSeconds - remaining * 30 * 86_400 / 20) < 1e-3)
    }

    /// Low traffic: two requests a minute, one failing. Without the guard the page tiers
    /// fire; with `min_events: 100` they are held back (5 m and 30 m hold 10 and 60
    /// events), and the status says so, while the ticket tiers (2 h and 6 h short windows)
    /// carry enough traffic to fire.
    @Test func minimumTrafficGuardHoldsBackLowTrafficPages() {
        let series = Self.spikeSeries(errorsPerMinute: 1, perMinute: 2)
        let unguarded = SLOEvaluator.evaluate(Self.slo(), series: series, at: Self.spikeStart + 120)
        #expect(unguarded.tiers[0].state == .firing)
        let guarded = SLOEvaluator.evaluate(Self.slo(minEvents: 100), series: series, at: Self.spikeStart + 120)
        #expect(guarded.tiers[0].state == .heldBack(required: 100, observed: 10))
        #expect(guarded.tiers[1].state == .heldBack(required: 100, observed: 60))
        #expect(guarded.tiers[2].state == .firing)
        #expect(guarded.notificationClass == .ticket)
    }

    @Test func noDataIsReportedAsSuch() {
        let status = SLOEvaluator.evaluate(Self.slo(), series: BucketSeries(startingAt: Self.start), at: Self.spikeStart)
        #expect(status.hasData == false)
        #expect(status.sli == nil)
        #expect(status.budgetRemaining == nil)
        #expect(status.timeToExhaustion == nil)
        #expect(status.tiers.allSatisfy { $0.state == .noData })
    }

    @Test func exhaustionAlertFiresWhenTheBudgetRunsOutWithinTheHorizon() {
        let series = Self.spikeSeries()
        // At burn 20, a budget of ~74 % lasts ~26.7 days: outside 24 h, inside 30 d.
        let day = SLOEvaluator.evaluate(Self.slo(exhaustion: ExhaustionAlert(horizon: .seconds(86_400))), series: series, at: Self.spikeStart + 180)
        #expect(day.exhaustion?.isFiring == false)
        let month = SLOEvaluator.evaluate(
            Self.slo(exhaustion: ExhaustionAlert(horizon: .seconds(30 * 86_400), severity: .page)), series: series, at: Self.spikeStart + 180)
        #expect(month.exhaustion?.isFiring == true)
        #expect(month.notificationClass == .alert)
        let guarded = SLOEvaluator.evaluate(
            Self.slo(exhaustion: ExhaustionAlert(horizon: .seconds(30 * 86_400), minEvents: 1_000_000)), series: series, at: Self.spikeStart + 180)
        #expect(guarded.exhaustion?.isFiring == false)
        #expect(guarded.exhaustion?.isHeldBack == true)
    }

    /// Random streams: the tier state always agrees with a direct computation from naive
    /// sums.
    @Test func tierStatesAgreeWithNaiveEvaluation() {
        var rng = SeededGenerator(seed: 2024)
        let slo = Self.slo(minEvents: 50)
        var naive: [EventCounts] = []
        var series = BucketSeries(startingAt: Self.start)
        for minute in 0..<(4 * 1440) {
            let valid = Int64.random(in: 0...40, using: &rng)
            let burst = (minute / 200) % 3 == 0
            let bad = burst ? Int64.random(in: 0...valid, using: &rng) : 0
            let counts = EventCounts(good: valid - bad, valid: valid)
            naive.append(counts)
            series.record(counts, at: Self.start + EpochMinute(minute))
        }
        func sum(_ minutes: Int, endingAt end: Int) -> EventCounts {
            naive[max(0, end - minutes)..<end].reduce(.zero, +)
        }
        for _ in 0..<300 {
            let end = Int.random(in: 1...naive.count, using: &rng)
            let status = SLOEvaluator.evaluate(slo, series: series, at: Self.start + EpochMinute(end))
            for tierStatus in status.tiers {
                let tier = tierStatus.tier
                let long = sum(Int(tier.longWindow.wholeMinutes), endingAt: end)
                let short = sum(Int(tier.shortWindow.wholeMinutes), endingAt: end)
                #expect(tierStatus.long.counts == long)
                #expect(tierStatus.short.counts == short)
                let burning =
                    long.valid > 0 && short.valid > 0
                    && Double(long.bad) / Double(long.valid) > tier.factor * 0.001
                    && Double(short.bad) / Double(short.valid) > tier.factor * 0.001
                #expect((tierStatus.state == .firing) == (burning && short.valid >= 50))
            }
        }
    }
}
