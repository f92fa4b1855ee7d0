import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@testable import VigilServer

/// The server's timers wait on its clock: the evaluator runs once at start, then again
/// only when the clock has moved on by its interval — the test moves it instead of
/// sleeping for it.
@Suite struct ServiceTimerTests {
    /// Evaluation cycles so far (`vigil_evaluation_duration_seconds_count` on /metrics).
    static func evaluations(_ server: TestServer) -> Int {
        let line = server.runtime.metrics.exposition().split(separator: "\n").first { $0.hasPrefix("vigil_evaluation_duration_seconds_count") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    /// Waits (a few milliseconds at a time, up to 10 s of real time) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func theEvaluatorRunsWhenItsIntervalHasPassedOnTheClock() async throws {
        let server = try TestServer()
        try await server.test { _ in
            let evaluator = Task { try await EvaluatorService(runtime: server.runtime, interval: .seconds(30)).run() }
            defer { evaluator.cancel() }
            // the first cycle runs at once, then the service waits on the clock
            #expect(try await Self.eventually { Self.evaluations(server) == 1 && server.clock.sleeping == 1 })
            server.clock.advance(by: .seconds(29))
            try await Task.sleep(for: .milliseconds(50))
            #expect(Self.evaluations(server) == 1, "29 s is not the interval")
            server.clock.advance(by: .seconds(1))
            #expect(try await Self.eventually { Self.evaluations(server) == 2 && server.clock.sleeping == 1 })
            evaluator.cancel()
            #expect(try await Self.eventually { server.clock.sleeping == 0 }, "a cancelled service stops waiting")
        }
    }
}
