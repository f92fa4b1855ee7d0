import Foundation
import Testing
import VigilCore

@Suite struct SignInThrottleTests {
    let start = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func fiveFailuresAreFreeThenTheWaitDoubles() {
        var throttle = SignInThrottle()
        for attempt in 1...5 {
            #expect(throttle.wait(for: "10.0.0.1", at: start) == nil, "attempt \(attempt)")
            throttle.failed("10.0.0.1", at: start)
        }
        #expect(throttle.wait(for: "10.0.0.1", at: start) == nil)
        throttle.failed("10.0.0.1", at: start)
        #expect(throttle.wait(for: "10.0.0.1", at: start) == .seconds(1))
        #expect(throttle.wait(for: "10.0.0.1", at: start.addingTimeInterval(1)) == nil)
        throttle.failed("10.0.0.1", at: start.addingTimeInterval(1))
        #expect(throttle.wait(for: "10.0.0.1", at: start.addingTimeInterval(1)) == .seconds(2))
        #expect(throttle.delay(afterFailures: 10) == .seconds(16))
        #expect(throttle.delay(afterFailures: 100) == .seconds(15 * 60))
        // Another client is not held back by this one.
        #expect(throttle.wait(for: "10.0.0.2", at: start) == nil)
    }

    @Test func successAndTimeForgetFailures() {
        var throttle = SignInThrottle()
        for _ in 1...8 { throttle.failed("a", at: start) }
        #expect(throttle.wait(for: "a", at: start) != nil)
        throttle.succeeded("a")
        #expect(throttle.wait(for: "a", at: start) == nil)
        for _ in 1...8 { throttle.failed("b", at: start) }
        let later = start.addingTimeInterval(15 * 60)
        #expect(throttle.wait(for: "b", at: later) == nil)
        // Forgotten: the next failure is the first again.
        throttle.failed("b", at: later)
        #expect(throttle.wait(for: "b", at: later) == nil)
    }

    /// Over random histories: the wait never exceeds the cap, a client never waits
    /// before its sixth failure in a run (failures each less than 15 minutes after the
    /// one before), and memory stays under capacity.
    @Test func randomHistoriesKeepTheRules() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var throttle = SignInThrottle()
            throttle.capacity = 16
            var now = start
            var recent: [String: [Date]] = [:]
            for _ in 0..<300 {
                now = now.addingTimeInterval(Double(Int.random(in: 0...120, using: &generator)))
                let client = "c\(Int.random(in: 0..<24, using: &generator))"
                if let wait = throttle.wait(for: client, at: now) {
                    #expect(wait <= throttle.maximumDelay)
                    let run = Self.currentRun(recent[client] ?? [], at: now)
                    #expect(run > throttle.freeFailures, "\(client) waits after \(run) failures")
                    continue
                }
                throttle.failed(client, at: now)
                recent[client, default: []].append(now)
                #expect(throttle.rememberedClients <= throttle.capacity)
            }
        }
    }

    /// How many failures in a row, each less than 15 minutes after the one before and the
    /// last less than 15 minutes before `now`, end `failures`.
    static func currentRun(_ failures: [Date], at now: Date) -> Int {
        var run = 0
        var later = now
        for failure in failures.reversed() {
            guard later.timeIntervalSince(failure) < 15 * 60 else { break }
            run += 1
            later = failure
        }
        return run
    }
}
