import Foundation
import VigilCore

extension API {
    /// `POST /api/v1/gate`: may this release of `service` go out?
    public struct GateRequest: Codable, Sendable, Equatable {
        public var service: String
        /// The version to release; its canary run, if any, is read.
        public var version: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case service, version }

        public init(service: String, version: String?) {
            self.service = service
            self.version = version
        }
    }

    /// The gate's answer: the recorded decision and its exit code for `vigil gate`.
    public struct GateAnswer: Codable, Sendable, Equatable {
        public var decision: GateRecord
        /// 0 pass, 1 fail, 2 warn, 3 no decision.
        public var exitCode: Int32

        public init(decision: GateRecord) {
            self.decision = decision
            exitCode = decision.result.exitCode
        }
    }

    /// `GET /api/v1/gate/decisions`: newest first.
    public struct GateDecisionList: Codable, Sendable, Equatable {
        public var decisions: [GateRecord]
        public var nextCursor: String?

        public init(decisions: [GateRecord], nextCursor: String?) {
            self.decisions = decisions
            self.nextCursor = nextCursor
        }
    }

    /// `POST /api/v1/gate/overrides`: open the gate of `service` until `expires`.
    public struct GateOverrideRequest: Codable, Sendable, Equatable {
        public var service: String
        /// Only this version; every version where absent.
        public var version: String?
        /// Why: required, and shown wherever the override is.
        public var reason: String
        /// Until when (RFC 3339), or for how long (`2h`): one of the two, at most 7 days.
        public var expires: String?
        public var duration: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case service, version, reason, expires, duration }

        public init(service: String, version: String?, reason: String, expires: String?, duration: String?) {
            self.service = service
            self.version = version
            self.reason = reason
            self.expires = expires
            self.duration = duration
        }
    }

    /// `GET /api/v1/gate/overrides`: newest first.
    public struct GateOverrideList: Codable, Sendable, Equatable {
        public var overrides: [GateOverride]
        public var nextCursor: String?

        public init(overrides: [GateOverride], nextCursor: String?) {
            self.overrides = overrides
            self.nextCursor = nextCursor
        }
    }

    /// `GET /api/v1/gate/argo`: the gate read by Argo Rollouts' `web` metric provider.
    /// `pass` is `null` where there is no decision, which meets neither a
    /// `successCondition: result == true` nor a `failureCondition: result == false`, so
    /// Argo counts the measurement inconclusive.
    public struct ArgoGateAnswer: Codable, Sendable, Equatable {
        public var pass: Bool?
        public var result: GateDecision.Result
        public var exitCode: Int32
        public var reasons: [String]
        public var decision: Int64?

        public init(_ record: GateRecord) {
            switch record.result {
            case .pass, .warn: pass = true
            case .fail: pass = false
            case .noDecision: pass = nil
            }
            result = record.result
            exitCode = record.result.exitCode
            reasons = record.reasons
            decision = record.id
        }

        /// `pass` is written even when `null`: Argo's JSONPath must find the key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pass, forKey: .pass)
            try container.encode(result, forKey: .result)
            try container.encode(exitCode, forKey: .exitCode)
            try container.encode(reasons, forKey: .reasons)
            try container.encodeIfPresent(decision, forKey: .decision)
        }

        enum CodingKeys: String, CodingKey { case pass, result, exitCode, reasons, decision }
    }
}

extension API {
    /// What Flagger posts to its webhooks (`confirm-rollout`, `pre-rollout`, `rollout`,
    /// `confirm-promotion`): the canary's name and namespace, its phase, and the hook's
    /// `metadata` — where the Vigil service (`service`, default the canary's name) and
    /// `version` are given.
    public struct FlaggerWebhook: Codable, Sendable, Equatable {
        public var name: String
        public var namespace: String
        public var phase: String?
        public var checksum: String?
        public var metadata: [String: String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, namespace, phase, checksum, metadata }

        public init(name: String, namespace: String, phase: String?, checksum: String?, metadata: [String: String]?) {
            self.name = name
            self.namespace = namespace
            self.phase = phase
            self.checksum = checksum
            self.metadata = metadata
        }
    }
}

extension API {
    /// `POST /api/v1/canary-runs`: compare `canary_version` with `baseline_version`.
    public struct CanaryRunRequest: Codable, Sendable, Equatable {
        public var service: String
        public var baselineVersion: String
        public var canaryVersion: String
        /// The first minute counted (RFC 3339; default now). In the past, the intervals
        /// already over are judged at once.
        public var start: String?
        /// How long (`30m`) and how often it is judged (`5m`).
        public var duration: String
        public var interval: String

        enum CodingKeys: String, CodingKey, CaseIterable { case service, baselineVersion, canaryVersion, start, duration, interval }

        public init(service: String, baselineVersion: String, canaryVersion: String, start: String?, duration: String, interval: String) {
            self.service = service
            self.baselineVersion = baselineVersion
            self.canaryVersion = canaryVersion
            self.start = start
            self.duration = duration
            self.interval = interval
        }
    }

    /// `GET /api/v1/canary-runs`: newest first.
    public struct CanaryRunList: Codable, Sendable, Equatable {
        public var canaryRuns: [CanaryRun]
        public var nextCursor: String?

        public init(canaryRuns: [CanaryRun], nextCursor: String?) {
            self.canaryRuns = canaryRuns
            self.nextCursor = nextCursor
        }
    }
}
