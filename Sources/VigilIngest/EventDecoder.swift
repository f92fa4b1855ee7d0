import Foundation
import VigilCore

/// Where an item stood in its batch.
public struct EventPosition: Hashable, Sendable {
    /// From 0.
    public var index: Int
    /// From 1, for line-oriented inputs.
    public var line: Int?
}

/// The events of a batch that decoded, where each came from, and the items that did not.
public struct DecodedBatch: Sendable {
    public var events: [Event] = []
    /// `positions[i]` is where `events[i]` came from.
    public var positions: [EventPosition] = []
    public var errors: [EventError] = []

    public init(events: [Event] = [], positions: [EventPosition] = [], errors: [EventError] = []) {
        self.events = events
        self.positions = positions
        self.errors = errors
    }
}

/// Decodes batches of events from JSON (an array), NDJSON (one object per line) or CSV.
/// Every bad item is reported with its index, line and field; a batch with any error is
/// meant to be rejected whole.
public enum EventDecoder {
    /// The fields an event object may carry.
    public static let fields = ["time", "sli", "service", "labels", "good", "total", "status", "latency_ms", "buckets"]

    /// Decodes a JSON array or NDJSON, whichever `data` holds.
    public static func decodeJSON(_ data: Data) -> DecodedBatch {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "[") {
            do {
                guard let items = try JSONSerialization.jsonObject(with: data) as? [Any] else {
                    return DecodedBatch(errors: [EventError(index: 0, field: "", message: "expected a JSON array of event objects")])
                }
                return decodeItems(items.enumerated().map { ($0, nil, $1) })
            } catch {
                return DecodedBatch(errors: [EventError(index: 0, field: "", message: "invalid JSON: \(jsonMessage(error))")])
            }
        }
        return decodeNDJSON([UInt8](data))
    }

    /// NDJSON: the non-blank lines are parsed as one JSON array in a single pass (one
    /// parser call instead of one per line, which measured several times faster); only
    /// when that fails is each line parsed alone, to say which lines are broken.
    static func decodeNDJSON(_ bytes: [UInt8]) -> DecodedBatch {
        var lines: [(number: Int, range: Range<Int>)] = []
        var lineStart = 0, lineNumber = 1
        for index in 0...bytes.count {
            guard index == bytes.count || bytes[index] == UInt8(ascii: "\n") else { continue }
            let content = bytes[lineStart..<index].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if !content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { lines.append((lineNumber, lineStart..<index)) }
            lineStart = index + 1
            lineNumber += 1
        }
        var joined = [UInt8]()
        joined.reserveCapacity(bytes.count + 2)
        joined.append(UInt8(ascii: "["))
        for (offset, line) in lines.enumerated() {
            if offset > 0 { joined.append(UInt8(ascii: ",")) }
            joined.append(contentsOf: bytes[line.range])
        }
        joined.append(UInt8(ascii: "]"))
        if let values = try? JSONSerialization.jsonObject(with: Data(joined)) as? [Any], values.count == lines.count {
            return decodeItems(values.enumerated().map { ($0, lines[$0].number, $1) })
        }
        var items: [(index: Int, line: Int?, value: Any)] = []
        var errors: [EventError] = []
        for (index, line) in lines.enumerated() {
            do {
                items.append((index, line.number, try JSONSerialization.jsonObject(with: Data(bytes[line.range]))))
            } catch {
                errors.append(EventError(index: index, line: line.number, field: "", message: "invalid JSON: \(jsonMessage(error))"))
            }
        }
        var decoded = decodeItems(items)
        decoded.errors = (errors + decoded.errors).sorted { $0.index < $1.index }
        return decoded
    }

    private static func jsonMessage(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }

    static func decodeItems(_ items: [(index: Int, line: Int?, value: Any)]) -> DecodedBatch {
        var batch = DecodedBatch()
        for (index, line, value) in items {
            switch decodeObject(value, index: index, line: line) {
            case .success(let event):
                batch.events.append(event)
                batch.positions.append(EventPosition(index: index, line: line))
            case .failure(let itemErrors): batch.errors += itemErrors.errors
            }
        }
        return batch
    }

    struct ItemErrors: Error { var errors: [EventError] }

    static func decodeObject(_ value: Any, index: Int, line: Int?) -> Result<Event, ItemErrors> {
        var errors: [EventError] = []
        func fail(_ field: String, _ message: String) { errors.append(EventError(index: index, line: line, field: field, message: message)) }
        guard let object = value as? [String: Any] else {
            return .failure(ItemErrors(errors: [EventError(index: index, line: line, field: "", message: "expected a JSON object")]))
        }
        for key in object.keys.sorted() where !fields.contains(key) {
            fail(key, "unknown field\(Suggestion.hint(for: key, among: fields))")
        }
        let time = (object["time"] as? String).flatMap(parseTime)
        if object["time"] == nil { fail("time", "required (RFC 3339, e.g. 2026-11-20T14:00:00Z)") } else if time == nil {
            fail("time", "expected an RFC 3339 timestamp such as 2026-11-20T14:00:00Z, found \(describe(object["time"]!))")
        }
        let subject = decodeSubject(object, fail: fail)
        let labels = decodeLabels(object["labels"], fail: fail)
        let measurement = decodeMeasurement(object, fail: fail)
        guard errors.isEmpty, let time, let subject, let labels, let measurement else { return .failure(ItemErrors(errors: errors)) }
        return .success(Event(time: time, subject: subject, labels: labels, measurement: measurement))
    }

    /// `sli` or `service`, exactly one.
    static func decodeSubject(_ object: [String: Any], fail: (String, String) -> Void) -> Event.Subject? {
        switch (object["sli"], object["service"]) {
        case (let sli?, nil):
            guard let name = sli as? String, !name.isEmpty else { fail("sli", "expected the SLI's name, found \(describe(sli))"); return nil }
            return .sli(name)
        case (nil, let service?):
            guard let name = service as? String, !name.isEmpty else { fail("service", "expected the service's name, found \(describe(service))"); return nil }
            return .service(name)
        case (_?, _?):
            fail("", "give sli or service, not both"); return nil
        case (nil, nil):
            fail("sli", "required: the SLI's name (or service, for every SLI of a service)"); return nil
        }
    }

    /// An object of string labels; absent is empty.
    static func decodeLabels(_ value: Any?, fail: (String, String) -> Void) -> [String: String]? {
        guard let value else { return [:] }
        guard let object = value as? [String: Any] else { fail("labels", "expected an object of label names to strings, found \(describe(value))"); return nil }
        var labels: [String: String] = [:]
        for (name, labelValue) in object {
            guard let text = labelValue as? String else { fail("labels.\(name)", "label values are strings, found \(describe(labelValue))"); return nil }
            labels[name] = text
        }
        return labels
    }

    static func decodeMeasurement(_ object: [String: Any], fail: (String, String) -> Void) -> Event.Measurement? {
        let isRequest = object["latency_ms"] != nil || object["status"] != nil
        let forms = [object["good"] != nil || object["total"] != nil, isRequest, object["buckets"] != nil]
        guard forms.filter({ $0 }).count == 1 else {
            fail("", forms.contains(true)
                ? "give only one of good/total, status/latency_ms, buckets"
                : "give good and total, or status and/or latency_ms (one request), or buckets")
            return nil
        }
        if forms[0] {
            let good = count(object["good"], field: "good", fail: fail)
            let total = count(object["total"], field: "total", fail: fail)
            guard let good, let total else { return nil }
            guard good <= total else { fail("good", "\(good) good events exceed total \(total)"); return nil }
            return .counts(good: good, total: total)
        }
        if forms[1] {
            var latency: Duration?, status: Int?
            var valid = true
            if let value = object["latency_ms"] {
                if let number = value as? NSNumber, !isBoolean(number), number.doubleValue.isFinite, number.doubleValue >= 0 {
                    latency = .microseconds(Int64((number.doubleValue * 1000).rounded()))
                } else {
                    fail("latency_ms", "expected a latency in milliseconds (a number ≥ 0), found \(describe(value))")
                    valid = false
                }
            }
            if let value = object["status"] {
                if let number = value as? NSNumber, !isBoolean(number), number.doubleValue == number.doubleValue.rounded(), (100...599).contains(number.doubleValue) {
                    status = number.intValue
                } else {
                    fail("status", "expected an HTTP status code from 100 to 599, found \(describe(value))")
                    valid = false
                }
            }
            return valid ? .request(status: status, latency: latency) : nil
        }
        guard let buckets = object["buckets"] as? [String: Any], !buckets.isEmpty else {
            fail("buckets", "expected an object of upper bounds in ms (and \"+Inf\") to cumulative counts")
            return nil
        }
        var parsed: [LatencyHistogram.Bucket] = []
        for key in buckets.keys.sorted() {
            let bound: Duration?
            if key == "+Inf" { bound = nil } else if let ms = Double(key), ms >= 0, ms.isFinite {
                bound = .microseconds(Int64((ms * 1000).rounded()))
            } else {
                fail("buckets.\(key)", "bucket bounds are milliseconds or \"+Inf\""); continue
            }
            guard let value = count(buckets[key], field: "buckets.\(key)", fail: fail) else { continue }
            parsed.append(LatencyHistogram.Bucket(upperBound: bound, cumulativeCount: value))
        }
        let histogram = LatencyHistogram(buckets: parsed)
        guard histogram.buckets.last?.upperBound == nil else { fail("buckets", "needs a \"+Inf\" bucket holding the total count"); return nil }
        let counts = histogram.buckets.map(\.cumulativeCount)
        guard zip(counts, counts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            fail("buckets", "counts are cumulative and must not decrease as bounds grow"); return nil
        }
        return parsed.count == buckets.count ? .histogram(histogram) : nil
    }

    static func count(_ value: Any?, field: String, fail: (String, String) -> Void) -> Int64? {
        guard let value else { fail(field, "required"); return nil }
        guard let number = value as? NSNumber, !isBoolean(number), number.doubleValue == number.doubleValue.rounded(),
              number.doubleValue >= 0, number.doubleValue < 9e15 else {
            fail(field, "expected a whole number ≥ 0, found \(describe(value))")
            return nil
        }
        return number.int64Value
    }

    /// JSON `true`/`false`. Foundation on Linux lets `1 as? Bool` succeed, so the number's
    /// own type code is what tells a boolean from an integer.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    static func describe(_ value: Any) -> String {
        if let string = value as? String { return "\"\(string)\"" }
        if value is NSNull { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), let text = String(data: data, encoding: .utf8) {
            return text
        }
        return "\(value)"
    }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    public static func parseTime(_ text: String) -> Date? {
        RFC3339.parse(text)
    }
}
