import Histogram
import NIOCore
import VigilCore

/// What one event loop's connections measured. Touched only on its loop (no locks on
/// the hot path); the engine merges the loops' recorders at the end.
final class LoopRecorder {
    /// Latency in microseconds, per scenario request.
    var histograms: [Histogram<UInt64>]
    var counters = LoadCounters()
    /// The connections on this loop (for the timeout sweep and the stop).
    var connections: [ObjectIdentifier: LoadConnection] = [:]
    var stopping = false
    /// Per stage: latencies (µs), answers and error answers (for the capacity finding).
    var stageHistograms: [Histogram<UInt64>]
    var stageCompleted: [Int]
    var stageErrors: [Int]

    init(requestCount: Int, stageCount: Int) {
        histograms = (0..<requestCount).map { _ in LoopRecorder.histogram() }
        stageHistograms = (0..<stageCount).map { _ in LoopRecorder.histogram() }
        stageCompleted = Array(repeating: 0, count: stageCount)
        stageErrors = Array(repeating: 0, count: stageCount)
    }

    /// 1 µs to 10 minutes at 3 significant digits.
    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }

    func record(request: Int, latencyNanoseconds: Int64, stage: Int, status: Int) {
        let micros = UInt64(max(1, latencyNanoseconds / 1000))
        _ = histograms[request].record(micros)
        counters.completed += 1
        guard stage < stageCompleted.count else { return }
        _ = stageHistograms[stage].record(micros)
        stageCompleted[stage] += 1
        if status >= 500 { stageErrors[stage] += 1 }
    }

    /// A failure without an answer (timeout, read error) in the stage running now.
    func failed(stage: Int) {
        guard stage < stageErrors.count else { return }
        stageCompleted[stage] += 1
        stageErrors[stage] += 1
    }

    /// A snapshot the engine can carry across threads; without histograms (counters
    /// only, for the live view) nothing large is copied.
    func snapshot(histograms includeHistograms: Bool = true) -> LoopSnapshot {
        LoopSnapshot(
            histograms: includeHistograms ? histograms : [], stageHistograms: includeHistograms ? stageHistograms : [],
            stageCompleted: stageCompleted, stageErrors: stageErrors, counters: counters)
    }
}

/// A loop's figures at one moment.
struct LoopSnapshot: Sendable {
    var histograms: [Histogram<UInt64>]
    var stageHistograms: [Histogram<UInt64>]
    var stageCompleted: [Int]
    var stageErrors: [Int]
    var counters: LoadCounters
}
