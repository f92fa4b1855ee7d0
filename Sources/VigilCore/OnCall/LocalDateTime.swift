import Foundation

/// A wall-clock date and time with no zone: what a person reads on a clock in some place
/// (`2027-03-28T02:30`). Stored as seconds from 1970-01-01T00:00 *as if it were UTC*, so
/// adding days is plain arithmetic and never meets a DST change; only ``instant(in:)``
/// and ``init(_:in:)`` know about zones.
public struct LocalDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00 of the same wall clock.
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let days = Self.days(year: year, month: month, day: day)
        seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The wall-clock time `instant` shows in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let utc = Int64(instant.timeIntervalSince1970.rounded(.down))
        seconds = utc + Int64(zone.secondsFromGMT(for: instant))
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.seconds < b.seconds }

    // MARK: Fields

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int64 { seconds.floorDivided(by: 86_400) }
    /// Seconds since local midnight.
    public var secondOfDay: Int { Int(seconds - dayNumber * 86_400) }
    /// Midnight of the same local day.
    public var startOfDay: LocalDateTime { LocalDateTime(seconds: dayNumber * 86_400) }
    /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { Int((dayNumber + 3).floorModulo(7)) + 1 }

    public var date: (year: Int, month: Int, day: Int) { Self.civil(fromDays: dayNumber) }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay % 3600 / 60 }

    public func adding(days: Int64) -> LocalDateTime { LocalDateTime(seconds: seconds + days * 86_400) }
    public func adding(seconds delta: Int64) -> LocalDateTime { LocalDateTime(seconds: seconds + delta) }

    /// The same time of day `months` months on; `nil` where that day does not exist
    /// (31 January + 1 month), as RFC 5545 skips such dates.
    public func adding(months: Int) -> LocalDateTime? {
        let (year, month, day) = date
        let total = year * 12 + (month - 1) + months
        let newYear = total.floorDivided(by: 12)
        let newMonth = total - newYear * 12 + 1
        guard day <= Self.daysIn(year: newYear, month: newMonth) else { return nil }
        return LocalDateTime(year: newYear, month: newMonth, day: day).adding(seconds: Int64(secondOfDay))
    }

    /// `2027-03-28T02:30` (seconds only when not zero).
    public var description: String {
        let (year, month, day) = date
        let second = secondOfDay % 60
        var text = String(format: "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute)
        if second != 0 { text += String(format: ":%02d", second) }
        return text
    }

    // MARK: Zones

    /// The instant this wall-clock time names in `zone`, by RFC 5545 §3.3.5's rules:
    /// a time that occurs twice (the hour a fall-back repeats) is the **first** of the two,
    /// and a time that never occurs (the hour a spring-forward skips) is read with the
    /// offset from before the gap, so it lands as far after the gap as it was into it
    /// (02:30 on Berlin's spring-forward night is 03:30 CEST).
    public func instant(in zone: TimeZone) -> Date {
        // DST changes are months apart, so the offsets a day either side are the only
        // two that can apply.
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds - 86_400)))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds + 86_400)))
        let valid = Set([before, after]).compactMap { offset -> Int64? in
            let candidate = seconds - Int64(offset)
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate))) == offset ? candidate : nil
        }
        let utc = valid.min() ?? (seconds - Int64(before))
        return Date(timeIntervalSince1970: TimeInterval(utc))
    }

    // MARK: Parsing

    /// Reads `2026-11-30T09:00`, `2026-11-30T09:00:30` or `2026-11-30 09:00`, or a bare
    /// date (`2026-11-30`, midnight).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(parts.count) else { return nil }
        let dateParts = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard dateParts.count == 3, parts[0].count == 10, let year = dateParts[0], let month = dateParts[1], let day = dateParts[2],
            (1...12).contains(month), (1...Self.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        var timeOfDay = 0
        if parts.count == 2 {
            guard let parsed = Self.timeOfDay(parts[1], allowSeconds: true) else { return nil }
            timeOfDay = parsed
        }
        self = LocalDateTime(year: year, month: month, day: day).adding(seconds: Int64(timeOfDay))
    }

    /// Seconds since midnight for `HH:MM` (or `HH:MM:SS`); `24:00` is the end of the day.
    public static func timeOfDay(_ text: String, allowSeconds: Bool = false) -> Int? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2 || (allowSeconds && fields.count == 3), fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(fields[0]), let minute = Int(fields[1])
        else { return nil }
        let second = fields.count == 3 ? Int(fields[2]) : 0
        guard let second, (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        if hour == 24 && minute == 0 && second == 0 { return 86_400 }
        guard (0..<24).contains(hour) else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    // MARK: Civil calendar (RFC3339's: proleptic Gregorian, Howard Hinnant's algorithms)

    static func days(year: Int, month: Int, day: Int) -> Int64 { Int64(RFC3339.daysFromCivil(year: year, month: month, day: day)) }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) { RFC3339.civilFromDays(Int(days)) }

    static func daysIn(year: Int, month: Int) -> Int { RFC3339.daysIn(month: month, year: year) }
}

extension BinaryInteger {
    /// Division rounding towards minus infinity.
    func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of ``floorDivided(by:)``: never negative for a positive divisor.
    func floorModulo(_ divisor: Self) -> Self { self - floorDivided(by: divisor) * divisor }
}
