import Foundation
import NIOCore
import Testing
import VigilConfig
import VigilCore

@testable import VigilProbes

/// Every probe kind against a real peer on 127.0.0.1.
@Suite(.serialized) struct ProbeRunnerTests {
    static func spec(_ name: String, _ kind: ProbeSpec.Kind, _ conditions: [String], timeout: Duration = .seconds(10)) throws -> ProbeSpec {
        ProbeSpec(
            name: name, service: "s", kind: kind, interval: .seconds(10), timeout: timeout,
            conditions: try conditions.map { try ProbeCondition(parsing: $0) }, failureThreshold: 3, successThreshold: 2, location: nil)
    }

    @Test func httpProbesSeeStatusBodyAndTime() async throws {
        let server = try await Peers.http()
        let executor = ProbeExecutor()
        let base = "http://127.0.0.1:\(server.localAddress!.port!)"
        // The time limit is loose: the suite shares two cores with servers other tests
        // start, and what is checked here is the condition, not this machine's speed.
        let ok = try await executor.run(
            Self.spec(
                "ok", .http(HTTPProbe(url: "\(base)/ok")), ["[STATUS] == 200", "[BODY].status == UP", "len([BODY].items) == 3", "[RESPONSE_TIME] < 10000"]))
        #expect(ok.success, "\(ok.results) \(ok.error ?? "")")
        let fail = try await executor.run(Self.spec("fail", .http(HTTPProbe(url: "\(base)/fail")), ["[STATUS] == 200", "[BODY] == pat(*Unavailable*)"]))
        #expect(!fail.success)
        #expect(fail.results.map(\.condition) == ["[STATUS] (500) == 200", "[BODY] (<html>Service Unavailable…(truncated)) == pat(*Unavailable*)"])
        #expect(fail.results.map(\.success) == [false, true])
        let slow = try await executor.run(Self.spec("slow", .http(HTTPProbe(url: "\(base)/slow")), ["[RESPONSE_TIME] < 200"]))
        #expect(!slow.success)
        #expect((slow.observation.responseTime ?? .zero) >= .milliseconds(300))
        // redirects followed, or not, as configured
        let moved = try await executor.run(Self.spec("moved", .http(HTTPProbe(url: "\(base)/moved")), ["[STATUS] == 200"]))
        #expect(moved.success)
        var noFollow = HTTPProbe(url: "\(base)/moved")
        noFollow.followRedirects = false
        let stayed = try await executor.run(Self.spec("stayed", .http(noFollow), ["[STATUS] == 302"]))
        #expect(stayed.success)
        // a timeout always ends the run
        let timedOut = try await executor.run(Self.spec("timeout", .http(HTTPProbe(url: "\(base)/slow")), ["[STATUS] == 200"], timeout: .milliseconds(100)))
        #expect(!timedOut.success && timedOut.error != nil, "the 300 ms answer came after the 100 ms timeout")
        #expect(timedOut.observation.status == nil)
        let refused = try await executor.run(
            Self.spec("refused", .http(HTTPProbe(url: "http://127.0.0.1:\(try await Peers.closedPort())/")), ["[CONNECTED] == true"]))
        #expect(refused.results.map(\.condition) == ["[CONNECTED] (false) == true"])
        // refused is reported at once, not retried until the 10 s timeout (the bound is
        // loose: the suite's other tests share two cores)
        #expect((refused.observation.responseTime ?? .seconds(99)) < .seconds(5))
        try await executor.shutdown()
        try await server.close()
    }

    @Test func tcpProbesConnectOrNot() async throws {
        let server = try await Peers.http()
        let executor = ProbeExecutor()
        let open = try await executor.run(
            Self.spec(
                "open", .tcp(address: "127.0.0.1:\(server.localAddress!.port!)", send: "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n", expect: "UP"),
                ["[CONNECTED] == true", "[BODY] == pat(*200 OK*)", "[IP] == 127.0.0.1"]))
        #expect(open.success, "\(open.results) \(open.error ?? "")")
        let closed = try await executor.run(
            Self.spec("closed", .tcp(address: "127.0.0.1:\(try await Peers.closedPort())", send: nil, expect: nil), ["[CONNECTED] == true"]))
        #expect(!closed.success && closed.error != nil)
        try await executor.shutdown()
        try await server.close()
    }

