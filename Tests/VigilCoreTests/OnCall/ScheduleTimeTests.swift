import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

/// Wall-clock times, rotations and restrictions across the 2027 DST changes in
/// Europe/Berlin (28 March, 31 October) and America/New_York (14 March, 7 November), and
/// in Asia/Tokyo, which has none — the rules docs/oncall.md states.
@Suite struct ScheduleTimeTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!

    static func utc(_ text: String) -> Date { RFC3339.parse(text)! }
    static func local(_ text: String) -> LocalDateTime { LocalDateTime(parsing: text)! }

    @Test(
        "a local time maps to one instant: a time that never occurs lands after the gap, a repeated one is the first",
        arguments: [
            ("Europe/Berlin", "2027-03-28T01:59", "2027-03-28T00:59:00Z"),
            ("Europe/Berlin", "2027-03-28T02:00", "2027-03-28T01:00:00Z"), // does not exist → 03:00 CEST
            ("Europe/Berlin", "2027-03-28T02:30", "2027-03-28T01:30:00Z"), // does not exist → 03:30 CEST
            ("Europe/Berlin", "2027-03-28T03:00", "2027-03-28T01:00:00Z"),
            ("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30:00Z"), // twice: the first (CEST)
            ("Europe/Berlin", "2027-10-31T03:00", "2027-10-31T02:00:00Z"),
            ("Europe/Berlin", "2027-07-01T09:00", "2027-07-01T07:00:00Z"),
            ("America/New_York", "2027-03-14T02:30", "2027-03-14T07:30:00Z"), // does not exist → 03:30 EDT
            ("America/New_York", "2027-03-14T03:00", "2027-03-14T07:00:00Z"),
            ("America/New_York", "2027-11-07T01:30", "2027-11-07T05:30:00Z"), // twice: the first (EDT)
            ("America/New_York", "2027-11-07T02:00", "2027-11-07T07:00:00Z"),
            ("Asia/Tokyo", "2027-03-28T02:30", "2027-03-27T17:30:00Z"),
            ("Asia/Tokyo", "2027-10-31T02:30", "2027-10-30T17:30:00Z"),
        ])
    func localToInstant(zone: String, local: String, expected: String) {
        #expect(Self.local(local).instant(in: TimeZone(identifier: zone)!) == Self.utc(expected))
    }

    @Test(
        "every instant round-trips through its local time, except the repeated hour's second pass",
        arguments: ["Europe/Berlin", "America/New_York", "Asia/Tokyo"])
    func roundTrip(zone: String) {
        let zone = TimeZone(identifier: zone)!
        var instant = Self.utc("2027-01-01T00:00:00Z")
        let end = Self.utc("2028-01-01T00:00:00Z")
        var mismatches = 0
        while instant < end {
            let back = LocalDateTime(instant, in: zone).instant(in: zone)
            if back != instant {
                // Only the second pass of a repeated hour maps back to the first pass.
                #expect(back == instant.addingTimeInterval(-3600))
                mismatches += 1
            }
            instant = instant.addingTimeInterval(900)
        }
        #expect(mismatches == (zone.identifier == "Asia/Tokyo" ? 0 : 4))
    }

    /// Shift lengths in hours of a rotation, one per handoff from `start`.
    static func shiftHours(_ rotation: Rotation, start: String, zone: TimeZone, count: Int) -> [Double] {
        let first = local(start).instant(in: zone)
        let handoffs = rotation.handoffs(start: local(start), zone: zone, from: first, to: first.addingTimeInterval(Double(count) * 8 * 86_400))
        return zip(handoffs, handoffs.dropFirst()).prefix(count).map { $1.at.timeIntervalSince($0.at) / 3600 }
    }

    @Test(
        "a daily 09:00 handoff stays at 09:00: the shift over a change is 23 h or 25 h",
        arguments: [
            ("Europe/Berlin", "2027-03-26T09:00", [24.0, 23, 24]),
            ("Europe/Berlin", "2027-10-29T09:00", [24.0, 25, 24]),
            ("America/New_York", "2027-03-12T09:00", [24.0, 23, 24]),
            ("America/New_York", "2027-11-05T09:00", [24.0, 25, 24]),
            ("Asia/Tokyo", "2027-03-26T09:00", [24.0, 24, 24]),
        ])
    func dailyShifts(zone: String, start: String, hours: [Double]) {
        let zone = TimeZone(identifier: zone)!
        #expect(Self.shiftHours(.every(1, .days), start: start, zone: zone, count: 3) == hours)
        let handoffs = Rotation.every(1, .days).handoffs(
            start: Self.local(start), zone: zone, from: Self.local(start).instant(in: zone),
            to: Self.local(start).instant(in: zone).addingTimeInterval(3 * 86_400))
        #expect(handoffs.allSatisfy { LocalDateTime($0.at, in: zone).secondOfDay == 9 * 3600 })
    }

    @Test(
        "a weekly Monday handoff over a change is 167 h or 169 h; hourly shifts are always 1 h",
        arguments: [
            ("Europe/Berlin", "2027-03-22T09:00", 167.0), ("Europe/Berlin", "2027-10-25T09:00", 169.0), ("America/New_York", "2027-03-08T09:00", 167.0),
            ("America/New_York", "2027-11-01T09:00", 169.0), ("Asia/Tokyo", "2027-03-22T09:00", 168.0),
        ])
    func weeklyAndHourly(zone: String, start: String, firstWeek: Double) {
        let zone = TimeZone(identifier: zone)!
        #expect(Self.shiftHours(.every(1, .weeks), start: start, zone: zone, count: 2) == [firstWeek, 168])
        let hourly = Self.shiftHours(.every(1, .hours), start: start, zone: zone, count: 24 * 8)
        #expect(hourly.allSatisfy { $0 == 1 })
    }

    @Test("a handoff at a time that never occurs or occurs twice follows the rule: after the gap, the first of the two")
    func handoffInGapAndOverlap() {
        let zone = Self.berlin
        // 02:30 daily: 28 March's 02:30 does not exist (→ 03:30 CEST, 01:30Z); 31 October's
        // exists twice (→ the first, 02:30 CEST, 00:30Z).
        let spring = Rotation.every(1, .days).handoffs(
            start: Self.local("2027-03-27T02:30"), zone: zone, from: Self.utc("2027-03-27T02:00:00Z"), to: Self.utc("2027-03-29T12:00:00Z"))
        #expect(spring.map(\.at) == ["2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z", "2027-03-30T00:30:00Z"].map(Self.utc))
        let autumn = Rotation.every(1, .days).handoffs(
            start: Self.local("2027-10-30T02:30"), zone: zone, from: Self.utc("2027-10-30T01:00:00Z"), to: Self.utc("2027-11-01T02:00:00Z"))
        #expect(autumn.map(\.at) == ["2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z", "2027-11-02T01:30:00Z"].map(Self.utc))
    }

    @Test("handoffs found from any instant agree with walking from the start", arguments: [Rotation.every(1, .days), .every(2, .weeks), .every(8, .hours)])
    func handoffsFromAnywhere(rotation: Rotation) {
        var generator = SeededGenerator(seed: 21)
        let start = Self.local("2026-11-30T09:00")
        let walk = rotation.handoffs(start: start, zone: Self.berlin, from: start.instant(in: Self.berlin), to: Self.utc("2028-01-01T00:00:00Z"))
        for _ in 0..<200 {
            let at = Self.utc("2026-12-01T00:00:00Z").addingTimeInterval(Double.random(in: 0..<(360 * 86_400), using: &generator))
            let found = rotation.handoffs(start: start, zone: Self.berlin, from: at, to: at.addingTimeInterval(3600))
            let expected = walk.last { $0.at <= at }!
            #expect(found.first == expected)
        }
    }

    @Test("restriction windows are wall-clock: 09:00-17:00 is 8 h on a change day; an overnight window runs into the next day")
    func windows() throws {
        let business = try TimeWindow(parsing: "Mon-Fri 09:00-17:00")
        #expect(business.weekdays == Set(1...5))
        let week = business.occurrences(from: Self.utc("2027-03-22T00:00:00Z"), to: Self.utc("2027-03-29T00:00:00Z"), in: Self.berlin)
        #expect(week.count == 5)
        #expect(week.allSatisfy { $0.upperBound.timeIntervalSince($0.lowerBound) == 8 * 3600 })
        let night = try TimeWindow(parsing: "Sat,Sun 01:00-04:00")
        // Sunday 28 March: 01:00 CET to 04:00 CEST is 2 h of real time.
        let sunday = night.occurrences(from: Self.utc("2027-03-28T00:00:00Z"), to: Self.utc("2027-03-28T12:00:00Z"), in: Self.berlin)
        #expect(sunday.map { $0.upperBound.timeIntervalSince($0.lowerBound) } == [2 * 3600])
        let overnight = try TimeWindow(parsing: "Fri 18:00-09:00")
        #expect(overnight.contains(Self.local("2027-03-26T23:00")))
        #expect(overnight.contains(Self.local("2027-03-27T08:59")))
        #expect(!overnight.contains(Self.local("2027-03-27T09:00")))
        #expect(!overnight.contains(Self.local("2027-03-25T23:00")))
        #expect(try TimeWindow(parsing: "Fri-Mon 00:00-24:00").weekdays == [5, 6, 7, 1])
        #expect(try TimeWindow(parsing: "Mon-Fri 09:00-17:00").description == "Mon,Tue,Wed,Thu,Fri 09:00-17:00")
        for bad in ["Mon-Fri", "Funday 09:00-10:00", "09:00-09:00", "25:00-26:00", "9:00-17:00", "Mon Tue 09:00-10:00"] {
            #expect(throws: TimeWindow.ParseError.self) { try TimeWindow(parsing: bad) }
        }
    }

    @Test("local times parse strictly", arguments: ["2027-02-29T09:00", "2027-13-01", "2027-1-01", "2027-01-01T9:00", "2027-01-01T09:60", "tomorrow"])
    func badLocalTimes(text: String) {
        #expect(LocalDateTime(parsing: text) == nil)
    }

    @Test("the civil calendar agrees with Foundation's for every day of 1900…2100")
    func civilCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = LocalDateTime(year: 1900, month: 1, day: 1)
        var wrong: [String] = []
        while day.date.year < 2100 {
            let instant = Date(timeIntervalSince1970: TimeInterval(day.seconds))
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: instant)
            if parts.year != day.date.year || parts.month != day.date.month || parts.day != day.date.day || (parts.weekday! + 5) % 7 + 1 != day.weekday {
                wrong.append(day.description)
            }
            day = day.adding(days: 1)
        }
        #expect(wrong.isEmpty)
    }
}
