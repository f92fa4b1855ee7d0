import Foundation

/// A service entering a step of its release policy (or leaving every step: `step` nil),
/// as the evaluator records it. The latest record says which step a service is in and
/// since when — the same on every replica and after a restart.
public struct PolicyStepRecord: Hashable, Sendable, Codable {
    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    public var policy: String
    /// `nil`: no step holds (normal).
    public var step: String?
    public var action: ReleasePolicy.Action?
    public var message: String?
    /// The SLOs that made the step hold.
    public var because: [String]
    public var at: Date

    public init(service: String, policy: String, standing: PolicyStanding, at: Date) {
        self.service = service
        self.policy = policy
        step = standing.step?.name
        action = standing.step?.action
        message = standing.step?.message
        because = standing.because
        self.at = at
    }
}
