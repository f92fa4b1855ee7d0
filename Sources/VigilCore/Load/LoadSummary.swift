/// A load run's figures, as the report, thresholds and findings read them. Latencies are
/// in seconds; the histogram that produced them stays at the edge.
public struct LoadSummary: Hashable, Sendable, Codable {
    /// Latency percentiles and moments.
    public struct Latency: Hashable, Sendable, Codable {
        public var min: Double
        public var mean: Double
        public var stdev: Double
        public var max: Double
        /// Percentile (50, 90, 99, 99.9, 99.99) → seconds.
        public var percentiles: [Double: Double]

        public init(min: Double, mean: Double, stdev: Double, max: Double, percentiles: [Double: Double]) {
            self.min = min
            self.mean = mean
            self.stdev = stdev
            self.max = max
            self.percentiles = percentiles
        }

        enum CodingKeys: String, CodingKey {
            case min, mean, stdev, max, percentiles
        }

        /// Percentiles are written as an object keyed `"50"`, `"99.9"` (JSON keys are strings).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(min, forKey: .min)
            try container.encode(mean, forKey: .mean)
            try container.encode(stdev, forKey: .stdev)
            try container.encode(max, forKey: .max)
            let keyed = Dictionary(uniqueKeysWithValues: percentiles.map { (Self.key($0.key), $0.value) })
            try container.encode(keyed, forKey: .percentiles)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            min = try container.decode(Double.self, forKey: .min)
            mean = try container.decode(Double.self, forKey: .mean)
            stdev = try container.decode(Double.self, forKey: .stdev)
            max = try container.decode(Double.self, forKey: .max)
            // Each key a percentile from 0 to 100, each once: `"50"` and `"50.0"` name the
            // same one, and a key such as `"1e100"` is no percentile (both once trapped).
            var percentiles: [Double: Double] = [:]
            for (key, value) in try container.decode([String: Double].self, forKey: .percentiles) {
                guard let percentile = Double(key), (0...100).contains(percentile) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .percentiles, in: container, debugDescription: "'\(key)' is not a percentile from 0 to 100")
                }
                guard percentiles.updateValue(value, forKey: percentile) == nil else {
                    throw DecodingError.dataCorruptedError(forKey: .percentiles, in: container, debugDescription: "percentile \(key) is given twice")
                }
            }
            self.percentiles = percentiles
        }

        /// `50`, `99.9`.
        static func key(_ percentile: Double) -> String {
            percentile == percentile.rounded() && abs(percentile) < 1e15 ? String(Int64(percentile)) : String(percentile)
        }

        /// The given percentile, or the nearest one measured above it.
        public func percentile(_ p: Double) -> Double? {
            if let exact = percentiles[p] { return exact }
            return percentiles.filter { $0.key >= p }.min { $0.key < $1.key }?.value
        }
    }

    /// Failed requests by kind.
    public struct Errors: Hashable, Sendable, Codable {
        public var connect: Int = 0
        public var timeout: Int = 0
        public var read: Int = 0
        public var status4xx: Int = 0
        public var status5xx: Int = 0

        public init(connect: Int = 0, timeout: Int = 0, read: Int = 0, status4xx: Int = 0, status5xx: Int = 0) {
            self.connect = connect
            self.timeout = timeout
            self.read = read
            self.status4xx = status4xx
            self.status5xx = status5xx
        }

        public var total: Int { connect + timeout + read + status4xx + status5xx }
    }

    /// Completed requests (answered, any status) plus failed ones.
    public var requests: Int
    public var duration: Double
    public var latency: Latency?
    public var errors: Errors
    public var bytesIn: Int
    public var bytesOut: Int
    public var peakConnections: Int
    /// The open model's target rate, when there was one.
    public var targetRate: Double?
    /// How late, at most, a scheduled request was written (open model): the generator
    /// falling behind its own schedule.
    public var maxScheduleLag: Double?

    public init(
        requests: Int, duration: Double, latency: Latency?, errors: Errors, bytesIn: Int, bytesOut: Int, peakConnections: Int,
        targetRate: Double? = nil, maxScheduleLag: Double? = nil
    ) {
        self.requests = requests
        self.duration = duration
        self.latency = latency
        self.errors = errors
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
        self.peakConnections = peakConnections
        self.targetRate = targetRate
        self.maxScheduleLag = maxScheduleLag
    }

    public var requestsPerSecond: Double { duration > 0 ? Double(requests) / duration : 0 }
}
