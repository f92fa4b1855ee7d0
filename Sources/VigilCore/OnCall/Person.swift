import Foundation

/// Someone who can be paged: the zone their clock shows and the hours they work (pages
/// outside them count as off-hours in the on-call load). How to reach them lives in the
/// configuration's contact methods; the core needs only who and when.
public struct Person: Hashable, Sendable {
    public var name: String
    public var timeZone: TimeZone
    /// Empty: no working hours known, so no page counts as off-hours.
    public var workingHours: [TimeWindow]

    public init(name: String, timeZone: TimeZone, workingHours: [TimeWindow] = []) {
        self.name = name
        self.timeZone = timeZone
        self.workingHours = workingHours
    }

    /// Whether `instant` is outside the person's working hours (never, without any).
    public func isOffHours(_ instant: Date) -> Bool {
        !workingHours.isEmpty && !workingHours.allows(instant, in: timeZone)
    }

    /// `Sun 2027-03-28 01:30 +01:00`: the person's own clock at `instant`, with its UTC
    /// offset (abbreviations such as CET differ between platforms; offsets do not).
    public func localTime(_ instant: Date) -> String {
        let local = LocalDateTime(instant, in: timeZone)
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let offset = timeZone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let text = String(format: "%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        return "\(names[local.weekday - 1]) \(local.description.replacingOccurrences(of: "T", with: " ")) \(text)"
    }
}
