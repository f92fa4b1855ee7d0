import Foundation

/// How often a layer hands off: every so many hours, days or weeks, or on the
/// occurrences of an RFC 5545 rule.
public enum Rotation: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
        case hours, days, weeks

        /// The unit's length in wall-clock seconds.
        var seconds: Int64 {
            switch self {
            case .hours: 3600
            case .days: 86_400
            case .weeks: 604_800
            }
        }
    }

    case every(Int, Unit)
    case rule(RecurrenceRule)

    public var description: String {
        switch self {
        case .every(1, .hours): "hourly"
        case .every(1, .days): "daily"
        case .every(1, .weeks): "weekly"
        case .every(let count, let unit): "every \(count) \(unit.rawValue)"
        case .rule(let rule): "RRULE:\(rule.text)"
        }
    }
}

/// One handoff of a layer: shift `index` (0 from the layer's start) and when it begins.
public struct Handoff: Hashable, Sendable {
    public var index: Int
    public var at: Date
}

extension Rotation {
    /// The handoffs from the one in force at `from` (or the first, if `from` is earlier)
    /// until the first after `to`, converted in `zone` by ``LocalDateTime/instant(in:)``:
    /// hours count real time; days and weeks are added to the local date, so a daily
    /// handoff stays at the same wall-clock time and a shift over a DST change is 23 or
    /// 25 hours long.
    public func handoffs(start: LocalDateTime, zone: TimeZone, from: Date, to: Date) -> [Handoff] {
        switch self {
        case .every(let count, let unit):
            let period = Int64(count) * unit.seconds
            func at(_ index: Int) -> Date {
                unit == .hours
                    ? start.instant(in: zone).addingTimeInterval(TimeInterval(Int64(index) * period))
                    : start.adding(seconds: Int64(index) * period).instant(in: zone)
            }
            let elapsed = LocalDateTime(from, in: zone).seconds - start.seconds
            var index = max(0, Int(elapsed.floorDivided(by: period)) - 1)
            while index > 0 && at(index) > from { index -= 1 }
            while at(index + 1) <= from { index += 1 }
            var result: [Handoff] = []
            while true {
                let instant = at(index)
                result.append(Handoff(index: index, at: instant))
                if instant > to { break }
                index += 1
            }
            return result
        case .rule(let rule):
            var result: [Handoff] = []
            for (index, local) in rule.occurrences(from: start, zone: zone).enumerated() {
                let instant = local.instant(in: zone)
                // Keep only the last handoff at or before `from`.
                if instant <= from, let last = result.last, last.at <= from { result.removeLast() }
                result.append(Handoff(index: index, at: instant))
                if instant > to { break }
            }
            return result
        }
    }
}
