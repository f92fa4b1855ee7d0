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

        public init(name: String, team: String?, tier: Int?, description: String?, dependsOn: [String], external: Bool, slos: [String]) {
            self.name = name
            self.team = team
            self.tier = tier
            self.description = description
            self.dependsOn = dependsOn
            self.external = external
            self.slos = slos
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
