import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct BucketSeriesTests {
    /// Window sums from the prefix sums equal naive sums, for random streams, random
    /// (including late) arrival order and random windows.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func windowSumsEqualNaiveSums(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let start: EpochMinute = 29_000_000 + EpochMinute.random(in: 0..<120, using: &rng)
        let minutes = Int.random(in: 1...2_000, using: &rng)
        var naive = [EventCounts](repeating: .zero, count: minutes)
        var series = BucketSeries(startingAt: start)
        for _ in 0..<(minutes * 2) {
            let offset = Int.random(in: 0..<minutes, using: &rng)
            let valid = Int64.random(in: 0...1_000, using: &rng)
            let counts = EventCounts(good: Int64.random(in: 0...valid, using: &rng), valid: valid)
            naive[offset] += counts
            let accepted = series.record(counts, at: start + EpochMinute(offset))
            #expect(accepted)
        }
        for _ in 0..<300 {
            let a = Int.random(in: -10...(minutes + 10), using: &rng)
            let b = Int.random(in: -10...(minutes + 10), using: &rng)
            let (from, to) = (min(a, b), max(a, b))
            var expected = EventCounts.zero
            for i in max(0, from)..<max(max(0, from), min(minutes, to)) { expected += naive[i] }
            #expect(series.counts(from: start + EpochMinute(from), to: start + EpochMinute(to)) == expected)
        }
    }

    @Test func refusesMinutesBeforeItsStart() {
        var series = BucketSeries(startingAt: 120)
        let tooEarly = series.record(EventCounts(good: 1, valid: 1), at: 119)
        let inRange = series.record(EventCounts(good: 1, valid: 1), at: 120)
        #expect(tooEarly == false)
        #expect(inRange)
        #expect(series.counts(from: 0, to: 1_000) == EventCounts(good: 1, valid: 1))
    }

    @Test func switchesToWideStorageInsteadOfOverflowing() {
        var series = BucketSeries(startingAt: 0)
        let huge = EventCounts(good: 3_000_000_000, valid: 3_000_000_000)
        series.record(huge, at: 5)
        #expect(series.isWide == false)
        series.record(huge, at: 6)
        #expect(series.isWide)
        series.record(EventCounts(good: 1, valid: 2), at: 70)
        #expect(series.counts(from: 0, to: 7) == EventCounts(good: 6_000_000_000, valid: 6_000_000_000))
        #expect(series.counts(from: 0, to: 100) == EventCounts(good: 6_000_000_001, valid: 6_000_000_002))
        #expect(series.counts(from: 6, to: 71) == EventCounts(good: 3_000_000_001, valid: 3_000_000_002))
    }

    @Test func discardingOldHoursKeepsLaterSums() {
        var series = BucketSeries(startingAt: 0)
        for minute in 0..<600 { series.record(EventCounts(good: Int64(minute % 7), valid: 7), at: EpochMinute(minute)) }
        let before = series.counts(from: 250, to: 590)
        series.discard(before: 250)
        #expect(series.firstMinute == 240)
        #expect(series.counts(from: 250, to: 590) == before)
        #expect(series.counts(at: 100) == .zero)
    }

    @Test func timeslicesCountGoodSlicesAmongSlicesWithData() {
        var events = BucketSeries(startingAt: 0)
        // minute 0: 100% good; minute 1: 90%; minute 2: no data; minute 3: 99.5%
        events.record(EventCounts(good: 10, valid: 10), at: 0)
        events.record(EventCounts(good: 9, valid: 10), at: 1)
        events.record(EventCounts(good: 199, valid: 200), at: 3)
        let slices = BucketSeries.timeslices(of: events, sliceMinutes: 1, target: 0.99, from: 0, to: 4)
        #expect(slices.counts(from: 0, to: 4) == EventCounts(good: 2, valid: 3))
        let twoMinuteSlices = BucketSeries.timeslices(of: events, sliceMinutes: 2, target: 0.95, from: 0, to: 4)
        // [0,2): 19/20 = 0.95 good; [2,4): 199/200 good
        #expect(twoMinuteSlices.counts(from: 0, to: 4) == EventCounts(good: 2, valid: 2))
        // a slice still open at `to` is not counted
        let partial = BucketSeries.timeslices(of: events, sliceMinutes: 2, target: 0.95, from: 0, to: 3)
        #expect(partial.counts(from: 0, to: 4) == EventCounts(good: 1, valid: 1))
    }
}
