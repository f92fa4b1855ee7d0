import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite struct CanaryRunTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    static func run(intervals: Int = 6) -> CanaryRun {
        CanaryRun(
            service: "shop-web", policy: "shop", splitBy: "version", baselineVersion: "2.3.9", canaryVersion: "2.4.0", start: start,
            interval: .seconds(300), intervalCount: intervals, settings: CanaryPolicy(), requestedBy: "ci", createdAt: start)
    }

    static func counts(_ sli: String, baseline: (Int, Int), canary: (Int, Int)) -> CanaryCounts {
        CanaryCounts(sli: sli, baseline: .init(bad: baseline.0, total: baseline.1), canary: .init(bad: canary.0, total: canary.1))
    }

    @Test func intervalsFallDueAtTheirEndsAndNotBefore() {
        var run = Self.run(intervals: 3)
        #expect(run.end == Self.start.addingTimeInterval(900))
        #expect(run.dueInterval(at: Self.start.addingTimeInterval(299)) == nil)
        #expect(run.dueInterval(at: Self.start.addingTimeInterval(300)) == 1)
        run.record(interval: 1, counts: [Self.counts("availability", baseline: (10, 10_000), canary: (10, 10_000))])
        #expect(run.status == .running)
        #expect(run.dueInterval(at: Self.start.addingTimeInterval(599)) == nil)
        #expect(run.dueInterval(at: Self.start.addingTimeInterval(3600)) == 2, "one interval at a time, in order")
    }

    @Test func aCanaryShownWorseFailsAtOnce() {
        var run = Self.run()
        run.record(
            interval: 1,
            counts: [
                Self.counts("availability", baseline: (20, 20_000), canary: (200, 20_000)),
                Self.counts("latency", baseline: (1000, 20_000), canary: (1000, 20_000)),
            ])
        #expect(run.status == .fail)
        #expect(run.intervals[0].score == 50)
        #expect(run.reason?.contains("interval 1 of 6") == true)
        #expect(run.reason?.contains("availability: canary 1% bad of 20000") == true)
        #expect(run.dueInterval(at: Self.start.addingTimeInterval(86_400)) == nil, "a failed run judges nothing more")
        #expect(run.gateOutcome == .fail)
    }

    @Test func theLastIntervalDecidesAPass() {
        var run = Self.run(intervals: 2)
        let same = [Self.counts("availability", baseline: (500, 50_000), canary: (500, 50_000))]
        run.record(interval: 1, counts: same)
        #expect(run.status == .running)
        #expect(run.gateOutcome == nil)
        run.record(interval: 2, counts: same)
        #expect(run.status == .pass)
        #expect(run.intervals.map(\.verdict) == [.pass, .pass])
        #expect(run.gateOutcome == .pass)
    }

    @Test func tooLittleTrafficIsInconclusiveAndSaysHowMuchMoreIsNeeded() {
        var run = Self.run(intervals: 1)
        run.record(interval: 1, counts: [Self.counts("availability", baseline: (30, 30_000), canary: (1, 200))])
        #expect(run.status == .inconclusive)
        #expect(run.intervals[0].score == nil)
        let needed = run.intervals[0].metrics[0].requestsNeeded
        #expect(needed != nil && needed! > 0)
        #expect(run.reason?.contains("needs \(needed!) more canary requests") == true)
        #expect(run.gateOutcome == .inconclusive)
    }

    @Test func onePassingSLIDoesNotPassARunWhileAnotherIsUndecided() {
        var run = Self.run(intervals: 1)
        run.record(
            interval: 1,
            counts: [
                Self.counts("availability", baseline: (500, 100_000), canary: (500, 100_000)),
                Self.counts("latency", baseline: (300, 30_000), canary: (2, 150)),
            ])
        #expect(run.intervals[0].score == 100)
        #expect(run.status == .inconclusive)
    }

    @Test func anSLIWithoutRequestsInOnePopulationIsShownAndLeftOut() {
        var run = Self.run(intervals: 1)
        run.record(
            interval: 1,
            counts: [
                Self.counts("availability", baseline: (500, 100_000), canary: (500, 100_000)),
                Self.counts("checkout", baseline: (0, 500), canary: (0, 0)),
            ])
        #expect(run.status == .pass)
        #expect(run.intervals[0].metrics[1].verdict == .nodata)
        #expect(run.intervals[0].metrics[1].difference == nil, "undefined figures are nil, never NaN")
    }

    /// At a small error ratio, a relative tolerance alone asks for millions of requests to
    /// show "not worse"; the SLO's allowed bad ratio sets the floor of what is tolerated.
    @Test func theSLOsAllowedBadRatioFloorsTheTolerance() {
        let baseline = (10, 100_000)
        let canary = (12, 100_000)
        var alone = Self.run(intervals: 1)
        alone.record(interval: 1, counts: [Self.counts("availability", baseline: baseline, canary: canary)])
        #expect(alone.status == .inconclusive)
        var withSLO = Self.run(intervals: 1)
        var counts = Self.counts("availability", baseline: baseline, canary: canary)
        counts.allowedBadRatio = 0.001
        withSLO.record(interval: 1, counts: [counts])
        #expect(withSLO.status == .pass)
        #expect(withSLO.intervals[0].metrics[0].margin == 0.25 * 0.001)
    }

    @Test func noSLIAtAllIsInconclusive() {
        var run = Self.run(intervals: 1)
        run.record(interval: 1, counts: [])
        #expect(run.status == .inconclusive)
        #expect(run.reason?.contains("no SLI") == true)
    }

    @Test func itRoundTripsThroughJSON() throws {
        var run = Self.run(intervals: 2)
        run.record(interval: 1, counts: [Self.counts("availability", baseline: (0, 0), canary: (3, 40))])
        let decoded = try JSONDecoder().decode(CanaryRun.self, from: try JSONEncoder().encode(run))
        #expect(decoded == run)
    }

    /// Over random histories: the run fails exactly when some interval scored below
    /// marginal, stops at that interval, and passes only when its last interval decided
    /// every SLI it could compare and scored at least `pass`.
    @Test func propertyTheRunFollowsItsIntervals() {
        var random = SeededGenerator(seed: 20)
        for _ in 0..<300 {
            let count = Int.random(in: 1...5, using: &random)
            var run = Self.run(intervals: count)
            for index in 1...count where run.status == .running {
                let slis = (0..<Int.random(in: 0...3, using: &random)).map { sli -> CanaryCounts in
                    let baselineTotal = Int.random(in: 0...20_000, using: &random)
                    let canaryTotal = Int.random(in: 0...20_000, using: &random)
                    let baselineBad = baselineTotal == 0 ? 0 : Int.random(in: 0...(baselineTotal / 50), using: &random)
                    let canaryBad = canaryTotal == 0 ? 0 : Int.random(in: 0...(canaryTotal / 20), using: &random)
                    return Self.counts("sli-\(sli)", baseline: (baselineBad, baselineTotal), canary: (canaryBad, canaryTotal))
                }
                run.record(interval: index, counts: slis)
            }
            let failing = run.intervals.firstIndex { ($0.score ?? 100) < 75 }
            #expect((run.status == .fail) == (failing != nil))
            if let failing { #expect(run.intervals.count == failing + 1) } else { #expect(run.intervals.count == count) }
            #expect(run.status != .running)
            if run.status == .pass, let last = run.intervals.last {
                #expect(!last.metrics.contains { $0.verdict == .insufficientData })
                #expect((last.score ?? 0) >= 95)
            }
        }
    }
}

