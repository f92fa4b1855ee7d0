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
    }

    private(set) var order: [String] = []
    private var entries: [String: Entry] = [:]

    /// Follows the configuration: new probes start unknown, removed ones go, changed ones
    /// start over.
    func reconcile(_ probes: [ProbeSpec]) {
        var next: [String: Entry] = [:]
        for spec in probes {
            if let existing = entries[spec.name], existing.spec == spec {
                next[spec.name] = existing
            } else {
                next[spec.name] = Entry(spec: spec, health: ProbeHealth(failureThreshold: spec.failureThreshold, successThreshold: spec.successThreshold))
            }
        }
        entries = next
        order = probes.map(\.name)
    }

    /// Records a run. - Returns: the new state when it changed.
    func record(_ run: ProbeRunRecord) -> ProbeHealth.State? {
        guard var entry = entries[run.probe] else { return nil }
        let change = entry.health.record(success: run.success)
        entry.lastRun = run
        if !run.success { entry.lastFailure = run }
        if change != nil { entry.since = run.startedAt }
        entries[run.probe] = entry
        return change
    }

    /// Every probe, in configuration order.
    func all() -> [Entry] { order.compactMap { entries[$0] } }

    func entry(_ name: String) -> Entry? { entries[name] }
}
