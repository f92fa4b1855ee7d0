import Foundation

/// The error budget one SLO spent during an incident (start → resolved, or now while
/// open): the bad events of that span as a share of the budget of the compliance window
/// ending when it ended (``ErrorBudget/spent(by:ofWindow:)``).
public struct BudgetImpact: Hashable, Sendable, Codable {
    public var slo: String
    public var objective: Double
    public var from: Date
    public var to: Date
    /// Valid and good events in the span.
    public var valid: Int64
    public var bad: Int64
    /// Share of the window's budget (0.25 = a quarter); `nil` when the window holds no
    /// valid events.
    public var budgetSpent: Double?
    /// The compliance window the share is of (`30d`).
    public var window: String

    public init(slo: String, objective: Double, from: Date, to: Date, during: EventCounts, window: EventCounts, windowName: String) {
        self.slo = slo
        self.objective = objective
        self.from = from
        self.to = to
        valid = during.valid
        bad = during.bad
        budgetSpent = ErrorBudget(objective: objective).spent(by: during, ofWindow: window)
        self.window = windowName
    }
}
