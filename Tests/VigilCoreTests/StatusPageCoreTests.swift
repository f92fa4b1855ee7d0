import Testing
import VigilTestSupport

@testable import VigilCore

@Suite("Burn-down, uptime days and service conditions")
struct StatusPageCoreTests {
    /// Property: over random series, the burn-down starts full, never rises, follows the
    /// budget formula at every point, and ends at the SLO's budget remaining.
    @Test(arguments: [UInt64(1), 7, 42, 2026])
    func burnDownMatchesTheBudget(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let start: EpochMinute = 29_000_000
        let length = Int64.random(in: 60...5000, using: &rng)
        var series = BucketSeries(startingAt: start)
        for minute in start..<(start + length) where Bool.random(using: &rng) {
            let valid = Int64.random(in: 1...500, using: &rng)
            series.record(EventCounts(good: valid - Int64.random(in: 0...min(valid, 3), using: &rng), valid: valid), at: minute)
        }
        let budget = ErrorBudget(objective: 0.99)
        let span = WindowSpan(start: start, end: start + length, length: .seconds(Double(length) * 60))
        let burnDown = BurnDown.of(series, budget: budget, span: span, maximumPoints: Int.random(in: 5...200, using: &rng))
        let remaining = burnDown.points.compactMap(\.remaining)
        #expect(remaining.first == 1)
        #expect(zip(remaining, remaining.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(burnDown.points.last?.minute == span.end)
        let expected = budget.remaining(series.counts(from: span.start, to: span.end))!
        #expect(abs(remaining.last! - expected) < 1e-12)
        let total = series.counts(from: span.start, to: span.end)
        for point in burnDown.points {
            let bad = series.counts(from: span.start, to: point.minute).bad
            #expect(abs(point.remaining! - (1 - Double(bad) / (0.01 * Double(total.valid)))) < 1e-12)
        }
        #expect(burnDown.points.first?.ideal == 1 && burnDown.points.last?.ideal == 0)
    }

    @Test func aCalendarWindowIdealReachesZeroWhenThePeriodCloses() {
        // Ten days into a 30-day period: the even-spending line is at two thirds.
        let start: EpochMinute = 29_000_160
        let span = WindowSpan(start: start, end: start + 10 * 1440, length: .seconds(30 * 86_400))
        var series = BucketSeries(startingAt: start)
        series.record(EventCounts(good: 990, valid: 1000), at: start + 100)
        let burnDown = BurnDown.of(series, budget: ErrorBudget(objective: 0.99), span: span, maximumPoints: 10)
        #expect(burnDown.closes == start + 30 * 1440)
        #expect(abs(burnDown.points.last!.ideal - 2.0 / 3) < 1e-12)
        #expect(burnDown.points.count == 11)
        // 10 bad of 1000 at 99 %: the whole budget, spent in the first step.
        #expect(abs(burnDown.points.last!.remaining!) < 1e-12)
    }

    @Test func noEventsIsNoDataNotAFullBudget() {
        let span = WindowSpan(start: 0, end: 600, length: .seconds(36_000))
        let burnDown = BurnDown.of(BucketSeries(startingAt: 0), budget: ErrorBudget(objective: 0.999), span: span)
        #expect(burnDown.points.allSatisfy { $0.remaining == nil })
    }

    @Test func uptimeDaysSumMinutesPerUTCDay() {
        let now: EpochMinute = 29_000_000 + 600 // 10:00 into some day
        let today = now - now % 1440
        let minutes: [(minute: EpochMinute, counts: EventCounts)] = [
            (today + 5, EventCounts(good: 999, valid: 1000)),
            (today + 6, EventCounts(good: 1000, valid: 1000)), // today: 1999/2000 = 99.95 % → up
            (today - 1440 + 60, EventCounts(good: 995, valid: 1000)), // yesterday: 99.5 % → degraded
            (today - 2 * 1440, EventCounts(good: 900, valid: 1000)), // 90 % → down
            (today - 3 * 1440, EventCounts(good: 1, valid: 1)), // three days ago is outside a 3-day history
        ]
        let days = UptimeDay.history(minutes: minutes, days: 3, endingAt: now, objective: 0.999)
        #expect(days.map(\.day) == [today - 2 * 1440, today - 1440, today])
        #expect(days.map(\.level) == [.down, .degraded, .up])
        #expect(days[2].counts == EventCounts(good: 1999, valid: 2000))
        #expect(UptimeDay.overall(days) == Double(900 + 995 + 1999) / 4000)
        let empty = UptimeDay.history(minutes: [], days: 90, endingAt: now, objective: 0.999)
        #expect(empty.count == 90 && empty.allSatisfy { $0.level == .noData } && UptimeDay.overall(empty) == nil)
    }

    @Test func conditionsFollowTheMostSeriousSignal() {
        #expect(ServiceCondition.of(openIncidentRanks: [], inMaintenance: false, paging: false, probeFailing: false) == .operational)
        #expect(ServiceCondition.of(openIncidentRanks: [], inMaintenance: false, paging: false, probeFailing: true) == .degraded)
        #expect(ServiceCondition.of(openIncidentRanks: [], inMaintenance: true, paging: true, probeFailing: false) == .maintenance)
        #expect(ServiceCondition.of(openIncidentRanks: [2, 1], inMaintenance: true, paging: false, probeFailing: false) == .partialOutage)
        #expect(ServiceCondition.of(openIncidentRanks: [3, 0], inMaintenance: false, paging: false, probeFailing: false) == .majorOutage)
        #expect([ServiceCondition.degraded, .operational, .majorOutage].max() == .majorOutage)
        #expect(ServiceCondition.allCases.allSatisfy { !$0.words.isEmpty })
    }
}
