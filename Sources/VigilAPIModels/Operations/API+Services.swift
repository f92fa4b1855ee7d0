import Foundation
import VigilCore

extension API {
    /// A configured service and the SLOs it owns.
    public struct ServiceDocument: Codable, Sendable, Equatable {
        public var name: String
        public var team: String?
        public var tier: Int?
        public var description: String?
        public var dependsOn: [String]
        /// A third party's service, probed from outside.
        public var external: Bool
        public var slos: [String]
        /// Its release policy and where it stands; `nil` without a policy.
        public var release: ReleaseStanding?

        public init(
            name: String, team: String?, tier: Int?, description: String?, dependsOn: [String], external: Bool, slos: [String],
            release: ReleaseStanding? = nil
        ) {
            self.release = release
            self.name = name
            self.team = team
            self.tier = tier
            self.description = description
            self.dependsOn = dependsOn
            self.external = external
            self.slos = slos
        }
    }

    /// A service under its release policy: the step it stands in now, and since when.
    public struct ReleaseStanding: Codable, Sendable, Equatable {
        public var policy: String
        public var mode: ReleasePolicy.Mode
        /// `nil`: no step holds.
        public var step: String?
        public var action: ReleasePolicy.Action?
        public var message: String?
        /// The SLOs that make the step hold.
        public var because: [String]
        /// When the evaluator recorded the service entering this step.
        public var since: Date?
        /// No SLO of the service has data: it has no standing.
        public var hasData: Bool

        public init(policy: ReleasePolicy, standing: PolicyStanding, since: Date?) {
            self.policy = policy.name
            mode = policy.mode
            step = standing.step?.name
            action = standing.step?.action
            message = standing.step?.message
            because = standing.because
            self.since = since
            hasData = !standing.hasNoData
        }
    }

    /// `GET /api/v1/services`, in configuration order.
    public struct ServiceList: Codable, Sendable, Equatable {
        public var services: [ServiceDocument]

        public init(services: [ServiceDocument]) {
            self.services = services
        }
    }

    /// `GET /api/v1/load-runs`: stored `vigil load` runs, newest first.
    public struct LoadRunList: Codable, Sendable, Equatable {
        public var loadRuns: [LoadRun]
        public var nextCursor: String?

        public init(loadRuns: [LoadRun], nextCursor: String?) {
            self.loadRuns = loadRuns
            self.nextCursor = nextCursor
        }
    }
}
