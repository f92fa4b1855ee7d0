import Foundation

/// How hard on-call was over a period: pages per person and per shift, the pages that
/// came outside the person's working hours, and the shifts over the SRE book's limit of
/// two events per 12-hour shift. A team paged too often has an SLO or an alert to fix,
/// not a person to blame — so the figures name services as well as people.
public struct OnCallLoad: Hashable, Sendable {
    /// One page that reached a person (one per escalation step that reached them).
    public struct Page: Hashable, Sendable {
        public var person: String
        public var at: Date
        public var service: String?
        public var escalation: String

        public init(person: String, at: Date, service: String?, escalation: String) {
            self.person = person
            self.at = at
            self.service = service
            self.escalation = escalation
        }
    }

    public struct PersonLine: Hashable, Sendable {
        public var person: String
        public var hoursOnCall: Double
        public var shifts: Int
        public var pages: Int
        public var offHoursPages: Int
        public var shiftsOverLimit: Int
    }

    /// A shift with more pages than the limit allows for its length.
    public struct FlaggedShift: Hashable, Sendable {
        public var shift: OnCallShift
        public var pages: Int
        /// `limit × ⌈hours / 12⌉`: two per 12-hour shift, scaled for longer stretches.
        public var allowed: Int
    }

    public var from: Date
    public var to: Date
    /// Events per 12 hours of shift before a shift is flagged.
    public var limit: Int
    public var people: [PersonLine]
    public var flagged: [FlaggedShift]
    /// Pages per service (`nil` service: alerts without one), most first.
    public var byService: [ServiceLine]

    public struct ServiceLine: Hashable, Sendable {
        public var service: String?
        public var pages: Int
    }

    /// - Parameters:
    ///   - shifts: the final shifts of every schedule over `[from, to)`.
    ///   - pages: pages to people; those outside `[from, to)` are ignored.
    ///   - people: by name, for working hours (a person without is never off hours).
    public init(shifts: [OnCallShift], pages: [Page], people: [String: Person], limit: Int = 2, from: Date, to: Date) {
        self.from = from
        self.to = to
        self.limit = limit
        let inPeriod = pages.filter { $0.at >= from && $0.at < to }
        var lines: [String: PersonLine] = [:]
        func line(_ person: String) -> PersonLine {
            lines[person] ?? PersonLine(person: person, hoursOnCall: 0, shifts: 0, pages: 0, offHoursPages: 0, shiftsOverLimit: 0)
        }
        var flagged: [FlaggedShift] = []
        for shift in shifts {
            var current = line(shift.person)
            current.hoursOnCall += shift.hours
            current.shifts += 1
            let count = inPeriod.count { $0.person == shift.person && $0.at >= shift.start && $0.at < shift.end }
            let allowed = limit * max(1, Int((shift.hours / 12).rounded(.up)))
            if count > allowed {
                current.shiftsOverLimit += 1
                flagged.append(FlaggedShift(shift: shift, pages: count, allowed: allowed))
            }
            lines[shift.person] = current
        }
        for page in inPeriod {
            var current = line(page.person)
            current.pages += 1
            if people[page.person]?.isOffHours(page.at) == true { current.offHoursPages += 1 }
            lines[page.person] = current
        }
        self.people = lines.values.sorted { ($0.pages, $1.person) > ($1.pages, $0.person) }
        self.flagged = flagged.sorted { ($0.shift.start, $0.shift.person) < ($1.shift.start, $1.shift.person) }
        let services = Dictionary(grouping: inPeriod, by: \.service).mapValues(\.count)
        byService = services.map { ServiceLine(service: $0.key, pages: $0.value) }.sorted { ($0.pages, $1.service ?? "") > ($1.pages, $0.service ?? "") }
    }

    public var totalPages: Int { people.reduce(0) { $0 + $1.pages } }
}
