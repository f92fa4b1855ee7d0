import BenchSupport
import Foundation
import VigilConfig
import VigilCore
import VigilRules

// The data and the Vigil side of scripts/bench-prometheus.sh: N SLOs whose SLIs are
// PromQL over synthetic counters, 30 days of them, and VigilCore evaluating the same SLOs
// from the same counts.
//
//   prometheus-bench generate DIR [SLOs] [days] [step seconds]
//       DIR/config/slos.yaml   the SLOs (PromQL SLIs: bench_errors_total / bench_requests_total)
//       DIR/rules.yaml         `vigil rules prometheus` of that configuration (same code)
//       DIR/openmetrics/*.om   the counters as OpenMetrics, one sample per step, ending now,
//                              one file per 2-hour window
//       DIR/end                the last sample's time (epoch seconds)
//   prometheus-bench vigil DIR [cycles]
//       builds the per-minute series from the same seed and times full evaluation cycles

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("prometheus-bench: \(message)\n".utf8))
    exit(1)
}

/// One SLO's traffic: steady requests, a bad one now and then, and one 90-minute burst
/// of 5 % errors somewhere in the period — the same for both sides, from one seed.
struct Traffic {
    let perMinute: Int64
    let burstStart: EpochMinute

    static func all(count: Int, start: EpochMinute, minutes: Int64) -> [Traffic] {
        var rng = XorShift(state: 0x9E37_79B9_7F4A_7C15)
        return (0..<count).map { _ in
            Traffic(perMinute: Int64(rng.next() % 2_000) + 10, burstStart: start + Int64(rng.next() % UInt64(minutes)))
        }
    }

    /// (bad, total) in `minute`; `noise` is per SLO, drawn minute by minute.
    func counts(at minute: EpochMinute, noise: inout XorShift) -> (bad: Int64, total: Int64) {
        let inBurst = minute >= burstStart && minute < burstStart + 90
        let bad = inBurst ? perMinute / 20 : Int64(noise.next() % 4 == 0 ? 1 : 0)
        return (bad, perMinute)
    }
}

func name(_ index: Int) -> String { String(format: "s%04d", index) }

func configuration(slos: Int) -> String {
    var yaml = "services: [{name: bench}]\nslis:\n"
    for index in 0..<slos {
        yaml += """
              - name: \(name(index))-requests
                prometheus:
                  error_query: sum(rate(bench_errors_total{slo="\(name(index))"}[{{.window}}]))
                  total_query: sum(rate(bench_requests_total{slo="\(name(index))"}[{{.window}}]))

            """
    }
    yaml += "slos:\n"
    let objectives = ["0.99", "0.995", "0.999", "0.9995"]
    for index in 0..<slos {
        yaml += "  - {name: \(name(index)), service: bench, sli: \(name(index))-requests, objective: \(objectives[index % 4]), window: 30d}\n"
    }
    return yaml
}

