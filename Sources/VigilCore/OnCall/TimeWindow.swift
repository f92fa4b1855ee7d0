import Foundation

/// A wall-clock window that recurs on chosen weekdays: `Mon-Fri 09:00-17:00`,
/// `09:00-17:00` (every day), `Sat,Sun 10:00-16:00`, or `Mon-Fri 18:00-09:00`, which runs
/// overnight into the next day. Used for a layer's restrictions and a person's working
/// hours; read in some zone (the schedule's, the person's), so 09:00 stays 09:00 local
/// across DST.
public struct TimeWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// ISO weekdays (1 Monday … 7 Sunday) the window *starts* on.
    public var weekdays: Set<Int>
    /// Seconds after local midnight.
    public var start: Int
    /// Seconds after local midnight; at or before `start` means the next day.
    public var end: Int

    public init(weekdays: Set<Int> = Set(1...7), start: Int, end: Int) {
        self.weekdays = weekdays
        self.start = start
        self.end = end
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Why a window could not be read.
    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
    }

    /// Reads `[days] HH:MM-HH:MM` where days is `Mon`, `Mon-Fri`, `Mon,Wed,Fri` or a mix.
    public init(parsing text: String) throws(ParseError) {
        let words = text.split(separator: " ").map(String.init)
        guard (1...2).contains(words.count) else {
            throw ParseError(message: "expected '[days] HH:MM-HH:MM' such as 'Mon-Fri 09:00-17:00', found '\(text)'")
        }
        var days = Set(1...7)
        if words.count == 2 { days = try Self.weekdays(words[0]) }
        let times = words[words.count - 1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard times.count == 2, let start = LocalDateTime.timeOfDay(times[0]), let end = LocalDateTime.timeOfDay(times[1]), start < 86_400 else {
            throw ParseError(message: "expected a time range HH:MM-HH:MM (24:00 ends the day), found '\(words[words.count - 1])'")
        }
        guard end != start else { throw ParseError(message: "the window '\(text)' is empty; for all day give 00:00-24:00") }
        self.init(weekdays: days, start: start, end: end)
    }

    static func weekdays(_ text: String) throws(ParseError) -> Set<Int> {
        var days: Set<Int> = []
        for part in text.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            let indices = ends.map { name in Self.dayNames.firstIndex(of: String(name.prefix(3))).map { $0 + 1 } }
            guard (1...2).contains(ends.count), ends.allSatisfy({ $0.count >= 3 }), !indices.contains(nil) else {
                throw ParseError(message: "unknown weekday in '\(text)'; use Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges (Mon-Fri) or lists (Sat,Sun)")
            }
            let first = indices[0]!
            let last = indices[indices.count - 1]!
            // Fri-Mon wraps over the weekend.
            var day = first
            while true {
                days.insert(day)
                if day == last { break }
                day = day % 7 + 1
            }
        }
        return days
    }

    public var description: String {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let time = { (seconds: Int) in String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60) }
        let range = "\(time(start))-\(time(end))"
        if weekdays.count == 7 { return range }
        return "\(weekdays.sorted().map { names[$0 - 1] }.joined(separator: ",")) \(range)"
    }

    /// Whether the wall-clock time `local` falls inside the window.
    public func contains(_ local: LocalDateTime) -> Bool {
        let second = local.secondOfDay
        if start < end { return weekdays.contains(local.weekday) && second >= start && second < end }
        // Overnight: the evening part of a listed day, or the morning after one.
        if second >= start { return weekdays.contains(local.weekday) }
        let yesterday = (local.weekday + 5) % 7 + 1
        return second < end && weekdays.contains(yesterday)
    }

    /// Whether the instant `at` falls inside the window in `zone`.
    public func contains(_ at: Date, in zone: TimeZone) -> Bool { contains(LocalDateTime(at, in: zone)) }

    /// The window's occurrences that overlap `[from, to)` as instants in `zone`, each
    /// start and end converted by ``LocalDateTime/instant(in:)``'s rules.
    public func occurrences(from: Date, to: Date, in zone: TimeZone) -> [Range<Date>] {
        guard from < to else { return [] }
        let firstDay = LocalDateTime(from, in: zone).startOfDay.adding(days: -1)
        let lastDay = LocalDateTime(to, in: zone).startOfDay
        var result: [Range<Date>] = []
        var day = firstDay
        while day <= lastDay {
            if weekdays.contains(day.weekday) {
                let opens = day.adding(seconds: Int64(start)).instant(in: zone)
                let closes = day.adding(seconds: Int64(end) + (end <= start ? 86_400 : 0)).instant(in: zone)
                if opens < closes, closes > from, opens < to { result.append(max(opens, from)..<min(closes, to)) }
            }
            day = day.adding(days: 1)
        }
        return result
    }
}

extension Array where Element == TimeWindow {
    /// Whether any window holds `local`; an empty list holds everything.
    public func allows(_ at: Date, in zone: TimeZone) -> Bool {
        isEmpty || contains { $0.contains(at, in: zone) }
    }
}
