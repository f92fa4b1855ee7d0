import Foundation

/// Toil against the 50 % cap (the SRE book: operational work stays under half of a
/// team's time, or it grows with the service and crowds out engineering): per team, the share of its working
/// time spent on toil, overall and per week, with what it was spent on and how much of
/// it could be automated.
public struct ToilReport: Hashable, Sendable {
    /// The cap: operational work should stay under half of an SRE team's time.
    public static let cap = 0.5

    /// A team as the report needs it.
    public struct Team: Hashable, Sendable {
        public var name: String
        public var members: Int
        public var hoursPerWeek: Double

        public init(name: String, members: Int, hoursPerWeek: Double) {
            self.name = name
            self.members = members
            self.hoursPerWeek = hoursPerWeek
        }

        /// Working minutes in `span`.
        func capacity(over span: Duration) -> Double {
            Double(members) * hoursPerWeek * 60 * (span.inSeconds / (7 * 86_400))
        }
    }

    public struct Week: Hashable, Sendable {
        /// Monday 00:00 UTC.
        public var start: Date
        public var minutes: Int
        public var ratio: Double?
    }

    public struct TeamFigures: Hashable, Sendable {
        public var team: String
        public var minutes: Int
        /// Toil minutes / working minutes; `nil` for a team with no configured members.
        public var ratio: Double?
        public var overCap: Bool
        /// Share of the toil marked automatable.
        public var automatableShare: Double?
        /// Minutes per category, most first.
        public var categories: [CategoryMinutes]
        public var weeks: [Week]
    }

    public struct CategoryMinutes: Hashable, Sendable {
        public var category: String
        public var minutes: Int
    }

    public var since: Date
    public var until: Date
    /// Teams in name order: configured ones, and any others toil was logged for.
    public var teams: [TeamFigures]

    public init(entries: [ToilEntry], teams configured: [Team], since: Date, until: Date) {
        self.since = since
        self.until = until
        let inPeriod = entries.filter { $0.at >= since && $0.at < until }
        let byTeam = Dictionary(grouping: inPeriod, by: \.team)
        let known = Dictionary(configured.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Set(known.keys).union(byTeam.keys).sorted()
        let span = IncidentTimes.span(since, until)
        teams = names.map { name in
            let logged = byTeam[name] ?? []
            let minutes = logged.reduce(0) { $0 + $1.minutes }
            let team = known[name]
            let capacity = team.map { $0.capacity(over: span) } ?? 0
            let ratio = capacity > 0 ? Double(minutes) / capacity : nil
            let automatable = logged.filter(\.automatable).reduce(0) { $0 + $1.minutes }
            let categories = Dictionary(grouping: logged, by: \.category).map {
                CategoryMinutes(category: $0.key, minutes: $0.value.reduce(0) { $0 + $1.minutes })
            }
            .sorted { ($0.minutes, $1.category) > ($1.minutes, $0.category) }
            var weeks: [Week] = []
            var weekStart = Self.monday(onOrBefore: since)
            while weekStart < until {
                let weekEnd = weekStart.addingTimeInterval(7 * 86_400)
                let from = max(weekStart, since)
                let to = min(weekEnd, until)
                let weekMinutes = logged.filter { $0.at >= from && $0.at < to }.reduce(0) { $0 + $1.minutes }
                let weekCapacity = team.map { $0.capacity(over: IncidentTimes.span(from, to)) } ?? 0
                weeks.append(Week(start: weekStart, minutes: weekMinutes, ratio: weekCapacity > 0 ? Double(weekMinutes) / weekCapacity : nil))
                weekStart = weekEnd
            }
            return TeamFigures(
                team: name, minutes: minutes, ratio: ratio, overCap: (ratio ?? 0) > Self.cap,
                automatableShare: minutes > 0 ? Double(automatable) / Double(minutes) : nil,
                categories: categories, weeks: weeks)
        }
    }

    /// Monday 00:00 UTC of `date`'s ISO week.
    public static func monday(onOrBefore date: Date) -> Date {
        let day = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
        let weekday = (Int(day) + 3) % 7
        return Date(timeIntervalSince1970: (day - Double(weekday)) * 86_400)
    }
}
