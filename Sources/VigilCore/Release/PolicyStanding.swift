/// One SLO's figures, as a policy reads them.
public struct PolicyFigures: Hashable, Sendable {
    public var slo: String
    /// Budget left by the SLO's budgeting method (timeslices included); `nil` = no data.
    public var budgetRemaining: Double?
    /// Burn rate over each window a step names; a missing or `nil` entry = no data.
    public var burnRates: [Duration: Double?]

    public init(slo: String, budgetRemaining: Double?, burnRates: [Duration: Double?] = [:]) {
        self.slo = slo
        self.budgetRemaining = budgetRemaining
        self.burnRates = burnRates
    }
}

/// Where a service stands under its policy now: the first step that holds for any of its
/// SLOs, and which SLOs make it hold.
public struct PolicyStanding: Hashable, Sendable {
    public var policy: String
    /// `nil`: no step holds (normal).
    public var step: ReleasePolicy.Step?
    /// The SLOs for which the step holds.
    public var because: [String]
    /// The lowest budget left among the SLOs with data.
    public var lowestBudget: Double?
    /// No SLO of the policy has data: nothing can be decided.
    public var hasNoData: Bool

    /// Reads `figures` (one per SLO of the policy's services) against `policy`'s steps.
    /// A step holds when its condition holds for at least one SLO; an SLO without data
    /// for a condition does not make it hold (nor does it vouch for the service: a policy
    /// none of whose SLOs has data has no standing at all).
    public static func evaluate(_ policy: ReleasePolicy, figures: [PolicyFigures]) -> PolicyStanding {
        let budgets = figures.compactMap(\.budgetRemaining)
        let anyData = !budgets.isEmpty || figures.contains { $0.burnRates.values.contains { $0 != nil } }
        var standing = PolicyStanding(policy: policy.name, step: nil, because: [], lowestBudget: budgets.min(), hasNoData: !anyData)
        guard anyData else { return standing }
        for step in policy.steps {
            let holding = figures.filter { holds(step.condition, $0) }.map(\.slo)
            if !holding.isEmpty {
                standing.step = step
                standing.because = holding
                return standing
            }
        }
        return standing
    }

    static func holds(_ condition: ReleasePolicy.Condition, _ figures: PolicyFigures) -> Bool {
        switch condition {
        case .budgetBelow(let share):
            guard let remaining = figures.budgetRemaining else { return false }
            // "Below 0 %" reads as "spent": a budget at exactly zero is gone too.
            return share <= 0 ? remaining <= 0 : remaining < share
        case .burnAbove(let factor, let window):
            guard let rate = figures.burnRates[window] ?? nil else { return false }
            return rate > factor
        }
    }
}
