import Foundation
import VigilCore

extension API {
    /// `GET /api/v1/slos/{name}`: one SLO instance's status, its alerts and a
    /// downsampled series for charts.
    public struct SLODetail: Codable, Sendable, Equatable {
        public var evaluatedAt: String
        public var slo: SLODocument
        public var alerts: [SLOAlertState]
        public var series: SLOSeries

        public init(evaluatedAt: String, slo: SLODocument, alerts: [SLOAlertState], series: SLOSeries) {
            self.evaluatedAt = evaluatedAt
            self.slo = slo
            self.alerts = alerts
            self.series = series
        }
    }

    /// `GET /api/v1/slos/{name}` of a grouped SLO named without an instance: its
    /// instances so far and how close it is to its limit.
    public struct GroupedSLODetail: Codable, Sendable, Equatable {
        public var evaluatedAt: String
        public var name: String
        public var groupBy: [String]
        public var maxGroups: Int
        public var limitReached: Bool
        /// Events of groups past the limit, counted in the overflow instance.
        public var overflowedEvents: Int64
        public var instances: [SLODocument]

        public init(
            evaluatedAt: String, name: String, groupBy: [String], maxGroups: Int, limitReached: Bool, overflowedEvents: Int64, instances: [SLODocument]
        ) {
            self.evaluatedAt = evaluatedAt
            self.name = name
            self.groupBy = groupBy
            self.maxGroups = maxGroups
            self.limitReached = limitReached
            self.overflowedEvents = overflowedEvents
            self.instances = instances
        }
    }

    /// One burn-rate tier's alert state.
    public struct SLOAlertState: Codable, Sendable, Equatable {
        public var tier: String
        public var state: String
        public var since: String

        public init(tier: String, state: String, since: String) {
            self.tier = tier
            self.state = state
            self.since = since
        }
    }

    /// The chart series over `[from, to)` in steps of `stepSeconds`.
    public struct SLOSeries: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var stepSeconds: Int64
        public var points: [SLOPoint]

        public init(from: String, to: String, stepSeconds: Int64, points: [SLOPoint]) {
            self.from = from
            self.to = to
            self.stepSeconds = stepSeconds
            self.points = points
        }
    }

    /// One step of the chart series: counts in the step, and the budget remaining over
    /// the compliance window ending with the step (the burn-down line).
    public struct SLOPoint: Codable, Sendable, Equatable {
        public var time: String
        public var good: Int64
        public var valid: Int64
        /// `null` where the step has no events.
        public var sli: Double?
        public var budgetRemaining: Double?
        /// For latency SLIs: percentiles of the step's kept latencies.
        public var latency: LatencyPercentiles?

        public init(time: String, good: Int64, valid: Int64, sli: Double?, budgetRemaining: Double?, latency: LatencyPercentiles?) {
            self.time = time
            self.good = good
            self.valid = valid
            self.sli = sli
            self.budgetRemaining = budgetRemaining
            self.latency = latency
        }

        enum CodingKeys: String, CodingKey { case time, good, valid, sli, budgetRemaining, latency }

        /// Writes a missing SLI and budget as `null` (no data), and leaves `latency` out
        /// for SLIs that are not latency ones.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(time, forKey: .time)
            try container.encode(good, forKey: .good)
            try container.encode(valid, forKey: .valid)
            try container.encode(sli, forKey: .sli)
            try container.encode(budgetRemaining, forKey: .budgetRemaining)
            try container.encodeIfPresent(latency, forKey: .latency)
        }
    }

    /// Percentiles in milliseconds (each the upper bound of the bucket holding it), and
    /// how many latencies they come from; `null` where a percentile lies above every
    /// finite histogram bound.
    public struct LatencyPercentiles: Codable, Sendable, Equatable {
        public var count: Int64
        public var p50Ms: Double?
        public var p90Ms: Double?
        public var p99Ms: Double?

        /// `nil` for a digest without latencies.
        public init?(_ digest: LatencyDigest) {
            guard !digest.isEmpty else { return nil }
            func ms(_ q: Double) -> Double? { digest.quantile(q)?.inMilliseconds }
            count = digest.total
            p50Ms = ms(0.5)
            p90Ms = ms(0.9)
            p99Ms = ms(0.99)
        }

        enum CodingKeys: String, CodingKey { case count, p50Ms, p90Ms, p99Ms }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encode(p50Ms, forKey: .p50Ms)
            try container.encode(p90Ms, forKey: .p90Ms)
            try container.encode(p99Ms, forKey: .p99Ms)
        }
    }

    /// `GET /api/v1/slos/{name}/evaluations`: hourly snapshots, newest first.
    public struct EvaluationList: Codable, Sendable, Equatable {
        public var instance: String
        public var evaluations: [EvaluationDocument]
        public var nextCursor: String?

        public init(instance: String, evaluations: [EvaluationDocument], nextCursor: String?) {
            self.instance = instance
            self.evaluations = evaluations
            self.nextCursor = nextCursor
        }
    }

    /// What the evaluator computed for an SLO instance at one time.
    public struct EvaluationDocument: Codable, Sendable, Equatable {
        public var time: String
        public var objective: Double
        public var good: Int64
        public var valid: Int64
        public var sli: Double?
        public var budgetRemaining: Double?
        public var burnRate: Double?
        /// What the evaluator would send: `alert`, `ticket` or `log`.
        public var output: String

        public init(
            time: String, objective: Double, good: Int64, valid: Int64, sli: Double?, budgetRemaining: Double?, burnRate: Double?, output: String
        ) {
            self.time = time
            self.objective = objective
            self.good = good
            self.valid = valid
            self.sli = sli
            self.budgetRemaining = budgetRemaining
            self.burnRate = burnRate
            self.output = output
        }

        enum CodingKeys: String, CodingKey { case time, objective, good, valid, sli, budgetRemaining, burnRate, output }

        /// Writes missing figures as `null` (no data).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(time, forKey: .time)
            try container.encode(objective, forKey: .objective)
            try container.encode(good, forKey: .good)
            try container.encode(valid, forKey: .valid)
            try container.encode(sli, forKey: .sli)
            try container.encode(budgetRemaining, forKey: .budgetRemaining)
            try container.encode(burnRate, forKey: .burnRate)
            try container.encode(output, forKey: .output)
        }
    }
}
