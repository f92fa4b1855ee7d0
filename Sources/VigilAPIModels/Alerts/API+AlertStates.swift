import Foundation
import VigilCore

extension API {
    /// One burn-rate alert's state (an SLO's tier).
    public struct AlertStateDocument: Codable, Sendable, Equatable {
        public var slo: String
        public var tier: String
        /// `inactive`, `pending`, `firing` or `resolved`.
        public var state: String
        public var since: String
        /// When it began to fire or be pending, while it is.
        public var activeSince: String?

        public init(slo: String, tier: String, state: String, since: String, activeSince: String?) {
            self.slo = slo
            self.tier = tier
            self.state = state
            self.since = since
            self.activeSince = activeSince
        }
    }

    /// `GET /api/v1/alerts`: the burn-rate alerts that are not inactive.
    public struct AlertStateList: Codable, Sendable, Equatable {
        public var alerts: [AlertStateDocument]

        public init(alerts: [AlertStateDocument]) {
            self.alerts = alerts
        }
    }

    /// One stored change of a burn-rate alert's state.
    public struct AlertTransitionDocument: Codable, Sendable, Equatable {
        public var id: Int64
        public var slo: String
        public var tier: String
        public var state: String
        public var at: String

        public init(id: Int64, slo: String, tier: String, state: String, at: String) {
            self.id = id
            self.slo = slo
            self.tier = tier
            self.state = state
            self.at = at
        }
    }

    /// `GET /api/v1/alerts/history`: transitions, newest first.
    public struct AlertHistory: Codable, Sendable, Equatable {
        public var transitions: [AlertTransitionDocument]
        public var nextCursor: String?

        public init(transitions: [AlertTransitionDocument], nextCursor: String?) {
            self.transitions = transitions
            self.nextCursor = nextCursor
        }
    }
}