@Suite struct RolloutStageTests {
    @Test func stagesAreSharesOfTrafficWrittenOneWay() {
        #expect(ChangeRecord.stage(parsing: "10%") == "10%")
        #expect(ChangeRecord.stage(parsing: " 2.5 % ") == "2.5%")
        #expect(ChangeRecord.stage(parsing: "100") == "100%")
        #expect(ChangeRecord.stage(parsing: "0.125%") == "0.13%")
        for bad in ["0%", "-1%", "101%", "ten", "", "%", "nan%", "inf"] { #expect(ChangeRecord.stage(parsing: bad) == nil, "\(bad)") }
    }
}

/// Latency SLIs' per-minute percentiles, judged by Kayenta's classifier inside a run.
@Suite struct CanaryLatencyTests {
    @Test func aSlowerCanaryFailsAndAnEqualOnePasses() {
        let baseline = (0..<10).map { 80 + Double($0 % 5) }
        let slower = baseline.map { $0 + 120 }
        var failing = CanaryRunTests.run(intervals: 1)
        failing.record(interval: 1, counts: [], distributions: [CanarySamplePair(metric: "api-latency p99", baseline: baseline, canary: slower)])
        #expect(failing.status == .fail)
        #expect(failing.intervals[0].distributions.first?.classification == .high)
        #expect(failing.reason?.contains("api-latency p99: higher in the canary by 120 [") == true, "\(failing.reason ?? "")")
        var passing = CanaryRunTests.run(intervals: 1)
        passing.record(interval: 1, counts: [], distributions: [CanarySamplePair(metric: "api-latency p99", baseline: baseline, canary: baseline.reversed())])
        #expect(passing.status == .pass, "\(passing.reason ?? "")")
        var faster = CanaryRunTests.run(intervals: 1)
        faster.record(interval: 1, counts: [], distributions: [CanarySamplePair(metric: "api-latency p99", baseline: slower, canary: baseline)])
        #expect(faster.status == .pass, "only an increase is worse: \(faster.reason ?? "")")
        var empty = CanaryRunTests.run(intervals: 1)
        empty.record(interval: 1, counts: [], distributions: [CanarySamplePair(metric: "api-latency p99", baseline: [], canary: [])])
        #expect(empty.status == .inconclusive && empty.intervals[0].distributions.first?.classification == .nodata)
    }
}

/// Kayenta's per-metric semantics inside a run: weights, critical metrics, must-have-data.
@Suite struct CanaryMetricSemanticsTests {
    static let baseline = (0..<10).map { 80 + Double($0 % 5) }
    static let slower = baseline.map { $0 + 120 }

