import Foundation

/// One interval of a ``CanaryRun``: each SLI's comparison and the interval's score.
///
/// The score is the share of *decided* SLIs (pass or fail) that passed, 0–100, every SLI
/// weighing the same. An SLI whose comparison is `insufficient_data` is not counted in
/// the score but keeps the interval from passing; one where a population saw no request
/// (`nodata`) is shown and left out.
public struct CanaryInterval: Hashable, Sendable, Codable {
    /// From 1.
    public var index: Int
    /// The end of the data judged (the start is the run's).
    public var end: Date
    public var metrics: [CanarySLIResult]
    /// `nil` where no SLI was decided.
    public var score: Double?
    /// Never `running`.
    public var verdict: CanaryRun.Status
    /// The rule that decided, in words: the "why is my score 0" answer.
    public var reason: String

    static func judge(index: Int, end: Date, counts: [CanaryCounts], settings: CanaryPolicy) -> CanaryInterval {
        let metrics = counts.map { entry in
            CanarySLIResult(
                sli: entry.sli,
                comparison: .compare(
                    baseline: entry.baseline, canary: entry.canary, tolerance: settings.tolerance,
                    minimumMargin: max(1e-4, settings.tolerance * (entry.allowedBadRatio ?? 0)), confidence: settings.confidence))
        }
        let decided = metrics.filter { $0.verdict == .pass || $0.verdict == .fail }
        let failed = decided.filter { $0.verdict == .fail }
        let undecided = metrics.filter { $0.verdict == .insufficientData }
        var interval = CanaryInterval(index: index, end: end, metrics: metrics, score: nil, verdict: .inconclusive, reason: "")
        guard !decided.isEmpty else {
            interval.reason =
                metrics.isEmpty
                ? "no SLI of the service takes events to compare"
                : "no SLI could be decided yet" + Self.needs(undecided, otherwise: metrics)
            return interval
        }
        let score = (Double(decided.count - failed.count) / Double(decided.count) * 10_000).rounded() / 100
        interval.score = score
        if score < settings.marginal {
            interval.verdict = .fail
            interval.reason =
                "score \(Self.format(score)) is below marginal \(Self.format(settings.marginal)): " + failed.map(\.summary).joined(separator: "; ")
        } else if !undecided.isEmpty {
            interval.reason = "score \(Self.format(score)) so far, but " + Self.needs(undecided, otherwise: [])
        } else if score >= settings.pass {
            interval.verdict = .pass
            interval.reason = "score \(Self.format(score)) reaches pass \(Self.format(settings.pass))"
        } else {
            interval.verdict = .marginal
            interval.reason =
                "score \(Self.format(score)) is marginal (pass \(Self.format(settings.pass))): " + failed.map(\.summary).joined(separator: "; ")
        }
        return interval
    }

    /// "sli needs N more canary requests", for undecided SLIs.
    static func needs(_ undecided: [CanarySLIResult], otherwise all: [CanarySLIResult]) -> String {
        if undecided.isEmpty {
            return ": " + all.map(\.summary).joined(separator: "; ")
        }
        return (all.isEmpty ? "" : ": ") + undecided.map(\.summary).joined(separator: "; ")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// One SLI's comparison in an interval, with no NaN (undefined figures are `nil`).
public struct CanarySLIResult: Hashable, Sendable, Codable {
    public var sli: String
    public var verdict: ErrorRatioComparison.Verdict
    public var baseline: ErrorRatioComparison.Counts
    public var canary: ErrorRatioComparison.Counts
    /// Canary bad ratio minus baseline bad ratio, and its interval.
    public var difference: Double?
    public var lower: Double?
    public var upper: Double?
    /// The tolerated increase.
    public var margin: Double
    public var requestsNeeded: Int?

    init(sli: String, comparison: ErrorRatioComparison) {
        func defined(_ value: Double) -> Double? { value.isNaN ? nil : value }
        self.sli = sli
        verdict = comparison.verdict
        baseline = comparison.baseline
        canary = comparison.canary
        difference = defined(comparison.difference)
        lower = defined(comparison.lower)
        upper = defined(comparison.upper)
        margin = comparison.margin
        requestsNeeded = comparison.requestsNeeded
    }

    /// One line: what was seen and what it means.
    public var summary: String {
        let seen = "\(sli): canary \(Self.percent(canary)) bad of \(canary.total), baseline \(Self.percent(baseline)) of \(baseline.total)"
        switch verdict {
        case .pass: return seen + " — within the tolerated increase"
        case .fail: return seen + " — worse by more than the tolerated \(String(format: "%.3g", margin * 100)) points"
        case .nodata: return "\(sli): " + (baseline.total == 0 ? "the baseline" : "the canary") + " counted no request"
        case .insufficientData:
            return seen + " — "
                + (requestsNeeded.map { "needs \($0) more canary requests to decide" } ?? "needs more baseline requests to decide")
        }
    }

    static func percent(_ counts: ErrorRatioComparison.Counts) -> String {
        counts.total == 0 ? "–" : String(format: "%.3g%%", counts.ratio * 100)
    }
}
