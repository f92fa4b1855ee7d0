import Foundation
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilIngest

/// The hand-written event scanner against Foundation's JSON parser.
@Suite struct EventScannerTests {
    /// Events written by JSONSerialization (escapes, odd spacing, exponents) read back as
    /// the events they encode.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func readsWhatFoundationWrites(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let alphabet = ["a", "/", "\"", "\\", "é", "🚀", "\n", "\t", "\u{1}", " ", "{", "}"]
        var lines: [String] = []
        var expected: [Event] = []
        for index in 0..<300 {
            let label = (0..<Int.random(in: 0...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            let minute = Int64.random(in: 29_000_000...29_100_000, using: &random)
            let time = RFC3339.format(minute: minute)
            var object: [String: Any] = ["time": time, "labels": ["route": label]]
            let event: Event
            switch index % 3 {
            case 0:
                let total = Int64.random(in: 0...1_000_000, using: &random)
                let good = Int64.random(in: 0...total, using: &random)
                object["sli"] = "s\(index)"
                object["good"] = good
                object["total"] = total
                event = Event(time: Date(epochMinute: minute), sli: "s\(index)", labels: ["route": label], measurement: .counts(good: good, total: total))
            case 1:
                let ms = Double(Int.random(in: 0...10_000_000, using: &random)) / 1000
                object["service"] = "svc"
                object["latency_ms"] = ms
                object["status"] = 503
                event = Event(
                    time: Date(epochMinute: minute), subject: .service("svc"), labels: ["route": label],
                    measurement: .request(status: 503, latency: .microseconds(Int64((ms * 1000).rounded()))))
            default:
                object["sli"] = "h"
                object["buckets"] = ["100": 5, "+Inf": 9]
                event = Event(
                    time: Date(epochMinute: minute), sli: "h", labels: ["route": label],
                    measurement: .histogram(
                        LatencyHistogram(buckets: [
                            .init(upperBound: .milliseconds(100), cumulativeCount: 5), .init(upperBound: nil, cumulativeCount: 9),
                        ])))
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: index % 2 == 0 ? [.prettyPrinted] : [])
            // NDJSON needs one line per event: pretty-printing is only for the array form.
            lines.append(String(decoding: data, as: UTF8.self))
            expected.append(event)
        }
        let array = EventDecoder.decodeJSON(Data(("[" + lines.joined(separator: ",\n") + "]").utf8))
        #expect(array.errors.isEmpty)
        #expect(array.events == expected)
        let compact = try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let ndjson = EventDecoder.decodeJSON(Data(compact.joined(separator: "\n").utf8))
        #expect(ndjson.errors.isEmpty)
        #expect(ndjson.events == expected)
    }

    /// Damaged lines: the scanner calls a line invalid JSON exactly when Foundation's
    /// parser refuses it.
    @Test(arguments: [4, 5, 6] as [UInt64])
    func refusesWhatFoundationRefuses(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let base = Array(#"{"time":"2026-11-20T00:00:00Z","sli":"a\u00e9\"","labels":{"k":"v"},"latency_ms":1.5e2,"status":200}"#.utf8)
        let inserts = Array(#"{}[]",:\ 0-.eE"#.utf8)
        for _ in 0..<400 {
            var line = base
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let at = Int.random(in: 0..<line.count, using: &random)
                if Bool.random(using: &random) { line.remove(at: at) } else { line.insert(inserts.randomElement(using: &random)!, at: at) }
            }
            let foundation = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
            let errors = EventDecoder.decodeJSON(Data(line)).errors
            let syntax = errors.contains { $0.message.hasPrefix("invalid JSON") || $0.message.hasPrefix("expected a JSON object") }
            #expect(syntax == (foundation == nil), "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test func syntaxErrorsSayWhere() {
        let array = EventDecoder.decodeJSON(Data("[\n  {\"time\": \"x\", \"sli\": tru}\n]".utf8))
        #expect(array.errors.map(\.message) == ["invalid JSON at line 2, column 24: invalid literal, expected true"])
        let items = EventDecoder.decodeJSON(Data(#"[5, {"time":"2026-11-20T00:00:00Z","sli":"a","good":1,"total":1}, "x"]"#.utf8))
        #expect(items.errors.map(\.description) == ["item 0: expected a JSON object, found 5", #"item 2: expected a JSON object, found "x""#])
        #expect(items.events.count == 1)
        let lines = EventDecoder.decodeJSON(Data("{\"time\":\"2026-11-20T00:00:00Z\",\"sli\":\"a\",\"good\":1,\"total\":1} x\n[1]".utf8))
        #expect(
            lines.errors.map(\.description) == [
                "line 1: invalid JSON at column 62: unexpected text after the object",
                "line 2: expected a JSON object, found an array of 1 item",
            ])
    }

    @Test func escapesAreDecoded() {
        let line = #"{"time":"2026-11-20T00:00:00Z","sli":"a\u00e9\ud83d\ude80\/\"","good":1,"total":1}"#
        #expect(EventDecoder.decodeJSON(Data(line.utf8)).events.first?.subject == .sli("aé🚀/\""))
    }
}

extension EventScannerTests {
    /// Found by the damaged-lines test: a huge latency or bound must be refused, not
    /// overflow.
    @Test func hugeNumbersAreRefused() {
        let text = """
            {"time":"2026-11-20T00:00:00Z","sli":"a","latency_ms":1.5e200}
            {"time":"2026-11-20T00:00:00Z","sli":"a","buckets":{"1e300":1,"+Inf":1}}
            {"time":"2026-11-20T00:00:00Z","sli":"a","good":1e300,"total":1e300}
            """
        #expect(EventDecoder.decodeJSON(Data(text.utf8)).errors.map(\.field) == ["latency_ms", "buckets.1e300", "good", "total"])
    }
}
