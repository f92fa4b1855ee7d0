import Foundation
import VigilCore

extension EventDecoder {
    struct ItemErrors: Error { var errors: [EventError] }

    /// Checks the fields of one item and builds its event, or lists everything wrong
    /// with it. Shared by JSON and CSV, so both say the same things.
    static func validate(_ raw: RawEvent, index: Int, line: Int?) -> Result<Event, ItemErrors> {
        var errors: [EventError] = []
        func fail(_ field: String, _ message: String) { errors.append(EventError(index: index, line: line, field: field, message: message)) }
        for key in raw.unknown.sorted() {
            fail(key, "unknown field\(Suggestion.hint(for: key, among: fields))")
        }
        let time = decodeTime(raw.time, fail: fail)
        let subject = decodeSubject(raw, fail: fail)
        let labels = decodeLabels(raw.labels, fail: fail)
        let measurement = decodeMeasurement(raw, fail: fail)
        guard errors.isEmpty, let time, let subject, let labels, let measurement else { return .failure(ItemErrors(errors: errors)) }
        return .success(Event(time: time, subject: subject, labels: labels, measurement: measurement))
    }

    /// The largest latency or bucket bound taken, in ms (~32 years): beyond it a latency
    /// is a client bug, and its microseconds would overflow.
    static let maximumMilliseconds = 1e12

    static func decodeTime(_ value: FieldValue?, fail: (String, String) -> Void) -> Date? {
        switch value {
        case .timestamp(let date)?: return date
        case .string(let text)?:
            if let date = parseTime(text) { return date }
        case nil:
            fail("time", "required (RFC 3339, e.g. 2026-11-20T14:00:00Z)")
            return nil
        default: break
        }
        fail("time", "expected an RFC 3339 timestamp such as 2026-11-20T14:00:00Z, found \(value!.description)")
        return nil
    }

    /// `sli` or `service`, exactly one.
    static func decodeSubject(_ raw: RawEvent, fail: (String, String) -> Void) -> Event.Subject? {
        switch (raw.sli, raw.service) {
        case (let sli?, nil):
            guard case .string(let name) = sli, !name.isEmpty else {
                fail("sli", "expected the SLI's name, found \(sli.description)")
                return nil
            }
            return .sli(name)
        case (nil, let service?):
            guard case .string(let name) = service, !name.isEmpty else {
                fail("service", "expected the service's name, found \(service.description)")
                return nil
            }
            return .service(name)
        case (_?, _?):
            fail("", "give sli or service, not both")
            return nil
        case (nil, nil):
            fail("sli", "required: the SLI's name (or service, for every SLI of a service)")
            return nil
        }
    }

    /// An object of string labels; absent is empty.
    static func decodeLabels(_ value: FieldValue?, fail: (String, String) -> Void) -> [String: String]? {
        guard let value else { return [:] }
        guard case .object(let members) = value else {
            fail("labels", "expected an object of label names to strings, found \(value.description)")
            return nil
        }
        var labels: [String: String] = [:]
        for (name, labelValue) in members {
            guard case .string(let text) = labelValue else {
                fail("labels.\(name)", "label values are strings, found \(labelValue.description)")
                return nil
            }
            labels[name] = text
        }
        return labels
    }

    static func decodeMeasurement(_ raw: RawEvent, fail: (String, String) -> Void) -> Event.Measurement? {
        let isRequest = raw.latency != nil || raw.status != nil
        let forms = [raw.good != nil || raw.total != nil, isRequest, raw.buckets != nil]
        guard forms.filter({ $0 }).count == 1 else {
            fail(
                "",
                forms.contains(true)
                    ? "give only one of good/total, status/latency_ms, buckets"
                    : "give good and total, or status and/or latency_ms (one request), or buckets")
            return nil
        }
        if forms[0] {
            let good = count(raw.good, field: "good", fail: fail)
            let total = count(raw.total, field: "total", fail: fail)
            guard let good, let total else { return nil }
            guard good <= total else {
                fail("good", "\(good) good events exceed total \(total)")
                return nil
            }
            return .counts(good: good, total: total)
        }
        if forms[1] {
            var latency: Duration?
            var status: Int?
            var valid = true
            if let value = raw.latency {
                if case .number(let ms) = value, ms >= 0, ms <= maximumMilliseconds {
                    latency = .microseconds(Int64((ms * 1000).rounded()))
                } else {
                    fail("latency_ms", "expected a latency in milliseconds (a number from 0 to 1e12), found \(value.description)")
                    valid = false
                }
            }
            if let value = raw.status {
                if case .number(let code) = value, code == code.rounded(), (100...599).contains(code) {
                    status = Int(code)
                } else {
                    fail("status", "expected an HTTP status code from 100 to 599, found \(value.description)")
                    valid = false
                }
            }
            return valid ? .request(status: status, latency: latency) : nil
        }
        return decodeBuckets(raw.buckets!, fail: fail)
    }

    static func decodeBuckets(_ value: FieldValue, fail: (String, String) -> Void) -> Event.Measurement? {
        guard case .object(let members) = value, !members.isEmpty else {
            fail("buckets", "expected an object of upper bounds in ms (and \"+Inf\") to cumulative counts")
            return nil
        }
        var parsed: [LatencyHistogram.Bucket] = []
        for (key, count) in members.sorted(by: { $0.key < $1.key }) {
            let bound: Duration?
            if key == "+Inf" {
                bound = nil
            } else if let ms = Double(key), ms >= 0, ms <= maximumMilliseconds {
                bound = .microseconds(Int64((ms * 1000).rounded()))
            } else {
                fail("buckets.\(key)", "bucket bounds are milliseconds or \"+Inf\"")
                continue
            }
            guard let value = Self.count(count, field: "buckets.\(key)", fail: fail) else { continue }
            parsed.append(LatencyHistogram.Bucket(upperBound: bound, cumulativeCount: value))
        }
        let histogram = LatencyHistogram(buckets: parsed)
        guard histogram.buckets.last?.upperBound == nil else {
            fail("buckets", "needs a \"+Inf\" bucket holding the total count")
            return nil
        }
        let counts = histogram.buckets.map(\.cumulativeCount)
        guard zip(counts, counts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            fail("buckets", "counts are cumulative and must not decrease as bounds grow")
            return nil
        }
        return parsed.count == members.count ? .histogram(histogram) : nil
    }

    static func count(_ value: FieldValue?, field: String, fail: (String, String) -> Void) -> Int64? {
        guard let value else {
            fail(field, "required")
            return nil
        }
        guard case .number(let number) = value, number == number.rounded(), number >= 0, number < 9e15 else {
            fail(field, "expected a whole number ≥ 0, found \(value.description)")
            return nil
        }
        return Int64(number)
    }
}
