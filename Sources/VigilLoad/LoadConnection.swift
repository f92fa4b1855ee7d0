import NIOCore
import VigilCore

/// One keep-alive connection of the load generator: writes a pre-encoded request, waits
/// for its response, records the latency and writes the next — at once (closed model) or
/// at its scheduled time (open model, latency from the scheduled time).
final class LoadConnection: ChannelInboundHandler {
    typealias InboundIn = ResponseDecoder.CompletedResponse

    private let recorder: LoopRecorder
    private let shared: LoadShared
    private var picker: WeightedPicker
    /// The connection's place: carries how many it sent (the open schedule's `k`)
    /// across reconnects.
    private let slot: ConnectionSlot
    private var sent: Int64 {
        get { slot.sent }
        set { slot.sent = newValue }
    }
    /// The request on the wire: which, and where its latency counts from (ns).
    private var inFlight: (request: Int, from: Int64)?
    private var context: ChannelHandlerContext?

    init(recorder: LoopRecorder, shared: LoadShared, slot: ConnectionSlot) {
        self.recorder = recorder
        self.shared = shared
        self.slot = slot
        picker = WeightedPicker(weights: shared.weights, seed: slot.seed &+ UInt64(slot.reconnects))
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        recorder.counters.openConnections += 1
        recorder.counters.peakConnections = max(recorder.counters.peakConnections, recorder.counters.openConnections)
        recorder.connections[ObjectIdentifier(self)] = self
        next(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        recorder.counters.openConnections -= 1
        recorder.connections[ObjectIdentifier(self)] = nil
        if inFlight != nil && !recorder.stopping {
            recorder.counters.errors.read += 1
            recorder.failed(stage: shared.stageIndex(at: LoadShared.now()))
            inFlight = nil
        }
        self.context = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        guard let (request, from) = inFlight else { return }
        inFlight = nil
        let now = LoadShared.now()
        recorder.counters.bytesIn += response.bytes
        // An error status is still an answer: timed, and counted by its class.
        switch response.status {
        case 400..<500: recorder.counters.errors.status4xx += 1
        case 500...: recorder.counters.errors.status5xx += 1
        default: break
        }
        recorder.record(request: request, latencyNanoseconds: now - from, stage: shared.stageIndex(at: now), status: response.status)
        if response.closes {
            context.close(promise: nil)
            return
        }
        next(context, now: now)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if inFlight != nil {
            recorder.counters.errors.read += 1
            recorder.failed(stage: shared.stageIndex(at: LoadShared.now()))
            inFlight = nil
        }
        context.close(promise: nil)
    }

    /// Closes it at the stop (what is in flight is not counted).
    func close() {
        inFlight = nil
        context?.close(promise: nil)
    }

    /// Called by the loop's sweep: drops the connection when its request is overdue.
    func checkTimeout(now: Int64) {
        guard let (_, from) = inFlight, let context, now - from > shared.timeoutNanoseconds else { return }
        recorder.counters.errors.timeout += 1
        recorder.failed(stage: shared.stageIndex(at: now))
        inFlight = nil
        context.close(promise: nil)
    }

    // MARK: Sending

    /// - Parameter now: the clock, when the caller has just read it (one read per answer).
    private func next(_ context: ChannelHandlerContext, now given: Int64? = nil) {
        guard !recorder.stopping else { return }
        let now = given ?? LoadShared.now()
        // closed-model stages: connections above the current count wait their turn
        if let stages = shared.connectionStages, Double(slot.index) >= stages.value(at: Double(now - shared.start) / 1e9).rounded() {
            later(context, at: now + 50_000_000, from: nil)
            return
        }
        guard let rate = shared.rateStages else {
            guard shared.claim() else { return }
            send(context, from: now)
            return
        }
        // open model: the k-th request of connection i is arrival k·c + i of the rate
        guard let seconds = rate.arrivalTime(sent * Int64(shared.connections) + Int64(slot.index)) else { return }
        let due = shared.start + Int64(seconds * 1e9)
        if due <= now {
            guard shared.claim() else { return }
            recorder.counters.maxLag = max(recorder.counters.maxLag, now - due)
            send(context, from: due)
        } else {
            later(context, at: due, from: due)
        }
    }

    /// Sends at `deadline` (measuring from `from`), or looks again then (`from` nil).
    private func later(_ context: ChannelHandlerContext, at deadline: Int64, from: Int64?) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(UInt64(deadline))) {
            let connection = loopBound.value
            guard let context = connection.context, connection.inFlight == nil, !connection.recorder.stopping else { return }
            guard let from else {
                connection.next(context)
                return
            }
            guard connection.shared.claim() else { return }
            connection.send(context, from: from)
        }
    }

    private func send(_ context: ChannelHandlerContext, from: Int64) {
        let request = shared.requests.count == 1 ? 0 : picker.next()
        inFlight = (request, from)
        sent += 1
        let bytes = shared.requests[request]
        recorder.counters.bytesOut += bytes.readableBytes
        context.writeAndFlush(NIOAny(bytes), promise: nil)
    }
}

/// One of the `-c` connections, across its reconnects (loop-bound).
final class ConnectionSlot {
    /// Its place in `0..<connections`.
    let index: Int
    let seed: UInt64
    var sent: Int64 = 0
    var reconnects = 0

    init(index: Int, seed: UInt64) {
        self.index = index
        self.seed = seed
    }
}

/// What every connection shares, read-only (plus the request budget).
final class LoadShared: Sendable {
    let requests: [ByteBuffer]
    let weights: [Int]
    /// When the run started, on the monotonic clock (ns).
    let start: Int64
    let timeoutNanoseconds: Int64
    let connections: Int
    /// The open model's rate over time; `nil` is the closed model.
    let rateStages: LoadStages?
    /// The closed model's active connections over time, when it ramps.
    let connectionStages: LoadStages?
    private let budget: RequestBudget?

    init(
        requests: [ByteBuffer], weights: [Int], start: Int64, timeout: Duration, limit: Int?, connections: Int,
        rateStages: LoadStages?, connectionStages: LoadStages?
    ) {
        self.requests = requests
        self.weights = weights
        self.start = start
        self.connections = connections
        self.rateStages = rateStages
        self.connectionStages = connectionStages
        timeoutNanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        budget = limit.map(RequestBudget.init)
    }

    /// The stage running at monotonic time `now` (0 without stages).
    func stageIndex(at now: Int64) -> Int {
        guard let stages = rateStages ?? connectionStages else { return 0 }
        return stages.stageIndex(at: Double(now - start) / 1e9)
    }

    /// Takes one request from the budget (`-n`); always true without one.
    func claim() -> Bool { budget?.take() ?? true }

    /// The monotonic clock in nanoseconds.
    @inline(__always) static func now() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds) }
}
