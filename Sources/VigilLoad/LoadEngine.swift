import Histogram
import NIOCore
import NIOPosix
import NIOSSL
import VigilCore

/// Runs a ``LoadPlan`` on SwiftNIO: `threads` event loops, `connections` keep-alive
/// connections spread over them, each with its own handler; per-loop recorders merged at
/// the end (docs/load.md).
public enum LoadEngine {
    /// What the live view shows, a few times a second.
    public struct Progress: Sendable {
        public var elapsed: Double
        public var completed: Int
        public var errors: Int
        /// Over the last interval.
        public var requestsPerSecond: Double
        /// So far, in seconds.
        public var p99: Double?
        public var openConnections: Int
    }

    /// A run's figures: the summary, each scenario request's latencies, the merged
    /// histogram (microseconds) for `--hdr-out`.
    public struct Result: Sendable {
        public var summary: LoadSummary
        public var perRequest: [(name: String, requests: Int, latency: LoadSummary.Latency?)]
        public var histogram: Histogram<UInt64>
        public var reconnects: Int
        /// Per stage, for the findings (empty without stages).
        public var stages: [LoadFindings.Stage]

        /// The latency distribution as wrk2 prints it (`--hdr-out`), in milliseconds.
        public var percentileDistribution: String {
            var text = ""
            histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1000)
            return text
        }
    }

    /// - Parameter progress: called every `progressInterval` with the counters so far.
    public static func run(
        _ plan: LoadPlan, progressInterval: Duration = .milliseconds(250),
        progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> Result {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, plan.threads))
        let loops = Array(group.makeIterator())
        let requestCount = plan.requests.count
        let stageCount = plan.stages?.stages.count ?? 1
        var recorders: [NIOLoopBound<LoopRecorder>] = []
        for loop in loops {
            recorders.append(try await loop.submit { NIOLoopBound(LoopRecorder(requestCount: requestCount, stageCount: stageCount), eventLoop: loop) }.get())
        }
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if !plan.verifyCertificates { tlsConfiguration.certificateVerification = .none }
        let tls: NIOSSLContext? = plan.target.tls ? try NIOSSLContext(configuration: tlsConfiguration) : nil
        let start = LoadShared.now()
        let shared = LoadShared(
            requests: plan.encodedRequests(), weights: plan.requests.map(\.weight), start: start, timeout: plan.timeout,
            limit: plan.requestLimit, connections: max(1, plan.connections), rateStages: plan.rateStages,
            connectionStages: plan.openModel ? nil : plan.stages)

        // the timeout sweep, per loop
        var sweeps: [RepeatedTask] = []
        for (loop, recorder) in zip(loops, recorders) {
            sweeps.append(
                loop.scheduleRepeatedTask(initialDelay: .milliseconds(50), delay: .milliseconds(50)) { _ in
                    let now = LoadShared.now()
                    for connection in recorder.value.connections.values { connection.checkTimeout(now: now) }
                })
        }
        for index in 0..<max(1, plan.connections) {
            let loop = loops[index % loops.count]
            let recorder = recorders[index % loops.count]
            try await loop.submit {
                let slot = ConnectionSlot(index: index, seed: UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
                connect(slot: slot, loop: loop, recorder: recorder.value, shared: shared, plan: plan, tls: tls)
            }.get()
        }

        // wait for the end: the duration, or the request limit answered
        let deadline = plan.runLength.map { ContinuousClock.now + $0 }
        var last = (time: ContinuousClock.now, completed: 0)
        // Look often only when a request limit must be noticed; otherwise wake for the
        // live view or the deadline (every look costs the loops a task).
        let step = plan.requestLimit != nil ? Duration.milliseconds(20) : progress != nil ? progressInterval : .milliseconds(100)
        while true {
            var pause = step
            if let deadline { pause = min(pause, max(.milliseconds(1), deadline - ContinuousClock.now)) }
            try? await Task.sleep(for: pause)
            let now = ContinuousClock.now
            if let deadline, now >= deadline { break }
            if let limit = plan.requestLimit {
                let counters = try await collect(recorders, loops, histograms: false)
                if counters.completed + counters.errors.timeout + counters.errors.read >= limit { break }
            }
            if let progress, now - last.time >= progressInterval {
                let counters = try await collect(recorders, loops, histograms: false)
                let snapshot = try await collect(recorders, loops, histograms: true)
                let seconds = (now - last.time).inSeconds
                let merged = merge(snapshot.histograms)
                progress(
                    Progress(
                        elapsed: Double(LoadShared.now() - start) / 1e9, completed: counters.completed, errors: counters.errors.total,
                        requestsPerSecond: Double(counters.completed - last.completed) / seconds,
                        p99: merged.totalCount > 0 ? Double(merged.valueAtPercentile(99)) / 1e6 : nil, openConnections: counters.openConnections))
                last = (now, counters.completed)
            }
        }
        let elapsed = Double(LoadShared.now() - start) / 1e9
        // stop: no more sends, close every connection, then read the recorders
        for (loop, recorder) in zip(loops, recorders) {
            try await loop.submit {
                recorder.value.stopping = true
                for connection in recorder.value.connections.values { connection.close() }
            }.get()
        }
        for sweep in sweeps { sweep.cancel() }
        let final = try await collect(recorders, loops, histograms: true)
        try await group.shutdownGracefully()

        let perRequest = plan.requests.indices.map { index in
            let histogram = merge(final.perLoop.map { $0.histograms[index] })
            return (name: plan.requests[index].name, requests: Int(histogram.totalCount), latency: latency(histogram))
        }
        let histogram = merge(final.histograms)
        let errors = final.errors
        // a constant target rate, when there is one (ramps are judged per stage)
        let targetRate: Double? = plan.openModel ? (plan.stages == nil ? plan.rate : nil) : nil
        let summary = LoadSummary(
            requests: final.completed + errors.timeout + errors.read + errors.connect, duration: elapsed, latency: latency(histogram),
            errors: errors, bytesIn: final.bytesIn, bytesOut: final.bytesOut, peakConnections: final.peakConnections,
            targetRate: targetRate, maxScheduleLag: plan.openModel ? Double(final.maxLag) / 1e9 : nil)
        var stages: [LoadFindings.Stage] = []
        if let planned = plan.stages {
            for (index, stage) in planned.stages.enumerated() {
                let histogram = merge(final.perLoop.map { $0.stageHistograms[index] })
                let answered = final.perLoop.reduce(0) { $0 + $1.stageCompleted[index] }
                let failed = final.perLoop.reduce(0) { $0 + $1.stageErrors[index] }
                // the open model's rate is its target; the closed model's what it reached
                let rate = plan.openModel ? stage.target : (stage.duration > 0 ? Double(answered) / stage.duration : 0)
                stages.append(
                    LoadFindings.Stage(
                        rate: rate, requests: answered, errors: failed,
                        p99: histogram.totalCount > 0 ? Double(histogram.valueAtPercentile(99)) / 1e6 : nil))
            }
        }
        return Result(summary: summary, perRequest: perRequest, histogram: histogram, reconnects: final.reconnects, stages: stages)
    }

    /// Connects one slot, and again whenever its connection closes before the stop.
    static func connect(slot: ConnectionSlot, loop: any EventLoop, recorder: LoopRecorder, shared: LoadShared, plan: LoadPlan, tls: NIOSSLContext?) {
        let recorderBound = NIOLoopBound(recorder, eventLoop: loop)
        let slotBound = NIOLoopBound(slot, eventLoop: loop)
        let host = plan.target.host
        let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let connectTimeout = TimeAmount.nanoseconds(shared.timeoutNanoseconds)
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ResponseDecoder()))
                    try channel.pipeline.syncOperations.addHandler(LoadConnection(recorder: recorderBound.value, shared: shared, slot: slotBound.value))
                }
            }
            .connect(host: host, port: plan.target.port)
            .whenComplete { result in
                let recorder = recorderBound.value
                switch result {
                case .success(let channel):
                    channel.closeFuture.whenComplete { _ in
                        guard !recorderBound.value.stopping else { return }
                        recorderBound.value.counters.reconnects += 1
                        slotBound.value.reconnects += 1
                        connect(slot: slotBound.value, loop: loop, recorder: recorderBound.value, shared: shared, plan: plan, tls: tls)
                    }
                case .failure:
                    guard !recorder.stopping else { return }
                    recorder.counters.errors.connect += 1
                    // a refused connection fails at once: wait a little before the next try
                    loop.scheduleTask(in: .milliseconds(10)) {
                        guard !recorderBound.value.stopping else { return }
                        connect(slot: slotBound.value, loop: loop, recorder: recorderBound.value, shared: shared, plan: plan, tls: tls)
                    }
                }
            }
    }

    /// The loops' figures added up.
    @dynamicMemberLookup
    struct Totals {
        var perLoop: [LoopSnapshot] = []
        var counters = LoadCounters()
        var histograms: [Histogram<UInt64>] { perLoop.flatMap(\.histograms) }

        subscript<Value>(dynamicMember keyPath: KeyPath<LoadCounters, Value>) -> Value { counters[keyPath: keyPath] }
    }

    static func collect(_ recorders: [NIOLoopBound<LoopRecorder>], _ loops: [any EventLoop], histograms: Bool) async throws -> Totals {
        var totals = Totals()
        for (loop, recorder) in zip(loops, recorders) {
            let snapshot = try await loop.submit { recorder.value.snapshot(histograms: histograms) }.get()
            totals.perLoop.append(snapshot)
            totals.counters.add(snapshot.counters)
        }
        return totals
    }

    static func merge(_ histograms: [Histogram<UInt64>]) -> Histogram<UInt64> {
        var merged = LoopRecorder.histogram()
        for histogram in histograms { merged.add(histogram) }
        return merged
    }

    /// The percentiles the report shows, in seconds.
    static let percentiles: [Double] = [50, 75, 90, 99, 99.9, 99.99]

    static func latency(_ histogram: Histogram<UInt64>) -> LoadSummary.Latency? {
        guard histogram.totalCount > 0 else { return nil }
        var values: [Double: Double] = [:]
        for p in percentiles { values[p] = Double(histogram.valueAtPercentile(p)) / 1e6 }
        return LoadSummary.Latency(
            min: Double(histogram.min) / 1e6, mean: histogram.mean / 1e6, stdev: histogram.stdDeviation / 1e6,
            max: Double(histogram.max) / 1e6, percentiles: values)
    }
}