    /// A certificate that expires in a day fails a 48-hour expiry condition, over TLS and
    /// over HTTPS, and shows how long it has left.
    @Test func tlsProbesReadTheCertificateExpiry() async throws {
        let server = try await Peers.http(tls: try Peers.certificate(commonName: "localhost", days: 1))
        let executor = ProbeExecutor()
        let port = server.localAddress!.port!
        let tls = try await executor.run(
            Self.spec("tls", .tls(address: "127.0.0.1:\(port)", serverName: "localhost"), ["[CERTIFICATE_EXPIRATION] > 48h", "[CERTIFICATE_EXPIRATION] > 20h"]))
        #expect(tls.observation.connected, "\(tls.error ?? "")")
        let left = try #require(tls.observation.certificateExpiration)
        #expect(left > .seconds(23 * 3600) && left <= .seconds(24 * 3600))
        #expect(tls.results.map(\.success) == [false, true])
        // expiry has second resolution: a fresh certificate shows 24h or 23h59m…
        let shown = tls.results[0].condition
        #expect(shown == "[CERTIFICATE_EXPIRATION] (24h) > 48h" || shown.hasPrefix("[CERTIFICATE_EXPIRATION] (23h59m"), "\(shown)")
        // The name and the chain: a self-signed certificate for localhost names localhost,
        // not example.com, and does not verify against the system's roots.
        let named = try await executor.run(
            Self.spec(
                "named", .tls(address: "127.0.0.1:\(port)", serverName: "localhost"),
                ["[CERTIFICATE_HOSTNAME_VALID] == true", "[CERTIFICATE_CHAIN_VALID] == false"]))
        #expect(named.success, "\(named.results) \(named.error ?? "")")
        let misnamed = try await executor.run(
            Self.spec("misnamed", .tls(address: "127.0.0.1:\(port)", serverName: "example.com"), ["[CERTIFICATE_HOSTNAME_VALID] == true"]))
        #expect(misnamed.results.map(\.condition) == ["[CERTIFICATE_HOSTNAME_VALID] (false) == true"], "\(misnamed.error ?? "")")
        var https = HTTPProbe(url: "https://localhost:\(port)/ok")
        https.verifyTLS = false
        let viaHTTPS = try await executor.run(Self.spec("https", .http(https), ["[STATUS] == 200", "[CERTIFICATE_EXPIRATION] < 48h"]))
        #expect(viaHTTPS.success, "\(viaHTTPS.results) \(viaHTTPS.error ?? "")")
        https.verifyTLS = true
        let verified = try await executor.run(Self.spec("verified", .http(https), ["[CONNECTED] == true"]))
        #expect(!verified.success) // self-signed: verification refuses it
        try await executor.shutdown()
        try await server.close()
    }

    /// A server that insists on a client certificate refuses a probe without one and
    /// answers one that presents it (mutual TLS).
    @Test func httpProbesPresentClientCertificates() async throws {
        let client = try Peers.certificateFiles(commonName: "vigil-probe", days: 30)
        defer { try? FileManager.default.removeItem(at: client.directory) }
        let server = try await Peers.http(tls: try Peers.certificate(commonName: "localhost", days: 30, clientCertificate: client.certificate))
        let executor = ProbeExecutor()
        var https = HTTPProbe(url: "https://localhost:\(server.localAddress!.port!)/ok")
        https.verifyTLS = false
        let anonymous = try await executor.run(Self.spec("anonymous", .http(https), ["[STATUS] == 200"]))
        #expect(!anonymous.success && anonymous.error != nil)
        https.clientCertificate = ClientCertificate(certificatePath: client.certificate, keyPath: client.key)
        let identified = try await executor.run(Self.spec("identified", .http(https), ["[STATUS] == 200", "[BODY].status == UP"]))
        #expect(identified.success, "\(identified.results) \(identified.error ?? "")")
        // the client is made once and reused
        let again = try await executor.run(Self.spec("identified", .http(https), ["[STATUS] == 200"]))
        #expect(again.success)
        https.clientCertificate = ClientCertificate(certificatePath: client.directory.appendingPathComponent("gone.pem").path, keyPath: client.key)
        let missing = try await executor.run(Self.spec("missing", .http(https), ["[STATUS] == 200"]))
        #expect(missing.error?.contains("client certificate") == true, "\(missing.error ?? "")")
        try await executor.shutdown()
        try await server.close()
    }

    @Test func dnsProbesReadRcodesAndAnswers() async throws {
        let (address, channels) = try await Peers.dns()
        let executor = ProbeExecutor()
        func run(_ name: String, _ type: DNSProbe.RecordType, _ conditions: [String]) async throws -> ProbeRun {
            try await executor.run(Self.spec(name, .dns(DNSProbe(resolver: address, name: name, type: type)), conditions))
        }
        let found = try await run("shop.test", .a, ["[DNS_RCODE] == NOERROR", "[IP] == 10.1.2.3"])
        #expect(found.success, "\(found.results) \(found.error ?? "")")
        let mx = try await run("shop.test", .mx, ["[BODY] == 10 mail.shop.test."])
        #expect(mx.success, "\(mx.results)")
        let missing = try await run("missing.test", .a, ["[DNS_RCODE] == NOERROR"])
        #expect(missing.results.map(\.condition) == ["[DNS_RCODE] (NXDOMAIN) == NOERROR"])
        let broken = try await run("broken.test", .a, ["[DNS_RCODE] == SERVFAIL"])
        #expect(broken.success)
        // truncated over UDP, asked again over TCP: all 40 answers
        let big = try await run("big.test", .a, ["[DNS_RCODE] == NOERROR", "[IP] == 10.9.0.1"])
        #expect(big.success, "\(big.results) \(big.error ?? "")")
        #expect(big.observation.body.map { String(decoding: $0, as: UTF8.self).split(separator: "\n").count } == 40)
        try await executor.shutdown()
        for channel in channels { try await channel.close() }
    }
}

@Suite struct HostnameMatchTests {
    @Test(arguments: [
        ("example.com", "example.com", true), ("*.example.com", "api.example.com", true), ("*.example.com", "example.com", false),
        ("*.example.com", "a.b.example.com", false), ("api.example.com", "web.example.com", false), ("*.example.com", ".example.com", false),
    ])
    func namesMatchAsRFC6125Says(pattern: String, host: String, matches: Bool) {
        #expect(HostnameMatch.matches(pattern: pattern, host: host) == matches)
    }
}
