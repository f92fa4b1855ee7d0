import Foundation
import VigilCore

/// `vigil load`'s report: what ran, latency distribution, throughput, errors by kind, each
/// scenario request apart, the thresholds, and findings in words. Pure, from the figures.
public struct LoadReport: Sendable {
    public struct RequestLine: Sendable {
        public var name: String
        public var requests: Int
        public var latency: LoadSummary.Latency?

        public init(name: String, requests: Int, latency: LoadSummary.Latency?) {
            self.name = name
            self.requests = requests
            self.latency = latency
        }
    }

    /// `http://127.0.0.1:8080, 64 connections on 2 threads, 10s, closed model`.
    public var description: String
    public var summary: LoadSummary
    public var requests: [RequestLine]
    public var thresholds: [LoadThreshold]
    public var findings: [String]
    /// The target process's resources (`--target-pid`).
    public var target: TargetResources?
    /// The target's metrics that moved during the run (`--target-metrics`).
    public var targetMetrics: [(series: String, delta: Double)] = []

    public init(
        description: String, summary: LoadSummary, requests: [RequestLine], thresholds: [LoadThreshold], findings: [String],
        target: TargetResources? = nil
    ) {
        self.target = target
        self.description = description
        self.summary = summary
        self.requests = requests
        self.thresholds = thresholds
        self.findings = findings
    }

    public var failedThresholds: [LoadThreshold] { thresholds.filter { !$0.holds(for: summary) } }

    public var text: String {
        var lines = ["Load: \(description)", ""]
        let s = summary
        if let latency = s.latency {
            lines.append(
                "Latency      min \(Self.time(latency.min))  mean \(Self.time(latency.mean))  stdev \(Self.time(latency.stdev))  max \(Self.time(latency.max))")
            let points = latency.percentiles.keys.sorted().map { "p\(Self.percentile($0)) \(Self.time(latency.percentiles[$0]!))" }
            lines.append("             " + points.joined(separator: "  "))
        } else {
            lines.append("Latency      no request was answered")
        }
        var throughput = String(format: "Throughput   %.1f req/s (%d requests in %.2fs)", s.requestsPerSecond, s.requests, s.duration)
        if let target = s.targetRate { throughput += String(format: ", target %.0f req/s", target) }
        lines.append(throughput)
        lines.append("Transfer     \(Self.bytes(s.bytesIn)) in, \(Self.bytes(s.bytesOut)) out; peak \(s.peakConnections) connections")
        let e = s.errors
        lines.append(
            e.total == 0
                ? "Errors       none"
                : "Errors       \(e.total): connect \(e.connect), timeout \(e.timeout), read \(e.read), 4xx \(e.status4xx), 5xx \(e.status5xx)")
        if let target {
            lines.append(
                String(
                    format: "Target       CPU %.0f %% of a core on average (peak %.0f %%), RSS %@ (peak %@), disk %@ read / %@ written, network %@ in / %@ out",
                    target.cpuMean * 100, target.cpuPeak * 100, Self.bytes(target.residentMean), Self.bytes(target.residentPeak),
                    Self.bytes(target.diskRead), Self.bytes(target.diskWritten), Self.bytes(target.networkReceived), Self.bytes(target.networkSent)))
        }
        if !targetMetrics.isEmpty {
            lines += ["", "Target metrics that moved"]
            for (series, delta) in targetMetrics { lines.append(String(format: "  %+.6g  %@", delta, series)) }
        }
        if requests.count > 1 {
            lines += ["", "By request"]
            let width = max(4, requests.map(\.name.count).max() ?? 0)
            for line in requests {
                let figures =
                    line.latency.map { "p50 \(Self.time($0.percentile(50) ?? 0))  p99 \(Self.time($0.percentile(99) ?? 0))  max \(Self.time($0.max))" }
                    ?? "no answers"
                lines.append("  \(line.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(line.requests).leftAligned(8))  \(figures)")
            }
        }
        if !thresholds.isEmpty {
            lines += ["", "Thresholds"]
            for threshold in thresholds {
                let observed = threshold.observed(in: s).map { Self.observed($0, for: threshold.metric) } ?? "no value"
                lines.append("  \(threshold.holds(for: s) ? "PASS" : "FAIL")  \(threshold.text)  (\(observed))")
            }
        }
        if !findings.isEmpty {
            lines += ["", "Findings"]
            lines += findings.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func time(_ seconds: Double) -> String { LoadFindings.seconds(seconds) }

    static func percentile(_ p: Double) -> String { p == p.rounded() ? String(Int(p)) : String(p) }

    static func observed(_ value: Double, for metric: LoadThreshold.Metric) -> String {
        switch metric {
        case .errors: String(format: "%.2f%%", value * 100)
        case .rps: String(format: "%.1f req/s", value)
        case .percentile, .mean, .max: time(value)
        }
    }

    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if count >= 1 << 30 { return String(format: "%.2f GiB", value / 1_073_741_824) }
        if count >= 1 << 20 { return String(format: "%.2f MiB", value / 1_048_576) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", value / 1024) }
        return "\(count) B"
    }
}

extension String {
    func leftAligned(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
