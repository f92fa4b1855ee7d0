import Foundation

/// Seconds on the monotonic clock, for timing a benchmark's phases.
public func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// xorshift64: cheap deterministic noise, so every run (and each peer in a comparison)
/// sees the same data from the same seed.
public struct XorShift: RandomNumberGenerator {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
