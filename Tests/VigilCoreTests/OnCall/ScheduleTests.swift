import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

/// Layers, restrictions, overrides, final shifts and gaps; RRULE rotations.
@Suite struct ScheduleTests {
    static let berlin = ScheduleTimeTests.berlin
    static func utc(_ text: String) -> Date { ScheduleTimeTests.utc(text) }
    static func local(_ text: String) -> LocalDateTime { ScheduleTimeTests.local(text) }

    /// Dana and Sam weekly from Monday 30 November 09:00; Kim on weekday business hours.
    static func storefront(overrides: [ScheduleOverride] = []) throws -> Schedule {
        Schedule(
            name: "primary", timeZone: berlin,
            layers: [
                ScheduleLayer(name: "weekly", rotation: .every(1, .weeks), start: local("2026-11-30T09:00"), participants: ["Dana", "Sam"]),
                ScheduleLayer(
                    name: "business", rotation: .every(1, .days), start: local("2026-11-30T09:00"), participants: ["Kim"],
                    restrictions: [try TimeWindow(parsing: "Mon-Fri 09:00-17:00")]),
            ], overrides: overrides)
    }

    @Test("the higher layer wins where it has somebody; the lower one shows through elsewhere")
    func layering() throws {
        let schedule = try Self.storefront()
        #expect(schedule.onCall(at: Self.utc("2026-12-01T10:00:00Z")) == ["Kim"]) // Tue 11:00 CET
        #expect(schedule.onCall(at: Self.utc("2026-12-01T20:00:00Z")) == ["Dana"]) // Tue 21:00
        #expect(schedule.onCall(at: Self.utc("2026-12-05T10:00:00Z")) == ["Dana"]) // Saturday
        #expect(schedule.onCall(at: Self.utc("2026-12-07T07:59:00Z")) == ["Dana"]) // Mon 08:59
        #expect(schedule.onCall(at: Self.utc("2026-12-07T08:00:00Z")) == ["Kim"]) // Mon 09:00
        #expect(schedule.onCall(at: Self.utc("2026-12-07T16:00:00Z")) == ["Sam"]) // Mon 17:00, Sam's week
        #expect(schedule.onCall(at: Self.utc("2026-11-29T12:00:00Z")) == []) // before any layer starts
    }

    @Test("segments cover the range exactly, change at every handoff and window edge, and merge equal neighbours")
    func segmentsCover() throws {
        let schedule = try Self.storefront()
        let from = Self.utc("2026-11-30T00:00:00Z")
        let to = Self.utc("2026-12-14T00:00:00Z")
        let segments = schedule.segments(from: from, to: to)
        #expect(segments.first?.start == from)
        #expect(segments.last?.end == to)
        for (a, b) in zip(segments, segments.dropFirst()) {
            #expect(a.end == b.start)
            #expect(a.people != b.people || a.overridden != b.overridden)
        }
        // The one gap: before the first handoff on 30 November 09:00 CET.
        #expect(schedule.gaps(from: from, to: to).map(\.duration) == [8 * 3600])
    }

    @Test("final shifts: one row per person per stretch, hours adding up to the covered time")
    func shifts() throws {
        let schedule = try Self.storefront()
        let from = Self.utc("2026-11-30T08:00:00Z")
        let to = Self.utc("2026-12-14T08:00:00Z")
        let shifts = schedule.shifts(from: from, to: to)
        let hours = Dictionary(grouping: shifts, by: \.person).mapValues { $0.reduce(0) { $0 + $1.hours } }
        // Dates are doubles since 2001: compare hours to a microsecond.
        #expect(abs(hours["Kim"]! - 10 * 8) < 1e-6)
        #expect(abs(hours["Dana"]! + hours["Sam"]! - (14 * 24 - 80)) < 1e-6)
        #expect(abs(hours["Dana"]! - hours["Sam"]!) < 1e-6)
        #expect(shifts.filter { $0.person == "Kim" }.count == 10)
    }

