import Histogram
import NIOCore
import VigilCore

/// What one event loop's connections measured. Touched only on its loop (no locks on
/// the hot path); the engine merges the loops' recorders at the end.
final class LoopRecorder {
    /// Latency in microseconds, per scenario request.
    var histograms: [Histogram<UInt64>]
    var completed = 0
    var errors = LoadSummary.Errors()
    var bytesIn = 0
    var bytesOut = 0
    var openConnections = 0
    var peakConnections = 0
    var reconnects = 0
    /// The open model's worst lateness writing a scheduled request, in nanoseconds.
    var maxLag: Int64 = 0
    /// The connections on this loop (for the timeout sweep and the stop).
    var connections: [ObjectIdentifier: LoadConnection] = [:]
    var stopping = false

    init(requestCount: Int) {
        histograms = (0..<requestCount).map { _ in LoopRecorder.histogram() }
    }

    /// 1 µs to 10 minutes at 3 significant digits.
    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    }

    func record(request: Int, latencyNanoseconds: Int64) {
        _ = histograms[request].record(UInt64(max(1, latencyNanoseconds / 1000)))
        completed += 1
    }

    /// A snapshot the engine can carry across threads.
    func snapshot() -> LoopSnapshot {
        LoopSnapshot(histograms: histograms, completed: completed, errors: errors, bytesIn: bytesIn, bytesOut: bytesOut,
                     openConnections: openConnections, peakConnections: peakConnections, reconnects: reconnects, maxLag: maxLag)
    }

    /// Counters only, for the live view (histograms are not copied).
    func progress() -> LoopSnapshot {
        LoopSnapshot(histograms: [], completed: completed, errors: errors, bytesIn: bytesIn, bytesOut: bytesOut,
                     openConnections: openConnections, peakConnections: peakConnections, reconnects: reconnects, maxLag: maxLag)
    }
}

/// A loop's figures at one moment.
struct LoopSnapshot: Sendable {
    var histograms: [Histogram<UInt64>]
    var completed: Int
    var errors: LoadSummary.Errors
    var bytesIn: Int
    var bytesOut: Int
    var openConnections: Int
    var peakConnections: Int
    var reconnects: Int
    var maxLag: Int64
}
