import Foundation
import HeapModule
import Logging
import ServiceLifecycle
import VigilConfig
import VigilCore
import VigilProbes
import VigilStore

/// Runs every probe on its own schedule (`ProbeSchedule`: epoch-anchored, stable phase,
/// no drift), at most `maxConcurrent` at once. A run the scheduler could not start in its
/// slot — it fell behind, or the concurrency limit was reached — is recorded as a missed
/// run, a failure, never skipped in silence. A configuration reload adds, removes and
/// changes probes without touching the others' schedules. Heartbeats are not run but
/// checked: one that missed its deadline fails once per period.
struct ProbeSchedulerService: Service {
    let runtime: VigilRuntime
    let executor: ProbeExecutor
    let maxConcurrent: Int

    /// A probe's next run, ordered by time for the heap.
    struct Slot: Comparable {
        let at: Int64
        let name: String
        static func < (lhs: Slot, rhs: Slot) -> Bool { (lhs.at, lhs.name) < (rhs.at, rhs.name) }
    }

    func run() async throws {
        let limiter = Limiter(limit: maxConcurrent)
        var specs: [String: ProbeSpec] = [:]
        var lastRun: [String: Int64] = [:]
        var heap = Heap<Slot>()
        var generation: Int?
        var lastHeartbeatCheck: Int64 = 0
        var lastReloadCheck: Int64 = 0
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let now = nowMilliseconds()
                // A reload bumps the generation; only then are the probes read again (comparing
                // 10,000 probe specs every wake-up cost more than running them).
                // Checked once a second, not at every wake-up.
                let current = now - lastReloadCheck >= 1000 ? await runtime.hotState.generation : generation
                if now - lastReloadCheck >= 1000 { lastReloadCheck = now }
                if current != generation {
                    generation = current
                    let all = await runtime.hotState.configuration.probes
                    let probes = all.filter { if case .heartbeat = $0.kind { false } else { true } }
                    let previous = specs
                    specs = Dictionary(probes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                    lastRun = lastRun.filter { previous[$0.key] == specs[$0.key] }
                    heap = Heap(probes.map { Slot(at: lastRun[$0.name] == nil ? now : $0.schedule.nextRun(after: now), name: $0.name) })
                    await runtime.probes.reconcile(all, now: runtime.clock.now)
                }
                // Only the leading replica probes (with the embedded store, always this one);
                // a follower keeps the schedule so it starts in phase when it takes over.
                let leads = await runtime.leads()
                if leads, now - lastHeartbeatCheck >= 1000 {
                    lastHeartbeatCheck = now
                    for (spec, lastBeat) in await runtime.probes.overdueHeartbeats(at: runtime.clock.now) {
                        // With replicas, the beat may have reached another one: it stored it.
                        if await runtime.adoptStoredBeat(spec, after: lastBeat) { continue }
                        await runtime.recordMissedHeartbeat(spec, lastBeat: lastBeat)
                    }
                }
                while let next = heap.min, next.at <= now {
                    _ = heap.removeMin()
                    guard let spec = specs[next.name] else { continue }
                    let (slot, missed) = spec.schedule.due(now: now, lastRun: lastRun[spec.name])
                    heap.insert(Slot(at: spec.schedule.nextRun(after: now), name: spec.name))
                    guard let slot else { continue }
                    lastRun[spec.name] = slot
                    guard leads else { continue }
                    if missed > 0 { await runtime.recordMissedProbeRuns(spec, count: missed, reason: "the scheduler fell behind") }
                    guard await limiter.acquire() else {
                        await runtime.recordMissedProbeRuns(spec, count: 1, reason: "\(maxConcurrent) probes were already running")
                        continue
                    }
                    group.addTask {
                        let run = await executor.run(spec)
                        await runtime.recordProbeRun(spec, run)
                        await limiter.release()
                    }
                }
                // Wake-ups are coalesced to a 20 ms grid: at 1,000 probes a second, one
                // wake-up per slot was most of the scheduler's CPU (thread hand-offs); a
                // run starts at most 20 ms after its slot, and its time is measured from
                // its actual start.
                let wake = min(heap.min?.at ?? now + 1000, now + 1000)
                let coalesced = (wake + Self.tick - 1) / Self.tick * Self.tick
                try? await runtime.clock.sleep(for: .milliseconds(max(1, coalesced - nowMilliseconds())))
            }
        }
        try? await executor.shutdown()
        await runtime.probeRuns.drain()
    }

    /// The wake-up grid, in milliseconds.
    static let tick: Int64 = 20

    func nowMilliseconds() -> Int64 { Int64((runtime.clock.now.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Counts running probes against the limit.
    actor Limiter {
        let limit: Int
        private var running = 0

        init(limit: Int) { self.limit = limit }

        func acquire() -> Bool {
            guard running < limit else { return false }
            running += 1
            return true
        }

        func release() { running -= 1 }
    }
}
