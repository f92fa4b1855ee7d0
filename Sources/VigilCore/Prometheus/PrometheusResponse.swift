import Foundation

/// A `query_range` answer of the Prometheus HTTP API, read into one value per minute.
public enum PrometheusResponse {
    /// Why an answer gave no data.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// Prometheus said no (`{"status":"error","errorType":…,"error":…}`).
        case refused(type: String, message: String)
        /// Not the API's JSON.
        case malformed(String)

        public var description: String {
            switch self {
            case .refused(let type, let message): "Prometheus refused the query (\(type)): \(message)"
            case .malformed(let what): "not a Prometheus API answer: \(what)"
            }
        }
    }

    /// The samples by minute: a sample at time `t` (a minute's end) belongs to minute
    /// `t / 60 − 1`. Several series (a query that is not aggregated) are summed.
    public static func minutes(_ data: Data) throws(Problem) -> [EpochMinute: Double] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .malformed(String(decoding: data.prefix(200), as: UTF8.self))
        }
        guard root["status"] as? String == "success" else {
            throw .refused(type: root["errorType"] as? String ?? "unknown", message: root["error"] as? String ?? "no reason given")
        }
        guard let body = root["data"] as? [String: Any], let result = body["result"] as? [[String: Any]] else {
            throw .malformed("no data.result")
        }
        guard body["resultType"] as? String == "matrix" else {
            throw .malformed("expected a matrix, found \(body["resultType"] as? String ?? "nothing")")
        }
        var minutes: [EpochMinute: Double] = [:]
        for series in result {
            for pair in series["values"] as? [[Any]] ?? [] {
                guard pair.count == 2, let time = (pair[0] as? NSNumber)?.doubleValue, let text = pair[1] as? String,
                    let value = Double(text)
                else { throw .malformed("a sample that is not [time, \"value\"]") }
                minutes[EpochMinute((time / 60).rounded(.down)) - 1, default: 0] += value
            }
        }
        return minutes
    }

    /// `[start, end]` cut into `query_range` requests of at most `maxPoints` minutes
    /// (Prometheus answers at most 11,000 points per series).
    public static func chunks(from first: EpochMinute, through last: EpochMinute, maxPoints: Int64 = 10_000) -> [ClosedRange<EpochMinute>] {
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: Int(maxPoints)).map { $0...min($0 + maxPoints - 1, last) }
    }
}
