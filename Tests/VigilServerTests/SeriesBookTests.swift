import Testing
import VigilCore
import VigilStore

@testable import VigilServer

/// The hot minute data: an hourly roll-up older than the first needed minute still
/// counts, a replica's repeated read changes nothing, and trimming keeps what windows need.
@Suite struct SeriesBookTests {
    static let start: EpochMinute = 29_000_000

    @Test func aRollUpOlderThanTheStartCountsAtTheStart() {
        var book = SeriesBook(slos: [])
        book.rebuild(
            from: [
                "api": [
                    MinuteCounts(minute: Self.start - 30, counts: EventCounts(good: 50, valid: 60)),
                    MinuteCounts(minute: Self.start + 5, counts: EventCounts(good: 1, valid: 1)),
                ]
            ],
            slos: [], start: Self.start)
        #expect(book.series["api"]?.counts(at: Self.start) == EventCounts(good: 50, valid: 60))
        #expect(book.series["api"]?.counts(from: Self.start, to: Self.start + 10) == EventCounts(good: 51, valid: 61))
    }

    @Test func aReplicaReadingTheSameChangesTwiceCountsThemOnce() {
        var book = SeriesBook(slos: [])
        let change = BucketChange(series: "api", bucket: MinuteCounts(minute: Self.start + 1, counts: EventCounts(good: 9, valid: 10)), revision: 1)
        let first = book.set([change], start: Self.start)
        let again = book.set([change], start: Self.start)
        #expect(first && !again)
        #expect(book.series["api"]?.counts(at: Self.start + 1) == EventCounts(good: 9, valid: 10))
        // A minute before the start is no window's business.
        let early = BucketChange(series: "api", bucket: MinuteCounts(minute: Self.start - 1, counts: EventCounts(good: 1, valid: 1)), revision: 2)
        let changedEarly = book.set([early], start: Self.start)
        #expect(!changedEarly)
    }

    /// Trimming forgets whole hours (``BucketSeries/discard(before:)``): the minutes of
    /// the hour holding the new start stay.
    @Test func deltasAddUpAndTrimmingDropsOnlyOldHours() throws {
        var book = SeriesBook(slos: [])
        let deltas = [0, 1, 180, 181].map { MinuteDelta(sli: "api", minute: Self.start + $0, counts: EventCounts(good: 1, valid: 2)) }
        book.apply(deltas, roundedDown: ["lat"], start: Self.start)
        book.apply(deltas, roundedDown: [], start: Self.start)
        #expect(book.series["api"]?.counts(from: Self.start, to: Self.start + 240) == EventCounts(good: 8, valid: 16))
        #expect(book.roundedDownThresholds == ["lat"])
        book.trim(before: Self.start + 181)
        #expect(book.series["api"]?.counts(from: Self.start + 175, to: Self.start + 240) == EventCounts(good: 4, valid: 8))
        // The hour holding the new start is kept from its first minute; earlier ones are gone.
        var trimmed = try #require(book.series["api"])
        #expect(trimmed.record(EventCounts(good: 1, valid: 1), at: Self.start + 161) && !trimmed.record(EventCounts(good: 1, valid: 1), at: Self.start + 159))
    }
}
