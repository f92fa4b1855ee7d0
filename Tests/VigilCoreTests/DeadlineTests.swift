import Foundation
import Testing
import VigilCore

@Suite("withDeadline")
struct DeadlineTests {
    /// Work that ignores cancellation (as a stuck socket read can) for `seconds`.
    static func stubborn(_ seconds: Double) async -> Int {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume(returning: 7) }
        }
    }

    @Test func theDeadlineAnswersEvenWhenTheWorkIgnoresCancellation() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100)) { await Self.stubborn(120) }
        }
        // the body takes two minutes; the caller is answered long before (the bound is
        // loose because the suite's tests share two cores)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func fastWorkWinsAndErrorsPassThrough() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await withDeadline(.seconds(5)) { throw Boom() } }
    }

    @Test func cancellingTheCallerEndsTheWait() async throws {
        let task = Task { try await withDeadline(.seconds(600)) { await Self.stubborn(120) } }
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
