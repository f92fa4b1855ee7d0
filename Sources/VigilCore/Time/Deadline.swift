/// Thrown by ``withDeadline(_:_:)`` when the time ran out.
public struct DeadlineExceeded: Error, Hashable, Sendable, CustomStringConvertible {
    public let timeout: Duration
    public var description: String { "timed out after \(timeout.compactDescription)" }
}

/// Runs `body`, or throws ``DeadlineExceeded`` once `timeout` has passed — whichever
/// comes first; the loser is cancelled. (Network work in probes and notifications
/// must always end.)
public func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw DeadlineExceeded(timeout: timeout)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