func load(_ directory: String) -> VigilConfiguration {
    switch ConfigLoader.load(paths: [directory + "/config"]) {
    case .success(let configuration): return configuration
    case .failure(let errors): fail("the generated configuration is invalid: \(errors.diagnostics.first.map { "\($0)" } ?? "")")
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: prometheus-bench generate|vigil DIR …") }
let directory = arguments[2]

switch arguments[1] {
case "generate":
    let slos = arguments.count > 3 ? Int(arguments[3]) ?? 1_000 : 1_000
    let days = arguments.count > 4 ? Int64(arguments[4]) ?? 30 : 30
    let step = arguments.count > 5 ? Int64(arguments[5]) ?? 60 : 60
    guard step % 60 == 0, step > 0 else { fail("the step must be whole minutes") }
    try FileManager.default.createDirectory(atPath: directory + "/config", withIntermediateDirectories: true)
    try configuration(slos: slos).write(toFile: directory + "/config/slos.yaml", atomically: true, encoding: .utf8)
    let loaded = load(directory)
    let output = PrometheusRuleGenerator().generate(loaded)
    guard output.slos.count == slos else { fail("only \(output.slos.count) of \(slos) SLOs became rules: \(output.notes.prefix(3))") }
    try output.file.yaml(header: "# prometheus-bench: \(slos) SLOs").write(toFile: directory + "/rules.yaml", atomically: true, encoding: .utf8)

    // The period ends at the last whole step; the last sample sits there.
    let stepMinutes = step / 60
    let end = Date().epochMinute / stepMinutes * stepMinutes
    let minutes = days * 1440
    let start = end - minutes
    let traffic = Traffic.all(count: slos, start: start, minutes: minutes)
    // promtool (2.42) cuts 2-hour blocks and reads its whole input once per block, so the
    // counters go into one OpenMetrics file per 2-hour window (aligned as its blocks are):
    // each is read once. A family's series stay together and each series' points in time
    // order, as OpenMetrics asks.
    try FileManager.default.createDirectory(atPath: directory + "/openmetrics", withIntermediateDirectories: true)
    let started = now()
    var samples = 0
    var noise = (0..<slos).map { XorShift(state: UInt64($0) &* 0x2545_F491_4F6C_DD1D | 1) }
    var badSoFar = [Int64](repeating: 0, count: slos)
    var totalSoFar = [Int64](repeating: 0, count: slos)
    let window: Int64 = 120
    // A minute's sample is stamped at its end, so a window holds the minutes whose end
    // falls in it.
    var windowStart = (start + 1) / window * window
    while windowStart <= end {
        let from = max(windowStart - 1, start)
        let to = min(windowStart + window - 1, end)
        var errors = "# TYPE bench_errors counter\n"
        var requests = "# TYPE bench_requests counter\n"
        errors.reserveCapacity(Int(to - from) * slos * 48)
        requests.reserveCapacity(Int(to - from) * slos * 48)
        for index in 0..<slos {
            let label = "{slo=\"\(name(index))\"} "
            for minute in from..<to {
                let (bad, total) = traffic[index].counts(at: minute, noise: &noise[index])
                badSoFar[index] += bad
                totalSoFar[index] += total
                // A sample at the end of every step: the counter after its minutes.
                guard (minute + 1 - start) % stepMinutes == 0 else { continue }
                let time = " " + String((minute + 1) * 60) + "\n"
                errors += "bench_errors_total" + label + String(badSoFar[index]) + time
                requests += "bench_requests_total" + label + String(totalSoFar[index]) + time
                samples += 2
            }
        }
        try (errors + requests + "# EOF\n").write(toFile: directory + "/openmetrics/\(windowStart).om", atomically: false, encoding: .utf8)
        windowStart += window
    }
    try "\(end * 60) \(days)".write(toFile: directory + "/end", atomically: true, encoding: .utf8)
    print(
        "generated \(slos) SLOs, \(output.file.groups.count) rule groups, \(samples) samples (\(days) d every \(step) s) in \(String(format: "%.1f", now() - started)) s"
    )

case "vigil":
    let cycles = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    let loaded = load(directory)
    let period = ((try? String(contentsOfFile: directory + "/end", encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int64($0) }
    guard period.count == 2 else { fail("no \(directory)/end") }
    let end = period[0] / 60
    let slos = loaded.slos.map(\.objective).sorted { $0.name < $1.name }
    let minutes = period[1] * 1440
    let start = end - minutes
    let traffic = Traffic.all(count: slos.count, start: start, minutes: minutes)
    let buildStarted = now()
    var series: [BucketSeries] = []
    for index in 0..<slos.count {
        var noise = XorShift(state: UInt64(index) &* 0x2545_F491_4F6C_DD1D | 1)
        var values = BucketSeries(startingAt: start)
        values.reserve(through: end)
        for minute in start..<end {
            let (bad, total) = traffic[index].counts(at: minute, noise: &noise)
            values.record(EventCounts(good: total - bad, valid: total), at: minute)
        }
        series.append(values)
    }
    let buildSeconds = now() - buildStarted
    var times: [Double] = []
    var burning = 0
    var remaining = 0.0
    for _ in 0..<cycles {
        let started = now()
        burning = 0
        remaining = 0
        for index in 0..<slos.count {
            let status = SLOEvaluator.evaluate(slos[index], series: series[index], at: end)
            if status.notificationClass != .log { burning += 1 }
            remaining += status.budgetRemaining ?? .nan
        }
        times.append(now() - started)
    }
    times.sort()
    let median = times[times.count / 2]
    print(
        "vigil: \(slos.count) SLOs, series built in \(String(format: "%.2f", buildSeconds)) s; one evaluation of every SLO (8 error-ratio windows, the 30 d budget, burn rates, tiers, exhaustion): median \(String(format: "%.6f", median)) s over \(cycles) cycles, \(burning) SLOs alerting, average budget remaining \(remaining / Double(slos.count))"
    )
    print("VIGIL_SECONDS=\(median)")

default:
    fail("unknown mode \(arguments[1])")
}
