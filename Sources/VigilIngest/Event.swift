import Foundation
import VigilCore

/// One observation sent to Vigil: at `time`, for an SLI or for every SLI of a service,
/// some events happened.
public struct Event: Hashable, Sendable {
    /// What the event is about.
    public enum Subject: Hashable, Sendable {
        /// One SLI, by name.
        case sli(String)
        /// Every SLI of the service's SLOs that can judge the measurement.
        case service(String)
    }

    /// What was measured.
    public enum Measurement: Hashable, Sendable {
        /// Pre-judged counts: `good` of `total` events met the SLI.
        case counts(good: Int64, total: Int64)
        /// One request: its status (judged by ratio SLIs) and/or its latency (judged by
        /// latency SLIs).
        case request(status: Int?, latency: Duration?)
        /// A cumulative latency histogram for the interval.
        case histogram(LatencyHistogram)

        /// One request known only by its latency.
        public static func latency(_ latency: Duration) -> Measurement { .request(status: nil, latency: latency) }
    }

    /// When it happened.
    public var time: Date
    /// What it is about.
    public var subject: Subject
    /// Labels such as `route`, which grouped SLOs split by.
    public var labels: [String: String]
    /// What was measured.
    public var measurement: Measurement

    public init(time: Date, subject: Subject, labels: [String: String] = [:], measurement: Measurement) {
        self.time = time
        self.subject = subject
        self.labels = labels
        self.measurement = measurement
    }

    /// An event for one SLI.
    public init(time: Date, sli: String, labels: [String: String] = [:], measurement: Measurement) {
        self.init(time: time, subject: .sli(sli), labels: labels, measurement: measurement)
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
