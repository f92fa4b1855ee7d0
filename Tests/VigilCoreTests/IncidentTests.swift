import Foundation
import Testing

@testable import VigilCore

/// The incident status machine (every pair) and the incident figures against a fixture
/// computed by hand.
@Suite struct IncidentTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    static let allowed: Set<String> = [
        "investigating→identified", "investigating→monitoring", "investigating→resolved",
        "identified→investigating", "identified→monitoring", "identified→resolved",
        "monitoring→investigating", "monitoring→identified", "monitoring→resolved",
        "resolved→investigating", "resolved→closed",
    ]

    @Test(arguments: IncidentStatus.allCases)
    func everyTransitionIsAllowedOrRefusedWithTheAllowedOnes(from: IncidentStatus) {
        for to in IncidentStatus.allCases {
            var times = IncidentTimes(start: Self.at(0))
            let key = "\(from.rawValue)→\(to.rawValue)"
            do {
                let next = try IncidentLifecycle.move(from, to: to, times: &times, at: Self.at(10))
                #expect(Self.allowed.contains(key), "\(key) was allowed")
                #expect(next == to)
            } catch {
                #expect(!Self.allowed.contains(key), "\(key) was refused")
                #expect(error.allowed == from.allowedNext && !error.needsPostmortem)
            }
        }
    }

    @Test func movesFillTheTimesTheyImply() throws {
        var times = IncidentTimes(start: Self.at(0), detected: Self.at(3))
        var status = try IncidentLifecycle.move(.investigating, to: .identified, times: &times, at: Self.at(8))
        #expect(times.detected == Self.at(3) && times.acknowledged == Self.at(8) && times.mitigated == nil)
        status = try IncidentLifecycle.move(status, to: .monitoring, times: &times, at: Self.at(20))
        #expect(times.mitigated == Self.at(20))
        status = try IncidentLifecycle.move(status, to: .resolved, times: &times, at: Self.at(45))
        #expect(times.resolved == Self.at(45) && times.timeToResolve == .seconds(45 * 60))
        // re-opening clears the resolution; closing needs the postmortem when required
        status = try IncidentLifecycle.move(status, to: .investigating, times: &times, at: Self.at(50))
        #expect(times.resolved == nil && status.isOpen)
        status = try IncidentLifecycle.move(status, to: .resolved, times: &times, at: Self.at(70))
        #expect(throws: IncidentTransitionError(from: .resolved, to: .closed, allowed: [.investigating, .closed], needsPostmortem: true)) {
            _ = try IncidentLifecycle.move(status, to: .closed, times: &times, at: Self.at(80), postmortemSatisfied: false)
        }
        #expect(try IncidentLifecycle.move(status, to: .closed, times: &times, at: Self.at(80)) == .closed)
        #expect(
            IncidentTransitionError(from: .closed, to: .investigating, allowed: [], needsPostmortem: false).description
                == "cannot go from closed to investigating; a closed incident does not change")
        #expect(
            IncidentTransitionError(from: .investigating, to: .closed, allowed: IncidentStatus.investigating.allowedNext, needsPostmortem: false).description
                == "cannot go from investigating to closed; allowed: identified, monitoring, resolved")
    }

    /// Four incidents in a week (minutes from t0):
    ///   A 0 / 5 / 7 / 20 / 60, B 1000 / 1002 / 1012 / 1030 / 1090,
    ///   C 3000 / 3010 / 3011 / 3015 / 3040, D 5000 / 5001 / 5031 / – / 5200.
    /// TTD 5,2,10,1 → mean 4.5, median 3.5, p90 8.5; TTA 2,10,1,30 → 10.75, 6, 24;
    /// TTM 20,30,15 → 21.67, 20, 28; TTR 60,90,40,200 → 97.5, 75, 167;
    /// MTBF 10080/4 = 2520; MTTF (940+1910+1960)/3 = 1603.33; availability
    /// 1603.33/(1603.33+97.5) = 0.942675…
    @Test func figuresMatchTheHandComputedFixture() throws {
        let incidents = [
            IncidentTimes(start: Self.at(0), detected: Self.at(5), acknowledged: Self.at(7), mitigated: Self.at(20), resolved: Self.at(60)),
            IncidentTimes(start: Self.at(1000), detected: Self.at(1002), acknowledged: Self.at(1012), mitigated: Self.at(1030), resolved: Self.at(1090)),
            IncidentTimes(start: Self.at(3000), detected: Self.at(3010), acknowledged: Self.at(3011), mitigated: Self.at(3015), resolved: Self.at(3040)),
            IncidentTimes(start: Self.at(5000), detected: Self.at(5001), acknowledged: Self.at(5031), resolved: Self.at(5200)),
        ]
        let figures = IncidentFigures(incidents.shuffled(), period: .seconds(7 * 86_400))
        func minutes(_ value: Double) -> Duration { .milliseconds(Int64((value * 60_000).rounded())) }
        #expect(figures.count == 4)
        #expect(figures.detect == DurationSummary(count: 4, mean: minutes(4.5), median: minutes(3.5), p90: minutes(8.5)))
        #expect(figures.acknowledge == DurationSummary(count: 4, mean: minutes(10.75), median: minutes(6), p90: minutes(24)))
        #expect(figures.mitigate == DurationSummary(count: 3, mean: .seconds(1300), median: minutes(20), p90: minutes(28)))
        #expect(figures.resolve == DurationSummary(count: 4, mean: minutes(97.5), median: minutes(75), p90: minutes(167)))
        #expect(figures.meanTimeBetweenFailures == minutes(2520))
        #expect(figures.meanTimeToFailure == .seconds(96_200))
        #expect(abs((figures.availability ?? 0) - 0.9426751592) < 1e-9)
        // none: no figures, not zeros
        let empty = IncidentFigures([], period: .seconds(86_400))
        #expect(empty.resolve == nil && empty.meanTimeBetweenFailures == nil && empty.availability == nil)
    }
}
