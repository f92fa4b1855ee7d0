import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization
import VigilConfig
import VigilCore

/// Runs probes: HTTP through AsyncHTTPClient, TCP, TLS and DNS directly on SwiftNIO. A run
/// always ends by the probe's timeout; failures to connect are observations
/// (`[CONNECTED] == false`), never thrown errors.
public final class ProbeExecutor: Sendable {
    let group: any EventLoopGroup
    /// One client per (follow redirects, verify TLS): those are client-wide settings.
    private let clients: [Int: HTTPClient]
    /// Clients that present a certificate, made on first use: one per (files, settings).
    private let certificateClients = Mutex<[CertificateClientKey: HTTPClient]>([:])

    struct CertificateClientKey: Hashable {
        var certificate: ClientCertificate
        var follow: Bool
        var verify: Bool
    }

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        var clients: [Int: HTTPClient] = [:]
        for follow in [false, true] {
            for verify in [false, true] {
                // Verifying clients keep AsyncHTTPClient's default, built only when an https
                // connection needs it (loading the trust store is slow; an http probe must
                // not pay for it in its response time).
                var tls: TLSConfiguration?
                if !verify {
                    tls = TLSConfiguration.makeClientConfiguration()
                    tls?.certificateVerification = .none
                }
                clients[Self.key(follow, verify)] = Self.makeClient(group: group, follow: follow, tls: tls)
            }
        }
        self.clients = clients
    }

    static func key(_ follow: Bool, _ verify: Bool) -> Int { (follow ? 2 : 0) + (verify ? 1 : 0) }

    static func makeClient(group: any EventLoopGroup, follow: Bool, tls: TLSConfiguration?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = follow ? .follow(max: 10, allowCycles: false) : .disallow
        configuration.tlsConfiguration = tls
        // A refused connection is an observation, reported at once: the pool's retries
        // would turn it into a timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
    }

    /// The client for a probe: a shared one, or one that presents the probe's certificate.
    /// Reading the PEM files can fail (a file changed since the config was loaded): that
    /// is the run's error.
    func client(for http: HTTPProbe) throws -> HTTPClient {
        guard let certificate = http.clientCertificate else { return clients[Self.key(http.followRedirects, http.verifyTLS)]! }
        let key = CertificateClientKey(certificate: certificate, follow: http.followRedirects, verify: http.verifyTLS)
        if let client = certificateClients.withLock({ $0[key] }) { return client }
        var tls = TLSConfiguration.makeClientConfiguration()
        if !http.verifyTLS { tls.certificateVerification = .none }
        do {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate.certificatePath).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificate.keyPath, format: .pem))
        } catch {
            throw ProbeError("client certificate \(certificate.certificatePath): \(error)")
        }
        let made = Self.makeClient(group: group, follow: http.followRedirects, tls: tls)
        let (client, spare) = certificateClients.withLock { clients -> (HTTPClient, HTTPClient?) in
            if let existing = clients[key] { return (existing, made) }
            clients[key] = made
            return (made, nil)
        }
        // Two first runs raced: keep one client, close the other.
        if let spare { spare.shutdown { _ in } }
        return client
    }

    /// Closes the HTTP clients.
    public func shutdown() async throws {
        for client in clients.values { try await client.shutdown() }
        for client in certificateClients.withLock({ Array($0.values) }) { try await client.shutdown() }
    }

    /// Runs one probe once and judges it.
    public func run(_ spec: ProbeSpec) async -> ProbeRun {
        let startedAt = Date()
        var (observation, error): (ProbeObservation, String?)
        switch spec.kind {
        case .http(let http): (observation, error) = await runHTTP(http, spec)
        case .tcp(let address, let send, let expect): (observation, error) = await runTCP(address, send: send, expect: expect, timeout: spec.timeout)
        case .tls(let address, let serverName):
            (observation, error) = await runTLS(
                address, serverName: serverName, timeout: spec.timeout, checkChain: spec.conditions.contains(where: \.usesChainValidity))
        case .dns(let dns): (observation, error) = await runDNS(dns, timeout: spec.timeout)
        case .heartbeat: (observation, error) = (ProbeObservation(connected: false), "heartbeats are pushed, not run")
        }
        return ProbeRun(
            probe: spec.name, startedAt: startedAt, observation: observation, results: spec.conditions.map { $0.evaluate(observation) }, error: error)
    }

    // MARK: HTTP

    func runHTTP(_ http: HTTPProbe, _ spec: ProbeSpec) async -> (ProbeObservation, String?) {
        var request = HTTPClientRequest(url: http.url)
        request.method = .init(rawValue: http.method)
        for (name, value) in http.headers { request.headers.add(name: name, value: value) }
        if let body = http.body { request.body = .bytes(ByteBuffer(string: body)) }
        let started = ContinuousClock.now
        var observation = ProbeObservation(connected: false)
        var failure: String?
        do {
            let client = try client(for: http)
            let maxBodyBytes = http.maxBodyBytes
            // The client's timeout covers the response head; the deadline covers the whole
            // run (head and body), so a timeout always ends it, even on a loaded machine.
            let (status, body) = try await withDeadline(spec.timeout) { [request] in
                let response = try await client.execute(request, timeout: .nanoseconds(Int64(spec.timeout.inNanoseconds)))
                var body: [UInt8] = []
                for try await buffer in response.body {
                    body += buffer.readableBytesView.prefix(maxBodyBytes - body.count)
                    if body.count >= maxBodyBytes { break }
                }
                return (Int(response.status.code), body)
            }
            observation.connected = true
            observation.status = status
            observation.body = body
        } catch {
            failure = "\(error)"
        }
        observation.responseTime = ContinuousClock.now - started
        if http.url.lowercased().hasPrefix("https://"), spec.conditions.contains(where: \.usesCertificate),
            let url = URL(string: http.url), let host = url.host
        {
            let (tls, _) = await runTLS(
                "\(host):\(url.port ?? 443)", serverName: nil, timeout: spec.timeout, checkChain: spec.conditions.contains(where: \.usesChainValidity))
            observation.certificateExpiration = tls.certificateExpiration
            observation.certificateChainValid = tls.certificateChainValid
            observation.certificateHostnameValid = tls.certificateHostnameValid
        }
        return (observation, failure)
    }

    // MARK: TCP

    func runTCP(_ address: String, send: String?, expect: String?, timeout: Duration) async -> (ProbeObservation, String?) {
        let started = ContinuousClock.now
        var observation = ProbeObservation(connected: false)
        do {
            let (host, port) = try Self.split(address)
            let reply = try await withDeadline(timeout) { [group] in
                let channel = try await ClientBootstrap(group: group)
                    .connectTimeout(.nanoseconds(Int64(timeout.inNanoseconds)))
                    .connect(host: host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                    }
                return try await channel.executeThenClose { inbound, outbound -> (String?, [UInt8]) in
                    let remote = channel.channel.remoteAddress?.ipAddress
                    guard let send else { return (remote, []) }
                    try await outbound.write(ByteBuffer(string: send))
                    var received: [UInt8] = []
                    for try await buffer in inbound {
                        received += buffer.readableBytesView
                        if let expect, String(decoding: received, as: UTF8.self).contains(expect) { break }
                        if received.count > 64 * 1024 { break }
                    }
                    return (remote, received)
                }
            }
            observation.connected = true
            observation.ip = reply.0
            if send != nil { observation.body = reply.1 }
            observation.responseTime = ContinuousClock.now - started
            return (observation, nil)
        } catch {
            observation.responseTime = ContinuousClock.now - started
            return (observation, "\(error)")
        }
    }

    // MARK: TLS

    func runTLS(_ address: String, serverName: String?, timeout: Duration, checkChain: Bool = false) async -> (ProbeObservation, String?) {
        let started = ContinuousClock.now
        var observation = ProbeObservation(connected: false)
        do {
            let (host, port) = try Self.split(address)
            let sni = serverName ?? (Self.isIPAddress(host) ? nil : host)
            // The name is judged from the certificate ([CERTIFICATE_HOSTNAME_VALID]), not by
            // NIOSSL failing the handshake: a misnamed certificate is still read.
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .noHostnameVerification
            let context = try NIOSSLContext(configuration: configuration)
            let chain = try await withDeadline(timeout) { [group] in
                let captured = CertificateCapture()
                let handshake = group.next().makePromise(of: Void.self)
                let channel: any Channel
                do {
                    channel = try await ClientBootstrap(group: group)
                        .connectTimeout(.nanoseconds(Int64(timeout.inNanoseconds)))
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                // The chain is taken as presented and judged by the conditions
                                // (expiry), so the handshake accepts it whatever its validity.
                                let handler = try NIOSSLClientHandler(context: context, serverHostname: sni) { certificates, promise in
                                    captured.certificates = certificates
                                    promise.succeed(.certificateVerified)
                                }
                                try channel.pipeline.syncOperations.addHandler(handler)
                                try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: handshake))
                            }
                        }
                        .connect(host: host, port: port).get()
                } catch {
                    handshake.fail(error)
                    throw error
                }
                do {
                    try await handshake.futureResult.get()
                } catch {
                    channel.close(promise: nil)
                    throw error
                }
                let remote = channel.remoteAddress?.ipAddress
                try? await channel.close()
                return (captured.certificates, remote)
            }
            observation.connected = true
            observation.ip = chain.1
            if let earliest = chain.0.map(\.notValidAfter).min() {
                observation.certificateExpiration = .seconds(Int64(earliest) - Int64(Date().timeIntervalSince1970))
            }
            if let leaf = chain.0.first { observation.certificateHostnameValid = HostnameMatch.matches(leaf, host: serverName ?? host) }
            if checkChain { observation.certificateChainValid = await chainVerifies(host: host, port: port, serverName: sni, timeout: timeout) }
            observation.responseTime = ContinuousClock.now - started
            return (observation, chain.0.isEmpty ? "no certificate presented" : nil)
        } catch {
            observation.responseTime = ContinuousClock.now - started
            return (observation, "\(error)")
        }
    }

    /// Whether a handshake that verifies the chain (not the name: that is judged apart)
    /// against the system's trust roots succeeds.
    func chainVerifies(host: String, port: Int, serverName: String?, timeout: Duration) async -> Bool {
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .noHostnameVerification
            let context = try NIOSSLContext(configuration: configuration)
            return try await withDeadline(timeout) { [group] in
                let handshake = group.next().makePromise(of: Void.self)
                let channel = try await ClientBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName))
                            try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: handshake))
                        }
                    }
                    .connect(host: host, port: port).get()
                defer { channel.close(promise: nil) }
                do { try await handshake.futureResult.get() } catch { return false }
                return true
            }
        } catch {
            return false
        }
    }

    /// Completes its promise when the TLS handshake is done, fails it on an error or
    /// a close before that.
    final class HandshakeWaiter: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = NIOAny
        let promise: EventLoopPromise<Void>
        /// Touched on the channel's event loop only.
        private var done = false

        init(promise: EventLoopPromise<Void>) { self.promise = promise }

        private func finish(_ result: Result<Void, any Error>) {
            guard !done else { return }
            done = true
            promise.completeWith(result)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event { finish(.success(())) }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(.failure(error))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(.failure(ProbeError("the connection closed during the TLS handshake")))
            context.fireChannelInactive()
        }
    }

    /// Filled on the event loop during the handshake, read after it.
    final class CertificateCapture: @unchecked Sendable {
        var certificates: [NIOSSLCertificate] = []
    }

    // MARK: Helpers

    static func split(_ address: String) throws -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ProbeError("expected host:port, found '\(address)'")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}

/// A probe's own failure with a readable message.
struct ProbeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ProbeCondition {
    /// Whether the condition needs the certificate (so HTTPS probes fetch it).
    var usesCertificate: Bool { placeholders.contains { $0.needsCertificate } }

    /// Whether it asks if the chain verifies (a second handshake, with verification on).
    var usesChainValidity: Bool { placeholders.contains(.certificateChainValid) }

    /// The placeholders it compares directly.
    private var placeholders: [Placeholder] {
        [left, right].compactMap { operand in
            guard case .placeholder(let placeholder, _) = operand else { return nil }
            return placeholder
        }
    }
}
