/// The latencies of one minute, kept so an SLI can be judged again later (a changed
/// threshold) and percentiles drawn: a count per bucket, each bucket named by its
/// inclusive upper bound in microseconds.
///
/// A raw latency goes into the bucket of its value rounded **up** to two significant
/// digits (299.5 ms → 300 ms, 301 ms → 310 ms; below 100 µs exact), so every threshold
/// with two significant digits (300 ms, 250 ms, 1.5 s) re-judges exactly, and any other
/// errs towards "bad", never towards "good". Histogram events keep their own bounds.
/// Sparse: a minute costs only the buckets it used, at most 90 per decade.
public struct LatencyDigest: Hashable, Sendable {
    /// Bucket upper bound in µs (`Int64.max` = +Inf) → observations in that bucket.
    public private(set) var buckets: [Int64: Int64] = [:]

    public init() {}

    /// The bucket bound for a latency: its µs rounded up to two significant digits.
    public static func bound(for latency: Duration) -> Int64 {
        let micros = latency.components.seconds * 1_000_000 + (latency.components.attoseconds + 999_999_999_999) / 1_000_000_000_000
        guard micros >= 100 else { return max(micros, 0) }
        var scale: Int64 = 1
        while micros / scale >= 100 { scale *= 10 }
        return (micros + scale - 1) / scale * scale
    }

    /// Adds one raw observation.
    public mutating func add(_ latency: Duration) {
        buckets[Self.bound(for: latency), default: 0] += 1
    }

    /// Adds a cumulative histogram: each bucket's own observations at its bound.
    public mutating func add(_ histogram: LatencyHistogram) {
        var previous: Int64 = 0
        for bucket in histogram.buckets {
            let own = bucket.cumulativeCount - previous
            previous = bucket.cumulativeCount
            guard own > 0 else { continue }
            let bound = bucket.upperBound.map { $0.components.seconds * 1_000_000 + $0.components.attoseconds / 1_000_000_000_000 } ?? .max
            buckets[bound, default: 0] += own
        }
    }

    /// Adds another digest's observations.
    public mutating func merge(_ other: LatencyDigest) {
        for (bound, count) in other.buckets { buckets[bound, default: 0] += count }
    }

    /// Every observation.
    public var total: Int64 { buckets.values.reduce(0, +) }

    /// Whether it holds nothing.
    public var isEmpty: Bool { buckets.isEmpty }

    /// Good/valid against `threshold`: good = observations in buckets whose bound is at
    /// most the threshold.
    public func counts(threshold: Duration) -> EventCounts {
        let limit = threshold.components.seconds * 1_000_000 + threshold.components.attoseconds / 1_000_000_000_000
        var good: Int64 = 0
        for (bound, count) in buckets where bound <= limit { good += count }
        return EventCounts(good: good, valid: total)
    }

    /// The bound of the bucket holding the `q`-quantile (0 < q ≤ 1); `nil` when empty or
    /// when it falls in the +Inf bucket.
    public func quantile(_ q: Double) -> Duration? {
        let total = total
        guard total > 0 else { return nil }
        let rank = Int64((q * Double(total)).rounded(.up))
        var seen: Int64 = 0
        for bound in buckets.keys.sorted() {
            seen += buckets[bound]!
            if seen >= max(rank, 1) { return bound == .max ? nil : .microseconds(bound) }
        }
        return nil
    }

    // MARK: Encoding

    /// Compact bytes for the store: LEB128 varints, bounds ascending and delta-coded,
    /// each followed by its count.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buckets.count * 4)
        var previous: Int64 = 0
        for bound in buckets.keys.sorted() {
            Self.appendVarint(UInt64(bound - previous), to: &bytes)
            Self.appendVarint(UInt64(buckets[bound]!), to: &bytes)
            previous = bound
        }
        return bytes
    }

    /// Reads ``encoded()`` bytes back; `nil` when they are malformed.
    public init?(encoded bytes: [UInt8]) {
        var index = 0
        var bound: Int64 = 0
        while index < bytes.count {
            guard let delta = Self.readVarint(bytes, at: &index), let count = Self.readVarint(bytes, at: &index),
                delta <= UInt64(Int64.max - bound), count <= UInt64(Int64.max)
            else { return nil }
            bound += Int64(delta)
            buckets[bound, default: 0] += Int64(count)
        }
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// One varint from `index` on; `nil` when the bytes end inside it or it overflows.
    static func readVarint(_ bytes: [UInt8], at index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
