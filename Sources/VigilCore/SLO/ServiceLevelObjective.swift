/// An SLO: an SLI, a target over a compliance window, and how it alerts.
public struct ServiceLevelObjective: Hashable, Sendable {
    /// Unique name, e.g. `checkout-availability`.
    public var name: String
    /// The service it belongs to.
    public var service: String
    /// What it measures.
    public var sli: ServiceLevelIndicator
    /// The target `T`, in (0, 1).
    public var objective: Double
    /// The compliance window `W`.
    public var window: ComplianceWindow
    /// Events or timeslices.
    public var budgeting: BudgetingMethod
    /// Burn-rate tiers and the exhaustion alert.
    public var alerting: BurnRatePolicy
    /// Human description.
    public var description: String?
    /// Labels copied onto everything this SLO emits.
    public var labels: [String: String]
    /// One instance per value of some event labels, or `nil` for a single SLO.
    public var grouping: SLOGrouping?

    public init(
        name: String, service: String, sli: ServiceLevelIndicator, objective: Double,
        window: ComplianceWindow, budgeting: BudgetingMethod = .occurrences,
        alerting: BurnRatePolicy? = nil, description: String? = nil, labels: [String: String] = [:],
        grouping: SLOGrouping? = nil
    ) {
        self.name = name
        self.service = service
        self.sli = sli
        self.objective = objective
        self.window = window
        self.budgeting = budgeting
        self.alerting = alerting ?? .standard(for: window.nominalLength)
        self.description = description
        self.labels = labels
        self.grouping = grouping
    }

    /// Whether it splits into instances by event labels.
    public var isGrouped: Bool { grouping != nil }

    /// The budget arithmetic for this target.
    public var budget: ErrorBudget { ErrorBudget(objective: objective) }
}
