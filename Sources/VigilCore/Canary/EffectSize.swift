/// How large a canary's difference is, beside whether it is significant: a tiny but
/// certain shift need not fail a release, so a metric's classification also requires the
/// effect to pass a threshold (Kayenta's `effectSize`).
public enum EffectSizeMeasure: String, Sendable, Codable, CaseIterable {
    /// Mean of the experiment over mean of the control (1 = no change); undefined (NaN)
    /// when either mean is 0.
    case meanRatio
    /// Common-language effect size: the probability that a random experiment value
    /// exceeds a random control value, ties counting half (0.5 = no change; Vargha &
    /// Delaney's A).
    case cles

    /// The measure's value meaning "no change": the default for its thresholds.
    public var neutral: Double { self == .cles ? 0.5 : 1.0 }

    /// The effect of `experiment` against `control`.
    public func value(experiment: [Double], control: [Double]) -> Double {
        switch self {
        case .meanRatio:
            let controlMean = Self.mean(control)
            let experimentMean = Self.mean(experiment)
            return controlMean == 0 || experimentMean == 0 ? .nan : experimentMean / controlMean
        case .cles:
            let m = Double(experiment.count)
            let n = Double(control.count)
            let ranks = Ranking.averageRanks(experiment + control).ranks
            let experimentRanks = ranks.prefix(experiment.count).reduce(0, +)
            return (2 * experimentRanks - m * (m + 1)) / (2 * n * m)
        }
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
