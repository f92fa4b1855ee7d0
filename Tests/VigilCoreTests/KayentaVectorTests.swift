import Foundation
import Testing
import VigilCore

/// Kayenta's own test suites as vectors (spinnaker/kayenta at a69573be, extracted by
/// scripts/kayenta-vectors.py into Fixtures/kayenta/: the samples, parameters and asserted
/// outcomes, nothing else). Where Kayenta asserts to 1e-6, so does this.
@Suite struct KayentaVectorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/kayenta")

    struct ClassifierCase: Decodable, Sendable, CustomStringConvertible {
        struct Expectation: Decodable, Sendable {
            var classification: String?
            var critical: Bool?
            var deviationIsNan: Bool?
            var deviation: Double?
            var hasReason: Bool?
        }
        var name: String
        var experiment: [Double]
        var control: [Double]
        var tolerance: Double
        var confidence: Double
        var effectSizeThresholds: [Double]
        var criticalThresholds: [Double]
        var effectSizeMeasure: String
        var direction: String
        var nanStrategy: String
        var critical: Bool
        var dataRequired: Bool
        var expect: Expectation
        var description: String { name }

        var metric: CanaryMetric {
            var metric = CanaryMetric(name: name)
            metric.direction = CanaryMetric.Direction(rawValue: direction)!
            metric.tolerance = tolerance
            metric.confidence = confidence
            metric.effectSizeMeasure = EffectSizeMeasure(rawValue: effectSizeMeasure)!
            (metric.allowedDecrease, metric.allowedIncrease) = (effectSizeThresholds[0], effectSizeThresholds[1])
            (metric.criticalDecrease, metric.criticalIncrease) = (criticalThresholds[0], criticalThresholds[1])
            metric.nanStrategy = CanaryMetric.NaNStrategy(rawValue: nanStrategy)!
            metric.critical = critical
            metric.mustHaveData = dataRequired
            return metric
        }
    }

    struct ClassifierSuite: Decodable {
        var source: String
        var cases: [ClassifierCase]
    }
    struct MannWhitneySuite: Decodable {
        var source: String
        var tests: [String: [String: [Double]]]
    }

    static let classifierCases: [ClassifierCase] = {
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("classifier-suite.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(ClassifierSuite.self, from: data).cases
    }()

    static let mannWhitney: [String: [String: [Double]]] = {
        let data = try! Data(contentsOf: fixtures.appendingPathComponent("mann-whitney-suite.json"))
        return try! JSONDecoder().decode(MannWhitneySuite.self, from: data).tests
    }()

    /// ClassifierSuite.scala: every Mann-Whitney classifier test, 34 of them.
    @Test(arguments: classifierCases)
    func classifierSuite(_ vector: ClassifierCase) {
        let judgement = CanaryClassifier.classify(vector.metric, baseline: vector.control, canary: vector.experiment)
        if let classification = vector.expect.classification {
            #expect(judgement.classification.rawValue == classification, "\(judgement.reason ?? "")")
        }
        if let critical = vector.expect.critical { #expect(judgement.critical == critical) }
        if vector.expect.deviationIsNan == true { #expect(judgement.deviation.isNaN) }
        if let deviation = vector.expect.deviation { #expect(judgement.deviation == deviation) }
        if vector.expect.hasReason == true { #expect(!(judgement.reason ?? "").isEmpty) }
    }

    @Test func theSuiteHasEveryCase() {
        #expect(Self.classifierCases.count == 34)
        // Every expectation was read (an optional key misspelt would assert nothing).
        #expect(Self.classifierCases.filter { $0.expect.classification != nil }.count == 33)
        #expect(Self.classifierCases.filter { $0.expect.critical != nil }.count == 9)
        #expect(Self.classifierCases.filter { $0.expect.deviationIsNan == true }.count == 2)
        #expect(Self.classifierCases.filter { $0.expect.hasReason == true }.count == 1)
        #expect(Self.classifierCases.filter { $0.effectSizeMeasure == "cles" }.count == 3)
        #expect(Self.classifierCases.filter { $0.nanStrategy == "replace" }.count == 2)
    }

    static func shift(_ test: String, experiment: String, control: String, confidence: Double = 0.95) throws -> RankSumTest.Shift {
        let arrays = try #require(mannWhitney[test])
        return try RankSumTest(confidence: confidence).shift(experiment: try #require(arrays[experiment]), control: try #require(arrays[control]))
    }

    /// MannWhitneySuite.scala: "Wilcoxon Diff Function" and "Test zQuant".
    @Test func theStatisticAndTheQuantile() throws {
        let arrays = try #require(Self.mannWhitney["Wilcoxon Diff Function"])
        let x = try #require(arrays["x"])
        let y = try #require(arrays["y"])
        #expect(abs(try RankSumTest.standardisedDifference(shift: 0, quantile: 0, experiment: x, control: y) - -1.229416) < 1e-6)
        #expect(abs(try RankSumTest.standardisedDifference(shift: 5, quantile: 0, experiment: x, control: y) - -35.80606) < 1e-6)
        #expect(abs(StandardNormal.quantile(0.02 / 2) - -2.326348) < 1e-6)
    }

    /// MannWhitneySuite.scala: the interval-and-estimate tests, two tied out against R.
    @Test func intervalsAndEstimates() throws {
        let small = try Self.shift("Mann-Whitney Confidence Interval & Estimate", experiment: "experimentData", control: "controlData")
        #expect(abs(small.lower - 6) < 1e-6 && abs(small.upper - 39) < 1e-6 && abs(small.estimate - 22.5) < 1e-6)

        let problem = try Self.shift(
            "Mann-Whitney Confidence Interval & Estimate: Problem Case", experiment: "experiment", control: "control", confidence: 0.98)
        #expect(abs(problem.lower - -1.4808028936386108e-5) < 1e-6)
        #expect(abs(problem.upper - 1.808255910873413e-5) < 1e-6)
        #expect(abs(problem.estimate - 1.808255910873413e-5) < 1e-6)

        let r = try Self.shift("Mann-Whitney Confidence Interval & Estimate: Tie out with R Version", experiment: "experiment", control: "control")
        #expect(abs(r.lower - -0.500002521696696) < 1e-6)
        #expect(abs(r.upper - -3.486287505871302e-5) < 1e-6)
        #expect(abs(r.estimate - -0.4999393907180323) < 1e-4)

        let large = try Self.shift(
            "Mann-Whitney Confidence Interval & Estimate: Tie out with R Version (Large)", experiment: "experiment", control: "control", confidence: 0.98)
        #expect(abs(large.lower - -0.4999173250549087) < 1e-6)
        #expect(abs(large.upper - -6.912685789769486e-6) < 1e-6)
        #expect(abs(large.estimate - -3.45044082729315e-5) < 1e-4)
    }

    /// MannWhitneySuite.scala: "Intermediate Values / Variables", R's figures at each step.
    @Test func intermediateValuesMatchR() throws {
        let arrays = try #require(Self.mannWhitney["Mann-Whitney Intermediate Values / Variables"])
        let x = try #require(arrays["x"])
        let y = try #require(arrays["y"])
        let low = x.min()! - y.max()!
        let high = x.max()! - y.min()!
        #expect(abs(low - -3.124999999999986) < 1e-6 && abs(high - 5.555555555555557) < 1e-6)
        let z = StandardNormal.quantile(0.975)
        #expect(abs(z - 1.9599639845400536) < 1e-6)
        func f(_ shift: Double, _ quantile: Double) throws -> Double {
            try RankSumTest.standardisedDifference(shift: shift, quantile: quantile, experiment: x, control: y)
        }
        #expect(abs(try f(low, z) - 17.090968923762254) < 1e-6)
        #expect(abs(try f(high, z) - -20.997687930433106) < 1e-6)
        #expect(abs(try f(low, -z) - 21.01089689284236) < 1e-6)
        #expect(abs(try f(high, -z) - -17.077759961353) < 1e-6)
        let shift = try RankSumTest(confidence: 0.95).shift(experiment: x, control: y)
        #expect(abs(shift.lower - 3.521755377702165e-5) < 1e-6)
        #expect(abs(shift.upper - 2.02456461662334e-5) < 1e-6)
        #expect(abs(shift.estimate - 2.6279243045155653e-5) < 1e-6)
    }
}
