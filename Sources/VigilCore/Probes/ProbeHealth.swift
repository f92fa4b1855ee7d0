/// Whether a probe's target is up, with thresholds so one blip does not flap:
/// `unknown → up` on the first success, `→ down` after `failureThreshold` failures in a
/// row, `down → up` after `successThreshold` successes in a row.
public struct ProbeHealth: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        case unknown, up, down
    }

    public let failureThreshold: Int
    public let successThreshold: Int
    public private(set) var state: State = .unknown
    /// The current run of equal outcomes.
    public private(set) var consecutiveFailures = 0
    public private(set) var consecutiveSuccesses = 0

    public init(failureThreshold: Int = 3, successThreshold: Int = 2) {
        precondition(failureThreshold >= 1 && successThreshold >= 1, "thresholds are at least 1")
        self.failureThreshold = failureThreshold
        self.successThreshold = successThreshold
    }

    /// Records one run (a missed run counts as a failure).
    /// - Returns: the new state when it changed.
    @discardableResult
    public mutating func record(success: Bool) -> State? {
        if success {
            consecutiveSuccesses += 1
            consecutiveFailures = 0
        } else {
            consecutiveFailures += 1
            consecutiveSuccesses = 0
        }
        let next: State =
            switch state {
            case .unknown: success ? .up : (consecutiveFailures >= failureThreshold ? .down : .unknown)
            case .up: consecutiveFailures >= failureThreshold ? .down : .up
            case .down: consecutiveSuccesses >= successThreshold ? .up : .down
            }
        guard next != state else { return nil }
        state = next
        return next
    }
}
