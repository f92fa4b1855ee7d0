import Foundation

/// Who is on call when: layers of rotations, higher layers over lower ones, then
/// overrides. A value; ``segments(from:to:overrides:)`` answers every question the
/// server, the CLI and the on-call page ask (who now, final shifts, gaps).
public struct Schedule: Hashable, Sendable {
    public var name: String
    /// The zone every wall-clock time of the schedule is read in.
    public var timeZone: TimeZone
    /// Lowest first: a later layer lies over the earlier ones wherever it has somebody.
    public var layers: [ScheduleLayer]
    /// Overrides declared in the configuration (the server adds its stored ones).
    public var overrides: [ScheduleOverride]

    public init(name: String, timeZone: TimeZone, layers: [ScheduleLayer], overrides: [ScheduleOverride] = []) {
        self.name = name
        self.timeZone = timeZone
        self.layers = layers
        self.overrides = overrides
    }

    /// Every person the layers name, in order of first appearance.
    public var participants: [String] {
        var seen: [String] = []
        for layer in layers { for person in layer.participants where !seen.contains(person) { seen.append(person) } }
        return seen
    }

    /// Who is on call over `[from, to)`: consecutive stretches covering it exactly, each
    /// with the people on call (none in a gap). The topmost layer with somebody wins;
    /// then `overrides` (this schedule's; those of others are ignored), in order.
    public func segments(from: Date, to: Date, overrides extra: [ScheduleOverride] = []) -> [OnCallSegment] {
        guard from < to else { return [] }
        let layerSegments = layers.map { $0.segments(from: from, to: to, zone: timeZone) }
        let applied = (overrides + extra).filter { $0.schedule == name && $0.cancelledAt == nil && $0.start < to && $0.end > from && $0.start < $0.end }
        var cuts: Set<Date> = [from, to]
        for segments in layerSegments {
            for segment in segments {
                cuts.insert(segment.start)
                cuts.insert(segment.end)
            }
        }
        for override in applied {
            cuts.insert(max(from, override.start))
            cuts.insert(min(to, override.end))
        }
        let instants = cuts.sorted()
        var cursors = Array(repeating: 0, count: layerSegments.count)
        var result: [OnCallSegment] = []
        for (start, end) in zip(instants, instants.dropFirst()) {
            var people: [String] = []
            for (index, segments) in layerSegments.enumerated().reversed() {
                while cursors[index] < segments.count && segments[cursors[index]].end <= start { cursors[index] += 1 }
                if cursors[index] < segments.count, segments[cursors[index]].start <= start {
                    people = segments[cursors[index]].people
                    break
                }
            }
            let base = people
            for override in applied where override.start <= start && override.end >= end { people = override.apply(to: people) }
            let overridden = people != base
            if let last = result.last, last.people == people, last.overridden == overridden, last.end == start {
                result[result.count - 1].end = end
            } else {
                result.append(OnCallSegment(start: start, end: end, people: people, overridden: overridden))
            }
        }
        return result
    }

    /// Who is on call at `instant`.
    public func onCall(at instant: Date, overrides extra: [ScheduleOverride] = []) -> [String] {
        segments(from: instant, to: instant.addingTimeInterval(1), overrides: extra).first?.people ?? []
    }

    /// Final shifts over `[from, to)`: one per person per contiguous stretch on call.
    public func shifts(from: Date, to: Date, overrides extra: [ScheduleOverride] = []) -> [OnCallShift] {
        var open: [String: OnCallShift] = [:]
        var closed: [OnCallShift] = []
        for segment in segments(from: from, to: to, overrides: extra) {
            for (person, shift) in open where !segment.people.contains(person) || shift.end != segment.start {
                closed.append(shift)
                open[person] = nil
            }
            for person in segment.people {
                if var shift = open[person] {
                    shift.end = segment.end
                    shift.overridden = shift.overridden || segment.overridden
                    open[person] = shift
                } else {
                    open[person] = OnCallShift(schedule: name, person: person, start: segment.start, end: segment.end, overridden: segment.overridden)
                }
            }
        }
        closed += open.values
        return closed.sorted { ($0.start, $0.person) < ($1.start, $1.person) }
    }

    /// The stretches of `[from, to)` with nobody on call.
    public func gaps(from: Date, to: Date, overrides extra: [ScheduleOverride] = []) -> [OnCallSegment] {
        segments(from: from, to: to, overrides: extra).filter(\.isGap)
    }
}