    @Test("overrides: replace one person, replace everyone, add, remove; later ones apply over earlier ones")
    func overrides() throws {
        let start = Self.utc("2026-12-05T00:00:00Z") // Saturday: Dana all day
        let end = Self.utc("2026-12-06T00:00:00Z")
        func at(_ overrides: [ScheduleOverride]) throws -> [String] {
            try Self.storefront(overrides: overrides).onCall(at: Self.utc("2026-12-05T12:00:00Z"))
        }
        func override(_ change: ScheduleOverride.Change, schedule: String = "primary") -> ScheduleOverride {
            ScheduleOverride(id: "o", schedule: schedule, change: change, start: start, end: end)
        }
        #expect(try at([override(.replace(person: "Dana", with: "Kim"))]) == ["Kim"])
        #expect(try at([override(.replace(person: "Sam", with: "Kim"))]) == ["Dana"])
        #expect(try at([override(.replace(person: nil, with: "Ana"))]) == ["Ana"])
        #expect(try at([override(.add("Kim"))]) == ["Dana", "Kim"])
        #expect(try at([override(.remove("Dana"))]) == [])
        #expect(try at([override(.remove("Dana")), override(.add("Sam"))]) == ["Sam"])
        #expect(try at([override(.add("Kim"), schedule: "other")]) == ["Dana"])
        let schedule = try Self.storefront(overrides: [override(.remove("Dana"))])
        let gaps = schedule.gaps(from: Self.utc("2026-12-04T00:00:00Z"), to: Self.utc("2026-12-07T00:00:00Z"))
        #expect(gaps.map { $0.start...$0.end } == [start...end])
        #expect(gaps.allSatisfy { $0.overridden })
        let shifts = schedule.shifts(from: Self.utc("2026-12-04T00:00:00Z"), to: Self.utc("2026-12-07T00:00:00Z"))
        #expect(!shifts.contains { $0.person == "Dana" && $0.start < end && $0.end > start })
    }

    @Test("an override given in Berlin time across the spring change covers the wall-clock days")
    func overrideAcrossChange() throws {
        let schedule = try Self.storefront()
        let from = Self.local("2027-03-27T00:00").instant(in: Self.berlin)
        let to = Self.local("2027-03-29T00:00").instant(in: Self.berlin)
        let override = ScheduleOverride(id: "x", schedule: "primary", change: .replace(person: nil, with: "Ana"), start: from, end: to)
        let shifts = schedule.shifts(from: from, to: to, overrides: [override])
        #expect(shifts.map(\.person) == ["Ana"])
        #expect(shifts.first?.hours == 47)
        #expect(shifts.first?.overridden == true)
    }

    @Test("random instants: who is on call agrees with the segments, and shifts partition the covered time")
    func property() throws {
        var generator = SeededGenerator(seed: 7)
        let schedule = try Self.storefront(overrides: [
            ScheduleOverride(id: "a", schedule: "primary", change: .add("Ana"), start: Self.utc("2027-03-20T00:00:00Z"), end: Self.utc("2027-04-03T00:00:00Z"))
        ])
        let from = Self.utc("2027-03-01T00:00:00Z")
        let to = Self.utc("2027-05-01T00:00:00Z")
        let segments = schedule.segments(from: from, to: to)
        for _ in 0..<300 {
            let instant = from.addingTimeInterval(Double(Int.random(in: 0..<Int(to.timeIntervalSince(from)), using: &generator)))
            let segment = segments.first { $0.start <= instant && instant < $0.end }!
            #expect(schedule.onCall(at: instant) == segment.people)
        }
        let personHours = schedule.shifts(from: from, to: to).reduce(0) { $0 + $1.hours }
        let segmentHours = segments.reduce(0) { $0 + $1.duration * Double($1.people.count) } / 3600
        #expect(abs(personHours - segmentHours) < 1e-9)
    }

    // MARK: RRULE

    static func occurrences(_ rule: String, from start: String, count: Int = 6) throws -> [String] {
        try RecurrenceRule(parsing: rule).occurrences(from: local(start), zone: berlin).prefix(count).map(\.description)
    }

