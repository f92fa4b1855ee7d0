import Synchronization

/// `-n`: requests left to send, shared by every loop (one atomic decrement per request).
final class RequestBudget: Sendable {
    private let left: Atomic<Int>

    init(_ count: Int) { left = Atomic(count) }

    /// Takes one; false once none are left.
    func take() -> Bool { left.subtract(1, ordering: .relaxed).newValue >= 0 }
}
