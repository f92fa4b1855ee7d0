import Foundation

/// What a load run says, in plain words, each with the numbers behind it (a load-test
/// report should end in actions, not only figures). Pure rules over the summary and the per-stage figures.
public enum LoadFindings {
    /// One stage of a run as the rules need it.
    public struct Stage: Hashable, Sendable {
        /// The rate it aimed at (open) or reached (closed), requests per second.
        public var rate: Double
        public var requests: Int
        public var errors: Int
        /// p99 latency in seconds, if any request completed.
        public var p99: Double?

        public init(rate: Double, requests: Int, errors: Int, p99: Double?) {
            self.rate = rate
            self.requests = requests
            self.errors = errors
            self.p99 = p99
        }

        var errorShare: Double { requests > 0 ? Double(errors) / Double(requests) : 0 }
    }

    /// A stage whose error share is above this has begun to fail.
    public static let errorOnset = 0.01

    public static func findings(_ summary: LoadSummary, stages: [Stage] = [], target: TargetResources? = nil) -> [String] {
        var found: [String] = []
        if let target, target.cpuPeak >= 0.9 {
            // one core = 1.0; a single-threaded target at ~100 % is saturated
            found.append(
                String(
                    format:
                        "the target used %.0f %% of a core on average, %.0f %% at peak: it is CPU-bound at this load — profile it, or add cores or instances",
                    target.cpuMean * 100, target.cpuPeak * 100))
        }
        if let latency = summary.latency, let p50 = latency.percentile(50), let p99 = latency.percentile(99), p50 > 0 {
            let ratio = p99 / p50
            if ratio >= 10 {
                found.append(
                    String(
                        format: "p99 is %.0f× p50 (%@ against %@): a long tail — look for queueing, GC or lock pauses, slow dependencies", ratio, seconds(p99),
                        seconds(p50)))
            }
        }
        if summary.requests > 0 && summary.errors.total > 0 {
            let share = Double(summary.errors.total) / Double(summary.requests)
            var kinds: [String] = []
            let errors = summary.errors
            for (count, name) in [
                (errors.connect, "connect"), (errors.timeout, "timeout"), (errors.read, "read"), (errors.status5xx, "5xx"), (errors.status4xx, "4xx"),
            ] where count > 0 {
                kinds.append("\(count) \(name)")
            }
            found.append(String(format: "%.2f %% of requests failed (%@)", share * 100, kinds.joined(separator: ", ")))
        }
        if let onset = stages.firstIndex(where: { $0.errorShare > errorOnset }) {
            let stage = stages[onset]
            if onset > 0, let clean = stages[..<onset].last(where: { $0.errorShare <= errorOnset }) {
                let p99 = clean.p99.map { " at p99 \(seconds($0))" } ?? ""
                found.append(
                    String(format: "errors began at %.0f req/s (%.1f %% failed): capacity ≈ %.0f req/s%@", stage.rate, stage.errorShare * 100, clean.rate, p99))
            } else {
                found.append(
                    String(
                        format: "errors from the first stage (%.0f req/s, %.1f %% failed): the target fails below any rate tried", stage.rate,
                        stage.errorShare * 100))
            }
        }
        if let target = summary.targetRate, target > 0 {
            let achieved = summary.requestsPerSecond
            if achieved < target * 0.95 {
                found.append(
                    String(
                        format: "the generator reached %.0f of %.0f req/s: it or the target could not keep the rate; results understate latency", achieved,
                        target))
            } else if let lag = summary.maxScheduleLag, lag > 0.1 {
                found.append("the generator fell behind its schedule by up to \(seconds(lag)): results understate latency")
            }
        }
        return found
    }

    /// `850µs`, `12.3ms`, `1.25s`.
    public static func seconds(_ value: Double) -> String {
        if value < 0.001 { return String(format: "%.0fµs", value * 1e6) }
        if value < 1 { return String(format: "%.1fms", value * 1e3) }
        return String(format: "%.2fs", value)
    }
}
