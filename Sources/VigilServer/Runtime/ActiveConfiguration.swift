import VigilConfig
import VigilCore
import VigilIngest
import VigilReports

/// The configuration in force and what is derived from it once per (re)load rather than
/// per request: the SLIs events may name, how far back the longest window reaches, and
/// which SLIs each probe feeds.
struct ActiveConfiguration: Sendable {
    private(set) var configuration: VigilConfiguration
    /// Counts configuration changes, so pollers (the probe scheduler) can tell a reload
    /// without comparing whole configurations.
    private(set) var generation = 0
    private(set) var routing: EventRouting
    /// Minutes the longest window reaches back from the current one.
    private(set) var lookback: Int64
    /// The SLIs each probe feeds, by probe name.
    private var probeFed: [String: [ServiceLevelIndicator]]

    init(_ configuration: VigilConfiguration, at minute: EpochMinute) {
        self.configuration = configuration
        (routing, lookback, probeFed) = Self.derive(configuration, at: minute)
    }

    mutating func replace(with configuration: VigilConfiguration, at minute: EpochMinute) {
        self.configuration = configuration
        (routing, lookback, probeFed) = Self.derive(configuration, at: minute)
        generation += 1
    }

    /// The SLIs a probe's runs feed.
    func indicators(fedBy probe: String) -> [ServiceLevelIndicator] { probeFed[probe] ?? [] }

    /// The first minute any SLO can look back to from `minute`, bounded by retention
    /// (hourly roll-ups reach further back than minutes).
    func earliestNeededMinute(at minute: EpochMinute) -> EpochMinute {
        max(minute - lookback, minute - configuration.server.hourlyRetention.wholeMinutes)
    }

    /// A calendar window may reach a whole 31-day month back.
    private static func derive(_ configuration: VigilConfiguration, at reference: EpochMinute) -> (
        EventRouting, Int64, [String: [ServiceLevelIndicator]]
    ) {
        let needed = configuration.slos.map { SLOReport.earliestMinute(for: $0.objective, at: reference) }.min() ?? reference
        let hasCalendar = configuration.slos.contains { if case .calendar = $0.objective.window { true } else { false } }
        let routing = EventRouting(
            indicators: configuration.indicators, slos: configuration.slos.map(\.objective), policies: configuration.releasePolicies)
        var probeFed: [String: [ServiceLevelIndicator]] = [:]
        for indicator in configuration.indicators.values {
            if case .probe(let probe) = indicator.source { probeFed[probe, default: []].append(indicator) }
        }
        return (routing, reference - needed + (hasCalendar ? 31 * 1440 : 0), probeFed)
    }
}
