import Foundation
import VigilCore

/// Checks events against the configured SLIs and turns them into per-minute counts.
/// Shared by the offline report and the server's ingestion, so both judge alike.
public struct EventJudge: Sendable {
    /// Where events go: built once per configuration, not per batch.
    public let routing: EventRouting
    /// Events before this minute are refused (older than retention or any window).
    public let earliestMinute: EpochMinute
    /// Events at or after this minute are refused (too far in the future); `nil` = none.
    public let endMinute: EpochMinute?

    public var indicators: [String: ServiceLevelIndicator] { routing.indicators }
    public var serviceIndicators: [String: [String]] { routing.serviceIndicators }
    public var groupings: [String: [(slo: String, grouping: SLOGrouping)]] { routing.groupings }

    public init(routing: EventRouting, earliestMinute: EpochMinute, endMinute: EpochMinute? = nil) {
        self.routing = routing
        self.earliestMinute = earliestMinute
        self.endMinute = endMinute
    }

    /// - Parameters:
    ///   - indicators: every SLI events may name.
    ///   - slos: the SLOs, which tie SLIs to services and declare groupings.
    public init(indicators: [String: ServiceLevelIndicator], slos: [ServiceLevelObjective] = [], earliestMinute: EpochMinute, endMinute: EpochMinute? = nil) {
        self.init(routing: EventRouting(indicators: indicators, slos: slos), earliestMinute: earliestMinute, endMinute: endMinute)
    }

    /// One SLI's verdict on an event.
    public struct Judgement: Sendable {
        public let sli: String
        public let counts: EventCounts
        /// A histogram had to be rounded down to a bucket bound below the threshold.
        public let roundedDown: Bool
    }

    /// What is wrong with `event`, if anything: the field and a message.
    public func problem(with event: Event) -> (field: String, message: String)? {
        switch event.subject {
        case .sli(let name):
            guard let indicator = indicators[name] else {
                return ("sli", "unknown SLI '\(name)'\(Suggestion.hint(for: name, among: indicators.keys))")
            }
            switch indicator.source {
            case .prometheus: return ("sli", "SLI '\(name)' is read from Prometheus, not from events")
            case .probe(let probe): return ("sli", "SLI '\(name)' is fed by probe '\(probe)', not by events")
            case .events: break
            }
            if Self.judge(event.measurement, by: indicator) == nil { return ("", Self.mismatch(indicator)) }
        case .service(let name):
            guard let slis = serviceIndicators[name] else {
                return ("service", "no SLO of service '\(name)' takes events\(Suggestion.hint(for: name, among: serviceIndicators.keys))")
            }
            let fed = slis.compactMap { indicators[$0] }
            if !fed.contains(where: { Self.judge(event.measurement, by: $0) != nil }) {
                return ("", "none of service '\(name)''s SLIs can judge this event: " + fed.map(Self.mismatch).joined(separator: "; "))
            }
        }
        let minute = event.time.epochMinute
        if minute < earliestMinute { return ("time", "older than the data kept (from \(Self.format(earliestMinute)))") }
        if let endMinute, minute >= endMinute { return ("time", "too far in the future (after \(Self.format(endMinute)))") }
        return nil
    }

    /// What an SLI needs, for error messages.
    static func mismatch(_ indicator: ServiceLevelIndicator) -> String {
        switch indicator.kind {
        case .ratio: "'\(indicator.name)' is a ratio SLI: send good and total, or a request's status"
        case .latency: "'\(indicator.name)' is a latency SLI: send latency_ms, buckets, or good and total"
        }
    }

    /// Every invalid event of a batch, with its position.
    public func problems(in batch: DecodedBatch) -> [EventError] {
        zip(batch.events, batch.positions).compactMap { event, position in
            problem(with: event).map { EventError(index: position.index, line: position.line, field: $0.field, message: $0.message) }
        }
    }

    /// An SLI's counts for a measurement, and whether a histogram was rounded down;
    /// `nil` when this SLI cannot judge it.
    static func judge(_ measurement: Event.Measurement, by indicator: ServiceLevelIndicator) -> (EventCounts, Bool)? {
        switch (measurement, indicator.kind) {
        case (.counts(let good, let total), _):
            (EventCounts(good: good, valid: total), false)
        case (.request(let status, let latency), _):
            indicator.judge(status: status, latency: latency).map { ($0, false) }
        case (.histogram(let histogram), .latency(let threshold)):
            (histogram.counts(threshold: threshold), !histogram.hasBound(at: threshold))
        case (.histogram, .ratio):
            nil
        }
    }

