import Foundation
import VigilCore

/// The durable copy of what happened: minute buckets, changes, alert transitions.
///
/// Callers see value types only, so a PostgreSQL implementation can follow without
/// touching them. Every write is durable when the call returns.
public protocol SignalStore: Sendable {
    /// Writes several ingestion batches in **one** transaction (group commit).
    /// - Returns: for each batch, whether it was stored, a retry of an earlier one with
    ///   the same idempotency key (not counted again) or a reuse of a key for other data
    ///   (refused). Only stored batches change any count.
    func commit(_ batches: [IngestBatch], receivedAt: Date) async throws -> [CommitOutcome]

    /// Writes one small row durably: whether the store takes writes now (after a full
    /// disk, a read-only or an unreachable database, the server waits for this to succeed
    /// before it says it is ready again). Throws ``StoreError/unavailable(_:)`` when not.
    func checkWrites(at time: Date) async throws

    /// Every bucket reaching `minute` or later, per series (SLI or grouped instance),
    /// oldest first: hourly roll-ups (at their hour's first minute), then minutes.
    /// - Parameter series: only these series; `nil` = all.
    func loadBuckets(since minute: EpochMinute, only series: Set<String>?) async throws -> [String: [MinuteCounts]]

    /// Rolls minute buckets before `minutesBefore` up into hours (one transaction, so no
    /// count is lost or doubled), drops their latency digests, drops hours before
    /// `hoursBefore` and idempotency keys older than `keysBefore`.
    func applyRetention(minutesBefore: EpochMinute, hoursBefore: EpochMinute, keysBefore: Date) async throws -> RetentionResult

    /// The stored series keys starting with `prefix` (minute data).
    func seriesKeys(prefix: String) async throws -> [String]

    /// The stored latency digests of one series in `[from, to)`, by minute.
    func latencies(series: String, from: EpochMinute, to: EpochMinute) async throws -> [EpochMinute: LatencyDigest]

    /// The threshold each latency SLI's stored verdicts were judged with.
    func judgedThresholds() async throws -> [String: Duration]

    /// Judges a latency SLI's stored minutes again with a new threshold, from their
    /// latency digests, in `series` (the SLI's own and its grouped instances'), and
    /// records the threshold. Minutes that hold pre-judged counts keep their verdict.
    /// - Returns: how many minutes were judged again.
    func rejudge(sli: String, series: [String], threshold: Duration) async throws -> Int

    /// Records a deploy or configuration change and returns it with its id.
    func addChange(_ change: ChangeRecord) async throws -> ChangeRecord

    /// Changes, newest first, optionally for one service, before cursor `before` (an id).
    func changes(service: String?, before: Int64?, limit: Int) async throws -> [ChangeRecord]

    /// Persists alert state transitions.
    func recordTransitions(_ transitions: [AlertTransition]) async throws

    /// Alert transitions, newest first, optionally for one SLO, before cursor `before`.
    func transitions(slo: String?, before: Int64?, limit: Int) async throws -> [AlertTransition]

    /// The latest state of every alert, to resume the state machines after a restart.
    func latestAlertStates() async throws -> [AlertKey: AlertStatus]

    /// Keeps snapshots of SLO evaluations; one per instance and hour (later ones in the
    /// same hour are ignored).
    func recordEvaluations(_ evaluations: [EvaluationRecord]) async throws

    /// Evaluation snapshots of one SLO instance, newest first, before hour `before`.
    func evaluations(instance: String, before: EpochMinute?, limit: Int) async throws -> [EvaluationRecord]

    /// Records probe runs (and missed runs).
    func recordProbeRuns(_ runs: [ProbeRunRecord]) async throws

    /// Runs of one probe, newest first, before cursor `before` (an id).
    func probeRuns(probe: String, before: Int64?, limit: Int) async throws -> [ProbeRunRecord]

    /// SQLite's `PRAGMA integrity_check` or the engine's equivalent: `"ok"` when sound.
    func integrityCheck() async throws -> String
}

/// What the evaluator said about one SLO instance at one time: kept so a postmortem or a
/// quarterly review sees the figures as they were, whatever the configuration became.
public struct EvaluationRecord: Hashable, Sendable {
    /// The instance's name (`checkout-latency{route="/cart"}` for a grouped SLO).
    public var instance: String
    public var minute: EpochMinute
    public var counts: EventCounts
    public var sli: Double?
    public var budgetRemaining: Double?
    /// Burn rate over the SLO's burn look-back.
    public var burnRate: Double?
    /// `alert`, `ticket` or `log`.
    public var output: String
    /// The objective at the time.
    public var objective: Double

