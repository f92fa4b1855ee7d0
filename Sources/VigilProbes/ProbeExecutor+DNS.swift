import NIOCore
import NIOPosix
import VigilConfig
import VigilCore

extension ProbeExecutor {
    /// Asks the resolver over UDP; a truncated answer is asked again over TCP. The
    /// observation carries the rcode, the first answer as `[IP]` and every answer, one a
    /// line, as `[BODY]`.
    func runDNS(_ dns: DNSProbe, timeout: Duration) async -> (ProbeObservation, String?) {
        let started = ContinuousClock.now
        var observation = ProbeObservation(connected: false)
        do {
            let (host, port) = try Self.split(dns.resolver)
            let resolver = try SocketAddress.makeAddressResolvingHost(host, port: port)
            let id = UInt16.random(in: 0...UInt16.max)
            let query = DNSMessage.query(id: id, name: dns.name, type: dns.type)
            var answer = try await withDeadline(timeout) { [group] in try await Self.askUDP(query, id: id, resolver: resolver, group: group) }
            if answer.truncated {
                answer = try await withDeadline(timeout) { [group] in try await Self.askTCP(query, id: id, host: host, port: port, group: group) }
            }
            observation.connected = true
            observation.dnsRcode = answer.rcodeName
            observation.ip = answer.answers.first?.value
            observation.body = Array(answer.answers.map(\.value).joined(separator: "\n").utf8)
            observation.responseTime = ContinuousClock.now - started
            return (observation, nil)
        } catch {
            observation.responseTime = ContinuousClock.now - started
            return (observation, "\(error)")
        }
    }

    static func askUDP(_ query: [UInt8], id: UInt16, resolver: SocketAddress, group: any EventLoopGroup) async throws -> DNSMessage {
        let bindHost = resolver.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: group).bind(host: bindHost, port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(AddressedEnvelope(remoteAddress: resolver, data: ByteBuffer(bytes: query)))
            for try await envelope in inbound {
                // Answers from elsewhere, or to another question, are not ours.
                guard envelope.remoteAddress == resolver, let message = DNSMessage(parsing: Array(envelope.data.readableBytesView)), message.id == id else {
                    continue
                }
                return message
            }
            throw ProbeError("the resolver closed without answering")
        }
    }

    static func askTCP(_ query: [UInt8], id: UInt16, host: String, port: Int, group: any EventLoopGroup) async throws -> DNSMessage {
        let channel = try await ClientBootstrap(group: group).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, outbound in
            var framed = ByteBuffer()
            framed.writeInteger(UInt16(query.count))
            framed.writeBytes(query)
            try await outbound.write(framed)
            var received: [UInt8] = []
            for try await buffer in inbound {
                received += buffer.readableBytesView
                guard received.count >= 2 else { continue }
                let length = Int(received[0]) << 8 | Int(received[1])
                guard received.count >= 2 + length else { continue }
                guard let message = DNSMessage(parsing: Array(received[2..<2 + length])), message.id == id else {
                    throw ProbeError("malformed answer over TCP")
                }
                return message
            }
            throw ProbeError("the resolver closed the TCP connection without answering")
        }
    }
}
