import Foundation

/// Where a server's time comes from: the time now, and waiting until a time.
///
/// Every time `vigil serve` reads or waits for comes from one clock injected at its
/// runtime, never from `Date()` at the point of use. Production passes ``SystemClock``; a
/// test passes a clock it sets and moves forward, so a timer fires when the test says so
/// instead of after a real sleep, and a stored time is the one the test expects.
public protocol WallClock: Sendable {
    /// The time now.
    var now: Date { get }

    /// Returns once ``now`` has reached `deadline` (at once when it has already passed);
    /// throws `CancellationError` when the waiting task is cancelled.
    func sleep(until deadline: Date) async throws
}

extension WallClock {
    /// Waits for `duration` of this clock's time.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.addingTimeInterval(duration.inSeconds))
    }
}

/// The system's wall clock, with `Task.sleep` for waiting.
public struct SystemClock: WallClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) } else { try Task.checkCancellation() }
    }
}
