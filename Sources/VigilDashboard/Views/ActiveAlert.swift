import VigilCore

/// An SLO alert that is pending or firing, as the evaluator holds it.
public struct ActiveAlert: Sendable {
    public let slo: String
    /// The tier's name, or `exhaustion`.
    public let tier: String
    public let status: AlertStatus

    public init(slo: String, tier: String, status: AlertStatus) {
        self.slo = slo
        self.tier = tier
        self.status = status
    }
}

/// Paths of the dashboard's pages, in one place so links agree.
enum Paths {
    /// The SLO page of a report entry: the SLO, with its group for an instance.
    static func slo(_ entry: (name: String, group: SLOInstance.Group?, labels: [String]), display: TimeDisplay) -> String {
        var query: [String] = []
        switch entry.group {
        case .values(let values): query = zip(entry.labels, values).map { "group.\($0)=\(TimeDisplay.encode($1))" }
        case .overflow: query = ["group=other"]
        case nil: break
        }
        if let tz = display.parameter { query.append("tz=\(TimeDisplay.encode(tz))") }
        return "/slos/\(TimeDisplay.encode(entry.name))" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    static func slo(named name: String, display: TimeDisplay) -> String {
        slo((name, nil, []), display: display)
    }

    static func incident(_ id: Int64, display: TimeDisplay) -> String { "/incidents/\(id)" + display.query }
}
