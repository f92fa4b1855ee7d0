import Foundation

/// The period over which an SLO's target must hold.
public enum ComplianceWindow: Hashable, Sendable {
    /// The last `length` of time, moving with the clock (e.g. `28d`, `30d`, `12h`).
    case rolling(Duration)
    /// A calendar period (week or month) in a time zone; the budget resets at its start.
    case calendar(CalendarPeriod, TimeZone)

    /// The length burn-rate tiers are scaled against: the rolling length, or the nominal
    /// length of the calendar period (7 d for a week, 30 d for a month), so that a policy
    /// does not change from one month to the next.
    public var nominalLength: Duration {
        switch self {
        case .rolling(let length): length
        case .calendar(let period, _): period.nominalLength
        }
    }

    /// The window in force at `minute`: its first minute, one past its last complete
    /// minute (`minute` itself, exclusive), and the full length `W` used in budget
    /// arithmetic (for a calendar window, the whole period, DST hours included).
    public func span(endingAt minute: EpochMinute) -> WindowSpan {
        switch self {
        case .rolling(let length):
            let minutes = max(1, length.wholeMinutes)
            return WindowSpan(start: minute - minutes, end: minute, length: length)
        case .calendar(let period, let zone):
            let bounds = period.bounds(containing: Date(epochMinute: minute - 1), in: zone)
            let start = bounds.start.epochMinute
            let periodEnd = bounds.end.epochMinute
            return WindowSpan(start: start, end: minute, length: .seconds(60 * (periodEnd - start)))
        }
    }

    /// `28d`, or `calendar month (Europe/Berlin)`.
    public var description: String {
        switch self {
        case .rolling(let length): "\(length.compactDescription) rolling"
        case .calendar(let period, let zone): "calendar \(period.rawValue) (\(zone.configName))"
        }
    }
}

extension TimeZone {
    /// The zone's IANA name as a user writes it. Foundation on Linux names UTC "GMT";
    /// Vigil prints "UTC", which is what configurations say.
    public var configName: String { identifier == "GMT" ? "UTC" : identifier }
}

/// The minutes an evaluation covers.
public struct WindowSpan: Hashable, Sendable {
    /// First minute included.
    public let start: EpochMinute
    /// One past the last minute included.
    public let end: EpochMinute
    /// `W`: the length of the whole compliance window (for calendar windows, the full
    /// period, even when evaluated partway through it).
    public let length: Duration
}

/// Calendar periods an SLO can reset on.
public enum CalendarPeriod: String, Hashable, Sendable, CaseIterable {
    /// An ISO week, Monday 00:00 to Monday 00:00 in the window's time zone.
    case week
    /// A calendar month, from 00:00 on the 1st in the window's time zone.
    case month

    /// 7 days, or 30 days for a month.
    public var nominalLength: Duration {
        switch self {
        case .week: .seconds(7 * 86_400)
        case .month: .seconds(30 * 86_400)
        }
    }

    /// The period that contains `date`, as wall-clock boundaries in `zone`.
    public func bounds(containing date: Date, in zone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        let component: Calendar.Component = self == .week ? .weekOfYear : .month
        guard let interval = calendar.dateInterval(of: component, for: date) else {
            // Foundation answers for every Gregorian date; keep a defined fallback anyway.
            return DateInterval(start: date, duration: nominalLength.inSeconds)
        }
        return interval
    }
}
