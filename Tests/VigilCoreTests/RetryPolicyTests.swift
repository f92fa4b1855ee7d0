import Foundation
import Testing
import VigilTestSupport

@testable import VigilCore

@Suite struct RetryPolicyTests {
    @Test func ceilingsDoubleUpToTheCap() {
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(300))
        #expect((1...10).map { policy.ceiling(afterAttempt: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map { Duration.seconds($0) })
        #expect(policy.ceiling(afterAttempt: 1000) == .seconds(300))
    }

    /// Every delay lies within [0, ceiling]; jitter spreads them; past the horizon the
    /// notification is given up.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func delaysAreJitteredWithinTheCeilingAndStopAtTheHorizon(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(60), horizon: .seconds(3600))
        let created = Date(timeIntervalSince1970: 0)
        var now = created
        var attempt = 0
        var delays: [Double] = []
        while let next = policy.nextAttempt(afterAttempt: attempt + 1, at: now, createdAt: created, using: &generator) {
            attempt += 1
            let delay = next.timeIntervalSince(now)
            #expect(delay >= 0 && delay <= policy.ceiling(afterAttempt: attempt).inSeconds)
            delays.append(delay)
            now = next
        }
        #expect(now.timeIntervalSince(created) <= 3600)
        #expect(attempt > 60) // ~30 s on average once capped: about 120 tries in an hour
        #expect(Set(delays.suffix(20).map { Int($0) }).count > 10)
    }
}
