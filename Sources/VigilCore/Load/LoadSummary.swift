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

    public init(requests: Int, duration: Double, latency: Latency?, errors: Errors, bytesIn: Int, bytesOut: Int, peakConnections: Int,
                targetRate: Double? = nil, maxScheduleLag: Double? = nil) {
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
