import Foundation
import VigilCore

#if canImport(Glibc)
    import Glibc
#endif

/// Samples a target process from `/proc` while a run lasts (`--target-pid`).
public final class ProcessSampler: Sendable {
    public let pid: Int32
    private let task: Task<[ProcessSample], Never>

    /// Starts sampling every `interval`; fails when the process cannot be read.
    public init(pid: Int32, interval: Duration = .milliseconds(500)) throws {
        self.pid = pid
        guard ProcessSampler.sample(pid: pid, at: 0) != nil else { throw SamplerError(pid: pid) }
        let started = ContinuousClock.now
        task = Task {
            var samples: [ProcessSample] = []
            while !Task.isCancelled {
                if let sample = ProcessSampler.sample(pid: pid, at: (ContinuousClock.now - started).inSeconds) { samples.append(sample) }
                try? await Task.sleep(for: interval)
            }
            if let sample = ProcessSampler.sample(pid: pid, at: (ContinuousClock.now - started).inSeconds) { samples.append(sample) }
            return samples
        }
    }

    /// Stops and sums up.
    public func finish() async -> TargetResources? {
        task.cancel()
        return TargetResources(await task.value)
    }

    public struct SamplerError: Error, CustomStringConvertible {
        public let pid: Int32
        public var description: String { "cannot read /proc/\(pid)/stat: no such process, or not allowed" }
    }

    static func sample(pid: Int32, at: Double) -> ProcessSample? {
        func read(_ name: String) -> String? { try? String(contentsOfFile: "/proc/\(pid)/\(name)", encoding: .utf8) }
        guard let stat = read("stat"),
            let parsed = ProcessSample.parseStat(stat, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))), pageSize: Int(sysconf(Int32(_SC_PAGESIZE))))
        else {
            return nil
        }
        let io = read("io").map(ProcessSample.parseIO) ?? (read: 0, written: 0)
        let net = read("net/dev").map(ProcessSample.parseNetDev) ?? (received: 0, sent: 0)
        return ProcessSample(
            at: at, cpuSeconds: parsed.cpuSeconds, residentBytes: parsed.residentBytes, diskRead: io.read, diskWritten: io.written,
            networkReceived: net.received, networkSent: net.sent)
    }
}
