import Foundation
import VigilCore

extension Event {
    /// The event as one NDJSON line in the ingestion format (what `vigil events push` sends).
    public var jsonLine: String {
        var object: [String: Any] = ["time": RFC3339.format(time)]
        switch subject {
        case .sli(let name): object["sli"] = name
        case .service(let name): object["service"] = name
        }
        if !labels.isEmpty { object["labels"] = labels }
        switch measurement {
        case .counts(let good, let total):
            object["good"] = good
            object["total"] = total
        case .request(let status, let latency):
            if let status { object["status"] = status }
            if let latency { object["latency_ms"] = latency.inMilliseconds }
        case .histogram(let histogram):
            var buckets: [String: Int64] = [:]
            for bucket in histogram.buckets {
                let key =
                    bucket.upperBound.map { bound in
                        let ms = bound.inMilliseconds
                        return ms == ms.rounded() ? String(Int64(ms)) : String(ms)
                    } ?? "+Inf"
                buckets[key] = bucket.cumulativeCount
            }
            object["buckets"] = buckets
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
