import Foundation
import VigilCore

extension API {
    /// `GET /api/v1/probes`: every probe with its state.
    public struct ProbeList: Codable, Sendable, Equatable {
        public var probes: [ProbeDocument]

        public init(probes: [ProbeDocument]) {
            self.probes = probes
        }
    }

    /// A probe, where it stands and its last runs.
    public struct ProbeDocument: Codable, Sendable, Equatable {
        public var name: String
        public var service: String
        /// Whether its service is a third party's.
        public var external: Bool
        /// `http`, `tcp`, `tls`, `dns` or `heartbeat`.
        public var kind: String
        public var target: String
        public var intervalSeconds: Int64
        public var state: String
        public var since: String?
        public var lastRun: ProbeRunDocument?
        public var lastFailure: ProbeRunDocument?

        public init(
            name: String, service: String, external: Bool, kind: String, target: String, intervalSeconds: Int64, state: String, since: String?,
            lastRun: ProbeRunDocument?, lastFailure: ProbeRunDocument?
        ) {
            self.name = name
            self.service = service
            self.external = external
            self.kind = kind
            self.target = target
            self.intervalSeconds = intervalSeconds
            self.state = state
            self.since = since
            self.lastRun = lastRun
            self.lastFailure = lastFailure
        }

        enum CodingKeys: String, CodingKey { case name, service, external, kind, target, intervalSeconds, state, since, lastRun, lastFailure }

        /// Writes what is not known yet (no run, no state change) as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(service, forKey: .service)
            try container.encode(external, forKey: .external)
            try container.encode(kind, forKey: .kind)
            try container.encode(target, forKey: .target)
            try container.encode(intervalSeconds, forKey: .intervalSeconds)
            try container.encode(state, forKey: .state)
            try container.encode(since, forKey: .since)
            try container.encode(lastRun, forKey: .lastRun)
            try container.encode(lastFailure, forKey: .lastFailure)
        }
    }

    /// One run of a probe and the verdict of each of its conditions.
    public struct ProbeRunDocument: Codable, Sendable, Equatable {
        /// The stored run's id (absent for a run not stored yet).
        public var id: Int64?
        public var time: String
        public var success: Bool
        /// The run could not start in its slot (the scheduler was behind).
        public var missed: Bool
        public var responseTimeMs: Double?
        public var status: Int?
        public var conditions: [ConditionOutcome]
        public var error: String?

        public init(
            id: Int64?, time: String, success: Bool, missed: Bool, responseTimeMs: Double?, status: Int?, conditions: [ConditionOutcome],
            error: String?
        ) {
            self.id = id
            self.time = time
            self.success = success
            self.missed = missed
            self.responseTimeMs = responseTimeMs
            self.status = status
            self.conditions = conditions
            self.error = error
        }

        /// A condition (`[STATUS] == 200`) and whether the run met it.
        public struct ConditionOutcome: Codable, Sendable, Equatable {
            public var condition: String
            public var success: Bool

            public init(condition: String, success: Bool) {
                self.condition = condition
                self.success = success
            }
        }

        enum CodingKeys: String, CodingKey { case id, time, success, missed, responseTimeMs, status, conditions, error }

        /// Writes a missing response time, status or error as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encode(time, forKey: .time)
            try container.encode(success, forKey: .success)
            try container.encode(missed, forKey: .missed)
            try container.encode(responseTimeMs, forKey: .responseTimeMs)
            try container.encode(status, forKey: .status)
            try container.encode(conditions, forKey: .conditions)
            try container.encode(error, forKey: .error)
        }
    }

    /// `GET /api/v1/probes/{name}/results`: runs, newest first.
    public struct ProbeResults: Codable, Sendable, Equatable {
        public var probe: String
        public var results: [ProbeRunDocument]
        public var nextCursor: String?

        public init(probe: String, results: [ProbeRunDocument], nextCursor: String?) {
            self.probe = probe
            self.results = results
            self.nextCursor = nextCursor
        }
    }

    /// `POST /api/v1/heartbeats/{name}`: the beat and when the next one is due.
    public struct HeartbeatDocument: Codable, Sendable, Equatable {
        public var probe: String
        public var receivedAt: String
        public var nextDeadline: String?

        public init(probe: String, receivedAt: String, nextDeadline: String?) {
            self.probe = probe
            self.receivedAt = receivedAt
            self.nextDeadline = nextDeadline
        }
    }
}
