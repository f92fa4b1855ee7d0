import Foundation
import Testing
import VigilCore

@testable import VigilIngest

/// The `service` + labels + status form of events, and grouped SLOs.
@Suite struct EventFormsTests {
    static let t = Date(epochMinute: 29_000_010)
    static let availability = ServiceLevelIndicator(name: "web-requests", errorStatuses: StatusCodeSet(ranges: [500...599, 429...429]))
    static let latency = ServiceLevelIndicator(name: "web-latency", kind: .latency(threshold: .milliseconds(300)))
    static func slos(limit: Int = 2) -> [ServiceLevelObjective] {
        [
            ServiceLevelObjective(name: "web-availability", service: "web", sli: availability, objective: 0.99, window: .rolling(.seconds(86_400))),
            ServiceLevelObjective(
                name: "web-latency-by-route", service: "web", sli: latency, objective: 0.9, window: .rolling(.seconds(86_400)),
                grouping: SLOGrouping(labels: ["route"], limit: limit)),
        ]
    }
    static var judge: EventJudge {
        EventJudge(indicators: [availability.name: availability, latency.name: latency], slos: slos(), earliestMinute: 29_000_000)
    }

    @Test func decodesServiceLabelsAndStatus() {
        let text = """
            {"time":"2026-11-20T00:00:00Z","service":"web","labels":{"route":"/cart"},"status":503,"latency_ms":120}
            {"time":"2026-11-20T00:00:00Z","sli":"web-requests","status":200}
            """
        let batch = EventDecoder.decodeJSON(Data(text.utf8))
        #expect(batch.errors.isEmpty)
        #expect(batch.events.map(\.subject) == [.service("web"), .sli("web-requests")])
        #expect(batch.events[0].labels == ["route": "/cart"])
        #expect(batch.events[0].measurement == .request(status: 503, latency: .milliseconds(120)))
        #expect(batch.events[1].measurement == .request(status: 200, latency: nil))
        // what `vigil events push` sends reads back the same
        let again = EventDecoder.decodeJSON(Data(batch.events.map(\.jsonLine).joined(separator: "\n").utf8))
        #expect(again.events == batch.events)
    }

