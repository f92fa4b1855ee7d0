/// The open model's clock (wrk2's constant throughput): each of `connections` connections
/// owns `rate / connections` of the rate, with intended send times `start + phase + k ·
/// interval`, phases spread evenly so the connections do not fire together. A request's
/// latency is measured from its intended time, never from when it could be written, so a
/// stalled server shows in the percentiles (no coordinated omission).
public struct OpenSchedule: Hashable, Sendable {
    /// Nanoseconds between two sends of one connection.
    public let interval: Int64
    /// Nanoseconds this connection's first send is after the start.
    public let phase: Int64

    /// - Parameters:
    ///   - rate: requests per second for all connections together (> 0).
    ///   - connection: this connection's index in `0..<connections`.
    public init(rate: Double, connections: Int, connection: Int) {
        let perConnection = rate / Double(max(1, connections))
        interval = max(1, Int64((1e9 / perConnection).rounded()))
        phase = interval * Int64(connection) / Int64(max(1, connections))
    }

    /// The intended send time (nanoseconds after the start) of this connection's `k`th request.
    public func intended(_ k: Int64) -> Int64 { phase + k * interval }

    /// The number of the next request to send at `elapsed` nanoseconds, given that `sent`
    /// were sent: the schedule never skips a request (each one late is sent at once and
    /// measured from when it was due).
    public func isDue(_ k: Int64, at elapsed: Int64) -> Bool { intended(k) <= elapsed }
}

/// A deterministic weighted choice of the next scenario request: a per-connection
/// xorshift sequence, so two runs of the same scenario send the same mix.
public struct WeightedPicker: Sendable {
    private let cumulative: [UInt64]
    private var state: UInt64

    /// - Parameter weights: positive weights, one per request.
    public init(weights: [Int], seed: UInt64) {
        var total: UInt64 = 0
        cumulative = weights.map { total += UInt64(max(0, $0)); return total }
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    /// The index of the next request.
    public mutating func next() -> Int {
        guard let total = cumulative.last, total > 0, cumulative.count > 1 else { return 0 }
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        let point = state % total
        // few requests in a scenario: a linear scan beats a binary search
        return cumulative.firstIndex { point < $0 } ?? cumulative.count - 1
    }
}
