import Foundation
import Testing
import VigilAPIModels
import VigilConfig
import VigilCore
import VigilReports

/// The hand-written SLO documents say exactly what the `Encodable` ones say.
@Suite struct JSONWriterTests {
    static func parse(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func sloDocumentsMatchTheEncodableForm() throws {
        let yaml = """
            services: [{name: api}]
            slis: [{name: req}, {name: lat, kind: latency, threshold: 250ms}]
            alert_policies: [{name: p, min_events: 5, exhaustion: {within: 1d}}]
            slos:
              - {name: a, service: api, sli: req, objective: 0.999, window: 30d, alerting: {policy: p}}
              - {name: b, service: api, sli: lat, objective: 0.9, window: {calendar: week}}
              - {name: c, service: api, sli: req, objective: 0.99, window: 7d, timeslices: {slice: 5m, target: 0.95}}
              - {name: d, service: api, sli: {name: none}, objective: 0.99, window: 1d}
            """
        let configuration = try ConfigLoader.load(yaml: yaml, file: "t.yaml").get()
        var series = BucketSeries(startingAt: 29_000_000)
        var rng = SystemRandomNumberGenerator()
        for minute in 29_000_000..<29_005_000 as Range<EpochMinute> {
            let valid = Int64.random(in: 0...50, using: &rng)
            series.record(EventCounts(good: valid - Int64.random(in: 0...min(valid, 3), using: &rng), valid: valid), at: minute)
        }
        let report = SLOReport.build(configuration: configuration, series: ["req": series, "lat": series], at: 29_005_000)
        for entry in report.entries {
            let document = API.SLODocument(entry)
            var writer = JSONWriter()
            document.write(to: &writer)
            #expect(try Self.parse(Data(writer.bytes)) == Self.parse(try APIJSON.encoder.encode(document)), "\(entry.spec.name)")
            // and what the server writes by hand is what the CLI reads into the model
            #expect(try APIJSON.decoder.decode(API.SLODocument.self, from: Data(writer.bytes)) == document, "\(entry.spec.name)")
        }
    }

    @Test func escapesStrings() throws {
        var writer = JSONWriter()
        writer.object { json in
            json.field("text", "a \"quote\", a \\ backslash,\na newline and \u{01}")
            json.field("none", nil as String?)
            json.field("pi", 3.25)
            json.field("whole", 2.0)
        }
        let parsed = try Self.parse(Data(writer.bytes))
        #expect(parsed["text"] as? String == "a \"quote\", a \\ backslash,\na newline and \u{01}")
        #expect(parsed["none"] is NSNull)
        #expect(parsed["pi"] as? Double == 3.25)
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains("\"whole\":2"))
    }
}
