import Testing
import VigilCore
import VigilTestSupport

@Suite struct LatencyDigestTests {
    @Test(
        arguments: [
            (0, 0), (99, 99), (100, 100), (101, 110), (299_500, 300_000), (300_000, 300_000),
            (300_001, 310_000), (1_234_567, 1_300_000), (9_999, 10_000),
        ] as [(Int64, Int64)])
    func boundsRoundUpToTwoSignificantDigits(micros: Int64, bound: Int64) {
        #expect(LatencyDigest.bound(for: .microseconds(micros)) == bound)
    }

    /// A sub-microsecond remainder rounds up too, so a latency is never filed below itself.
    @Test func fractionsOfAMicrosecondRoundUp() {
        #expect(LatencyDigest.bound(for: .nanoseconds(99_001)) == 100)
    }

    /// For any threshold with two significant digits the digest judges exactly as the
    /// raw latencies would; for any other it never counts more good than the truth.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func judgingAgainMatchesRawJudgement(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let latencies = (0..<2_000).map { _ in Duration.microseconds(Int64.random(in: 0...5_000_000, using: &random)) }
        var digest = LatencyDigest()
        for latency in latencies { digest.add(latency) }
        #expect(digest.total == 2_000)
        for _ in 0..<50 {
            let digits = Int64.random(in: 10...99, using: &random)
            let scale = [1, 10, 100, 1_000, 10_000, 100_000][Int.random(in: 0...5, using: &random)] as Int64
            let exact = Duration.microseconds(digits * scale)
            let truth = Int64(latencies.filter { $0 <= exact }.count)
            #expect(digest.counts(threshold: exact).good == truth)
            let odd = Duration.microseconds(Int64.random(in: 1...5_000_000, using: &random))
            #expect(digest.counts(threshold: odd).good <= Int64(latencies.filter { $0 <= odd }.count))
        }
    }

    @Test func histogramsKeepTheirBounds() {
        let histogram = LatencyHistogram(buckets: [
            .init(upperBound: .milliseconds(100), cumulativeCount: 5),
            .init(upperBound: .milliseconds(250), cumulativeCount: 8),
            .init(upperBound: nil, cumulativeCount: 10),
        ])
        var digest = LatencyDigest()
        digest.add(histogram)
        #expect(digest.buckets == [100_000: 5, 250_000: 3, Int64.max: 2])
        #expect(digest.counts(threshold: .milliseconds(250)) == histogram.counts(threshold: .milliseconds(250)))
        #expect(digest.quantile(0.5) == .milliseconds(100))
        #expect(digest.quantile(0.8) == .milliseconds(250))
        #expect(digest.quantile(0.99) == nil)
    }

    @Test func quantilesAreBucketBounds() {
        var digest = LatencyDigest()
        for ms in 1...100 { digest.add(.milliseconds(Int64(ms))) }
        #expect(digest.quantile(0.5) == .milliseconds(50))
        #expect(digest.quantile(0.99) == .milliseconds(99))
        #expect(digest.quantile(1) == .milliseconds(100))
        #expect(LatencyDigest().quantile(0.5) == nil)
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func encodingRoundTrips(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var digest = LatencyDigest()
        for _ in 0..<500 { digest.add(.microseconds(Int64.random(in: 0...100_000_000, using: &random))) }
        var other = LatencyDigest()
        other.add(.seconds(3))
        digest.merge(other)
        #expect(LatencyDigest(encoded: digest.encoded()) == digest)
        #expect(LatencyDigest(encoded: []) == LatencyDigest())
    }

    @Test func malformedBytesAreRefused() {
        #expect(LatencyDigest(encoded: [0x80]) == nil) // varint cut short
        #expect(LatencyDigest(encoded: [0x05]) == nil) // a bound without its count
        #expect(LatencyDigest(encoded: [UInt8](repeating: 0xFF, count: 11) + [0x01, 0x01]) == nil)
    }
}
