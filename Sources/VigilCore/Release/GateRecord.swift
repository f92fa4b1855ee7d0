import Foundation

/// A gate decision as recorded and listed (`GET /api/v1/gate/decisions`): who asked, for
/// what, the answer and everything behind it.
public struct GateRecord: Hashable, Sendable, Codable {
    /// One SLO's figures at the decision.
    public struct SLOFigures: Hashable, Sendable, Codable {
        public var slo: String
        public var budgetRemaining: Double?
        /// Burn rate per window a step reads (`1h`).
        public var burnRates: [String: Double]

        public init(slo: String, budgetRemaining: Double?, burnRates: [String: Double]) {
            self.slo = slo
            self.budgetRemaining = budgetRemaining
            self.burnRates = burnRates
        }
    }

    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    public var version: String?
    public var time: Date
    /// The token's name.
    public var requestedBy: String
    public var result: GateDecision.Result
    public var reasons: [String]
    /// The policy and its mode, `nil` where no policy covers the service.
    public var policy: String?
    public var mode: ReleasePolicy.Mode?
    /// The step the service stood in.
    public var step: String?
    public var slos: [SLOFigures]
    /// The canary run read, if any, and its status.
    public var canaryRun: Int64?
    public var canaryStatus: CanaryRun.Status?
    /// The override that opened the gate, if one did.
    public var openedByOverride: Int64?

    public init(
        service: String, version: String?, time: Date, requestedBy: String, result: GateDecision.Result, reasons: [String], policy: String?,
        mode: ReleasePolicy.Mode?, step: String?, slos: [SLOFigures], canaryRun: Int64? = nil, canaryStatus: CanaryRun.Status? = nil,
        openedByOverride: Int64? = nil
    ) {
        self.service = service
        self.version = version
        self.time = time
        self.requestedBy = requestedBy
        self.result = result
        self.reasons = reasons
        self.policy = policy
        self.mode = mode
        self.step = step
        self.slos = slos
        self.canaryRun = canaryRun
        self.canaryStatus = canaryStatus
        self.openedByOverride = openedByOverride
    }
}

/// An operator's decision to let a service's releases through the gate until `expires`
/// — recorded with its reason and shown, so a frozen service shipping anyway is visible.
public struct GateOverride: Hashable, Sendable, Codable {
    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    /// Only this version, or every version where `nil`.
    public var version: String?
    public var reason: String
    /// The token's name.
    public var createdBy: String
    public var createdAt: Date
    public var expires: Date

    public init(service: String, version: String?, reason: String, createdBy: String, createdAt: Date, expires: Date) {
        self.service = service
        self.version = version
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expires = expires
    }

    /// Whether it opens the gate for `version` at `now`.
    public func applies(to version: String?, at now: Date) -> Bool {
        createdAt <= now && now < expires && (self.version == nil || self.version == version)
    }

    /// The longest an override may last: a week, so none is forgotten open.
    public static let longest: Duration = .seconds(7 * 86_400)
}
