/// A deterministic weighted choice of the next scenario request: a per-connection
/// xorshift sequence, so two runs of the same scenario send the same mix.
public struct WeightedPicker: Sendable {
    private let cumulative: [UInt64]
    private var state: UInt64

    /// - Parameter weights: positive weights, one per request.
    public init(weights: [Int], seed: UInt64) {
        var total: UInt64 = 0
        cumulative = weights.map {
            total += UInt64(max(0, $0))
            return total
        }
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
