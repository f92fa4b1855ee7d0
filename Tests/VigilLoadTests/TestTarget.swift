import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A local HTTP server written for the load tests: answers every request after a fixed
/// delay, can stall once for a while (holding every answer due in the stall until it
/// ends), answers a chosen status, counts requests per path, or never answers.
final class TestTarget: Sendable {
    struct Behaviour: Sendable {
        var delay: TimeAmount = .zero
        /// Seconds after the server started when it stops answering, and for how long.
        var stall: (after: TimeAmount, length: TimeAmount)?
        var status: HTTPResponseStatus = .ok
        var neverAnswer = false
        var chunked = false
    }

    let channel: any Channel
    let group: MultiThreadedEventLoopGroup
    private let counts = NIOLockedValueBox([String: Int]())

    var port: Int { channel.localAddress!.port! }
    var url: String { "http://127.0.0.1:\(port)" }
    var httpsURL: String { "https://127.0.0.1:\(port)" }
    var requestsByPath: [String: Int] { counts.withLockedValue { $0 } }

    init(_ behaviour: Behaviour, tls: NIOSSLContext? = nil) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let started = NIODeadline.now()
        let counts = counts
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(behaviour: behaviour, started: started, counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let behaviour: Behaviour
        let started: NIODeadline
        let counts: NIOLockedValueBox<[String: Int]>

        init(behaviour: Behaviour, started: NIODeadline, counts: NIOLockedValueBox<[String: Int]>) {
            self.behaviour = behaviour
            self.started = started
            self.counts = counts
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            counts.withLockedValue { $0[head.uri, default: 0] += 1 }
            if behaviour.neverAnswer { return }
            var due = NIODeadline.now() + behaviour.delay
            if let stall = behaviour.stall {
                let from = started + stall.after
                let to = from + stall.length
                if due >= from && due < to { due = to }
            }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: due) {
                let (handler, context) = bound.value
                handler.answer(context, keepAlive: head.isKeepAlive)
            }
        }

        func answer(_ context: ChannelHandlerContext, keepAlive: Bool) {
            let body = "hello, load\n"
            var headers = HTTPHeaders()
            if behaviour.chunked {
                headers.add(name: "Transfer-Encoding", value: "chunked")
            } else {
                headers.add(name: "Content-Length", value: String(body.utf8.count))
            }
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: behaviour.status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
