import Foundation
import Testing

@testable import VigilCore

/// Pages per person and shift, off-hours pages in the person's own zone, and the SRE
/// book's two-per-12-hours limit scaled to the shift's length.
@Suite struct OnCallLoadTests {
    static func utc(_ text: String) -> Date { ScheduleTimeTests.utc(text) }

    @Test func pagesAreCountedPerPersonAndShiftAndFlaggedOverTheLimit() throws {
        let dana = Person(name: "Dana", timeZone: ScheduleTimeTests.berlin, workingHours: [try TimeWindow(parsing: "Mon-Fri 09:00-18:00")])
        let sam = Person(name: "Sam", timeZone: ScheduleTimeTests.newYork)
        let shifts = [
            // 12 h: two pages allowed.
            OnCallShift(schedule: "s", person: "Dana", start: Self.utc("2027-03-01T06:00:00Z"), end: Self.utc("2027-03-01T18:00:00Z")),
            // 24 h: four allowed.
            OnCallShift(schedule: "s", person: "Sam", start: Self.utc("2027-03-01T18:00:00Z"), end: Self.utc("2027-03-02T18:00:00Z")),
        ]
        var pages: [OnCallLoad.Page] = []
        // Dana: three pages (one over), one at 07:30 Berlin (before her hours).
        for time in ["2027-03-01T06:30:00Z", "2027-03-01T09:00:00Z", "2027-03-01T10:00:00Z"] {
            pages.append(.init(person: "Dana", at: Self.utc(time), service: "shop-web", escalation: "esc-1"))
        }
        // Sam: four pages (at the limit), and one outside the period.
        for hour in 19...22 { pages.append(.init(person: "Sam", at: Self.utc("2027-03-01T\(hour):00:00Z"), service: "payments", escalation: "esc-2")) }
        pages.append(.init(person: "Sam", at: Self.utc("2027-03-05T00:00:00Z"), service: "payments", escalation: "esc-3"))
        let load = OnCallLoad(
            shifts: shifts, pages: pages, people: ["Dana": dana, "Sam": sam], from: Self.utc("2027-03-01T00:00:00Z"), to: Self.utc("2027-03-03T00:00:00Z"))
        let byName = Dictionary(uniqueKeysWithValues: load.people.map { ($0.person, $0) })
        #expect(byName["Dana"]?.pages == 3 && byName["Dana"]?.offHoursPages == 1 && byName["Dana"]?.shiftsOverLimit == 1)
        #expect(byName["Sam"]?.pages == 4 && byName["Sam"]?.offHoursPages == 0 && byName["Sam"]?.shiftsOverLimit == 0)
        #expect(load.flagged.map(\.shift.person) == ["Dana"])
        #expect(load.flagged.first?.allowed == 2 && load.flagged.first?.pages == 3)
        #expect(load.byService.map(\.service) == ["payments", "shop-web"])
        #expect(load.totalPages == 7)
    }

    @Test func aPersonPagedOffShiftStillCounts() {
        let load = OnCallLoad(
            shifts: [], pages: [.init(person: "Kim", at: Self.utc("2027-03-01T03:00:00Z"), service: nil, escalation: "esc-9")], people: [:],
            from: Self.utc("2027-03-01T00:00:00Z"), to: Self.utc("2027-03-02T00:00:00Z"))
        #expect(load.people.map(\.person) == ["Kim"] && load.people.first?.pages == 1 && load.people.first?.shifts == 0)
        #expect(load.flagged.isEmpty)
    }
}
