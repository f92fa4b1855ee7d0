import Foundation

/// Kayenta's metric classifier (`MannWhitneyClassifier` with `NetflixACAJudge`'s
/// preprocessing), as plain functions: NaN handling, outlier removal, the no-data rules,
/// the rank-sum interval against a tolerance band, the effect-size gate and the critical
/// rules. Its published test suite runs as this type's tests (ClassifierTests).
///
/// The rules, for a metric with baseline values B and canary values C:
/// 1. NaNs are dropped (`remove`) or read as 0 (`replace`); with `removeOutliers`, values
///    outside max(Tukey fences at `outlierFactor` × IQR, the 1st/99th percentiles) go.
/// 2. An empty B or C: with `replace`, a pass; else `nodata` (critical if the metric is),
///    or `nodata_fail_metric` when it must have data and is not critical.
/// 3. B and C the same multiset, or one value throughout: a pass.
/// 4. Otherwise the shift interval [L, U] (``RankSumTest``) against the band
///    ±`tolerance`·|estimate|: `high` when L is above the band (and the direction allows an
///    increase, and the effect is ≥ `allowedIncrease`), `low` when U is below it (likewise
///    for a decrease); an undefined effect (NaN) does not hold a change back.
/// 5. A critical metric's `high`/`low` whose effect is beyond its critical threshold is
///    critical: it fails the canary whatever the score.
///
/// One departure: where each sample is a single repeated value (B all b, C all c, b ≠ c)
/// Kayenta adds Gaussian noise so the test can run, which makes its answer random; here
/// the shift is then exactly c − b with a zero-width interval, which classifies the same
/// way every time.
public enum CanaryClassifier {
    public static func classify(_ metric: CanaryMetric, baseline rawBaseline: [Double], canary rawCanary: [Double]) -> MetricJudgement {
        let baseline = prepare(rawBaseline, for: metric)
        let canary = prepare(rawCanary, for: metric)
        var judgement = MetricJudgement(metric: metric.name, classification: .pass, baselineCount: baseline.count, canaryCount: canary.count)

        if baseline.isEmpty || canary.isEmpty {
            guard metric.nanStrategy == .remove else { return judgement }
            let missing = [baseline.isEmpty ? "baseline" : nil, canary.isEmpty ? "canary" : nil].compactMap { $0 }.joined(separator: " and ")
            judgement.reason = "no data for \(metric.name) in the \(missing)"
            if metric.mustHaveData && !metric.critical {
                judgement.classification = .nodataFailMetric
            } else {
                judgement.classification = .nodata
                judgement.critical = metric.critical
            }
            return judgement
        }
        if baseline.sorted() == canary.sorted() {
            judgement.reason = "the canary's and the baseline's values are identical"
            return judgement
        }
        if Set(baseline + canary).count == 1 { return judgement }

        judgement.deviation = EffectSizeMeasure.meanRatio.value(experiment: canary, control: baseline)
        judgement.effectSize = metric.effectSizeMeasure.value(experiment: canary, control: baseline)
        let shift: RankSumTest.Shift
        if Set(baseline).count == 1 && Set(canary).count == 1 {
            let difference = canary[0] - baseline[0]
            shift = RankSumTest.Shift(lower: difference, upper: difference, estimate: difference)
        } else {
            do {
                shift = try RankSumTest(confidence: metric.confidence).shift(experiment: canary, control: baseline)
            } catch {
                judgement.classification = .error
                judgement.reason = "the comparison of \(metric.name) failed: \(error)"
                judgement.critical = metric.critical
                return judgement
            }
        }
        judgement.shift = shift
        let band = metric.tolerance * abs(shift.estimate)
        judgement.bounds = -band...band
        let effect = judgement.effectSize
        let thresholds = metric.effectThresholds
        let mayIncrease = metric.direction != .decrease
        let mayDecrease = metric.direction != .increase
        if mayIncrease && shift.lower > band && (effect.isNaN || effect >= thresholds.increase) {
            judgement.classification = .high
        } else if mayDecrease && shift.upper < -band && (effect.isNaN || effect <= thresholds.decrease) {
            judgement.classification = .low
        } else {
            return judgement
        }
        let critical = metric.criticalThresholds
        judgement.critical =
            metric.critical
            && (effect.isNaN || (judgement.classification == .high ? effect >= critical.increase : effect <= critical.decrease))
        judgement.reason =
            "\(metric.name) was classified as \(judgement.classification.rawValue)\(judgement.critical ? " (critical)" : ""): the shift's interval [\(format(shift.lower)), \(format(shift.upper))] lies \(judgement.classification == .high ? "above" : "below") ±\(format(band))"
        return judgement
    }

    /// NaN handling, then outliers.
    static func prepare(_ values: [Double], for metric: CanaryMetric) -> [Double] {
        let cleaned = metric.nanStrategy == .remove ? values.filter { !$0.isNaN } : values.map { $0.isNaN ? 0 : $0 }
        guard metric.removeOutliers, cleaned.count > 1 else { return cleaned }
        let q1 = percentile(cleaned, 25)
        let q3 = percentile(cleaned, 75)
        let iqr = q3 - q1
        let lowerFence = min(percentile(cleaned, 1), q1 - metric.outlierFactor * iqr)
        let upperFence = max(percentile(cleaned, 99), q3 + metric.outlierFactor * iqr)
        return cleaned.filter { $0 >= lowerFence && $0 <= upperFence }
    }

    /// The p-th percentile by linear interpolation between order statistics (R's type 7,
    /// as Kayenta's outlier detector).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let position = (p / 100) * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
