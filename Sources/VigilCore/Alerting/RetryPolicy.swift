import Foundation

/// When to try a failed delivery again: exponential backoff with full jitter (a random
/// delay between zero and `base·2ⁿ`, capped), so receivers coming back from an outage
/// are not hit by every sender at once; given up once `horizon` has passed since the
/// notification was made.
public struct RetryPolicy: Hashable, Sendable {
    public var base: Duration
    public var cap: Duration
    public var horizon: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300), horizon: Duration = .seconds(24 * 3600)) {
        self.base = base
        self.cap = cap
        self.horizon = horizon
    }

    /// The longest wait after the `attempt`-th failure (1 for the first).
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let seconds = min(base.inSeconds * pow(2, Double(exponent)), cap.inSeconds)
        return .milliseconds(Int64(seconds * 1000))
    }

    /// The next attempt's time after the `attempt`-th failure at `now`, or `nil` when the
    /// notification made at `createdAt` should be given up.
    public func nextAttempt<R: RandomNumberGenerator>(afterAttempt attempt: Int, at now: Date, createdAt: Date, using generator: inout R) -> Date? {
        let ceiling = ceiling(afterAttempt: attempt).inSeconds
        let next = now.addingTimeInterval(Double.random(in: 0...ceiling, using: &generator))
        return next.timeIntervalSince(createdAt) > horizon.inSeconds ? nil : next
    }
}
