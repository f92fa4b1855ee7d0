import Foundation
import VigilCore

extension Event {
    /// The event as one NDJSON line in the ingestion format (what `vigil events push` sends).
    public var jsonLine: String {
        var object: [String: Any] = ["time": RFC3339.format(time), "sli": sli]
        switch measurement {
        case .counts(let good, let total):
            object["good"] = good
            object["total"] = total
        case .latency(let latency):
            object["latency_ms"] = Double(latency.wholeMilliseconds) + Double(latency.components.attoseconds % 1_000_000_000_000_000) / 1e15
        case .histogram(let histogram):
            var buckets: [String: Int64] = [:]
            for bucket in histogram.buckets {
                let key = bucket.upperBound.map { bound in
                    let ms = Double(bound.wholeMilliseconds) + Double(bound.components.attoseconds % 1_000_000_000_000_000) / 1e15
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
