import Foundation

/// Thrown by ``withDeadline(_:_:)`` when the time ran out.
public struct DeadlineExceeded: Error, Hashable, Sendable, CustomStringConvertible {
    public let timeout: Duration
    public var description: String { "timed out after \(timeout.compactDescription)" }
}

/// Runs `body`, or throws ``DeadlineExceeded`` once `timeout` has passed — whichever
/// comes first. Network work in probes and notifications must always end *on time*, so
/// the caller is answered when the deadline passes even if `body` is slow to notice its
/// cancellation (a task group would wait for it; a loaded machine showed seconds of that).
/// `body` is cancelled and left to unwind on its own.
public func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let race = DeadlineRace<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(
                continuation, work: Task { await race.finish(Result { try await body() }) },
                timer: Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled { race.finish(.failure(DeadlineExceeded(timeout: timeout))) }
                })
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The one answer of a deadline race: the first result wins, the other task is cancelled.
private final class DeadlineRace<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?
    private var tasks: [Task<Void, Never>] = []
    private var done = false

    func start(_ continuation: CheckedContinuation<T, any Error>, work: Task<Void, Never>, timer: Task<Void, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            work.cancel()
            timer.cancel()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        tasks = [work, timer]
        lock.unlock()
    }

    func finish(_ result: Result<T, any Error>) {
        lock.lock()
        guard !done else {
            lock.unlock()
            return
        }
        done = true
        guard let continuation else {
            // finished before start() stored the continuation (cancelled at once)
            early = result
            lock.unlock()
            return
        }
        self.continuation = nil
        let tasks = self.tasks
        lock.unlock()
        for task in tasks { task.cancel() }
        continuation.resume(with: result)
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing closure.
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
