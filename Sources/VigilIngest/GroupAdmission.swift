import VigilCore

/// Decides which instances grouped SLOs have: each new label combination becomes an
/// instance until the SLO's limit is reached; later ones are counted in its overflow
/// instance, so a label with unbounded values (user ids, raw URLs) cannot grow memory
/// or the store without bound.
public struct GroupAdmission: Sendable {
    /// Per grouped SLO, its instances in the order they were admitted (the overflow
    /// instance, once used, last).
    public private(set) var instances: [String: [SLOInstance]] = [:]
    /// Per grouped SLO, how many events went to the overflow instance since start.
    public private(set) var overflowedEvents: [String: Int64] = [:]
    private var groupings: [String: SLOGrouping] = [:]
    private var admitted: Set<String> = []

    /// - Parameters:
    ///   - slos: the configured SLOs (only grouped ones matter).
    ///   - storedSeries: series keys already in the store; their instances are admitted
    ///     again (in key order, up to each limit) so a restart keeps the same instances.
    public init(slos: [ServiceLevelObjective], storedSeries: some Sequence<String> = []) {
        reconfigure(slos: slos, storedSeries: storedSeries)
    }

    /// Follows a new configuration: instances of SLOs still grouped by the same labels
    /// stay; others are forgotten (their stored series age out with retention).
    public mutating func reconfigure(slos: [ServiceLevelObjective], storedSeries: some Sequence<String> = []) {
        let previous = instances
        groupings = [:]
        instances = [:]
        admitted = []
        for slo in slos {
            guard let grouping = slo.grouping else { continue }
            groupings[slo.name] = grouping
            var kept = previous[slo.name] ?? []
            kept.removeAll { if case .values(let values) = $0.group { values.count != grouping.labels.count } else { false } }
            instances[slo.name] = kept
            for instance in kept { admitted.insert(instance.seriesKey!) }
        }
        for key in storedSeries.sorted() where !admitted.contains(key) {
            guard let slo = SLOInstance.sloName(inSeriesKey: key), let grouping = groupings[slo],
                let instance = SLOInstance.parse(seriesKey: key, slo: slo, labelCount: grouping.labels.count)
            else { continue }
            if instance.group != .overflow && regularCount(slo) >= grouping.limit { continue }
            add(instance)
        }
    }

    /// Rewrites an aggregate's instance deltas: admitted instances keep theirs, new ones
    /// are admitted while there is room (in the order the batch first named them), the
    /// rest go to the overflow instance.
    /// - Returns: the deltas to store.
    public mutating func admit(_ aggregate: EventJudge.Aggregate) -> [MinuteDelta] {
        guard !aggregate.instances.isEmpty else { return aggregate.deltas }
        for series in aggregate.instanceOrder where !admitted.contains(series) {
            guard let instance = aggregate.instances[series], let grouping = groupings[instance.slo],
                regularCount(instance.slo) < grouping.limit
            else { continue }
            add(instance)
        }
        var sums: [String: [EpochMinute: MinuteDelta]] = [:]
        var result: [MinuteDelta] = []
        for delta in aggregate.deltas {
            guard let instance = aggregate.instances[delta.sli], groupings[instance.slo] != nil else {
                result.append(delta)
                continue
            }
            var series = delta.sli
            if !admitted.contains(series) {
                let overflow = SLOInstance(slo: instance.slo, group: .overflow)
                series = overflow.seriesKey!
                if !admitted.contains(series) { add(overflow) }
                overflowedEvents[instance.slo, default: 0] += delta.counts.valid
            }
            sums[series, default: [:]][delta.minute, default: MinuteDelta(sli: series, minute: delta.minute, counts: .zero)].absorb(delta)
        }
        for minutes in sums.values { result += minutes.values }
        return result.sorted { ($0.sli, $0.minute) < ($1.sli, $1.minute) }
    }

    /// Whether the SLO reached its limit and counts new combinations as overflow.
    public func isFull(_ slo: String) -> Bool {
        guard let grouping = groupings[slo] else { return false }
        return regularCount(slo) >= grouping.limit
    }

    private func regularCount(_ slo: String) -> Int {
        instances[slo]?.count { $0.group != .overflow } ?? 0
    }

    private mutating func add(_ instance: SLOInstance) {
        admitted.insert(instance.seriesKey!)
        var list = instances[instance.slo] ?? []
        if instance.group == .overflow {
            list.append(instance)
        } else {
            list.insert(instance, at: list.firstIndex { $0.group == .overflow } ?? list.endIndex)
        }
        instances[instance.slo] = list
    }
}

extension MinuteDelta {
    /// Adds another delta's counts and latencies to this one.
    mutating func absorb(_ other: MinuteDelta) {
        counts += other.counts
        if let latencies = other.latencies {
            if self.latencies == nil { self.latencies = latencies } else { self.latencies!.merge(latencies) }
        }
    }
}
