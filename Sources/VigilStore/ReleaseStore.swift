import Foundation
import VigilCore

/// What the release gate keeps: its decisions, the overrides that open it, and canary runs.
public protocol ReleaseStore: Sendable {
    /// Records a decision (its `id` is assigned).
    func addGateDecision(_ record: GateRecord) async throws -> GateRecord
    /// Decisions, newest first, optionally of one service, before cursor `before` (an id).
    func gateDecisions(service: String?, before: Int64?, limit: Int) async throws -> [GateRecord]
    /// Records an override (its `id` is assigned).
    func addGateOverride(_ override: GateOverride) async throws -> GateOverride
    /// Overrides, newest first, optionally of one service.
    func gateOverrides(service: String?, before: Int64?, limit: Int) async throws -> [GateOverride]
    /// Stores a new run (its `id` is assigned).
    func addCanaryRun(_ run: CanaryRun) async throws -> CanaryRun
    /// Changes run `id` in one transaction; `nil` where there is no such run.
    func modifyCanaryRun(id: Int64, _ change: @escaping @Sendable (inout CanaryRun) throws -> Void) async throws -> CanaryRun?
    /// Runs, newest first, optionally of one service and one status.
    func canaryRuns(service: String?, status: CanaryRun.Status?, before: Int64?, limit: Int) async throws -> [CanaryRun]
    /// Run `id`, if it exists.
    func canaryRun(id: Int64) async throws -> CanaryRun?
    /// Records a service entering a policy step (or leaving them all).
    func addPolicyStep(_ record: PolicyStepRecord) async throws -> PolicyStepRecord
    /// Step records, newest first, optionally of one service.
    func policySteps(service: String?, before: Int64?, limit: Int) async throws -> [PolicyStepRecord]
}
