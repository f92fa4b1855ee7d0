import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import VigilConfig
import VigilCore

/// Sends one message over SMTP (RFC 5321): EHLO, STARTTLS when offered (required unless
/// `require_tls: false`), AUTH PLAIN when credentials are configured, MAIL FROM, RCPT TO,
/// DATA with dot-stuffing, QUIT. No listed package speaks SMTP, so this is a small client
/// on SwiftNIO; TLS is NIOSSL's, added to the pipeline after the server's 220 to STARTTLS.
public enum SMTPClient {
    /// A reply the client did not expect, with the server's words.
    public struct Failure: Error, CustomStringConvertible {
        /// The reply code, when the server answered one.
        public let code: Int?
        public let description: String
        /// 4xx replies are temporary (RFC 5321 §4.2.1): worth retrying. So are failures to
        /// connect or talk at all.
        public var isTemporary: Bool { code.map { $0 < 500 } ?? true }
    }

    struct Reply {
        var code: Int
        var lines: [String]
        var text: String { lines.joined(separator: " ") }
    }

    /// Sends `message` (headers and body, lines ending CRLF) to `email.to`.
    /// - Returns: the server's final reply code (250).
    public static func send(_ message: String, using email: EmailReceiver, timeout: Duration, verifyCertificate: Bool = true) async throws -> Int {
        let parts = email.smarthost.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw Failure(code: nil, description: "bad smarthost '\(email.smarthost)'") }
        let host = String(parts[0])
        return try await withDeadline(timeout) {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(timeout.inNanoseconds)))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
            return try await channel.executeThenClose { inbound, outbound in
                var session = Session(replies: inbound.makeAsyncIterator(), outbound: outbound)
                try await session.expect(nil, 220)
                var hello = try await session.expect("EHLO vigil", 250)
                let offersTLS = hello.lines.contains { $0.uppercased().hasPrefix("STARTTLS") }
                if offersTLS {
                    _ = try await session.expect("STARTTLS", 220)
                    var configuration = TLSConfiguration.makeClientConfiguration()
                    if !verifyCertificate { configuration.certificateVerification = .none }
                    let handler = try NIOSSLClientHandler(
                        context: try NIOSSLContext(configuration: configuration), serverHostname: host.first?.isNumber == true ? nil : host)
                    try await channel.channel.pipeline.addHandler(handler, position: .first).get()
                    hello = try await session.expect("EHLO vigil", 250)
                } else if email.requireTLS {
                    throw Failure(code: nil, description: "\(email.smarthost) does not offer STARTTLS and require_tls is on")
                }
                if let username = email.username, let password = email.password {
                    let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                    _ = try await session.expect("AUTH PLAIN \(token)", 235, shown: "AUTH PLAIN …")
                }
                _ = try await session.expect("MAIL FROM:<\(email.from)>", 250)
                for recipient in email.to { _ = try await session.expect("RCPT TO:<\(recipient)>", 250, 251) }
                _ = try await session.expect("DATA", 354)
                let done = try await session.expect(dotStuffed(message) + ".", 250, shown: "the message")
                try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
                return done.code
            }
        }
    }

    /// Lines starting with "." get another (RFC 5321 §4.5.2); the message ends with CRLF.
    static func dotStuffed(_ message: String) -> String {
        var lines = message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }

    /// Commands out, replies in.
    struct Session {
        var replies: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending: [UInt8] = []

        /// Sends `command` (if any) and reads the reply; throws unless its code is one of `codes`.
        mutating func expect(_ command: String?, _ codes: Int..., shown: String? = nil) async throws -> Reply {
            if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
            let reply = try await read()
            guard codes.contains(reply.code) else {
                throw Failure(code: reply.code, description: "\(shown ?? command ?? "greeting"): \(reply.code) \(reply.text)")
            }
            return reply
        }

        /// One reply: lines `250-…` continue, `250 …` ends it.
        mutating func read() async throws -> Reply {
            var lines: [String] = []
            while true {
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeSubrange(...end)
                    if line.hasSuffix("\r") { line.removeLast() }
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(code: nil, description: "not an SMTP reply: '\(line)'") }
                    lines.append(String(line.dropFirst(4)))
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return Reply(code: code, lines: lines) }
                }
                guard let buffer = try await replies.next() else { throw Failure(code: nil, description: "the server closed the connection") }
                pending += buffer.readableBytesView
            }
        }
    }
}
