import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct RFC3339Tests {
    /// Random instants from 1900 to 2200 with random offsets and fractions parse to what
    /// Foundation's ISO 8601 formatter says, and format back to its output.
    @Test func agreesWithFoundation() throws {
        var rng = SeededGenerator(seed: 3339)
        let whole = ISO8601DateFormatter()
        for _ in 0..<3_000 {
            let seconds = Int64.random(in: -2_208_988_800...7_258_118_400, using: &rng)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = whole.string(from: date)
            #expect(RFC3339.format(date) == text)
            #expect(RFC3339.parse(text) == date)
            // the same instant written with an offset and a fraction
            let offsetMinutes = Int.random(in: -14 * 60...14 * 60, using: &rng)
            let zoned = ISO8601DateFormatter()
            zoned.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
            zoned.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let shifted = date.addingTimeInterval(0.25)
            let zonedText = zoned.string(from: shifted)
            #expect(RFC3339.parse(zonedText) == shifted, "\(zonedText)")
        }
    }

    @Test(arguments: [
        "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T14:29:60Z",
        "2026-11-22T14:29:00", "2026-11-22 14:29", "2026-11-22T14:29:00+0100", "2026-11-22T14:29:00.Z", "yesterday", "",
    ])
    func refusesMalformed(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    /// Vigil records times from the epoch to the end of 2099; the proleptic Gregorian
    /// calendar holds before 1582 too (Foundation's formatter switches to the Julian one).
    @Test func recordableTimesAndTheCalendarBefore1582() {
        #expect(RFC3339.parseRecordable("1970-01-01T00:00:00Z") != nil && RFC3339.parseRecordable("2099-12-31T23:59:59Z") != nil)
        #expect(RFC3339.parseRecordable("1969-12-31T23:59:59Z") == nil && RFC3339.parseRecordable("2100-01-01T00:00:00Z") == nil)
        #expect(RFC3339.parseRecordable("9999-01-01T00:00:00Z") == nil && RFC3339.parseRecordable("not a time") == nil)
        let year1000 = RFC3339.parse("1000-01-01T00:00:00Z")
        #expect(year1000.map(RFC3339.format) == "1000-01-01T00:00:00Z")
        #expect(RFC3339.parse("0001-01-01T00:00:00Z").map(RFC3339.format) == "0001-01-01T00:00:00Z")
    }

    @Test func acceptsLeapDaysFractionsAndLowercase() {
        #expect(RFC3339.parse("2028-02-29T12:00:00Z") == Date(timeIntervalSince1970: 1_835_438_400))
        #expect(RFC3339.parse("2026-11-22t14:29:00.5z")?.timeIntervalSince1970 == 1_795_357_740.5)
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_357_740.25)) == "2026-11-22T14:29:00.250Z")
        #expect(RFC3339.format(minute: 0) == "1970-01-01T00:00:00Z")
    }
}
