import Foundation
import Testing
import VigilCore

@testable import VigilIngest

@Suite struct EventDecoderTests {
    @Test func decodesNDJSONWithEveryMeasurementForm() throws {
        let text = """
            {"time":"2026-11-20T00:00:00Z","sli":"a","good":9,"total":10}

            {"time":"2026-11-20T00:01:30.250Z","sli":"b","latency_ms":120.5}
            {"time":"2026-11-20T00:02:00+01:00","sli":"b","buckets":{"100":5,"300":8,"+Inf":10}}
            """
        let batch = EventDecoder.decodeJSON(Data(text.utf8))
        #expect(batch.errors.isEmpty)
        #expect(batch.events.count == 3)
        #expect(batch.events[0].measurement == .counts(good: 9, total: 10))
        #expect(batch.events[1].measurement == .latency(.microseconds(120_500)))
        #expect(batch.events[2].time == ISO8601DateFormatter().date(from: "2026-11-19T23:02:00Z"))
        #expect(batch.positions.map(\.line) == [1, 3, 4])
        guard case .histogram(let histogram) = batch.events[2].measurement else {
            Issue.record("expected buckets")
            return
        }
        #expect(histogram.counts(threshold: .milliseconds(300)) == EventCounts(good: 8, valid: 10))
        #expect(histogram.counts(threshold: .milliseconds(250)) == EventCounts(good: 5, valid: 10))
        #expect(histogram.hasBound(at: .milliseconds(250)) == false)
    }

    /// Foundation on Linux bridges 1 to `true`; booleans must still be refused as counts.
    @Test func booleansAreNotCounts() {
        let batch = EventDecoder.decodeJSON(Data(#"{"time":"2026-11-20T00:00:00Z","sli":"a","good":true,"total":1}"#.utf8))
        #expect(batch.errors.map(\.description) == ["line 1: good: expected a whole number ≥ 0, found true"])
    }

    @Test func decodesAJSONArray() {
        let batch = EventDecoder.decodeJSON(Data(#"[{"time":"2026-11-20T00:00:00Z","sli":"a","good":1,"total":1}]"#.utf8))
        #expect(batch.errors.isEmpty)
        #expect(batch.positions.map(\.index) == [0])
    }

    /// Every bad item is reported with its line and field.
    @Test func reportsEveryBadItem() {
        let text = """
            {"time":"yesterday","sli":"a","good":1,"total":1}
            {"time":"2026-11-20T00:00:00Z","sli":"a","good":5,"total":2}
            {"time":"2026-11-20T00:00:00Z","sli":"a","good":1,"totl":1}
            {"time":"2026-11-20T00:00:00Z","sli":"a","latency_ms":-3}
            not json
            {"time":"2026-11-20T00:00:00Z","sli":"a","buckets":{"100":5,"+Inf":3}}
            {"time":"2026-11-20T00:00:00Z","sli":"a","good":1,"total":1,"latency_ms":4}
            """
        let messages = EventDecoder.decodeJSON(Data(text.utf8)).errors.map(\.description)
        #expect(messages.count == 8)
        #expect(messages.contains(#"line 1: time: expected an RFC 3339 timestamp such as 2026-11-20T14:00:00Z, found "yesterday""#))
        #expect(messages.contains("line 2: good: 5 good events exceed total 2"))
        #expect(messages.contains("line 3: totl: unknown field; did you mean 'total'?"))
        #expect(messages.contains("line 3: total: required"))
        #expect(messages.contains("line 4: latency_ms: expected a latency in milliseconds (a number from 0 to 1e12), found -3"))
        #expect(messages.contains { $0.hasPrefix("line 5: invalid JSON") })
        #expect(messages.contains("line 6: buckets: counts are cumulative and must not decrease as bounds grow"))
        #expect(messages.contains("line 7: give only one of good/total, status/latency_ms, buckets"))
    }

    @Test func decodesCSVWithQuotes() {
        let csv = "time,sli,good,total,latency_ms\n2026-11-20T00:00:00Z,\"a\",3,4,\n2026-11-20T00:01:00Z,b,,,250\n2026-11-20T00:02:00Z,b,1\n"
        let batch = EventDecoder.decodeCSV(csv)
        #expect(batch.events.map(\.measurement) == [.counts(good: 3, total: 4), .latency(.milliseconds(250))])
        #expect(batch.errors.map(\.description) == ["line 4: expected 5 cells, found 3"])
        #expect(
            EventDecoder.decodeCSV("when,sli\n").errors.map(\.description) == [
                "line 1: when: unknown CSV column; expected time, sli, service, good, total, status, latency_ms"
            ])
    }

    @Test func recorderJudgesAgainstTheSLIAndRejectsWholeBatches() {
        let indicators = [
            "req": ServiceLevelIndicator(name: "req"),
            "lat": ServiceLevelIndicator(name: "lat", kind: .latency(threshold: .milliseconds(300))),
        ]
        var recorder = SeriesRecorder(indicators: indicators, earliestMinute: 29_000_000)
        let t = Date(epochMinute: 29_000_010)
        let good = DecodedBatch(
            events: [
                Event(time: t, sli: "lat", measurement: .latency(.milliseconds(300))),
                Event(time: t, sli: "lat", measurement: .latency(.milliseconds(301))),
                Event(time: t, sli: "req", measurement: .counts(good: 7, total: 9)),
            ],
            positions: (0..<3).map { EventPosition(index: $0, line: $0 + 1) })
        #expect(recorder.recordAll(good).isEmpty)
        #expect(recorder.series["lat"]?.counts(at: 29_000_010) == EventCounts(good: 1, valid: 2))
        #expect(recorder.series["req"]?.counts(at: 29_000_010) == EventCounts(good: 7, valid: 9))
        let bad = DecodedBatch(
            events: [
                Event(time: t, sli: "req", measurement: .counts(good: 1, total: 1)),
                Event(time: t, sli: "rq", measurement: .counts(good: 1, total: 1)),
                Event(time: t, sli: "req", measurement: .latency(.milliseconds(5))),
            ],
            positions: (0..<3).map { EventPosition(index: $0, line: nil) })
        #expect(
            recorder.recordAll(bad).map(\.description) == [
                "item 1: sli: unknown SLI 'rq'; did you mean 'req'?",
                "item 2: 'req' is a ratio SLI: send good and total, or a request's status",
            ])
        // nothing of the rejected batch was recorded
        #expect(recorder.series["req"]?.counts(at: 29_000_010) == EventCounts(good: 7, valid: 9))
    }
}
