import Foundation
import VigilCore

/// One observation sent to Vigil: at `time`, for the SLI `sli`, some events happened.
public struct Event: Hashable, Sendable {
    /// What was measured.
    public enum Measurement: Hashable, Sendable {
        /// Pre-judged counts: `good` of `total` events met the SLI.
        case counts(good: Int64, total: Int64)
        /// One request's latency, judged against the SLI's threshold.
        case latency(Duration)
        /// A cumulative latency histogram for the interval.
        case histogram(LatencyHistogram)
    }

    /// When it happened.
    public var time: Date
    /// The SLI it belongs to.
    public var sli: String
    /// What was measured.
    public var measurement: Measurement

    public init(time: Date, sli: String, measurement: Measurement) {
        self.time = time
        self.sli = sli
        self.measurement = measurement
    }
}

/// A rejected item of a batch: which one, which field, and why.
public struct EventError: Hashable, Sendable, Error, CustomStringConvertible {
    /// Position of the item in the batch, from 0.
    public var index: Int
    /// Line in the input it came from, from 1 (NDJSON and CSV), when known.
    public var line: Int?
    /// The offending field, or empty for the whole item.
    public var field: String
    /// What is wrong.
    public var message: String

    public init(index: Int, line: Int? = nil, field: String, message: String) {
        self.index = index
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "line \($0)" } ?? "item \(index)"
        return field.isEmpty ? "\(place): \(message)" : "\(place): \(field): \(message)"
    }
}