    static func run(_ pairs: [CanarySamplePair], counts: [CanaryCounts] = []) -> CanaryRun {
        var run = CanaryRunTests.run(intervals: 1)
        run.record(interval: 1, counts: counts, distributions: pairs)
        return run
    }

    @Test func weightsShareTheScore() {
        let failing = CanarySamplePair(metric: "cpu", baseline: Self.baseline, canary: Self.slower, weight: 1)
        let passing = CanarySamplePair(metric: "p99", baseline: Self.baseline, canary: Self.baseline, weight: 3)
        let run = Self.run([failing, passing])
        #expect(run.intervals[0].score == 75, "3 of 4 weight passed")
        #expect(run.status == .marginal, "\(run.reason ?? "")")
    }

    @Test func aCriticalFailureForcesZero() {
        let critical = CanarySamplePair(metric: "errors", baseline: Self.baseline, canary: Self.slower, weight: 1, critical: true)
        let heavy = CanarySamplePair(metric: "p99", baseline: Self.baseline, canary: Self.baseline, weight: 50)
        let run = Self.run([critical, heavy])
        #expect(run.intervals[0].score == 0 && run.status == .fail)
        #expect(run.reason?.contains("a critical metric failed") == true)
    }

    @Test func mustHaveDataFailsAMetricWithoutData() {
        let passing = CanarySamplePair(metric: "p99", baseline: Self.baseline, canary: Self.baseline)
        let optional = CanarySamplePair(metric: "cpu", baseline: [], canary: [])
        #expect(Self.run([passing, optional]).status == .pass, "without must_have_data, no data is left out")
        let required = CanarySamplePair(metric: "cpu", baseline: [], canary: [], mustHaveData: true)
        let run = Self.run([passing, required])
        #expect(run.intervals[0].score == 50 && run.status == .fail, "\(run.reason ?? "")")
        let unreadable = CanarySamplePair(metric: "cpu", baseline: [], canary: [], problem: "Prometheus could not be read", mustHaveData: true)
        #expect(Self.run([passing, unreadable]).intervals[0].distributions[1].classification == .nodataFailMetric)
    }
}
