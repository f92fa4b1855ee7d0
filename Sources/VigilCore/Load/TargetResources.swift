/// A target process's resources while it is loaded (CPU, memory, disk and network: what
/// a load-test report needs beside latency and throughput), read from Linux's `/proc`. Parsing is pure; the sampler reads the files.
public struct ProcessSample: Hashable, Sendable {
    /// Seconds since the sampler started.
    public var at: Double
    /// user + system CPU seconds so far.
    public var cpuSeconds: Double
    public var residentBytes: Int
    /// Bytes the process caused to be read from and written to storage.
    public var diskRead: Int
    public var diskWritten: Int
    /// Bytes received and sent on the process's network namespace's interfaces.
    public var networkReceived: Int
    public var networkSent: Int

    public init(at: Double, cpuSeconds: Double, residentBytes: Int, diskRead: Int, diskWritten: Int, networkReceived: Int, networkSent: Int) {
        self.at = at
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.diskRead = diskRead
        self.diskWritten = diskWritten
        self.networkReceived = networkReceived
        self.networkSent = networkSent
    }

    /// `/proc/PID/stat`: utime and stime (fields 14 and 15, in clock ticks) and rss (field
    /// 24, in pages). The command name (field 2) may hold spaces and parentheses, so the
    /// fields are counted from its closing parenthesis.
    public static func parseStat(_ text: String, ticksPerSecond: Double, pageSize: Int) -> (cpuSeconds: Double, residentBytes: Int)? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state)
        guard fields.count > 21, let utime = Double(fields[11]), let stime = Double(fields[12]), let rss = Int(fields[21]) else { return nil }
        return ((utime + stime) / ticksPerSecond, rss * pageSize)
    }

    /// `/proc/PID/io`: `read_bytes` and `write_bytes`.
    public static func parseIO(_ text: String) -> (read: Int, written: Int) {
        var read = 0
        var written = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1].filter { $0 != " " && $0 != "\t" }) else { continue }
            if parts[0] == "read_bytes" { read = value } else if parts[0] == "write_bytes" { written = value }
        }
        return (read, written)
    }

    /// `/proc/PID/net/dev`: received and sent bytes summed over the interfaces.
    public static func parseNetDev(_ text: String) -> (received: Int, sent: Int) {
        var received = 0
        var sent = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let fields = parts[1].split(separator: " ")
            guard fields.count >= 9, let rx = Int(fields[0]), let tx = Int(fields[8]) else { continue }
            received += rx
            sent += tx
        }
        return (received, sent)
    }
}

/// What the samples of a run say: CPU use (one core = 1.0) mean and peak, memory, and the
/// disk and network bytes moved during the run.
public struct TargetResources: Hashable, Sendable, Codable {
    public var cpuMean: Double
    public var cpuPeak: Double
    public var residentPeak: Int
    public var residentMean: Int
    public var diskRead: Int
    public var diskWritten: Int
    public var networkReceived: Int
    public var networkSent: Int

    /// `nil` with fewer than two samples.
    public init?(_ samples: [ProcessSample]) {
        guard let first = samples.first, let last = samples.last, samples.count >= 2, last.at > first.at else { return nil }
        cpuMean = (last.cpuSeconds - first.cpuSeconds) / (last.at - first.at)
        cpuPeak = zip(samples, samples.dropFirst()).map { ($1.cpuSeconds - $0.cpuSeconds) / max(1e-9, $1.at - $0.at) }.max() ?? cpuMean
        residentPeak = samples.map(\.residentBytes).max() ?? 0
        residentMean = samples.map(\.residentBytes).reduce(0, +) / samples.count
        diskRead = last.diskRead - first.diskRead
        diskWritten = last.diskWritten - first.diskWritten
        networkReceived = last.networkReceived - first.networkReceived
        networkSent = last.networkSent - first.networkSent
    }
}
