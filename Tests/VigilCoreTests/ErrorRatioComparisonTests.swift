import Foundation
import Testing
import VigilCore

@Suite struct ErrorRatioComparisonTests {
    typealias Counts = ErrorRatioComparison.Counts

    /// Newcombe's interval against statsmodels 0.14
    /// (`confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")`),
    /// the first row being Newcombe's own worked example (1998: 0.0524 to 0.3339).
    @Test func newcombeIntervalsMatchStatsmodels() {
        let z95 = StandardNormal.quantile(0.975)
        let cases: [(Int, Int, Int, Int, Double, Double, Double)] = [
            (56, 70, 48, 80, z95, 0.05243147240236498, 0.33387265403690614),
            (9, 10, 3, 10, z95, 0.1705227239345029, 0.809017973535488),
            (5, 1000, 2, 1000, z95, -0.002990897217058958, 0.009807469633639978),
            (0, 500, 0, 500, z95, -0.007624340461552245, 0.007624340461552245),
            (30, 20000, 12, 20000, z95, 0.0002653104131026486, 0.0015900466944274846),
            (1, 1, 0, 1, z95, -0.12210872068194178, 1.0),
            (30, 20000, 12, 20000, StandardNormal.quantile(0.99), 0.00013871304510945258, 0.0017372396639630298),
        ]
        for (x1, n1, x2, n2, z, lower, upper) in cases {
            let interval = ErrorRatioComparison.newcombeInterval(Counts(bad: x1, total: n1), Counts(bad: x2, total: n2), z: z)
            #expect(abs(interval.lower - lower) < 1e-12, "\(x1)/\(n1) − \(x2)/\(n2)")
            #expect(abs(interval.upper - upper) < 1e-12, "\(x1)/\(n1) − \(x2)/\(n2)")
        }
    }

    @Test func aClearlyWorseCanaryFailsAndAnEqualOnePasses() {
        let worse = ErrorRatioComparison.compare(baseline: Counts(bad: 200, total: 1_000_000), canary: Counts(bad: 1_000, total: 1_000_000))
        #expect(worse.verdict == .fail)
        #expect(worse.lower > worse.margin)
        let same = ErrorRatioComparison.compare(baseline: Counts(bad: 1_000, total: 1_000_000), canary: Counts(bad: 1_000, total: 1_000_000))
        #expect(same.verdict == .pass)
        let none = ErrorRatioComparison.compare(baseline: Counts(bad: 0, total: 0), canary: Counts(bad: 1, total: 10))
        #expect(none.verdict == .nodata)
    }

    /// The sparse case Mann-Whitney passes (kayenta#426): 3 errors in 40 canary requests
    /// against 1 in 4,000. Too few requests to pass, and too few to fail at 98 %: it says
    /// so, and how many more requests would decide.
    @Test func tooFewRequestsSayHowManyMoreAreNeeded() throws {
        let sparse = ErrorRatioComparison.compare(baseline: Counts(bad: 1, total: 4_000), canary: Counts(bad: 0, total: 40))
        #expect(sparse.verdict == .insufficientData)
        let more = try #require(sparse.requestsNeeded)
        let later = ErrorRatioComparison.compare(baseline: Counts(bad: 1, total: 4_000), canary: Counts(bad: 0, total: 40 + more))
        #expect(later.verdict == .pass, "with \(more) more requests and still no errors it passes")
        let almost = ErrorRatioComparison.compare(baseline: Counts(bad: 1, total: 4_000), canary: Counts(bad: 0, total: 40 + more - 1))
        #expect(almost.verdict == .insufficientData, "and not with one fewer")
    }

    /// Over random counts: the verdict is the one the interval and margin say, and an
    /// `insufficient_data` verdict's count, at the same canary ratio, decides.
    @Test func randomCountsKeepTheRules() {
        var generator = SystemRandomNumberGenerator()
        var insufficient = 0
        for _ in 0..<400 {
            let baselineTotal = Int.random(in: 1...200_000, using: &generator)
            let canaryTotal = Int.random(in: 1...20_000, using: &generator)
            let baselineRatio = Double.random(in: 0...0.02, using: &generator)
            let canaryRatio = baselineRatio * Double.random(in: 0...3, using: &generator)
            let baseline = Counts(bad: Int(Double(baselineTotal) * baselineRatio), total: baselineTotal)
            let canary = Counts(bad: min(canaryTotal, Int(Double(canaryTotal) * canaryRatio)), total: canaryTotal)
            let result = ErrorRatioComparison.compare(baseline: baseline, canary: canary)
            #expect(result.lower <= result.difference && result.difference <= result.upper)
            switch result.verdict {
            case .fail: #expect(result.lower > result.margin)
            case .pass: #expect(result.upper <= result.margin)
            case .nodata: Issue.record("both populations have requests")
            case .insufficientData:
                insufficient += 1
                #expect(result.lower <= result.margin && result.upper > result.margin)
                guard let more = result.requestsNeeded else { continue }
                let total = canary.total + more
                let scaled = Counts(bad: Int((canary.ratio * Double(total)).rounded()), total: total)
                #expect(ErrorRatioComparison.compare(baseline: baseline, canary: scaled).verdict != .insufficientData, "\(baseline) \(canary) +\(more)")
            }
        }
        #expect(insufficient > 0, "the random cases reach the undecided band")
    }
}
