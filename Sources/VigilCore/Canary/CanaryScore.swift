import Foundation

/// A canary's score out of 100 from its metrics' judgements, as Kayenta's weighted-sum
/// scorer computes it, and the pass/marginal/fail reading of that score.
///
/// - Each group scores the share of its counted metrics that passed (`high`, `low` and
///   `nodata_fail_metric` count against it; `nodata` and `error` are not counted); a
///   group with nothing counted has no data.
/// - The summary is the groups' scores weighted by `groupWeights` (percentages); groups
///   without a weight share what is left of 100 equally; a group with no data counts as
///   100. It is rounded to two decimals.
/// - A critical metric that did not pass makes the score 0, and so does `nodata` for half
///   or more of the metrics: a canary that measured nothing has not passed.
/// - Muted metrics are shown but not scored.
public struct CanaryScore: Sendable, Equatable, Codable {
    public enum Classification: String, Sendable, Codable, CaseIterable {
        case pass
        case marginal
        case fail
    }

    /// One group's figure.
    public struct Group: Sendable, Equatable, Codable {
        public var name: String
        public var score: Double
        public var hasNoData: Bool
        /// How many metrics of the group ended in each classification.
        public var classifications: [String: Int]
    }

    public var score: Double
    public var classification: Classification
    /// Why the score is what it is when a rule overrode the sum (a critical failure, too
    /// much missing data).
    public var reason: String?
    public var groups: [Group]

    /// Metrics without a group count in one group named after the metric.
    public static func score(
        _ judgements: [(judgement: MetricJudgement, groups: [String], muted: Bool)], groupWeights: [String: Double] = [:], pass: Double = 95,
        marginal: Double = 75
    ) -> CanaryScore {
        let scored = judgements.filter { !$0.muted }
        var labelsByGroup: [String: [MetricJudgement.Classification]] = [:]
        var groupOrder: [String] = []
        for entry in scored {
            for group in entry.groups.isEmpty ? [entry.judgement.metric] : entry.groups {
                if labelsByGroup[group] == nil { groupOrder.append(group) }
                labelsByGroup[group, default: []].append(entry.judgement.classification)
            }
        }
        let groups = groupOrder.map { name in groupScore(name, labelsByGroup[name] ?? []) }
        var reason: String?
        var total: Double
        if let failure = scored.first(where: { $0.judgement.critical && $0.judgement.classification != .pass }) {
            reason = "a critical metric failed: \(failure.judgement.reason ?? "\(failure.judgement.metric) was \(failure.judgement.classification.rawValue)")"
            total = 0
        } else if !scored.isEmpty, Double(scored.filter { $0.judgement.classification == .nodata }.count) / Double(scored.count) >= 0.5 {
            reason = "half or more of the metrics had no data"
            total = 0
        } else {
            let weighted = groupWeights.values.reduce(0, +)
            let unweighted = groups.filter { groupWeights[$0.name] == nil }.count
            let share = unweighted > 0 ? (100 - weighted) / Double(unweighted) : 0
            total = groups.reduce(0) { sum, group in
                sum + (group.hasNoData ? 100 : group.score) * (groupWeights[group.name] ?? share) / 100
            }
            total = (total * 100).rounded(.toNearestOrAwayFromZero) / 100
        }
        let classification: Classification = total >= pass ? .pass : total >= marginal ? .marginal : .fail
        return CanaryScore(score: total, classification: classification, reason: reason, groups: groups)
    }

    static func groupScore(_ name: String, _ labels: [MetricJudgement.Classification]) -> Group {
        var counts: [String: Int] = [:]
        for label in labels { counts[label.rawValue, default: 0] += 1 }
        let counted = labels.filter { [.pass, .high, .low, .nodataFailMetric].contains($0) }
        let passed = counted.filter { $0 == .pass }.count
        return Group(
            name: name, score: counted.isEmpty ? 0 : Double(passed) / Double(counted.count) * 100, hasNoData: counted.isEmpty, classifications: counts)
    }
}
