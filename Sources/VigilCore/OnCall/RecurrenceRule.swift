import Foundation

/// The part of an RFC 5545 recurrence rule (`RRULE`) a rotation needs: which wall-clock
/// times a handoff falls on. Read with ``init(parsing:)``; the parts it does not know are
/// refused by name rather than ignored, since an ignored `BYMONTH` would hand off on the
/// wrong days without a word.
public struct RecurrenceRule: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Frequency: String, Hashable, Sendable, Codable, CaseIterable {
        case hourly = "HOURLY"
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
    }

    /// A `BYDAY` entry: a weekday, with an ordinal under `MONTHLY` (`1MO` the first Monday,
    /// `-1FR` the last Friday; `nil` every one).
    public struct WeekdayNumber: Hashable, Sendable, Codable {
        public var weekday: Int
        public var ordinal: Int?
    }

    public var frequency: Frequency
    public var interval = 1
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byHour: [Int] = []
    public var byMinute: [Int] = []
    public var count: Int?
    /// The last wall-clock time an occurrence may have (a `Z` value is converted by the
    /// caller, which knows the zone).
    public var until: UntilValue?
    /// The week start for `WEEKLY` with `INTERVAL` > 1 (ISO weekday; RFC 5545's default Monday).
    public var weekStart = 1
    /// The text it was read from.
    public var text: String

    public enum UntilValue: Hashable, Sendable, Codable {
        case local(LocalDateTime)
        case instant(Date)
    }

    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
    }

    static let dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    public init(parsing rawText: String) throws(ParseError) {
        var text = rawText.trimmingCharacters(in: .whitespaces)
        if text.uppercased().hasPrefix("RRULE:") { text = String(text.dropFirst(6)) }
        self.text = text
        var frequency: Frequency?
        var seen: Set<String> = []
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw ParseError(message: "expected NAME=VALUE, found '\(part)'") }
            let name = pair[0].uppercased()
            let value = pair[1].uppercased()
            guard seen.insert(name).inserted else { throw ParseError(message: "\(name) is given twice") }
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value) else {
                    throw ParseError(message: "FREQ=\(value) is not supported; use \(Frequency.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                frequency = parsed
            case "INTERVAL": interval = try Self.integers(value, name: name, in: 1...1000)[0]
            case "COUNT": count = try Self.integers(value, name: name, in: 1...100_000)[0]
            case "BYHOUR": byHour = try Self.integers(value, name: name, in: 0...23)
            case "BYMINUTE": byMinute = try Self.integers(value, name: name, in: 0...59)
            case "BYMONTHDAY":
                byMonthDay = try Self.integers(value, name: name, in: -31...31)
                if byMonthDay.contains(0) { throw ParseError(message: "BYMONTHDAY=0 names no day; use 1…31 or -31…-1") }
            case "BYDAY":
                byDay = []
                for entry in value.split(separator: ",") { byDay.append(try Self.weekdayNumber(String(entry))) }
            case "WKST":
                guard let index = Self.dayCodes.firstIndex(of: value) else { throw ParseError(message: "WKST=\(value) is not a weekday (MO … SU)") }
                weekStart = index + 1
            case "UNTIL": until = try Self.until(value)
            default:
                throw ParseError(
                    message: "\(name) is not supported in a rotation rule; Vigil reads FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL, WKST")
            }
        }
        guard let frequency else { throw ParseError(message: "give FREQ (e.g. FREQ=WEEKLY;BYDAY=MO)") }
        self.frequency = frequency
        if count != nil && until != nil { throw ParseError(message: "give COUNT or UNTIL, not both (RFC 5545)") }
        if byDay.contains(where: { $0.ordinal != nil }) && frequency != .monthly {
            throw ParseError(message: "a BYDAY ordinal (such as 1MO) needs FREQ=MONTHLY")
        }
        if !byMonthDay.isEmpty && frequency == .weekly { throw ParseError(message: "BYMONTHDAY does not apply to FREQ=WEEKLY (RFC 5545)") }
    }

    public var description: String { text }

    static func integers(_ value: String, name: String, in range: ClosedRange<Int>) throws(ParseError) -> [Int] {
        var result: [Int] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Int(item), range.contains(number) else {
                throw ParseError(message: "\(name)=\(value): expected integers in \(range.lowerBound)…\(range.upperBound)")
            }
            result.append(number)
        }
        return result
    }

    static func weekdayNumber(_ text: String) throws(ParseError) -> WeekdayNumber {
        let code = String(text.suffix(2))
        guard let index = dayCodes.firstIndex(of: code) else { throw ParseError(message: "BYDAY entry '\(text)' does not end in a weekday (MO … SU)") }
        let prefix = text.dropLast(2)
        if prefix.isEmpty { return WeekdayNumber(weekday: index + 1, ordinal: nil) }
        guard let ordinal = Int(prefix), ordinal != 0, (-5...5).contains(ordinal) else {
            throw ParseError(message: "BYDAY entry '\(text)': the ordinal must be 1…5 or -1…-5")
        }
        return WeekdayNumber(weekday: index + 1, ordinal: ordinal)
    }

    static func until(_ value: String) throws(ParseError) -> UntilValue {
        // 20271231T090000Z, 20271231T090000 or 20271231.
        var digits = value
        let utc = digits.hasSuffix("Z")
        if utc { digits.removeLast() }
        let pieces = digits.split(separator: "T").map(String.init)
        func number(_ text: Substring) -> Int? { Int(text) }
        guard let datePart = pieces.first, datePart.count == 8, let year = number(datePart.prefix(4)),
            let month = number(datePart.dropFirst(4).prefix(2)), let day = number(datePart.suffix(2)), (1...12).contains(month),
            (1...LocalDateTime.daysIn(year: year, month: month)).contains(day)
        else { throw ParseError(message: "UNTIL=\(value): expected YYYYMMDD or YYYYMMDDTHHMMSS[Z]") }
        var local = LocalDateTime(year: year, month: month, day: day)
        if pieces.count == 2 {
            let time = pieces[1]
            guard time.count == 6, let hour = number(time.prefix(2)), let minute = number(time.dropFirst(2).prefix(2)), let second = number(time.suffix(2)),
                hour < 24, minute < 60, second < 60
            else { throw ParseError(message: "UNTIL=\(value): expected YYYYMMDD or YYYYMMDDTHHMMSS[Z]") }
            local = local.adding(seconds: Int64(hour * 3600 + minute * 60 + second))
        } else if pieces.count > 2 || utc {
            throw ParseError(message: "UNTIL=\(value): expected YYYYMMDD or YYYYMMDDTHHMMSS[Z]")
        }
        return utc ? .instant(Date(timeIntervalSince1970: TimeInterval(local.seconds))) : .local(local)
    }

    // MARK: Occurrences

    /// The rule's occurrences from `start` on, in order, as wall-clock times; ends after
    /// `COUNT` occurrences or past `UNTIL` (converted in `zone`), or never. A time of day
    /// the rule does not give (`BYHOUR`, `BYMINUTE`) is `start`'s.
    public func occurrences(from start: LocalDateTime, zone: TimeZone) -> Occurrences {
        Occurrences(rule: self, start: start, zone: zone)
    }

    /// A lazy walk over a rule's occurrences, period by period.
    public struct Occurrences: Sequence, IteratorProtocol {
        let rule: RecurrenceRule
        let start: LocalDateTime
        let lastAllowed: LocalDateTime?
        var period = 0
        var pending: [LocalDateTime] = []
        var produced = 0
        var finished = false

        init(rule: RecurrenceRule, start: LocalDateTime, zone: TimeZone) {
            self.rule = rule
            self.start = start
            switch rule.until {
            case .local(let local)?: lastAllowed = local
            case .instant(let instant)?: lastAllowed = LocalDateTime(instant, in: zone)
            case nil: lastAllowed = nil
            }
        }

        public mutating func next() -> LocalDateTime? {
            var emptyPeriods = 0
            while pending.isEmpty {
                // A rule that can never match again (BYMONTHDAY=31 under FREQ=HOURLY…)
                // must not spin for ever.
                guard !finished, emptyPeriods < 2000 else { return nil }
                pending = rule.candidates(period: period, start: start).filter { $0 >= start }
                period += 1
                emptyPeriods += 1
            }
            let next = pending.removeFirst()
            if let lastAllowed, next > lastAllowed {
                finished = true
                pending = []
                return nil
            }
            if let count = rule.count, produced >= count {
                finished = true
                pending = []
                return nil
            }
            produced += 1
            return next
        }
    }

    /// The times of day the rule picks, as seconds after midnight, sorted.
    func times(start: LocalDateTime) -> [Int64] {
        let hours = byHour.isEmpty ? [start.hour] : byHour.sorted()
        let minutes = byMinute.isEmpty ? [start.minute] : byMinute.sorted()
        let second = Int64(start.secondOfDay % 60)
        return hours.flatMap { hour in minutes.map { Int64($0 * 60 + hour * 3600) + second } }
    }

    /// Every candidate in the `period`-th period after the one holding `start`, sorted.
    func candidates(period: Int, start: LocalDateTime) -> [LocalDateTime] {
        let step = period * interval
        switch frequency {
        case .hourly:
            let hourStart = LocalDateTime(seconds: start.seconds - Int64(start.secondOfDay % 3600)).adding(seconds: Int64(step) * 3600)
            guard dayMatches(hourStart), byHour.isEmpty || byHour.contains(hourStart.hour) else { return [] }
            let minutes = byMinute.isEmpty ? [start.minute] : byMinute.sorted()
            return minutes.map { hourStart.adding(seconds: Int64($0 * 60 + start.secondOfDay % 60)) }
        case .daily:
            let day = start.startOfDay.adding(days: Int64(step))
            guard dayMatches(day) else { return [] }
            return times(start: start).map { day.adding(seconds: $0) }
        case .weekly:
            // The week (from WKST) holding start, then every interval-th week.
            let offset = Int64((start.weekday - weekStart + 7) % 7)
            let weekBegins = start.startOfDay.adding(days: -offset + Int64(step) * 7)
            let days = byDay.isEmpty ? [start.weekday] : byDay.map(\.weekday)
            let dates = (0..<7).map { weekBegins.adding(days: Int64($0)) }.filter { days.contains($0.weekday) }
            return dates.flatMap { day in times(start: start).map { day.adding(seconds: $0) } }
        case .monthly:
            let (year, month, _) = start.date
            let total = year * 12 + (month - 1) + step
            let (y, m) = (total.floorDivided(by: 12), total.floorModulo(12) + 1)
            let length = LocalDateTime.daysIn(year: y, month: m)
            let first = LocalDateTime(year: y, month: m, day: 1)
            var days = Set<Int>()
            if byMonthDay.isEmpty && byDay.isEmpty {
                if start.date.day <= length { days.insert(start.date.day) }
            }
            for value in byMonthDay {
                let day = value > 0 ? value : length + value + 1
                if (1...length).contains(day) { days.insert(day) }
            }
            var weekdayDays = Set<Int>()
            for entry in byDay {
                let matching = (1...length).filter { first.adding(days: Int64($0 - 1)).weekday == entry.weekday }
                if let ordinal = entry.ordinal {
                    let index = ordinal > 0 ? ordinal - 1 : matching.count + ordinal
                    if matching.indices.contains(index) { weekdayDays.insert(matching[index]) }
                } else {
                    weekdayDays.formUnion(matching)
                }
            }
            // BYMONTHDAY and BYDAY together keep the days both name (RFC 5545's limiting).
            if !byDay.isEmpty { days = byMonthDay.isEmpty ? weekdayDays : days.intersection(weekdayDays) }
            return days.sorted().flatMap { day in times(start: start).map { first.adding(days: Int64(day - 1)).adding(seconds: $0) } }
        }
    }

    /// `BYDAY` (without ordinals) and `BYMONTHDAY` as filters under `HOURLY` and `DAILY`.
    func dayMatches(_ day: LocalDateTime) -> Bool {
        if !byDay.isEmpty && !byDay.contains(where: { $0.weekday == day.weekday }) { return false }
        if !byMonthDay.isEmpty {
            let (year, month, date) = day.date
            let length = LocalDateTime.daysIn(year: year, month: month)
            if !byMonthDay.contains(where: { ($0 > 0 ? $0 : length + $0 + 1) == date }) { return false }
        }
        return true
    }
}
