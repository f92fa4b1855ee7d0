import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct ComplianceWindowTests {
    static func minute(_ text: String) -> EpochMinute {
        ISO8601DateFormatter().date(from: text)!.epochMinute
    }

    @Test func rollingWindowEndsBeforeTheEvaluationMinute() {
        let span = ComplianceWindow.rolling(.seconds(28 * 86_400)).span(endingAt: 1_000_000)
        #expect(span.end == 1_000_000)
        #expect(span.start == 1_000_000 - 28 * 1440)
        #expect(span.length == .seconds(28 * 86_400))
    }

    @Test func leapFebruaryIsTwentyNineDays() {
        let window = ComplianceWindow.calendar(.month, TimeZone(identifier: "UTC")!)
        let span = window.span(endingAt: Self.minute("2028-02-29T12:00:00Z"))
        #expect(span.start == Self.minute("2028-02-01T00:00:00Z"))
        #expect(span.length == .seconds(29 * 86_400))
        // Exactly at the month's end the evaluation covers the whole of February.
        let atEnd = window.span(endingAt: Self.minute("2028-03-01T00:00:00Z"))
        #expect(atEnd.start == Self.minute("2028-02-01T00:00:00Z"))
        // One minute later March has begun and the budget has reset.
        let after = window.span(endingAt: Self.minute("2028-03-01T00:01:00Z"))
        #expect(after.start == Self.minute("2028-03-01T00:00:00Z"))
        #expect(after.length == .seconds(31 * 86_400))
    }

    @Test func monthsFollowTheirTimeZoneAcrossDST() {
        let berlin = ComplianceWindow.calendar(.month, TimeZone(identifier: "Europe/Berlin")!)
        // Berlin springs forward on 2027-03-28: March has 31 days less one hour.
        let march = berlin.span(endingAt: Self.minute("2027-03-30T10:00:00Z"))
        #expect(march.start == Self.minute("2027-02-28T23:00:00Z"))
        #expect(march.length == .seconds(31 * 86_400 - 3600))
        // and falls back on 2027-10-31: October has an extra hour.
        let october = berlin.span(endingAt: Self.minute("2027-10-31T23:00:00Z"))
        #expect(october.start == Self.minute("2027-09-30T22:00:00Z"))
        #expect(october.length == .seconds(31 * 86_400 + 3600))
    }

    @Test func weeksStartOnMondayAndCrossYearEnds() {
        let utc = ComplianceWindow.calendar(.week, TimeZone(identifier: "UTC")!)
        let span = utc.span(endingAt: Self.minute("2027-01-01T09:30:00Z"))
        #expect(span.start == Self.minute("2026-12-28T00:00:00Z"))
        #expect(span.length == .seconds(7 * 86_400))
        // New York falls back on Sunday 2026-11-01: that week is 7 days and an hour.
        let newYork = ComplianceWindow.calendar(.week, TimeZone(identifier: "America/New_York")!)
        let dstWeek = newYork.span(endingAt: Self.minute("2026-10-30T12:00:00Z"))
        #expect(dstWeek.start == Self.minute("2026-10-26T04:00:00Z"))
        #expect(dstWeek.length == .seconds(7 * 86_400 + 3600))
    }

    /// Only the current month's events count, so the budget resets at the month boundary.
    @Test func calendarBudgetResetsAtTheMonthEnd() throws {
        let slo = ServiceLevelObjective(
            name: "s", service: "svc", sli: ServiceLevelIndicator(name: "s"), objective: 0.99,
            window: .calendar(.month, TimeZone(identifier: "UTC")!))
        var series = BucketSeries(startingAt: Self.minute("2026-01-30T00:00:00Z"))
        // January 31st is all bad; February 1st all good.
        for minute in Self.minute("2026-01-31T00:00:00Z")..<Self.minute("2026-02-01T00:00:00Z") {
            series.record(EventCounts(good: 0, valid: 10), at: minute)
        }
        for minute in Self.minute("2026-02-01T00:00:00Z")..<Self.minute("2026-02-02T00:00:00Z") {
            series.record(EventCounts(good: 10, valid: 10), at: minute)
        }
        let january = SLOEvaluator.evaluate(slo, series: series, at: Self.minute("2026-02-01T00:00:00Z"))
        #expect(january.sli == 0)
        let february = SLOEvaluator.evaluate(slo, series: series, at: Self.minute("2026-02-02T00:00:00Z"))
        #expect(february.sli == 1)
        #expect(february.span.length == .seconds(28 * 86_400))
        #expect(try #require(february.budgetRemaining) == 1)
    }
}

/// Random instants in random zones, 2024–2030 (two leap years, every DST change):
/// calendar windows start at local midnight on the 1st (or a Monday), contain the instant,
/// have the period's true length, and consecutive periods tile without gap or overlap.
@Suite struct CalendarWindowPropertyTests {
    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham"]

    @Test(arguments: CalendarPeriod.allCases)
    func periodsTileAndStartAtLocalMidnight(period: CalendarPeriod) throws {
        var rng = SeededGenerator(seed: period == .week ? 17 : 31)
        let from = ISO8601DateFormatter().date(from: "2024-01-01T00:00:00Z")!.epochMinute
        let to = ISO8601DateFormatter().date(from: "2030-12-31T00:00:00Z")!.epochMinute
        for _ in 0..<400 {
            let zone = TimeZone(identifier: Self.zones.randomElement(using: &rng)!)!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let window = ComplianceWindow.calendar(period, zone)
            let minute = EpochMinute.random(in: from...to, using: &rng)
            let span = window.span(endingAt: minute)
            let length = span.length.wholeMinutes
            // contains the last complete minute
            #expect(span.start <= minute - 1 && minute - 1 < span.start + length)
            // starts at local midnight on the 1st / on a Monday
            let start = calendar.dateComponents([.day, .hour, .minute, .weekday], from: Date(epochMinute: span.start))
            #expect(start.hour == 0 && start.minute == 0)
            if period == .month { #expect(start.day == 1) } else { #expect(start.weekday == 2) }
            // the true length: whole local days, give or take the DST shift of the period
            let days = calendar.dateComponents([.day], from: Date(epochMinute: span.start), to: Date(epochMinute: span.start + length)).day!
            let expectedDays = period == .week ? 7 : calendar.range(of: .day, in: .month, for: Date(epochMinute: span.start))!.count
            #expect(days == expectedDays)
            #expect(abs(length - Int64(expectedDays) * 1440) <= 60)
            // the next period begins where this one ends
            let next = window.span(endingAt: span.start + length + 1)
            #expect(next.start == span.start + length)
        }
    }
}
