import BenchSupport
import Foundation
import VigilCore

// One full evaluation cycle of many SLOs over 30-day per-minute series: the budget over
// the compliance window, the four burn-rate tiers (eight windows), the current burn and
// the time to exhaustion — what the server's evaluator does every 30 s.
//
// Usage: core-bench [SLO count] [cycles]

let sloCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let cycles = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 30 : 30
let windowMinutes: Int64 = 30 * 1440
let end: EpochMinute = Date(timeIntervalSince1970: 1_795_000_000).epochMinute
let start = end - windowMinutes

/// Peak resident memory of this process (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kib / 1024
}

print("core-bench: \(sloCount) SLOs × \(windowMinutes) minutes (30 d per minute), \(cycles) cycles, one thread")
let memoryBefore = peakMemoryMiB()
var rng = XorShift(state: 0x9E37_79B9_7F4A_7C15)
let buildStart = now()
var series: [BucketSeries] = []
series.reserveCapacity(sloCount)
var slos: [ServiceLevelObjective] = []
slos.reserveCapacity(sloCount)
let objectives = [0.99, 0.995, 0.999, 0.9995]
for index in 0..<sloCount {
    var s = BucketSeries(startingAt: start)
    s.reserve(through: end)
    let traffic = Int64(rng.next() % 2_000) + 1
    let burstAt = start + Int64(rng.next() % UInt64(windowMinutes))
    for minute in start..<end {
        let inBurst = minute >= burstAt && minute < burstAt + 90
        let bad = inBurst ? traffic / 20 : Int64(rng.next() % 4 == 0 ? 1 : 0)
        s.record(EventCounts(good: traffic - min(bad, traffic), valid: traffic), at: minute)
    }
    series.append(s)
    let window: ComplianceWindow = index % 2 == 0 ? .rolling(.seconds(30 * 86_400)) : .rolling(.seconds(28 * 86_400))
    var policy = BurnRatePolicy.standard(for: window.nominalLength, minEvents: 10)
    policy.exhaustion = ExhaustionAlert(horizon: .seconds(86_400))
    slos.append(
        ServiceLevelObjective(
            name: "slo-\(index)", service: "svc-\(index % 100)", sli: ServiceLevelIndicator(name: "sli-\(index)"),
            objective: objectives[index % objectives.count], window: window, alerting: policy))
}
let buildSeconds = now() - buildStart
let memoryAfterBuild = peakMemoryMiB()

var cycleTimes: [Double] = []
var firing = 0
for cycle in 0..<cycles {
    let at = end - EpochMinute(cycle % 5)
    let t0 = now()
    var firingThisCycle = 0
    for index in 0..<sloCount {
        let status = SLOEvaluator.evaluate(slos[index], series: series[index], at: at)
        if status.notificationClass != .log { firingThisCycle += 1 }
    }
    cycleTimes.append(now() - t0)
    firing = firingThisCycle
}
cycleTimes.sort()
func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
let median = cycleTimes[cycleTimes.count / 2]
let p90 = cycleTimes[min(cycleTimes.count - 1, Int(Double(cycleTimes.count) * 0.9))]

// Baseline: the same figures summed naively from the per-minute counts (what a store
// without prefix sums does each cycle), on a sample, scaled to the full count.
let sample = min(sloCount, 200)
let naiveStart = now()
var checksum: Int64 = 0
for index in 0..<sample {
    let s = series[index]
    let windows: [Int64] = [windowMinutes, 60, 5, 360, 30, 1440, 120, 4320, 360, 60]
    for length in windows {
        var counts = EventCounts.zero
        for minute in (end - length)..<end { counts += s.counts(at: minute) }
        checksum &+= counts.bad
    }
}
let naiveCycle = (now() - naiveStart) / Double(sample) * Double(sloCount)

// Ingestion: appending one new minute to every series (the per-minute write path).
let appendStart = now()
for index in 0..<sloCount { series[index].record(EventCounts(good: 99, valid: 100), at: end) }
let appendSeconds = now() - appendStart

print(
    """
    build:      \(String(format: "%.1f", buildSeconds)) s to record \(sloCount) × \(windowMinutes) minutes
    memory:     peak RSS \(String(format: "%.0f", memoryAfterBuild)) MiB (\(String(format: "%.0f", memoryBefore)) MiB before the series), \
    \(String(format: "%.1f", (memoryAfterBuild - memoryBefore) * 1_048_576 / Double(sloCount) / 1024)) KiB per 30-day series
    cycle:      min \(ms(cycleTimes.first!)), median \(ms(median)), p90 \(ms(p90)) for \(sloCount) SLOs \
    (\(String(format: "%.2f", median / Double(sloCount) * 1e6)) µs per SLO); \(firing) SLOs calling for a ticket or page
    goal:       ≤ 100 ms per cycle on one core: \(median <= 0.1 ? "met" : "NOT met")
    baseline:   naive window sums would take \(ms(naiveCycle)) per cycle (\(String(format: "%.0f", naiveCycle / median))× slower; checksum \(checksum % 1000))
    append:     \(ms(appendSeconds)) to add one minute to all \(sloCount) series
    """)
