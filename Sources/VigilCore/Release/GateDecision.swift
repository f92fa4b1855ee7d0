import Foundation

/// What `vigil gate` answers for one release, and why (docs/safe-change.md §3). Pure: the
/// server gathers the standing, the canary's verdict and the overrides, and records this.
public struct GateDecision: Hashable, Sendable {
    /// The result, with its documented exit code.
    public enum Result: String, Hashable, Sendable, Codable, CaseIterable {
        case pass
        case fail
        /// An `advise` policy would have failed, or the canary was marginal.
        case warn
        /// Nothing to decide on: no data, or a canary that saw too little.
        case noDecision = "no_decision"

        /// 0 pass, 1 fail, 2 warn, 3 no decision — stable, for pipelines.
        public var exitCode: Int32 {
            switch self {
            case .pass: 0
            case .fail: 1
            case .warn: 2
            case .noDecision: 3
            }
        }
    }

    /// A canary analysis's outcome, as the gate reads it.
    public enum CanaryOutcome: String, Hashable, Sendable, CaseIterable {
        case pass
        case marginal
        case fail
        /// Too little data to judge (the error-ratio comparison's `insufficient_data`).
        case inconclusive
    }

    /// An operator's decision to let releases through, recorded and visible.
    public struct Override: Hashable, Sendable {
        /// The stored override's id, for the record of who opened the gate.
        public var id: Int64?
        public var by: String
        public var reason: String
        public var expires: Date
        public init(id: Int64? = nil, by: String, reason: String, expires: Date) {
            self.id = id
            self.by = by
            self.reason = reason
            self.expires = expires
        }
    }

    public var result: Result
    /// One line per rule that shaped the result, in the order they were applied.
    public var reasons: [String]
    /// The step the service stands in, if any.
    public var step: String?
    /// The override that opened the gate, if one did.
    public var override: Override?

    /// The gate for a service under `policy`, standing as `standing`, at `now`.
    ///
    /// In order: an unexpired override passes (and says whose); no data is no decision;
    /// then each rule that would stop the release — a `freeze` step, a failed canary, a
    /// canary required (by `reliability-focus` or the budget under `requireCanaryBelow`)
    /// but missing or marginal — fails under `enforce` and warns under `advise`; a marginal
    /// canary otherwise warns in both modes; an inconclusive one is no decision (the gate
    /// fails closed). Otherwise pass.
    public static func decide(
        policy: ReleasePolicy, standing: PolicyStanding, canary: CanaryOutcome?, overrides: [Override] = [], at now: Date
    ) -> GateDecision {
        var decision = GateDecision(result: .pass, reasons: [], step: standing.step?.name, override: nil)
        if let open = overrides.filter({ $0.expires > now }).max(by: { $0.expires < $1.expires }) {
            decision.override = open
            decision.reasons = ["overridden by \(open.by) until \(iso(open.expires)): \(open.reason)"]
            return decision
        }
        if standing.hasNoData {
            decision.result = .noDecision
            decision.reasons = ["no SLO of policy '\(policy.name)' has data: nothing to judge the release by"]
            return decision
        }
        var stops: [String] = []
        if let step = standing.step {
            let line = "step '\(step.name)' holds for \(standing.because.joined(separator: ", ")): \(step.message)"
            if step.action == .freeze { stops.append(line) } else { decision.reasons.append(line) }
        }
        let canaryRequired =
            standing.step?.action == .reliabilityFocus || (policy.requireCanaryBelow.map { threshold in (standing.lowestBudget ?? 1) < threshold } ?? false)
        switch canary {
        case .fail?: stops.append("the canary failed")
        case .marginal? where canaryRequired: stops.append("a passing canary is required at this budget, and it was marginal")
        case .marginal?: decision.reasons.append("the canary was marginal")
        case .inconclusive?: break
        case .pass?: decision.reasons.append("the canary passed")
        case nil where canaryRequired: stops.append("a passing canary is required at this budget, and none was given")
        case nil: break
        }
        if !stops.isEmpty {
            decision.result = policy.mode == .enforce ? .fail : .warn
            let prefix = policy.mode == .enforce ? "" : "advise mode, would fail: "
            decision.reasons = stops.map { prefix + $0 } + decision.reasons
            return decision
        }
        if canary == .inconclusive {
            decision.result = .noDecision
            decision.reasons.insert("the canary saw too little traffic to judge", at: 0)
        } else if canary == .marginal {
            decision.result = .warn
        }
        return decision
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