    @Test func badFormsAreNamed() {
        let text = """
            {"time":"2026-11-20T00:00:00Z","sli":"a","service":"web","status":200}
            {"time":"2026-11-20T00:00:00Z","service":"web","status":600}
            {"time":"2026-11-20T00:00:00Z","service":"web","status":true}
            {"time":"2026-11-20T00:00:00Z","service":"web","labels":{"route":5},"status":200}
            {"time":"2026-11-20T00:00:00Z","service":"","status":200}
            {"time":"2026-11-20T00:00:00Z","status":200}
            {"time":"2026-11-20T00:00:00Z","service":"web","status":200,"good":1,"total":1}
            """
        let messages = EventDecoder.decodeJSON(Data(text.utf8)).errors.map(\.description)
        #expect(
            messages == [
                "line 1: give sli or service, not both",
                "line 2: status: expected an HTTP status code from 100 to 599, found 600",
                "line 3: status: expected an HTTP status code from 100 to 599, found true",
                "line 4: labels.route: label values are strings, found 5",
                "line 5: service: expected the service's name, found \"\"",
                "line 6: sli: required: the SLI's name (or service, for every SLI of a service)",
                "line 7: give only one of good/total, status/latency_ms, buckets",
            ])
    }

    /// A service event feeds each of the service's SLIs that can judge it: the status
    /// goes to the ratio SLI (429 counted bad by its error_status), the latency to the
    /// latency SLI.
    @Test func serviceEventsFeedEverySLIThatCanJudgeThem() {
        let judge = Self.judge
        let events = [
            Event(time: Self.t, subject: .service("web"), measurement: .request(status: 429, latency: .milliseconds(100))),
            Event(time: Self.t, subject: .service("web"), measurement: .request(status: 200, latency: nil)),
            Event(time: Self.t, subject: .service("web"), measurement: .latency(.milliseconds(400))),
        ]
        #expect(events.compactMap { judge.problem(with: $0) }.isEmpty)
        let deltas = judge.aggregate(events).deltas
        #expect(deltas.first { $0.sli == "web-requests" }?.counts == EventCounts(good: 1, valid: 2))
        #expect(deltas.first { $0.sli == "web-latency" }?.counts == EventCounts(good: 1, valid: 2))
        #expect(deltas.first { $0.sli == "web-latency" }?.latencies?.total == 2)
        #expect(deltas.first { $0.sli == "web-requests" }?.latencies == nil)
    }

    @Test func serviceEventsThatNothingCanJudgeAreRefused() {
        let judge = Self.judge
        let unknown = judge.problem(with: Event(time: Self.t, subject: .service("wbe"), measurement: .request(status: 200, latency: nil)))
        #expect(unknown?.field == "service")
        #expect(unknown?.message == "no SLO of service 'wbe' takes events; did you mean 'web'?")
        let histogram = LatencyHistogram(buckets: [.init(upperBound: nil, cumulativeCount: 1)])
        #expect(judge.problem(with: Event(time: Self.t, subject: .service("web"), measurement: .histogram(histogram))) == nil)
        let statusForLatency = judge.problem(with: Event(time: Self.t, sli: "web-latency", measurement: .request(status: 200, latency: nil)))
        #expect(statusForLatency?.message == "'web-latency' is a latency SLI: send latency_ms, buckets, or good and total")
    }

    /// Each route gets its own instance up to the limit; later routes share the overflow
    /// instance, and the SLI's own series still counts everything.
    @Test func groupsAreAdmittedUpToTheLimitThenOverflow() {
        let judge = Self.judge
        var admission = GroupAdmission(slos: Self.slos())
        func request(_ route: String?, _ ms: Int64) -> Event {
            Event(time: Self.t, sli: "web-latency", labels: route.map { ["route": $0] } ?? [:], measurement: .latency(.milliseconds(ms)))
        }
        let first = admission.admit(judge.aggregate([request("/cart", 100), request("/cart", 500), request("/pay", 100)]))
        #expect(first.map(\.sli) == [#"@web-latency-by-route["/cart"]"#, #"@web-latency-by-route["/pay"]"#, "web-latency"])
        #expect(first[0].counts == EventCounts(good: 1, valid: 2))
        let second = admission.admit(judge.aggregate([request("/search", 100), request(nil, 900), request("/pay", 100)]))
        #expect(second.map(\.sli) == ["@web-latency-by-route*", #"@web-latency-by-route["/pay"]"#, "web-latency"])
        #expect(second[0].counts == EventCounts(good: 1, valid: 2))
        #expect(second[0].latencies?.total == 2)
        #expect(second[2].counts == EventCounts(good: 2, valid: 3))
        #expect(admission.isFull("web-latency-by-route"))
        #expect(admission.overflowedEvents["web-latency-by-route"] == 2)
        #expect(admission.instances["web-latency-by-route"]?.map(\.group) == [.values(["/cart"]), .values(["/pay"]), .overflow])

        // After a restart the stored series give back the same instances.
        let stored = (first + second).map(\.sli)
        let restarted = GroupAdmission(slos: Self.slos(), storedSeries: stored)
        #expect(restarted.instances == admission.instances)
        // A lower limit keeps the first instances by key; a new grouping forgets them.
        let lowered = GroupAdmission(slos: Self.slos(limit: 1), storedSeries: stored)
        #expect(lowered.instances["web-latency-by-route"]?.map(\.group) == [.values(["/cart"]), .overflow])
        var regrouped = admission
        var slos = Self.slos()
        slos[1].grouping = SLOGrouping(labels: ["route", "method"], limit: 5)
        regrouped.reconfigure(slos: slos, storedSeries: stored)
        #expect(regrouped.instances["web-latency-by-route"]?.map(\.group) == [.overflow])
    }

    @Test func recorderReportsGroupedInstances() {
        var recorder = SeriesRecorder(indicators: [Self.latency.name: Self.latency], slos: Self.slos(limit: 5), earliestMinute: 29_000_000)
        let batch = DecodedBatch(
            events: [Event(time: Self.t, sli: "web-latency", labels: ["route": "/a"], measurement: .latency(.milliseconds(1)))],
            positions: [EventPosition(index: 0, line: 1)])
        #expect(recorder.recordAll(batch).isEmpty)
        #expect(recorder.groups.instances["web-latency-by-route"] == [SLOInstance(slo: "web-latency-by-route", group: .values(["/a"]))])
        #expect(recorder.series[#"@web-latency-by-route["/a"]"#]?.counts(at: 29_000_010) == EventCounts(good: 1, valid: 1))
    }
}
