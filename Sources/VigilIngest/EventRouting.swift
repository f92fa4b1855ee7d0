import VigilCore

/// Which series an event feeds: the SLIs by name, each service's event-fed SLIs, and the
/// grouped SLOs of each SLI. Derived from the configuration once per (re)load — deriving
/// it per batch cost more than decoding the batch once there were 1,000 SLOs.
public struct EventRouting: Sendable {
    /// The SLIs events may name.
    public let indicators: [String: ServiceLevelIndicator]
    /// For each service, the event-fed SLIs of its SLOs (what a `service` event feeds).
    public let serviceIndicators: [String: [String]]
    /// For each SLI, the grouped SLOs that split its events by label.
    public let groupings: [String: [(slo: String, grouping: SLOGrouping)]]
    /// For each SLI of a service under a release policy, the label whose values name
    /// versions: its events are also counted per value (``VersionSeries``).
    public let versionLabels: [String: String]

    /// - Parameter policies: release policies; their services' event-fed SLIs are split
    ///   by each policy's `split_by` label.
    public init(indicators: [String: ServiceLevelIndicator], slos: [ServiceLevelObjective], policies: [ReleasePolicy] = []) {
        self.indicators = indicators
        var byService: [String: [String]] = [:]
        var groupings: [String: [(slo: String, grouping: SLOGrouping)]] = [:]
        for slo in slos where slo.sli.source == .events {
            if !(byService[slo.service]?.contains(slo.sli.name) ?? false) { byService[slo.service, default: []].append(slo.sli.name) }
            if let grouping = slo.grouping { groupings[slo.sli.name, default: []].append((slo.name, grouping)) }
        }
        serviceIndicators = byService
        self.groupings = groupings
        var labels: [String: String] = [:]
        for policy in policies {
            for service in policy.services {
                for sli in byService[service] ?? [] where labels[sli] == nil { labels[sli] = policy.canary.splitBy }
            }
        }
        versionLabels = labels
    }
}
