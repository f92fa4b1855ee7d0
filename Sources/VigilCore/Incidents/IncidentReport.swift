import Foundation

/// Incident figures over a period, overall and per service, per severity and per month
/// (UTC). Each subset's MTBF uses the part of the period it covers: a month's MTBF is
/// over that month's days within the period.
public struct IncidentReport: Hashable, Sendable {
    public var since: Date
    public var until: Date
    public var overall: IncidentFigures
    public var byService: [String: IncidentFigures]
    public var bySeverity: [String: IncidentFigures]
    /// `2026-11` → figures.
    public var byMonth: [String: IncidentFigures]

    /// - Parameter incidents: incidents that started in `[since, until)`; others are ignored.
    public init(_ incidents: [Incident], since: Date, until: Date) {
        self.since = since
        self.until = until
        let inPeriod = incidents.filter { $0.times.start >= since && $0.times.start < until }
        let period = IncidentTimes.span(since, until)
        overall = IncidentFigures(inPeriod.map(\.times), period: period)
        var services: [String: [IncidentTimes]] = [:]
        var severities: [String: [IncidentTimes]] = [:]
        var months: [String: [IncidentTimes]] = [:]
        for incident in inPeriod {
            for service in Set(incident.services) { services[service, default: []].append(incident.times) }
            severities[incident.severity, default: []].append(incident.times)
            months[Self.month(of: incident.times.start), default: []].append(incident.times)
        }
        byService = services.mapValues { IncidentFigures($0, period: period) }
        bySeverity = severities.mapValues { IncidentFigures($0, period: period) }
        var byMonth: [String: IncidentFigures] = [:]
        for (month, times) in months {
            let bounds = Self.monthBounds(month)
            let overlap = IncidentTimes.span(max(bounds.start, since), min(bounds.end, until))
            byMonth[month] = IncidentFigures(times, period: overlap)
        }
        self.byMonth = byMonth
    }

    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// `2026-11`.
    public static func month(of date: Date) -> String {
        let parts = utc.dateComponents([.year, .month], from: date)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    static func monthBounds(_ month: String) -> (start: Date, end: Date) {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        let start = utc.date(from: DateComponents(year: parts[0], month: parts[1], day: 1))!
        return (start, utc.date(byAdding: .month, value: 1, to: start)!)
    }
}
