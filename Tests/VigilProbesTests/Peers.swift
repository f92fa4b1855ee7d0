import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

@testable import VigilProbes

/// Real local peers for the probe tests, on 127.0.0.1 and ports the OS picks.
enum Peers {
    static let group = MultiThreadedEventLoopGroup.singleton

    // MARK: HTTP

    /// `/ok` 200 with a JSON body, `/fail` 500, `/slow` 200 after 300 ms, `/moved` 302 to `/ok`.
    final class HTTPHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let (status, body, headers): (HTTPResponseStatus, String, [(String, String)]) =
                switch head.uri {
                case "/ok": (.ok, #"{"status":"UP","items":[1,2,3]}"#, [])
                case "/fail": (.internalServerError, "<html>Service Unavailable</html>", [])
                case "/slow": (.ok, "slow", [])
                case "/moved": (.found, "", [("Location", "/ok")])
                default: (.notFound, "no", [])
                }
            let delay: TimeAmount = head.uri == "/slow" ? .milliseconds(300) : .zero
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = loopBound.value
                var fields = HTTPHeaders(headers)
                fields.add(name: "Content-Length", value: String(body.utf8.count))
                context.write(handler.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: fields))), promise: nil)
                context.write(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }

    /// Starts the HTTP peer, optionally over TLS; returns its channel (port in `localAddress`).
    static func http(tls: NIOSSLContext? = nil) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(HTTPHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// PEM files of a self-signed certificate for `commonName`, valid for `days`, made with
    /// openssl in a fresh temporary directory (the caller removes it).
    static func certificateFiles(commonName: String, days: Int) throws -> (directory: URL, certificate: String, key: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (certificate, key) = (directory.appendingPathComponent("cert.pem").path, directory.appendingPathComponent("key.pem").path)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", String(days), "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=DNS:\(commonName)",
            "-keyout", key, "-out", certificate,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw ProbeError("openssl failed") }
        return (directory, certificate, key)
    }

    /// A server context with a self-signed certificate for `commonName`, valid for `days`.
    /// With `clientCertificate` (a PEM file) it insists on that client certificate.
    static func certificate(commonName: String, days: Int, clientCertificate: String? = nil) throws -> NIOSSLContext {
        let files = try certificateFiles(commonName: commonName, days: days)
        defer { try? FileManager.default.removeItem(at: files.directory) }
        let certificates = try NIOSSLCertificate.fromPEMFile(files.certificate)
        let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        if let clientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCertificate))
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    // MARK: DNS

    /// Answers `shop.test` A 10.1.2.3 and MX, `missing.test` NXDOMAIN, `broken.test`
    /// SERVFAIL, and `big.test` truncated over UDP but whole over TCP (same port).
    final class DNSResponder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let reply = DNSResponder.answer(Array(envelope.data.readableBytesView), overTCP: false)
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: reply))), promise: nil)
        }

        /// A response to `query`: header, the question echoed, then answers.
        static func answer(_ query: [UInt8], overTCP: Bool) -> [UInt8] {
            var reader = DNSMessage.Reader(bytes: query)
            reader.offset = 12
            let name = reader.name() ?? ""
            let questionEnd = reader.offset + 4
            let type = query.count >= questionEnd ? UInt16(query[questionEnd - 4]) << 8 | UInt16(query[questionEnd - 3]) : 0
            var rcode: UInt8 = 0
            var truncated = false
            var answers: [(UInt16, [UInt8])] = []
            switch name {
            case "shop.test.":
                if type == 15 { answers = [(15, [0, 10] + encode("mail.shop.test"))] } else { answers = [(1, [10, 1, 2, 3])] }
            case "missing.test.": rcode = 3
            case "broken.test.": rcode = 2
            case "big.test.":
                if overTCP { answers = (1...40).map { (1, [10, 9, 0, UInt8($0)]) } } else { truncated = true }
            default: rcode = 3
            }
            var bytes = Array(query[0..<2]) + [0x81 | (truncated ? 0x02 : 0), 0x80 | rcode, 0, 1, 0, UInt8(answers.count), 0, 0, 0, 0]
            bytes += query[12..<min(questionEnd, query.count)]
            for (answerType, data) in answers {
                bytes += [0xC0, 12, UInt8(answerType >> 8), UInt8(answerType & 0xFF), 0, 1, 0, 0, 0, 60, 0, UInt8(data.count)] + data
            }
            return bytes
        }

        static func encode(_ name: String) -> [UInt8] {
            name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
        }
    }

    /// TCP DNS: a 2-byte length, then the message.
    final class DNSOverTCP: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        var received: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += unwrapInboundIn(data).readableBytesView
            guard received.count >= 2, received.count >= 2 + (Int(received[0]) << 8 | Int(received[1])) else { return }
            let reply = DNSResponder.answer(Array(received[2...]), overTCP: true)
            var buffer = ByteBuffer()
            buffer.writeInteger(UInt16(reply.count))
            buffer.writeBytes(reply)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }

    /// The DNS responder on UDP and TCP of one port; returns `127.0.0.1:port` and the channels.
    static func dns() async throws -> (address: String, channels: [any Channel]) {
        for _ in 0..<20 {
            let udp = try await DatagramBootstrap(group: group)
                .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DNSResponder()) } }
                .bind(host: "127.0.0.1", port: 0).get()
            let port = udp.localAddress!.port!
            let tcpBootstrap = ServerBootstrap(group: group).childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DNSOverTCP()) }
            }
            if let tcp = try? await tcpBootstrap.bind(host: "127.0.0.1", port: port).get() {
                return ("127.0.0.1:\(port)", [udp, tcp])
            }
            try await udp.close()
        }
        throw ProbeError("no port free for both UDP and TCP")
    }
}
