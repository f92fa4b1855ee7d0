/// A service's state as the public status page words it (Statuspage's vocabulary, which
/// readers of status pages know). Ordered from best to worst, so the page's overall
/// state is the worst of its services'.
public enum ServiceCondition: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
    case operational
    case maintenance = "under_maintenance"
    case degraded = "degraded_performance"
    case partialOutage = "partial_outage"
    case majorOutage = "major_outage"

    /// The words shown beside the colour: colour is never the only signal.
    public var words: String {
        switch self {
        case .operational: "Operational"
        case .maintenance: "Under maintenance"
        case .degraded: "Degraded performance"
        case .partialOutage: "Partial outage"
        case .majorOutage: "Major outage"
        }
    }

    public static func < (lhs: ServiceCondition, rhs: ServiceCondition) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// What a service's signals say, most serious first: an open incident of the top
    /// severity is a major outage, any other open incident a partial one; a maintenance
    /// window in progress explains itself; a paging SLO alert or a failing probe
    /// (users already feel it, nobody has declared anything yet) is degraded performance.
    /// - Parameter openIncidentRanks: for each open incident of the service, its
    ///   severity's index in the configured list (0 = the most severe).
    public static func of(openIncidentRanks: [Int], inMaintenance: Bool, paging: Bool, probeFailing: Bool) -> ServiceCondition {
        if let worst = openIncidentRanks.min() { return worst == 0 ? .majorOutage : .partialOutage }
        if inMaintenance { return .maintenance }
        if paging || probeFailing { return .degraded }
        return .operational
    }
}
