import VigilCore

/// What connections count while a run goes: per event loop in its ``LoopRecorder``, and
/// added up over the loops for the live view and the summary.
struct LoadCounters: Sendable {
    var completed = 0
    var errors = LoadSummary.Errors()
    var bytesIn = 0
    var bytesOut = 0
    var openConnections = 0
    var peakConnections = 0
    var reconnects = 0
    /// The open model's worst lateness writing a scheduled request, in nanoseconds.
    var maxLag: Int64 = 0

    /// Adds another loop's counts (the lateness is the worst of either; the peaks add
    /// up, as each loop's peak is its own connections').
    mutating func add(_ other: LoadCounters) {
        completed += other.completed
        errors.connect += other.errors.connect
        errors.timeout += other.errors.timeout
        errors.read += other.errors.read
        errors.status4xx += other.errors.status4xx
        errors.status5xx += other.errors.status5xx
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        openConnections += other.openConnections
        peakConnections += other.peakConnections
        reconnects += other.reconnects
        maxLag = max(maxLag, other.maxLag)
    }
}
