import Foundation
import VigilCore

/// A ``WallClock`` that stands still until a test moves it: ``advance(by:)`` sets the
/// time and wakes every task whose ``sleep(until:)`` deadline it reached, in deadline
/// order. Server tests run the timers of `vigil serve` with it instead of sleeping.
public final class ManualClock: WallClock, @unchecked Sendable {
    private struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    /// Guarded by a lock rather than `Mutex`, which needs macOS 15.
    private let state: Locked<State>

    public init(now: Date) {
        state = Locked(State(now: now))
    }

    public var now: Date { state.withLock { $0.now } }

    /// Tasks waiting on the clock (for a test that must know a timer is armed).
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// Moves the time forward by `duration` and wakes the sleepers it reached.
    public func advance(by duration: Duration) {
        advance(to: now.addingTimeInterval(duration.inSeconds))
    }

    /// Sets the time (never backwards) and wakes the sleepers it reached.
    public func advance(to date: Date) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, date)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { state in
                    if Task.isCancelled { return .some(CancellationError()) }
                    if deadline <= state.now { return .some(nil) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// A value behind an `NSLock`.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