    public init(
        instance: String, minute: EpochMinute, counts: EventCounts, sli: Double?, budgetRemaining: Double?, burnRate: Double?, output: String, objective: Double
    ) {
        self.instance = instance
        self.minute = minute
        self.counts = counts
        self.sli = sli
        self.budgetRemaining = budgetRemaining
        self.burnRate = burnRate
        self.output = output
        self.objective = objective
    }
}

/// One probe run as kept: when, whether it passed, and each condition as shown.
public struct ProbeRunRecord: Hashable, Sendable {
    /// Assigned by the store.
    public var id: Int64?
    public var probe: String
    public var startedAt: Date
    public var success: Bool
    /// The scheduler could not run it in its slot (it fell behind): a failure, recorded.
    public var missed: Bool
    public var responseTime: Duration?
    public var status: Int?
    /// Each condition as displayed (`[STATUS] (500) == 200`) and whether it held.
    public var conditions: [ConditionOutcome]
    public var error: String?

    public struct ConditionOutcome: Hashable, Sendable, Codable {
        public var condition: String
        public var success: Bool

        public init(condition: String, success: Bool) {
            self.condition = condition
            self.success = success
        }
    }

    public init(
        id: Int64? = nil, probe: String, startedAt: Date, success: Bool, missed: Bool = false, responseTime: Duration? = nil,
        status: Int? = nil, conditions: [ConditionOutcome] = [], error: String? = nil
    ) {
        self.id = id
        self.probe = probe
        self.startedAt = startedAt
        self.success = success
        self.missed = missed
        self.responseTime = responseTime
        self.status = status
        self.conditions = conditions
        self.error = error
    }
}

/// What a retention pass did.
public struct RetentionResult: Hashable, Sendable {
    /// Minute buckets folded into hourly ones.
    public var minutesRolledUp: Int
    /// Hourly buckets past their retention, deleted.
    public var hoursDropped: Int

    public init(minutesRolledUp: Int, hoursDropped: Int) {
        self.minutesRolledUp = minutesRolledUp
        self.hoursDropped = hoursDropped
    }
}

/// One minute's stored counts.
public struct MinuteCounts: Hashable, Sendable {
    public var minute: EpochMinute
    public var counts: EventCounts

    public init(minute: EpochMinute, counts: EventCounts) {
        self.minute = minute
        self.counts = counts
    }
}

/// One accepted request's worth of deltas.
/// What became of one batch of a group commit.
public enum CommitOutcome: Hashable, Sendable {
    /// A batch whose key was claimed before, given the fingerprint stored with the key.
    static func of(_ batch: IngestBatch, claimedWith stored: String?) -> CommitOutcome {
        guard let stored, let fingerprint = batch.fingerprint else { return .duplicate }
        return stored == fingerprint ? .duplicate : .conflict
    }

    /// Its counts are stored.
    case stored
    /// Its key was seen before with the same body (or one stored before fingerprints
    /// were kept): a retry, counted once, so nothing new was stored.
    case duplicate
    /// Its key was seen before with a different body: a client's mistake (the IETF
    /// idempotency-key draft and Stripe refuse it too); nothing was stored.
    case conflict
}

public struct IngestBatch: Hashable, Sendable {
    /// The client's `Idempotency-Key`, if it sent one.
    public var idempotencyKey: String?
    /// What the batch's body was (its SHA-256, in hex), so a key sent again with other
    /// data is told from a retry.
    public var fingerprint: String?
    /// Per-(SLI, minute) sums of the batch's events.
    public var deltas: [MinuteDelta]
    /// How many events the batch carried.
    public var eventCount: Int

    public init(idempotencyKey: String?, fingerprint: String? = nil, deltas: [MinuteDelta], eventCount: Int) {
        self.idempotencyKey = idempotencyKey
        self.fingerprint = fingerprint
        self.deltas = deltas
        self.eventCount = eventCount
    }
}

/// Which alert: an SLO's tier.
public struct AlertKey: Hashable, Sendable {
    public var slo: String
    public var tier: String

    public init(slo: String, tier: String) {
        self.slo = slo
        self.tier = tier
    }
}

/// An alert changing state.
public struct AlertTransition: Hashable, Sendable {
    /// Assigned by the store.
    public var id: Int64?
    public var key: AlertKey
    public var state: AlertState
    public var at: EpochMinute
    /// When the condition began to hold, for pending and firing.
    public var activeSince: EpochMinute?

    public init(id: Int64? = nil, key: AlertKey, state: AlertState, at: EpochMinute, activeSince: EpochMinute? = nil) {
        self.id = id
        self.key = key
        self.state = state
        self.at = at
        self.activeSince = activeSince
    }
}