    @Test("RRULE occurrences: weekly days, monthly ordinals, hours, COUNT and UNTIL")
    func recurrence() throws {
        #expect(
            try Self.occurrences("FREQ=WEEKLY;BYDAY=MO,TH", from: "2027-03-22T09:00")
                == ["2027-03-22T09:00", "2027-03-25T09:00", "2027-03-29T09:00", "2027-04-01T09:00", "2027-04-05T09:00", "2027-04-08T09:00"])
        #expect(
            try Self.occurrences("FREQ=MONTHLY;BYDAY=-1FR", from: "2027-01-01T10:00", count: 3) == ["2027-01-29T10:00", "2027-02-26T10:00", "2027-03-26T10:00"])
        #expect(
            try Self.occurrences("FREQ=MONTHLY;BYMONTHDAY=31", from: "2027-01-31T08:00", count: 3) == [
                "2027-01-31T08:00", "2027-03-31T08:00", "2027-05-31T08:00",
            ])
        #expect(
            try Self.occurrences("FREQ=DAILY;BYHOUR=9,21;BYMINUTE=0", from: "2027-03-27T12:00", count: 4) == [
                "2027-03-27T21:00", "2027-03-28T09:00", "2027-03-28T21:00", "2027-03-29T09:00",
            ])
        #expect(
            try Self.occurrences("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=3", from: "2027-03-22T09:00", count: 10) == [
                "2027-03-22T09:00", "2027-04-05T09:00", "2027-04-19T09:00",
            ])
        #expect(
            try Self.occurrences("RRULE:FREQ=DAILY;UNTIL=20270324T090000", from: "2027-03-22T09:00", count: 10) == [
                "2027-03-22T09:00", "2027-03-23T09:00", "2027-03-24T09:00",
            ])
        #expect(
            try Self.occurrences("FREQ=HOURLY;INTERVAL=12", from: "2027-03-27T20:00", count: 3) == ["2027-03-27T20:00", "2027-03-28T08:00", "2027-03-28T20:00"])
        #expect(
            try Self.occurrences("FREQ=DAILY;BYDAY=SA,SU", from: "2027-03-22T09:00", count: 3) == ["2027-03-27T09:00", "2027-03-28T09:00", "2027-04-03T09:00"])
    }

    @Test(
        "RRULE parts Vigil does not read are refused by name",
        arguments: [
            ("FREQ=YEARLY", "FREQ=YEARLY"), ("FREQ=WEEKLY;BYMONTH=3", "BYMONTH"), ("BYDAY=MO", "FREQ"), ("FREQ=WEEKLY;BYDAY=1MO", "MONTHLY"),
            ("FREQ=DAILY;COUNT=2;UNTIL=20270101", "COUNT or UNTIL"), ("FREQ=DAILY;INTERVAL=0", "INTERVAL"), ("FREQ=MONTHLY;BYDAY=9MO", "ordinal"),
            ("FREQ=DAILY;FREQ=DAILY", "twice"), ("FREQ=WEEKLY;BYSETPOS=1", "BYSETPOS"),
        ])
    func recurrenceErrors(rule: String, mentions: String) {
        #expect {
            try RecurrenceRule(parsing: rule)
        } throws: { error in
            (error as? RecurrenceRule.ParseError)?.message.contains(mentions) == true
        }
    }

    @Test("FREQ=DAILY and FREQ=WEEKLY rules hand off exactly like the daily and weekly rotations")
    func ruleMatchesRotation() throws {
        let start = Self.local("2026-11-30T09:00")
        let from = Self.utc("2027-03-01T00:00:00Z")
        let to = Self.utc("2027-11-30T00:00:00Z")
        for (rule, rotation) in [("FREQ=DAILY", Rotation.every(1, .days)), ("FREQ=WEEKLY", .every(1, .weeks)), ("FREQ=HOURLY;INTERVAL=6", .every(6, .hours))] {
            let fromRule = Rotation.rule(try RecurrenceRule(parsing: rule)).handoffs(start: start, zone: Self.berlin, from: from, to: to)
            let plain = rotation.handoffs(start: start, zone: Self.berlin, from: from, to: to)
            if rule.hasPrefix("FREQ=HOURLY") {
                // Hourly rules step the wall clock; the hourly rotation steps real time.
                // They agree away from the changes.
                #expect(fromRule.count == plain.count)
            } else {
                #expect(fromRule == plain)
            }
        }
    }

    @Test("a layer with shift_length leaves the rest of each period to the layers below")
    func shiftLength() {
        let schedule = Schedule(
            name: "s", timeZone: Self.berlin,
            layers: [
                ScheduleLayer(name: "base", rotation: .every(1, .days), start: Self.local("2027-01-04T00:00"), participants: ["Base"]),
                ScheduleLayer(
                    name: "mornings", rotation: .every(1, .days), start: Self.local("2027-01-04T06:00"), participants: ["A", "B"],
                    shiftLength: .seconds(4 * 3600)),
            ])
        #expect(schedule.onCall(at: Self.local("2027-01-05T07:00").instant(in: Self.berlin)) == ["B"])
        #expect(schedule.onCall(at: Self.local("2027-01-05T10:00").instant(in: Self.berlin)) == ["Base"])
        #expect(schedule.onCall(at: Self.local("2027-01-06T09:59").instant(in: Self.berlin)) == ["A"])
    }
}
