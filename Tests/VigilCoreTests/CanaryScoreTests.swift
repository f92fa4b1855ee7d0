import Testing
import VigilCore

/// Kayenta's ScorerSuite.scala (spinnaker/kayenta at a69573be), case by case: the
/// classifications, groups, weights and critical flags of each test, and its asserted score.
@Suite struct CanaryScoreTests {
    typealias Label = MetricJudgement.Classification

    static func score(_ metrics: [(Label, String, Bool)], weights: [String: Double] = [:]) -> CanaryScore {
        let judgements = metrics.enumerated().map { index, metric in
            (judgement: MetricJudgement(metric: "m\(index)", classification: metric.0, critical: metric.2), groups: [metric.1], muted: false)
        }
        return CanaryScore.score(judgements, groupWeights: weights)
    }

    @Test func kayentasScorerSuite() {
        #expect(Self.score([(.pass, "test-group", false)]).score == 100)
        #expect(Self.score([(.high, "test-group", false)]).score == 0)
        let nodata = Self.score([(.nodata, "test-group-nodata", false)])
        #expect(nodata.groups.count == 1 && nodata.groups[0].score == 0 && nodata.score == 0)
        let mixed = Self.score([(.pass, "test-group-pass", false), (.pass, "test-group-pass", false), (.nodata, "test-group-nodata", false)])
        #expect(mixed.groups.map(\.score).sorted() == [0, 100])
        #expect(mixed.score == 100)
        #expect(Self.score([(.pass, "test-group", false), (.high, "test-group", false)]).score == 50)
        #expect(Self.score([(.pass, "test-group", false), (.high, "test-group", false), (.low, "test-group", false)]).score == 33.33)
        #expect(
            Self.score([(.pass, "group-1", false), (.pass, "group-1", false), (.high, "group-2", false)], weights: ["group-1": 75, "group-2": 25]).score
                == 75)
        #expect(
            Self.score([(.pass, "group-1", false), (.high, "group-1", false), (.high, "group-2", false)], weights: ["group-1": 50, "group-2": 50]).score
                == 25)
        #expect(
            Self.score([(.pass, "group-1", false), (.nodata, "group-1", false), (.high, "group-2", false)], weights: ["group-1": 50, "group-2": 50]).score
                == 50)
        #expect(Self.score([(.pass, "test-group", false), (.high, "test-group", true)]).score == 0)
        #expect(Self.score([(.low, "test-group", false), (.pass, "test-group", true)]).score == 50)
        #expect(Self.score([(.pass, "test-group", false), (.nodata, "test-group", true)]).score == 0)
        #expect(
            Self.score(
                [(.high, "group1", false), (.low, "group1", false), (.pass, "group1", false), (.high, "group2", false)], weights: ["group1": 15, "group2": 85]
            ).score == 5)
    }

    @Test func thresholdsClassifyTheScoreAndTheReasonSaysWhy() {
        let judgement = { (label: Label, critical: Bool) in
            (
                judgement: MetricJudgement(metric: "errors", classification: label, reason: "errors was classified as high (critical)", critical: critical),
                groups: [String](), muted: false
            )
        }
        let failed = CanaryScore.score([judgement(.pass, false), judgement(.high, true)])
        #expect(failed.score == 0 && failed.classification == .fail)
        #expect(failed.reason == "a critical metric failed: errors was classified as high (critical)")
        let four = (0..<4).map { _ in judgement(.pass, false) } + [judgement(.high, false)]
        // Each metric in its own group: 4 of 5 groups pass, 80.
        #expect(CanaryScore.score(four).score == 80)
        #expect(CanaryScore.score(four).classification == .marginal)
        #expect(CanaryScore.score(four, pass: 80).classification == .pass)
        #expect(CanaryScore.score(four, marginal: 81).classification == .fail)
        // A muted failure is not scored.
        var muted = judgement(.high, true)
        muted.muted = true
        #expect(CanaryScore.score([judgement(.pass, false), muted]).score == 100)
    }
}