    /// The verdicts of every SLI a valid event feeds.
    public func judgements(for event: Event) -> [Judgement] {
        switch event.subject {
        case .sli(let name):
            guard let indicator = indicators[name], let (counts, rounded) = Self.judge(event.measurement, by: indicator) else { return [] }
            return [Judgement(sli: name, counts: counts, roundedDown: rounded)]
        case .service(let name):
            return (serviceIndicators[name] ?? []).compactMap { sli in
                guard let indicator = indicators[sli], let (counts, rounded) = Self.judge(event.measurement, by: indicator) else { return nil }
                return Judgement(sli: sli, counts: counts, roundedDown: rounded)
            }
        }
    }

    /// A batch's valid events summed per (series, minute).
    public struct Aggregate: Sendable {
        /// Per-(SLI or instance series, minute) sums, in a stable order.
        public var deltas: [MinuteDelta]
        /// SLIs whose histograms had to be rounded down.
        public var roundedDown: Set<String>
        /// The grouped-SLO instances the deltas' `@…` series keys stand for.
        public var instances: [String: SLOInstance]
        /// Their series keys in the order the batch first named them.
        public var instanceOrder: [String] = []
    }

    /// Judges each event once and sums the verdicts per SLI and minute, and per grouped
    /// instance and minute; latency SLIs also keep the minute's latencies.
    public func aggregate(_ events: [Event]) -> Aggregate {
        var sums: [MinuteKey: Sum] = [:]
        var roundedDown: Set<String> = []
        var instances: [String: SLOInstance] = [:]
        var instanceKeys: [InstanceKey: String] = [:]
        var instanceOrder: [String] = []
        for event in events {
            let minute = event.time.epochMinute
            for judgement in judgements(for: event) {
                if judgement.roundedDown { roundedDown.insert(judgement.sli) }
                let keepsLatencies = indicators[judgement.sli]?.kind != .ratio
                sums[MinuteKey(series: judgement.sli, minute: minute), default: Sum()].add(judgement.counts, event.measurement, keepsLatencies)
                for (slo, grouping) in groupings[judgement.sli] ?? [] {
                    let key = InstanceKey(slo: slo, values: grouping.values(in: event.labels))
                    let series: String
                    if let known = instanceKeys[key] {
                        series = known
                    } else {
                        let instance = SLOInstance(slo: slo, group: .values(key.values))
                        series = instance.seriesKey!
                        instanceKeys[key] = series
                        instances[series] = instance
                        instanceOrder.append(series)
                    }
                    sums[MinuteKey(series: series, minute: minute), default: Sum()].add(judgement.counts, event.measurement, keepsLatencies)
                }
                if let label = routing.versionLabels[judgement.sli], let value = event.labels[label], !value.isEmpty,
                    value.utf8.count <= VersionSeries.longestValue
                {
                    let series = VersionSeries.key(sli: judgement.sli, label: label, value: value)
                    sums[MinuteKey(series: series, minute: minute), default: Sum()].add(judgement.counts, event.measurement, keepsLatencies)
                }
            }
        }
        let deltas = sums.map { MinuteDelta(sli: $0.key.series, minute: $0.key.minute, counts: $0.value.counts, latencies: $0.value.latencies) }
            .sorted { ($0.sli, $0.minute) < ($1.sli, $1.minute) }
        return Aggregate(deltas: deltas, roundedDown: roundedDown, instances: instances, instanceOrder: instanceOrder)
    }

    /// One series-minute's running sum.
    private struct Sum {
        var counts = EventCounts.zero
        var latencies: LatencyDigest?

        mutating func add(_ judged: EventCounts, _ measurement: Event.Measurement, _ keepsLatencies: Bool) {
            counts += judged
            guard keepsLatencies else { return }
            switch measurement {
            case .request(_, let latency?):
                latencies = latencies ?? LatencyDigest()
                latencies!.add(latency)
            case .histogram(let histogram):
                latencies = latencies ?? LatencyDigest()
                latencies!.add(histogram)
            case .request, .counts: break
            }
        }
    }

    private struct MinuteKey: Hashable {
        let series: String
        let minute: EpochMinute
    }

    private struct InstanceKey: Hashable {
        let slo: String
        let values: [String]
    }

    static func format(_ minute: EpochMinute) -> String { RFC3339.format(minute: minute) }
}
