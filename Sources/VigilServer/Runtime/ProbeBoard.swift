import Foundation
import VigilConfig
import VigilCore
import VigilStore

/// What the server knows about its probes right now: each one's up/down state, last run
/// and last failure. The store keeps every run; this is the view the API answers from.
actor ProbeBoard {
    struct Entry: Sendable {
        var spec: ProbeSpec
        var health: ProbeHealth
        var lastRun: ProbeRunRecord?
        var lastFailure: ProbeRunRecord?
        /// When the state last changed.
        var since: Date?
        /// Heartbeats: when the last beat came, and when the next is due at the latest.
        var lastBeat: Date?
        var beatDeadline: Date?
    }

    private(set) var order: [String] = []
    private var entries: [String: Entry] = [:]
    /// The heartbeats among them, the only ones with deadlines to check.
    private var heartbeats: [String] = []

    /// Follows the configuration: new probes start unknown, removed ones go, changed ones
    /// start over.
    /// A heartbeat not heard from yet is given one period and its grace from `now`.
    func reconcile(_ probes: [ProbeSpec], now: Date) {
        var next: [String: Entry] = [:]
        for spec in probes {
            if let existing = entries[spec.name], existing.spec == spec {
                next[spec.name] = existing
            } else {
                var entry = Entry(spec: spec, health: ProbeHealth(failureThreshold: spec.failureThreshold, successThreshold: spec.successThreshold))
                if case .heartbeat(let every, let grace) = spec.kind { entry.beatDeadline = now.addingTimeInterval((every + grace).inSeconds) }
                next[spec.name] = entry
            }
        }
        entries = next
        order = probes.map(\.name)
        heartbeats = probes.filter { if case .heartbeat = $0.kind { true } else { false } }.map(\.name)
    }

    /// Records a run. - Returns: the new state when it changed.
    func record(_ run: ProbeRunRecord) -> ProbeHealth.State? {
        // Mutated in place: copying an entry (and its spec) per run showed in profiles.
        guard entries[run.probe] != nil else { return nil }
        let change = entries[run.probe]!.health.record(success: run.success)
        entries[run.probe]!.lastRun = run
        if !run.success { entries[run.probe]!.lastFailure = run }
        if change != nil { entries[run.probe]!.since = run.startedAt }
        return change
    }

    /// A beat from a job: the next one is due within its period and grace.
    /// - Returns: the heartbeat's spec, or `nil` when `name` is no heartbeat.
    func beat(_ name: String, at time: Date) -> ProbeSpec? {
        guard var entry = entries[name], case .heartbeat(let every, let grace) = entry.spec.kind else { return nil }
        entry.lastBeat = time
        entry.beatDeadline = time.addingTimeInterval((every + grace).inSeconds)
        entries[name] = entry
        return entry.spec
    }

    /// Heartbeats whose deadline passed, with their last beat; each overdue one's
    /// deadline moves one period on, so a silent job fails once per period, not per check.
    func overdueHeartbeats(at now: Date) -> [(spec: ProbeSpec, lastBeat: Date?)] {
        var overdue: [(spec: ProbeSpec, lastBeat: Date?)] = []
        for name in heartbeats {
            guard var entry = entries[name], case .heartbeat(let every, _) = entry.spec.kind,
                let deadline = entry.beatDeadline, deadline <= now
            else { continue }
            overdue.append((entry.spec, entry.lastBeat))
            entry.beatDeadline = deadline.addingTimeInterval(every.inSeconds)
            entries[name] = entry
        }
        return overdue
    }

    /// Every probe, in configuration order.
    func all() -> [Entry] { order.compactMap { entries[$0] } }

    func entry(_ name: String) -> Entry? { entries[name] }
}
