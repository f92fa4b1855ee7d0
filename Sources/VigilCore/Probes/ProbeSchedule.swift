/// When a probe runs: at `phase + k·interval` from the Unix epoch. The phase is a stable
/// hash of the probe's name, so probes spread over the interval instead of all firing
/// at once, and a probe keeps its phase across restarts. Computing run *k* from the epoch
/// (never from the previous run's end) means no drift, however long the server runs.
public struct ProbeSchedule: Hashable, Sendable {
    /// Milliseconds between runs.
    public let intervalMilliseconds: Int64
    /// Offset of the runs within each interval, in `0..<interval`.
    public let phaseMilliseconds: Int64

    public init(name: String, interval: Duration) {
        let interval = max(1, interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        intervalMilliseconds = interval
        phaseMilliseconds = Int64(Self.fnv1a(name) % UInt64(interval))
    }

    /// The first run strictly after `now` (milliseconds since the epoch).
    public func nextRun(after now: Int64) -> Int64 {
        let k = Self.floorDivide(now - phaseMilliseconds, intervalMilliseconds) + 1
        return phaseMilliseconds + k * intervalMilliseconds
    }

    /// The latest run at or before `now`.
    public func latestRun(atOrBefore now: Int64) -> Int64 {
        nextRun(after: now) - intervalMilliseconds
    }

    /// Runs due at `now` when the last one that ran was at `lastRun`: the latest slot is
    /// run, and the slots between are reported as missed.
    public func due(now: Int64, lastRun: Int64?) -> (run: Int64?, missed: Int) {
        let latest = latestRun(atOrBefore: now)
        guard let lastRun else { return (latest, 0) }
        guard latest > lastRun else { return (nil, 0) }
        return (latest, Int((latest - lastRun) / intervalMilliseconds) - 1)
    }

    /// FNV-1a, 64-bit: stable across processes and platforms, unlike `Hasher`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
