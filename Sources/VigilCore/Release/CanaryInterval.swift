import Foundation

/// One interval of a ``CanaryRun``: each SLI's comparison and the interval's score.
///
/// The score is the weighted share of *decided* metrics that passed, 0–100: each SLI's
/// bad-ratio comparison (pass or fail, weight 1), and each sample metric — a latency SLI's
/// per-minute p99, a PromQL canary metric — judged by Kayenta's classifier (pass; high or
/// low against its direction, or `nodata_fail_metric` where it must have data: failed),
/// with its weight. A critical metric that failed forces the score to 0, as in Kayenta.
/// An SLI whose comparison is `insufficient_data` is not counted in the score but keeps
/// the interval from passing; one where a population saw no request (`nodata`), and a
/// sample metric without data or whose read failed, are shown and left out.
public struct CanaryInterval: Hashable, Sendable, Codable {
    /// From 1.
    public var index: Int
    /// The end of the data judged (the start is the run's).
    public var end: Date
    public var metrics: [CanarySLIResult]
    /// The latency SLIs' percentiles, judged as Kayenta does.
    public var distributions: [CanaryDistributionResult] = []
    /// `nil` where no SLI was decided.
    public var score: Double?
    /// Never `running`.
    public var verdict: CanaryRun.Status
    /// The rule that decided, in words: the "why is my score 0" answer.
    public var reason: String

    static func judge(index: Int, end: Date, counts: [CanaryCounts], distributions samples: [CanarySamplePair] = [], settings: CanaryPolicy) -> CanaryInterval {
        let metrics = counts.map { entry in
            CanarySLIResult(
                sli: entry.sli,
                comparison: .compare(
                    baseline: entry.baseline, canary: entry.canary, tolerance: settings.tolerance,
                    minimumMargin: max(1e-4, settings.tolerance * (entry.allowedBadRatio ?? 0)), confidence: settings.confidence))
        }
        let judged = samples.map { pair in
            var metric = CanaryMetric(name: pair.metric)
            metric.direction = pair.direction
            metric.tolerance = settings.tolerance
            metric.confidence = settings.confidence
            metric.critical = pair.critical
            metric.mustHaveData = pair.mustHaveData
            guard let problem = pair.problem else { return CanaryClassifier.classify(metric, baseline: pair.baseline, canary: pair.canary) }
            var failed = MetricJudgement(metric: pair.metric, classification: pair.mustHaveData ? .nodataFailMetric : .error, baselineCount: 0, canaryCount: 0)
            failed.reason = problem
            return failed
        }
        // Every decided metric with its weight: SLIs weigh 1; a sample metric's weight is its own.
        var decided: [(weight: Double, passed: Bool, critical: Bool, summary: String)] = metrics.compactMap { metric in
            switch metric.verdict {
            case .pass: (1, true, false, metric.summary)
            case .fail: (1, false, false, metric.summary)
            case .insufficientData, .nodata: nil
            }
        }
        for (pair, judgement) in zip(samples, judged) {
            switch judgement.classification {
            case .pass: decided.append((pair.weight, true, pair.critical, Self.summary(judgement)))
            case .high, .low, .nodataFailMetric: decided.append((pair.weight, false, pair.critical, Self.summary(judgement)))
            case .nodata, .error: break
            }
        }
        let failures = decided.filter { !$0.passed }.map(\.summary)
        let undecided = metrics.filter { $0.verdict == .insufficientData }
        var interval = CanaryInterval(
            index: index, end: end, metrics: metrics, distributions: judged.map(CanaryDistributionResult.init), score: nil, verdict: .inconclusive, reason: "")
        let totalWeight = decided.map(\.weight).reduce(0, +)
        guard !decided.isEmpty, totalWeight > 0 else {
            interval.reason =
                metrics.isEmpty && judged.isEmpty
                ? "no SLI of the service takes events to compare"
                : "no SLI could be decided yet" + Self.needs(undecided, otherwise: metrics)
            return interval
        }
        if let critical = decided.first(where: { $0.critical && !$0.passed }) {
            interval.score = 0
            interval.verdict = .fail
            interval.reason = "a critical metric failed, so the score is 0: " + critical.summary
            return interval
        }
        let passedWeight = decided.filter(\.passed).map(\.weight).reduce(0, +)
        let score = (passedWeight / totalWeight * 10_000).rounded() / 100
        interval.score = score
        if score < settings.marginal {
            interval.verdict = .fail
            interval.reason =
                "score \(Self.format(score)) is below marginal \(Self.format(settings.marginal)): " + failures.joined(separator: "; ")
        } else if !undecided.isEmpty {
            interval.reason = "score \(Self.format(score)) so far, but " + Self.needs(undecided, otherwise: [])
        } else if score >= settings.pass {
            interval.verdict = .pass
            interval.reason = "score \(Self.format(score)) reaches pass \(Self.format(settings.pass))"
        } else {
            interval.verdict = .marginal
            interval.reason =
                "score \(Self.format(score)) is marginal (pass \(Self.format(settings.pass))): " + failures.joined(separator: "; ")
        }
        return interval
    }

    /// "checkout-latency p99: higher in the canary by 41.2 [12.5, 80.1]" (the metric's unit:
    /// milliseconds for a latency).
    static func summary(_ judgement: MetricJudgement) -> String {
        guard let shift = judgement.shift else { return "\(judgement.metric): \(judgement.reason ?? judgement.classification.rawValue)" }
        let way = judgement.classification == .low ? "lower" : "higher"
        return "\(judgement.metric): \(way) in the canary by \(String(format: "%.4g", abs(shift.estimate))) "
            + "[\(String(format: "%.4g", shift.lower)), \(String(format: "%.4g", shift.upper))]"
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

/// A latency SLI's percentile as Kayenta's classifier judged it, with no NaN.
public struct CanaryDistributionResult: Hashable, Sendable, Codable {
    public var metric: String
    public var classification: MetricJudgement.Classification
    public var reason: String?
    /// The Hodges-Lehmann shift (canary − baseline, ms) and its interval.
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    /// Minutes with data in each population.
    public var baselineCount: Int
    public var canaryCount: Int

    init(_ judgement: MetricJudgement) {
        func defined(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        metric = judgement.metric
        classification = judgement.classification
        reason = judgement.reason
        estimate = defined(judgement.shift?.estimate)
        lower = defined(judgement.shift?.lower)
        upper = defined(judgement.shift?.upper)
        baselineCount = judgement.baselineCount
        canaryCount = judgement.canaryCount
    }
}
