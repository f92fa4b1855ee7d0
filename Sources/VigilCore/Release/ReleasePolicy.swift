/// An error-budget policy: what a service's budget means for its releases, in ordered
/// steps (Google's error-budget policy; slo-generator's steps), and whether Vigil only
/// says so or also holds the release (docs/safe-change.md §2).
public struct ReleasePolicy: Hashable, Sendable {
    /// Context or control: whether a step that stops releases fails the gate.
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable {
        /// Report, annotate and notify; the gate warns (exit 2) where it would fail.
        case advise
        /// The gate fails (exit 1).
        case enforce
    }

    /// What a step asks of the team.
    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// No releases but fixes until the step stops holding.
        case freeze
        /// Prefer reliability work; a release needs a passing canary.
        case reliabilityFocus = "reliability-focus"
        /// Only say so.
        case none
    }

    /// When a step holds, for one SLO of the policy's services.
    public enum Condition: Hashable, Sendable {
        /// The budget left (by the SLO's budgeting method) is below this share; 0 means spent.
        case budgetBelow(Double)
        /// The burn rate over `window` is above this factor.
        case burnAbove(Double, window: Duration)
    }

    public struct Step: Hashable, Sendable {
        public var name: String
        public var condition: Condition
        public var action: Action
        /// What the team reads when the step holds.
        public var message: String

        public init(name: String, condition: Condition, action: Action, message: String) {
            self.name = name
            self.condition = condition
            self.action = action
            self.message = message
        }
    }

    public var name: String
    public var services: [String]
    public var mode: Mode
    /// In order; the first that holds is the service's step.
    public var steps: [Step]
    /// Under this budget left, a release needs a passing canary (`nil`: never required).
    public var requireCanaryBelow: Double?
    /// How its canaries are judged.
    public var canary: CanaryPolicy
    /// Called once when a canary of an `enforce` policy fails: the deploy tool's hook
    /// that rolls the canary back.
    public var rollbackWebhook: Webhook?

    /// A URL to POST to, and the secret that signs the body (as Vigil's receivers are signed).
    public struct Webhook: Hashable, Sendable {
        public var url: String
        public var secret: String?
        public init(url: String, secret: String?) {
            self.url = url
            self.secret = secret
        }
    }

    public init(
        name: String, services: [String], mode: Mode = .advise, steps: [Step], requireCanaryBelow: Double? = nil, canary: CanaryPolicy = CanaryPolicy()
    ) {
        self.name = name
        self.services = services
        self.mode = mode
        self.steps = steps
        self.requireCanaryBelow = requireCanaryBelow
        self.canary = canary
    }

    /// The burn windows the steps read, for whoever gathers the figures.
    public var burnWindows: Set<Duration> {
        Set(
            steps.compactMap {
                if case .burnAbove(_, let window) = $0.condition { return window }
                return nil
            })
    }
}
