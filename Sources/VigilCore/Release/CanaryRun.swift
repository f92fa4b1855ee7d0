import Foundation

/// A canary analysis over time (docs/safe-change.md §4.4): the canary version's SLIs
/// against the baseline version's, judged at the end of each interval on everything
/// counted since the start — Kayenta's continuous analysis, with Argo's reading of an
/// undecided end (Inconclusive → pause, never a pass).
///
/// - An interval whose score is below `marginal` fails the run at once: a canary already
///   shown worse is not left serving traffic for the rest of the duration.
/// - The last interval decides: pass or marginal by its score; inconclusive where any SLI
///   still lacks the requests to decide (the comparison's `insufficient_data`) or none
///   could be compared at all.
///
/// Pure: the server gathers each interval's counts and stores the run.
public struct CanaryRun: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case running
        case pass
        case marginal
        case fail
        case inconclusive
    }

    /// Assigned by the store.
    public var id: Int64?
    public var service: String
    /// The policy whose canary settings judge it.
    public var policy: String
    /// The label that splits the versions, and the two values compared.
    public var splitBy: String
    public var baselineVersion: String
    public var canaryVersion: String
    /// The first minute counted.
    public var start: Date
    public var intervalSeconds: Int
    public var intervalCount: Int
    /// The judge's parameters, as they were when the run began.
    public var settings: CanaryPolicy
    /// The intervals judged so far, in order.
    public var intervals: [CanaryInterval] = []
    public var status: Status = .running
    /// Why the run ended as it did.
    public var reason: String?
    /// The policy's rollback webhook, once called for this run.
    public var rollback: RollbackCall?
    /// Who asked for it (the token's name).
    public var requestedBy: String
    public var createdAt: Date

    public init(
        service: String, policy: String, splitBy: String, baselineVersion: String, canaryVersion: String, start: Date, interval: Duration,
        intervalCount: Int, settings: CanaryPolicy, requestedBy: String, createdAt: Date
    ) {
        self.service = service
        self.policy = policy
        self.splitBy = splitBy
        self.baselineVersion = baselineVersion
        self.canaryVersion = canaryVersion
        self.start = start
        self.intervalSeconds = Int(interval.components.seconds)
        self.intervalCount = intervalCount
        self.settings = settings
        self.requestedBy = requestedBy
        self.createdAt = createdAt
    }

    /// When interval `index` (from 1) ends.
    public func end(ofInterval index: Int) -> Date {
        start.addingTimeInterval(Double(intervalSeconds * index))
    }

    /// When the whole run ends.
    public var end: Date { end(ofInterval: intervalCount) }

    /// The next interval to judge, if the run goes on and that interval has ended by `now`.
    public func dueInterval(at now: Date) -> Int? {
        guard status == .running, intervals.count < intervalCount else { return nil }
        let next = intervals.count + 1
        return end(ofInterval: next) <= now ? next : nil
    }

    /// The run's outcome as the gate reads it; `nil` while it runs.
    public var gateOutcome: GateDecision.CanaryOutcome? {
        switch status {
        case .running: nil
        case .pass: .pass
        case .marginal: .marginal
        case .fail: .fail
        case .inconclusive: .inconclusive
        }
    }

    /// Judges interval `index` on the counts since the start, per SLI (and the latency
    /// SLIs' per-minute percentiles), records it and settles the run if it fails or was
    /// the last.
    public mutating func record(interval index: Int, counts: [CanaryCounts], distributions: [CanarySamplePair] = []) {
        let interval = CanaryInterval.judge(index: index, end: end(ofInterval: index), counts: counts, distributions: distributions, settings: settings)
        intervals.append(interval)
        if interval.verdict == .fail {
            status = .fail
            reason = "interval \(index) of \(intervalCount): \(interval.reason)"
        } else if index >= intervalCount {
            status = interval.verdict
            reason = "last interval: \(interval.reason)"
        }
    }
}

/// Per-minute samples of one metric in both populations, for Kayenta's judge: a latency
/// SLI's p99 in milliseconds, or a PromQL canary metric's values.
public struct CanarySamplePair: Hashable, Sendable {
    /// `checkout-latency p99`, or the PromQL metric's name.
    public var metric: String
    /// Which change is worse (latency: an increase).
    public var direction: CanaryMetric.Direction
    public var baseline: [Double]
    public var canary: [Double]
    /// Why there are no samples, when they could not be read (shown as `error`).
    public var problem: String?
    /// Its weight in the interval's score (every SLI weighs 1).
    public var weight: Double
    /// A failure forces the score to 0, as in Kayenta.
    public var critical: Bool
    /// No data counts as a failure (`nodata_fail_metric`) instead of being left out.
    public var mustHaveData: Bool

    public init(
        metric: String, direction: CanaryMetric.Direction = .increase, baseline: [Double], canary: [Double], problem: String? = nil, weight: Double = 1,
        critical: Bool = false, mustHaveData: Bool = false
    ) {
        self.metric = metric
        self.direction = direction
        self.baseline = baseline
        self.canary = canary
        self.problem = problem
        self.weight = weight
        self.critical = critical
        self.mustHaveData = mustHaveData
    }
}

/// One SLI's requests in both populations.
public struct CanaryCounts: Hashable, Sendable {
    public var sli: String
    public var baseline: ErrorRatioComparison.Counts
    public var canary: ErrorRatioComparison.Counts
    /// The bad ratio the SLI's SLO allows (1 − objective; the least of several SLOs): the
    /// canary may always be worse by `tolerance` of it. Without this floor, a relative
    /// tolerance of a tiny baseline ratio asks for millions of requests to show "not
    /// worse" — for a canary well inside its SLO.
    public var allowedBadRatio: Double?

    public init(sli: String, baseline: ErrorRatioComparison.Counts, canary: ErrorRatioComparison.Counts, allowedBadRatio: Double? = nil) {
        self.sli = sli
        self.baseline = baseline
        self.canary = canary
        self.allowedBadRatio = allowedBadRatio
    }
}

/// A call of a policy's rollback webhook for a failed canary, as the run keeps it.
public struct RollbackCall: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        /// Claimed: the call is under way (or the server stopped during it).
        case sending
        case delivered
        case failed
    }

    public var url: String
    public var at: Date
    public var state: State
    public var status: Int?
    public var error: String?

    public init(url: String, at: Date, state: State, status: Int? = nil, error: String? = nil) {
        self.url = url
        self.at = at
        self.state = state
        self.status = status
        self.error = error
    }
}
